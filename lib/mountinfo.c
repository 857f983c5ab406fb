/* SPDX-License-Identifier: MIT */
/* "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE
 * SOURCE SUPEROPTIONS", see proc(5). */
#include <errno.h>
#include <string.h>

#include "mountinfo.h"
#include "util.h"

/* The kernel's \ooo escapes (space, tab, newline, backslash), in place. */
static void
unescape(char *s)
{
	char *d = s;

	for (; *s; s++, d++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*d = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
				    (s[3] - '0'));
			s += 3;
		} else {
			*d = *s;
		}
	}
	*d = '\0';
}

/* 0, or -EINVAL for a line that is not of that shape. */
int
mountinfo_line(char *line, struct mountinfo *m)
{
	char *f[6], *save = NULL, *t;
	int i;

	for (i = 0; i < 6; i++)
		if (!(f[i] = strtok_r(i ? NULL : line, " ", &save)))
			return -EINVAL;
	while ((t = strtok_r(NULL, " ", &save)) && strcmp(t, "-") != 0)
		;
	if (!t || !(m->fstype = strtok_r(NULL, " ", &save)) ||
	    parse_id(f[0], &m->id) < 0 || parse_id(f[1], &m->parent) < 0)
		return -EINVAL;
	m->mountpoint = f[4];
	unescape(m->mountpoint);
	return 0;
}
