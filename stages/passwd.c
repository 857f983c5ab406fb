/* passwd(5) and group(5) lines, and a line reader with no heap. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "passwd.h"

/* Decimal only: no sign, no space, no hex, and not (unsigned)-1, which
 * the kernel reads as "no change". The bound is checked before the digit
 * is added, so that a 32-bit unsigned long cannot wrap. */
int
parse_id(const char *s, unsigned *id)
{
	unsigned long v = 0, d;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		d = (unsigned long)(*s - '0');
		if (v > (0xfffffffeUL - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*id = (unsigned)v;
	return 0;
}

/* Split line at ':' into exactly n fields. */
static int
split(char *line, char **field, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		field[i] = line;
		line = strchr(line, ':');
		if (i == n - 1)
			return line ? -EINVAL : 0;
		if (!line)
			return -EINVAL;
		*line++ = '\0';
	}
	return 0;
}

int
passwd_line(char *line, struct pwent *pw)
{
	char *f[7];

	if (split(line, f, 7) < 0 || !*f[0] || parse_id(f[2], &pw->uid) < 0 ||
	    parse_id(f[3], &pw->gid) < 0)
		return -EINVAL;
	pw->name = f[0];
	pw->home = f[5];
	return 0;
}

int
group_line(char *line, struct grent *gr)
{
	char *f[4];

	if (split(line, f, 4) < 0 || !*f[0] || parse_id(f[2], &gr->gid) < 0)
		return -EINVAL;
	gr->name = f[0];
	gr->members = f[3];
	return 0;
}

bool
member_of(const char *members, const char *name)
{
	size_t len = strlen(name);
	const char *p = members;

	/* a comma would match across two members */
	if (!len || strchr(name, ','))
		return false;
	while ((p = strstr(p, name))) {
		if ((p == members || p[-1] == ',') &&
		    (p[len] == ',' || p[len] == '\0'))
			return true;
		p += len;
	}
	return false;
}

/* Call fn on each line of fd (newline removed) until it returns non-zero.
 * A line longer than the buffer is skipped whole, never cut in two. */
int
each_line(int fd, char *buf, size_t size, int (*fn)(char *line, void *arg),
	  void *arg)
{
	return each_line_max(fd, buf, size, SIZE_MAX, fn, arg);
}

/* ...and -EFBIG once more than max bytes were read: a file that grows
 * while it is read ends there too. */
int
each_line_max(int fd, char *buf, size_t size, size_t max,
	      int (*fn)(char *line, void *arg), void *arg)
{
	size_t have = 0, total = 0;
	bool skipping = false;
	char *nl, *line;
	ssize_t n;
	int rc;

	for (;;) {
		n = read(fd, buf + have, size - 1 - have);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		total += (size_t)n;
		if (total > max)
			return -EFBIG;
		have += (size_t)n;
		buf[have] = '\0';
		if (n == 0 && have == 0)
			return 0;
		if (n == 0)
			buf[have++] = '\n';	/* last line without newline */
		line = buf;
		while ((nl = memchr(line, '\n', have - (size_t)(line - buf)))) {
			*nl = '\0';
			if (!skipping && memchr(line, '\0', (size_t)(nl - line)) == NULL &&
			    (rc = fn(line, arg)) != 0)
				return rc;
			skipping = false;
			line = nl + 1;
		}
		have -= (size_t)(line - buf);
		memmove(buf, line, have);
		if (have == size - 1) {
			have = 0;	/* too long: drop it up to its newline */
			skipping = true;
		}
		if (n == 0)
			return 0;
	}
}
