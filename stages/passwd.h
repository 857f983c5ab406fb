/* Parsers for the container's /etc/passwd and /etc/group. Pure: no I/O but
 * each_line, which reads through a caller's buffer. Fields are split in
 * place. Input comes from the container image: trust none of it. */
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

int parse_id(const char *s, unsigned *id);
int passwd_line(char *line, struct pwent *pw);
int group_line(char *line, struct grent *gr);
bool member_of(const char *members, const char *name);
int each_line(int fd, char *buf, size_t size,
	      int (*fn)(char *line, void *arg), void *arg);
int each_line_max(int fd, char *buf, size_t size, size_t max,
		  int (*fn)(char *line, void *arg), void *arg);

#endif
