/* SPDX-License-Identifier: MIT */
/* The container's own setup: the rows of init.c's setup table that no
 * other situation runs (PID 1 of a new PID namespace, or of someone
 * else's: console, rootfs, mounts, dev, binds, etc, pivot, mask,
 * loopback, net). */
#ifndef NSINIT_CONTAINER_H
#define NSINIT_CONTAINER_H

#include "nsinit.h"

stage_fn stage_console;		/* console.c: pty as stdio and controlling tty */
stage_fn stage_rootfs;		/* rootfs.c: the rootfs, a private copy */
stage_fn stage_mounts;		/* rootfs.c: /proc, /sys */
stage_fn stage_pivot;		/* rootfs.c: pivot_root, read-only root */
stage_fn stage_dev;		/* dev.c: /dev tmpfs, nodes, pts, shm, mqueue, console */
stage_fn stage_binds;		/* binds.c: the configured bind mounts */
stage_fn stage_etc;		/* etcnet.c: /etc/hosts, /etc/resolv.conf */
stage_fn stage_mask;		/* mask.c: masked and read-only paths */
stage_fn stage_loopback;	/* loopback.c */
stage_fn stage_net;		/* net.c: the configured interfaces, inside */

/* rootfs.c: whether a mount of fstype needs namespace ns (CLONE_NEW*) of
 * its own in a user namespace, and is skipped, with a line, without it */
bool fs_userns_skips(const struct config *c, const char *fstype,
		     const char *path, int ns);

#endif
