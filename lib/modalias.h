/* SPDX-License-Identifier: MIT */
/* Which modules a device asks for: an image's modules.alias ("alias
 * PATTERN MODULE", PATTERN a glob over the device's modalias, as
 * /sys/devices/.../modalias and a uevent's MODALIAS= say it) and
 * modules.softdep ("softdep MODULE pre: A B post: C", the names to load
 * before MODULE). Pure but for reading the fd the caller opened: the
 * caller loads what it is told. Both files come from the image: every
 * module name is checked to be one. */
#ifndef NSINIT_MODALIAS_H
#define NSINIT_MODALIAS_H

#include <stdbool.h>
#include <stddef.h>

#define MODALIAS_NAME	64	/* a module's name and its NUL; the kernel's
				 * MODULE_NAME_LEN is 56 */
#define MODALIAS_LINE	4096	/* one line; longer ones are skipped whole */

struct modalias {
	char *pattern;
	char *module;
};

bool modalias_match(const char *pattern, const char *s);
bool modalias_name_ok(const char *name);
int modalias_line(char *line, struct modalias *a);
int modalias_scan(int fd, const char *const *s, size_t n,
		  int (*found)(const char *module, void *arg), void *arg);
int modalias_softdep(int fd, const char *name,
		     char (*pre)[MODALIAS_NAME], size_t max);

#endif
