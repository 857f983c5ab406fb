/* SPDX-License-Identifier: MIT */
/* How a booted machine ends: the values config.h names and the words the
 * kernel command line, the status line and --print-config use for them. */
#ifndef NSINIT_END_H
#define NSINIT_END_H

enum boot_end {
	END_POWEROFF,		/* sync, power off */
	END_REBOOT,		/* sync, reboot */
	END_HALT,		/* sync, halt */
	END_RESTART,		/* start the appliance again, with backoff */
	END_RESCUE,		/* a shell on the console, then power off */
};

const char *end_name(enum boot_end end);	/* "poweroff", ... */
int end_parse(const char *word);	/* an enum boot_end, or -EINVAL */

#endif
