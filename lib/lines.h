/* SPDX-License-Identifier: MIT */
/* Files read line by line through the caller's buffer: no heap, and input
 * nobody trusts (an image's /etc/passwd, mountinfo, modules.dep). */
#ifndef NSINIT_LINES_H
#define NSINIT_LINES_H

#include <stddef.h>

/* fn on each line of fd (newline removed) until it returns non-zero, which
 * is then returned; a line longer than the buffer is skipped whole, never
 * cut in two, and so is a line with a NUL in it. */
int each_line(int fd, char *buf, size_t size,
	      int (*fn)(char *line, void *arg), void *arg);
/* ...and -EFBIG once more than max bytes were read: a file that grows
 * while it is read ends there too. */
int each_line_max(int fd, char *buf, size_t size, size_t max,
		  int (*fn)(char *line, void *arg), void *arg);

#endif
