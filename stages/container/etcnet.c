/* SPDX-License-Identifier: MIT */
/* /etc/hosts and /etc/resolv.conf from the configuration. Each is written
 * to a small tmpfs of our own that is never attached anywhere, and that
 * file alone is bound read-only over the image's: a read-only image works
 * and is never written to. Runs before pivot, the targets resolved inside
 * state.rootfd like every other mount target. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/mount.h>

#include "fs.h"
#include "container.h"

#define ETC_ATTRS (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | \
		   MOUNT_ATTR_NOEXEC)

/* A detached tmpfs, big enough for what check.c lets through: its mount
 * fd, or -errno. */
static int
detached_tmpfs(void)
{
	int fsfd, mfd = -EINVAL;

	fsfd = (int)syscall(SYS_fsopen, "tmpfs", FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return -errno;
	if (syscall(SYS_fsconfig, fsfd, FSCONFIG_SET_STRING, "size", "256k",
		    0) < 0 ||
	    syscall(SYS_fsconfig, fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		mfd = -errno;
	else if ((mfd = (int)syscall(SYS_fsmount, fsfd, FSMOUNT_CLOEXEC, 0)) < 0)
		mfd = -errno;
	close(fsfd);
	return mfd;
}

static int
write_file(int dir, const char *name, const char *text)
{
	int fd, rc;

	fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	rc = write_all(fd, text, strlen(text));
	close(fd);
	return rc;
}

/* text into tmp/name, bound over target. A target missing from the image
 * is created (an empty file), which a read-only image refuses. */
static int
cover(int tmp, const char *name, const char *text, const char *target)
{
	int fd, rc;

	rc = write_file(tmp, name, text);
	if (rc < 0) {
		say("write %s: %s", target, strerror(-rc));
		return rc;
	}
	fd = rc = fs_open(state.rootfd, target, FS_MKFILE);
	if (fd >= 0) {
		rc = fs_bind(tmp, name, ETC_ATTRS, 0, fd);
		close(fd);
	}
	if (rc < 0)
		say("bind over %s: %s%s", target, strerror(-rc),
		    rc == -EROFS ? " (create it in the read-only image)" : "");
	return rc;
}

int
stage_etc(const struct config *c)
{
	int tmp, rc = 0;

	if (!c->hosts && !c->resolv_conf)
		return 0;
	tmp = detached_tmpfs();
	if (tmp < 0) {
		say("a tmpfs for /etc/hosts and /etc/resolv.conf: %s",
		    strerror(-tmp));
		return tmp;
	}
	if (c->hosts)
		rc = cover(tmp, "hosts", c->hosts, "/etc/hosts");
	if (rc == 0 && c->resolv_conf)
		rc = cover(tmp, "resolv.conf", c->resolv_conf,
			   "/etc/resolv.conf");
	close(tmp);
	return rc;
}
