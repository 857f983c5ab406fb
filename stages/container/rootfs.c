/* SPDX-License-Identifier: MIT */
/* The new root: a copy of the rootfs's mounts, nodev, private, attached
 * on the rootfs, with no kernel filesystem of the host's left in it;
 * given /proc and /sys; finally made the root of the mount namespace. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>
#include <linux/mount.h>
#include <linux/openat2.h>

#include "fs.h"
#include "mountinfo.h"
#include "container.h"

/* Filesystems that are the host's (or the machine's) kernel and would
 * come in unmasked with a recursive copy of the rootfs, as the machine's
 * procfs did from a hostile disk whose /proc led under the rootfs. */
static const char *const kernel_fs[] = {
	"proc", "sysfs", "devtmpfs", "devpts", "mqueue", "cgroup", "cgroup2",
	"debugfs", "tracefs", "securityfs", "bpf", "configfs", "efivarfs",
	"pstore", "binfmt_misc", "fusectl",
};

static bool
is_kernel_fs(const char *fstype)
{
	size_t i;

	for (i = 0; i < LEN(kernel_fs); i++)
		if (strcmp(fstype, kernel_fs[i]) == 0)
			return true;
	return false;
}

struct kernfs_walk {
	int rootfd;
	bool left;	/* a mount that stays under the copy's root */
	bool said;
};

/* A kernel filesystem detached, reached from the copy's root without a
 * symlink and through the fd's magic link, so that the path names that
 * very mount and not one of the host's with the same name under the
 * copy; the mounts under it go with it. */
static int
detach_kernel(const struct mountinfo *m, const char *rel, void *arg)
{
	struct kernfs_walk *k = arg;
	char link[32];
	int fd, rc = 0;

	if (!is_kernel_fs(m->fstype)) {
		k->left = true;
		return 0;
	}
	fd = rc = openat2_in(k->rootfd, rel, O_PATH,
			     RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS);
	if (fd >= 0) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		rc = umount2(link, MNT_DETACH) < 0 ? -errno : 0;
		close(fd);
	}
	if (rc < 0) {
		k->said = true;
		say("%s: %s of the host inside the rootfs, cannot "
		    "detach it: %s", m->mountpoint, m->fstype, strerror(-rc));
		return rc;
	}
	return FS_PRUNE;
}

/* Every kernel filesystem in the attached copy, detached (in this mount
 * namespace only: it is a slave of the host's); *left: whether other
 * mounts stay under its root. */
static int
detach_kernel_fs(int rootfd, bool *left)
{
	struct kernfs_walk k = { .rootfd = rootfd };
	int rc = fs_each_below(rootfd, detach_kernel, &k);

	if (rc == -E2BIG)
		say("more than %d mounts under the rootfs", FS_SUBTREE_MAX);
	else if (rc < 0 && !k.said)
		say("find the mounts under the rootfs: %s", fs_strerror(rc));
	*left = k.left;
	return rc;
}

/* With a read-only root, the image's own submounts are read-only before
 * any mount of ours joins them; its top mount stays as it was until the
 * pivot, so that mount targets can still be made in it. */
static int
readonly_below(int mfd)
{
	struct statvfs sv;
	int rc;

	if (fstatvfs(mfd, &sv) < 0)
		return -errno;
	rc = fs_setattr(mfd, "", MOUNT_ATTR_RDONLY, 0, true);
	if (rc < 0 || (sv.f_flag & ST_RDONLY))
		return rc;
	return fs_clrattr(mfd, "", MOUNT_ATTR_RDONLY);
}

/* Nothing we mount may propagate back to the host: every mount becomes a
 * slave (MS_SLAVE), which still lets a bind source configured as a slave
 * receive host mounts. A copy of the rootfs's mounts, nodev (devices only
 * in the /dev nsinit makes) and private (MS_PRIVATE) unless host mounts
 * are to propagate in, is attached on the rootfs: pivot_root needs a
 * mount point, and rootfd is that copy's root, even for "/". */
int
stage_rootfs(const struct config *c)
{
	bool below;
	int mfd, rc;

	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) {
		say("make / slave: %s", strerror(errno));
		return -errno;
	}
	rc = fs_bind_at(AT_FDCWD, c->rootfs, MOUNT_ATTR_NODEV,
			c->propagation_slave ? 0 : MS_PRIVATE, AT_FDCWD,
			c->rootfs, &mfd);
	if (rc < 0) {
		say("bind %s: %s", c->rootfs, fs_strerror(rc));
		return rc;
	}
	state.rootfd = mfd;
	rc = detach_kernel_fs(mfd, &below);
	if (rc == 0 && below && c->readonly_root &&
	    (rc = readonly_below(mfd)) < 0)
		say("make the mounts under %s read-only: %s",
		    c->rootfs, fs_strerror(rc));
	return rc;
}

/* In a user namespace the kernel lets some filesystems be mounted only
 * with a namespace of their own kind owned by it (sysfs: the network's,
 * mqueue: the IPC's): without it, the mount is skipped with a line and
 * the setup goes on. Every other mount failure stays fatal. */
bool
fs_userns_skips(const struct config *c, const char *fstype, const char *path,
		int ns)
{
	LOG_AS("mounts");	/* dev's skip too: both under one label */

	if (!ns || !(c->namespaces & CLONE_NEWUSER) || (c->namespaces & ns))
		return false;
	warn("%s on %s: skipped: a user namespace may mount it "
	     "only with its own %s namespace", fstype, path,
	     ns == CLONE_NEWNET ? "network" : "IPC");
	return true;
}

/* /proc, /sys and, for a container with a cgroup of its own and its
 * own cgroup namespace, that cgroup read-only on /sys/fs/cgroup: the
 * appliance sees its limits and usage, and nothing above them. Each on
 * a directory of the image reached without a symlink; procfs and sysfs
 * are then reached through their own fds only (mask.c, harden.c). */
int
stage_mounts(const struct config *c)
{
	unsigned ro = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
		      MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
	int rc;

	rc = fs_mount_dir(state.rootfd, "proc", "/proc", NULL,
			  MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
			  MOUNT_ATTR_NOEXEC, &state.procfd);
	if (rc < 0 || fs_userns_skips(c, "sysfs", "/sys", CLONE_NEWNET))
		return rc;
	rc = fs_mount_dir(state.rootfd, "sysfs", "/sys", NULL, ro,
			  &state.sysfd);
	if (rc == 0 && cgroup_wanted(c) && (c->namespaces & CLONE_NEWCGROUP))
		rc = fs_mount_dir(state.rootfd, "cgroup2",
				  "/sys/fs/cgroup", NULL, ro, NULL);
	return rc;
}

/* After this, "/" is the container's root and the host's is gone. */
int
stage_pivot(const struct config *c)
{
	int rc = fs_pivot(state.rootfd);

	if (rc < 0) {
		say("pivot_root to %s: %s", c->rootfs, strerror(-rc));
		return rc;
	}
	if (c->readonly_root) {
		rc = fs_setattr(AT_FDCWD, "/", MOUNT_ATTR_RDONLY, 0, false);
		if (rc < 0) {
			say("remount / read-only: %s", strerror(-rc));
			return rc;
		}
	}
	return 0;
}
