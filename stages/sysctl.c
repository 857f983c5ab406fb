/* sysctls inside the container, written through its own /proc: after
 * pivot "/proc" is the procfs the mounts stage made, which fstatfs makes
 * sure of (the image's empty /proc would take the writes silently). The
 * net.* files belong to the network namespace of whoever opens them:
 * ours. check.c only lets through keys that a namespace of the container
 * isolates, so that nothing here changes the host. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/magic.h>
#include <linux/openat2.h>

#include "nsinit.h"

/* "net.ipv4.conf.eth0/1.forwarding" is net/ipv4/conf/eth0.1/forwarding,
 * as sysctl(8) reads it: dots and slashes swap. */
static int
key_path(const char *key, char *path, size_t size)
{
	size_t i, n = strlen(key);

	if (n >= size)
		return -ENAMETOOLONG;
	for (i = 0; i <= n; i++)
		path[i] = key[i] == '.' ? '/' : key[i] == '/' ? '.' : key[i];
	return 0;
}

/* Beneath /proc/sys, no symlink, no other filesystem. */
static int
open_in(int dir, const char *path)
{
	struct open_how how = {
		.flags = O_WRONLY | O_CLOEXEC,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS |
			   RESOLVE_NO_XDEV,
	};
	int fd = (int)syscall(SYS_openat2, dir, path, &how, sizeof(how));

	return fd < 0 ? -errno : fd;
}

static int
set_one(int dir, const struct sysctl *s)
{
	char path[256];
	size_t len = strlen(s->value);
	ssize_t n;
	int fd, rc;

	rc = fd = key_path(s->key, path, sizeof(path));
	if (rc == 0)
		rc = fd = open_in(dir, path);
	if (fd >= 0) {
		n = write(fd, s->value, len);
		rc = n < 0 ? -errno : (size_t)n == len ? 0 : -EIO;
		close(fd);
	}
	if (rc < 0)
		say("sysctl", "%s = %s: %s", s->key, s->value, strerror(-rc));
	return rc;
}

int
stage_sysctl(const struct config *c)
{
	struct statfs sf;
	size_t i;
	int dir, rc = 0;

	if (!c->nsysctls)
		return 0;
	dir = open("/proc/sys", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0) {
		say("sysctl", "/proc/sys: %s", strerror(errno));
		return -errno;
	}
	if (fstatfs(dir, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC) {
		say("sysctl", "/proc/sys: not the container's procfs");
		close(dir);
		return -ENODEV;
	}
	for (i = 0; rc == 0 && i < c->nsysctls; i++)
		rc = set_one(dir, &c->sysctls[i]);
	close(dir);
	return rc;
}
