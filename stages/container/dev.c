/* SPDX-License-Identifier: MIT */
/* /dev: a small tmpfs with the usual nodes, made or, where mknod is not
 * allowed (user namespace), bound from the host's /dev. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <linux/mount.h>

#include "fs.h"
#include "container.h"

static const struct {
	const char *name;
	unsigned major, minor;
} nodes[] = {
	{ .name = "null",    .major = 1, .minor = 3 },
	{ .name = "zero",    .major = 1, .minor = 5 },
	{ .name = "full",    .major = 1, .minor = 7 },
	{ .name = "random",  .major = 1, .minor = 8 },
	{ .name = "urandom", .major = 1, .minor = 9 },
	{ .name = "tty",     .major = 5, .minor = 0 },
};

static const struct {
	const char *name, *target;
} links[] = {
	{ .name = "fd",     .target = "/proc/self/fd" },
	{ .name = "stdin",  .target = "/proc/self/fd/0" },
	{ .name = "stdout", .target = "/proc/self/fd/1" },
	{ .name = "stderr", .target = "/proc/self/fd/2" },
	{ .name = "core",   .target = "/proc/kcore" },
	{ .name = "ptmx",   .target = "pts/ptmx" },
};

#define PTS_OPTIONS "newinstance,ptmxmode=0666,mode=0620"
#define TTY_GID 5

static const struct {
	const char *fstype, *path, *options;
	unsigned attrs;
	int userns_needs;	/* see fs_userns_skips */
} mounts[] = {
	{ .fstype = "devpts", .path = "/dev/pts",
	  .options = PTS_OPTIONS ",gid=5",
	  .attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC },
	{ .fstype = "tmpfs", .path = "/dev/shm", .options = "mode=1777",
	  .attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC },
	{ .fstype = "mqueue", .path = "/dev/mqueue",
	  .attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC,
	  .userns_needs = CLONE_NEWIPC },
};

/* New ptys belong to the group tty, where there is one: a user namespace
 * that does not map it refuses gid=5 (EINVAL), and its ptys keep the
 * group of the process that opens them. */
static const char *
options(const struct config *c, size_t i)
{
	size_t j;

	if (strcmp(mounts[i].fstype, "devpts") != 0 ||
	    !(c->namespaces & CLONE_NEWUSER))
		return mounts[i].options;
	for (j = 0; j < c->gid_maps; j++)
		if (c->gid_map[j].inside <= TTY_GID &&
		    TTY_GID - c->gid_map[j].inside < c->gid_map[j].count)
			return mounts[i].options;
	return PTS_OPTIONS;
}

/* The host's node, bound onto an empty file: what works without
 * CAP_MKNOD in the initial user namespace. */
static int
bind_host_node(int devfd, const char *name)
{
	char host[32];
	int fd, rc;

	if (mknodat(devfd, name, S_IFREG | 0666, 0) < 0)
		return -errno;
	fd = openat(devfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	snprintf(host, sizeof(host), "/dev/%s", name);
	rc = fs_bind(AT_FDCWD, host, 0, 0, fd);
	close(fd);
	return rc;
}

static int
make_nodes(int devfd)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < LEN(nodes) && rc == 0; i++) {
		if (mknodat(devfd, nodes[i].name, S_IFCHR | 0666,
			    makedev(nodes[i].major, nodes[i].minor)) == 0)
			continue;
		rc = errno == EPERM ? bind_host_node(devfd, nodes[i].name)
				    : -errno;
		if (rc < 0)
			say("make /dev/%s: %s", nodes[i].name,
			    strerror(-rc));
	}
	for (i = 0; i < LEN(links) && rc == 0; i++) {
		if (symlinkat(links[i].target, devfd, links[i].name) < 0) {
			rc = -errno;
			say("link /dev/%s: %s", links[i].name,
			    strerror(errno));
		}
	}
	return rc;
}

/* The launcher's pty. Its fd cannot be bound itself: it was opened in the
 * host's mount namespace, and open_tree clones only mounts of our own
 * (EINVAL). Its name is looked up in our copy of the host's /dev/pts,
 * before the pivot, so nothing in the rootfs can redirect it, and the node
 * found must be the very device of the fd. */
static int
open_console(void)
{
	char link[32], name[64];
	struct stat want, got;
	ssize_t n;
	int fd, err;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", state.console);
	n = readlink(link, name, sizeof(name) - 1);
	if (n < 0)
		return -errno;
	name[n] = '\0';
	fd = open(name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(state.console, &want) < 0 || fstat(fd, &got) < 0)
		err = -errno;
	else if (!S_ISCHR(got.st_mode) || got.st_rdev != want.st_rdev)
		err = -ENXIO;
	else
		return fd;
	close(fd);
	return err;
}

static int
bind_console(int devfd)
{
	int src, fd, rc;

	src = open_console();
	if (src < 0)
		return src;
	if (mknodat(devfd, "console", S_IFREG | 0600, 0) < 0 ||
	    (fd = openat(devfd, "console", O_PATH | O_NOFOLLOW |
			 O_CLOEXEC)) < 0) {
		rc = -errno;
		close(src);
		return rc;
	}
	rc = fs_bind(src, "", 0, 0, fd);
	close(fd);
	close(src);
	return rc;
}

int
stage_dev(const struct config *c)
{
	int devfd, rc;
	size_t i;

	rc = fs_mount_dir(state.rootfd, "tmpfs", "/dev",
			  "mode=0755,size=512k",
			  MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC, NULL);
	if (rc < 0)
		return rc;
	devfd = fs_open_dir(state.rootfd, "/dev");
	if (devfd < 0) {
		say("open /dev: %s", strerror(-devfd));
		return devfd;
	}
	/* O_PATH fds serve mknodat and symlinkat as directories */
	rc = make_nodes(devfd);
	for (i = 0; i < LEN(mounts) && rc == 0; i++)
		if (!fs_userns_skips(c, mounts[i].fstype, mounts[i].path,
				     mounts[i].userns_needs))
			rc = fs_mount_dir(state.rootfd,
					  mounts[i].fstype, mounts[i].path,
					  options(c, i), mounts[i].attrs, NULL);
	if (rc == 0 && state.console >= 0) {
		rc = bind_console(devfd);
		if (rc < 0)
			say("bind the console on /dev/console: %s",
			    strerror(-rc));
	}
	close(devfd);
	return rc;
}
