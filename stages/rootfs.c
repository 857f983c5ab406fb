/* The new root: made private, bound on itself, given /proc and /sys, and
 * finally made the root of the mount namespace. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <linux/mount.h>

#include "fs.h"
#include "nsinit.h"

/* Nothing we mount may propagate back to the host: every mount becomes a
 * slave (MS_SLAVE), which still lets a bind source configured as a slave
 * receive host mounts. The rootfs is then bound on itself (pivot_root
 * needs a mount point, and rootfd needs to be the new mount, not the
 * directory underneath it) and made private (MS_PRIVATE) unless host
 * mounts are to propagate in. */
int
stage_rootfs(const struct config *c)
{
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) {
		say("rootfs", "make / slave: %s", strerror(errno));
		return -errno;
	}
	if (mount(c->rootfs, c->rootfs, NULL, MS_BIND | MS_REC, NULL) < 0) {
		say("rootfs", "bind %s: %s", c->rootfs, strerror(errno));
		return -errno;
	}
	if (!c->propagation_slave &&
	    mount(NULL, c->rootfs, NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		say("rootfs", "make %s private: %s", c->rootfs, strerror(errno));
		return -errno;
	}
	state.rootfd = open(c->rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (state.rootfd < 0) {
		say("rootfs", "open %s: %s", c->rootfs, strerror(errno));
		return -errno;
	}
	return 0;
}

static int
mount_in_root(const char *fstype, const char *path, const char *options,
	      unsigned attrs)
{
	int fd = fs_open(state.rootfd, path, FS_MKDIR);
	int rc = fd;

	if (fd >= 0) {
		rc = fs_mount(fstype, options, attrs, fd);
		close(fd);
	}
	if (rc < 0)
		say("mounts", "mount %s on %s: %s", fstype, path, strerror(-rc));
	return rc;
}

/* /proc, /sys and, for a container with a cgroup of its own and its
 * own cgroup namespace, that cgroup read-only on /sys/fs/cgroup: the
 * appliance sees its limits and usage, and nothing above them. */
int
stage_kernfs(const struct config *c)
{
	unsigned ro = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
		      MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
	int rc;

	rc = mount_in_root("proc", "/proc", NULL, MOUNT_ATTR_NOSUID |
			   MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	if (rc < 0 || fs_userns_skips(c, "sysfs", "/sys", CLONE_NEWNET))
		return rc;
	rc = mount_in_root("sysfs", "/sys", NULL, ro);
	if (rc == 0 && cgroup_wanted(c) && (c->namespaces & CLONE_NEWCGROUP))
		rc = mount_in_root("cgroup2", "/sys/fs/cgroup", NULL, ro);
	return rc;
}

/* After this, "/" is the container's root and the host's is gone. */
int
stage_pivot(const struct config *c)
{
	int rc = fs_pivot(state.rootfd);

	if (rc < 0) {
		say("pivot", "pivot_root to %s: %s", c->rootfs, strerror(-rc));
		return rc;
	}
	if (c->readonly_root) {
		rc = fs_setattr(AT_FDCWD, "/", MOUNT_ATTR_RDONLY, false);
		if (rc < 0) {
			say("pivot", "remount / read-only: %s", strerror(-rc));
			return rc;
		}
	}
	return 0;
}
