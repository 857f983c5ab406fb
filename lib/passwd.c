/* SPDX-License-Identifier: MIT */
/* passwd(5) and group(5) lines. */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "passwd.h"
#include "util.h"

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
