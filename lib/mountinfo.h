/* SPDX-License-Identifier: MIT */
/* One line of /proc/self/mountinfo, split in place: the kernel writes it,
 * but mount points come from whoever named the directories. Pure. */
#ifndef NSINIT_MOUNTINFO_H
#define NSINIT_MOUNTINFO_H

struct mountinfo {
	unsigned id, parent;
	char *mountpoint;	/* unescaped */
	char *fstype;
};

int mountinfo_line(char *line, struct mountinfo *m);

#endif
