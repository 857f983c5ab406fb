/* SPDX-License-Identifier: MIT */
/* Kernel modules from an image's modules.dep and modules.builtin. Pure but
 * for reading the fd the caller opened; the caller loads what it is told.
 *
 * A modules.dep line is a module's path, ':', and the paths of all the
 * modules it needs, directly or not, in an order that loads from last to
 * first; paths are relative to /lib/modules/$(uname -r) (or absolute) and end
 * in .ko, .ko.xz, .ko.zst or .ko.gz. */
#ifndef NSINIT_MODDEP_H
#define NSINIT_MODDEP_H

#include <stdbool.h>
#include <stddef.h>

#define MODDEP_PATH	256	/* one module's path; Debian's longest is ~100 */
#define MODDEP_LINE	4096	/* one line; Debian's longest is ~1 KiB, longer
				 * lines are skipped whole (each_line) */

struct moddep {
	char *module;	/* the module's path */
	char *deps;	/* its dependencies' paths, blank-separated; maybe "" */
};

int moddep_line(char *line, struct moddep *d);
char *moddep_next(char **deps);
bool moddep_match(const char *path, const char *name);
int moddep_resolve(int fd, const char *name, char (*paths)[MODDEP_PATH],
		   size_t max);
int moddep_builtin(int fd, const char *name);

#endif
