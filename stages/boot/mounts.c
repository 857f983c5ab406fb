/* SPDX-License-Identifier: MIT */
/* The machine's own filesystems, mounted first by the kernel's init: the
 * console and /dev/kmsg live on devtmpfs, the command line on /proc. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/netlink.h>

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
stage_boot_mounts(const struct config *c)
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

/* One uevent: a device the kernel added gets its modules (coldplug done
 * late). Only the kernel's own messages count (sender port 0): another
 * process could name any modalias. */
static void
uevent(int fd)
{
	char buf[2048], *p, *end, *alias = NULL;
	struct sockaddr_nl from;
	socklen_t len = sizeof(from);
	bool add = false;
	ssize_t n;

	n = recvfrom(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT,
		     (struct sockaddr *)&from, &len);
	if (n <= 0 || from.nl_pid != 0)
		return;
	buf[n] = '\0';
	for (p = buf, end = buf + n; p < end; p += strlen(p) + 1) {
		if (strcmp(p, "ACTION=add") == 0)
			add = true;
		else if (strncmp(p, "MODALIAS=", 9) == 0)
			alias = p + 9;
	}
	if (add && alias && *alias)
		modules_uevent(alias);
}

/* Wait until look(arg) finds what it looks for (> 0) or fails (< 0):
 * each uevent is a moment to look again. -ETIMEDOUT after timeout_ms. */
int
wait_for(int (*look)(void *arg), void *arg, unsigned timeout_ms)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	struct pollfd p = { .events = POLLIN };
	struct timespec end;
	int left, rc, events = 0;

	/* listening before the first look: no event falls in between */
	p.fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
		      NETLINK_KOBJECT_UEVENT);
	if (p.fd < 0 || bind(p.fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		events = -errno;	/* no events: look once */
	deadline_in(&end, timeout_ms);
	while ((rc = look(arg)) == 0) {
		left = ms_left(&end);
		if (events < 0 || left <= 0) {
			rc = -ETIMEDOUT;
			break;
		}
		/* a long wait is progress: the watchdog is fed through it */
		watchdog_feed();
		if (poll(&p, 1, watchdog_slice(left)) > 0)
			uevent(p.fd);
	}
	if (p.fd >= 0)
		close(p.fd);
	return rc < 0 ? rc : 0;
}

static int
exists(void *path)
{
	return access(path, F_OK) == 0;
}

/* devtmpfs makes a device's node before the kernel announces the device:
 * after each uevent the node is there or not yet. */
int
wait_path(const char *path, unsigned timeout_ms)
{
	return wait_for(exists, (void *)path, timeout_ms);
}
