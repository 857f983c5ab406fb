/* SPDX-License-Identifier: MIT */
/* Parsers for the container's /etc/passwd and /etc/group lines (read with
 * lines.h). Pure; fields are split in place. Input comes from the
 * container image: trust none of it. */
#ifndef NSINIT_PASSWD_H
#define NSINIT_PASSWD_H

#include <stdbool.h>
#include <stddef.h>

struct pwent {
	const char *name, *home;
	unsigned uid, gid;
};

struct grent {
	const char *name, *members;
	unsigned gid;
};

int passwd_line(char *line, struct pwent *pw);
int group_line(char *line, struct grent *gr);
bool member_of(const char *members, const char *name);

#endif
