/* SPDX-License-Identifier: MIT */
/* Masked and read-only paths of /proc and /sys: what the kernel tells
 * or lets change there is the host's, not the container's. A masked file
 * gets /dev/null bound on it, a masked directory an empty read-only
 * tmpfs; a read-only path is bound on itself read-only. Every path is
 * resolved beneath the procfs or sysfs mount nsinit made, through its fd,
 * with no symlink and no other mount on the way: never by a path from the
 * root, which the image could have led elsewhere. A path this kernel does
 * not have is skipped (with a line when the configuration named it); any
 * other failure is fatal. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/mount.h>
#include <linux/openat2.h>

#include "fs.h"
#include "container.h"

#define ATTRS (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | \
	       MOUNT_ATTR_NOEXEC)

/* CVE-2025-31133: what is bound over a masked file must be the null
 * device itself, not what a symlink or a bind at /dev/null leads to. */
static int
is_dev_null(int fd)
{
	struct stat st;

	if (fstat(fd, &st) < 0)
		return -errno;
	return S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3);
}

/* /dev/null of the new root, without following any symlink. */
static int
open_null(void)
{
	int fd = openat2_in(state.rootfd, "/dev/null", O_PATH,
			    RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS);
	int rc;

	if (fd < 0)
		return fd == -ELOOP ? -ENXIO : fd;	/* a symlink */
	rc = is_dev_null(fd);
	if (rc > 0)
		return fd;
	close(fd);
	return rc < 0 ? rc : -ENXIO;
}

/* "/proc/kcore" is "kcore" beneath the procfs mount: its fd, or -1 when
 * there is none (sysfs in a user namespace without its own network). */
static int
base_of(const char *path, const char **rest)
{
	if (strncmp(path, "/proc/", 6) == 0) {
		*rest = path + 6;
		return state.procfd;
	}
	*rest = path + 5;	/* "/sys/": harden_check allows no other */
	return state.sysfd;
}

/* An O_PATH fd for path, 0 when there is nothing to do there. */
static int
open_kernel_path(const struct config *c, const char *path)
{
	const char *rest;
	int base = base_of(path, &rest), fd;

	if (base < 0)
		return 0;
	fd = openat2_in(base, rest, O_PATH, RESOLVE_KERNFS);
	if (fd != -ENOENT)
		return fd;
	if (c->masked_paths || c->readonly_paths)
		warn("%s: not in this kernel, skipped", path);
	return 0;
}

/* The first masked directory gets an empty read-only tmpfs, bound on
 * each one after it (*empty keeps its mount): one superblock for all,
 * where one each would cost the kernel a filesystem to make and tear
 * down per directory, for the same nothing. */
static int
mask_one(const struct config *c, int null, int *empty, const char *path)
{
	int fd = open_kernel_path(c, path);
	struct stat st;
	int rc;

	if (fd <= 0)
		return fd;
	if (fstat(fd, &st) < 0)
		rc = -errno;
	else if (S_ISDIR(st.st_mode) && *empty >= 0)
		rc = fs_bind(*empty, "", ATTRS, 0, fd);
	else if (S_ISDIR(st.st_mode))
		rc = fs_mount("tmpfs", "mode=0555,nr_inodes=1", ATTRS, fd,
			      empty);
	else	/* not nodev: reading it gives end of file, as /dev/null */
		rc = fs_bind(null, "", ATTRS & ~MOUNT_ATTR_NODEV, 0, fd);
	close(fd);
	return rc;
}

static int
readonly_one(const struct config *c, const char *path)
{
	int fd = open_kernel_path(c, path);
	int rc;

	if (fd <= 0)
		return fd;
	rc = fs_bind(fd, "", ATTRS, 0, fd);
	close(fd);
	return rc;
}

/* After sysctl, whose writes /proc/sys would refuse once read-only; the
 * masks first, so that a read-only bind above one carries it along. */
int
stage_mask(const struct config *c)
{
	const char *const *p = masked_paths(c);
	int null = -1, empty = -1, rc = 0;

	if (*p && (null = open_null()) < 0) {
		say("/dev/null: %s", null == -ENXIO ?
		    "not the null device (1:3), not bound over anything" :
		    strerror(-null));
		return null;
	}
	for (; *p && rc == 0; p++)
		if ((rc = mask_one(c, null, &empty, *p)) < 0)
			say("mask %s: %s", *p, fs_strerror(rc));
	for (p = readonly_paths(c); *p && rc == 0; p++)
		if ((rc = readonly_one(c, *p)) < 0)
			say("read-only %s: %s", *p, fs_strerror(rc));
	if (null >= 0)
		close(null);
	if (empty >= 0)
		close(empty);
	return rc;
}
