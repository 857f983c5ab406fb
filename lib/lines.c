/* SPDX-License-Identifier: MIT */
/* lines.h: a line reader with no heap. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"

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
