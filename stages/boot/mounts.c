/* SPDX-License-Identifier: MIT */
/* The machine's own filesystems, mounted first by the kernel's init: the
 * console and /dev/kmsg live on devtmpfs, the command line on /proc. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot.h"

static const struct {
	const char *fstype, *path, *options;
	unsigned long flags;
} kernel_fs[] = {
	{ "proc",   "/proc",    NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "sysfs",  "/sys",     NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC },
	{ "devpts", "/dev/pts", "gid=5,mode=0620,ptmxmode=0666",
	  MS_NOSUID | MS_NOEXEC },
	{ "tmpfs",  "/dev/shm", "mode=1777", MS_NOSUID | MS_NODEV },
	{ "tmpfs",  "/run",     "mode=0755", MS_NOSUID | MS_NODEV },
};

static int
mount_at(const char *fstype, const char *path, const char *options,
	 unsigned long flags)
{
	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		say("mkdir %s: %s", path, strerror(errno));
		return -errno;
	}
	/* EBUSY: the kernel mounted it already (CONFIG_DEVTMPFS_MOUNT) */
	if (mount(fstype, path, fstype, flags, options) < 0 && errno != EBUSY) {
		say("mount %s on %s: %s", fstype, path, strerror(errno));
		return -errno;
	}
	return 0;
}

/* The kernel starts init with fds 0-2 on /dev/console when the initramfs
 * has that node; without it they are closed until devtmpfs is there. */
void
boot_console(void)
{
	int fd, i;

	if (fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR | O_NOCTTY);
	for (i = 0; fd >= 0 && i < 3; i++)
		if (fd != i)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

/* devtmpfs first: the console and /dev/kmsg live there. */
int
stage_boot(const struct config *c)
{
	size_t i;
	int rc;

	rc = mount_at("devtmpfs", "/dev", "mode=0755", MS_NOSUID);
	if (rc < 0)
		return rc;
	boot_console();
	for (i = 0; i < LEN(kernel_fs); i++) {
		rc = mount_at(kernel_fs[i].fstype, kernel_fs[i].path,
			      kernel_fs[i].options, kernel_fs[i].flags);
		if (rc < 0)
			return rc;
	}
	/* after /proc: log_kmsg reads the console's log level there */
	log_kmsg(open("/dev/kmsg", O_WRONLY | O_CLOEXEC | O_NOCTTY));
	if (c->boot.cgroup2)
		return mount_at("cgroup2", "/sys/fs/cgroup", NULL,
				MS_NOSUID | MS_NODEV | MS_NOEXEC);
	return 0;
}
