/* The machine's own init: the kernel's filesystems, the console, the
 * switch from the initramfs to the real root, and the way down. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/io.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <linux/mount.h>
#include <linux/netlink.h>

#include "cmdline.h"
#include "fs.h"
#include "nsinit.h"

#define DEBUG_EXIT_PORT 0xf4	/* QEMU's -device isa-debug-exit,iobase=0xf4 */

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
		say("boot", "mkdir %s: %s", path, strerror(errno));
		return -errno;
	}
	/* EBUSY: the kernel mounted it already (CONFIG_DEVTMPFS_MOUNT) */
	if (mount(fstype, path, fstype, flags, options) < 0 && errno != EBUSY) {
		say("boot", "mount %s on %s: %s", fstype, path, strerror(errno));
		return -errno;
	}
	return 0;
}

/* The kernel starts init with fds 0-2 on /dev/console when the initramfs
 * has that node; without it they are closed until devtmpfs is there. */
static void
console_stdio(void)
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
	console_stdio();
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

/* Microseconds since t0 (CLOCK_MONOTONIC). */
long
since_us(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000;
}

/* Wait until path exists: devtmpfs makes a device's node before the kernel
 * announces the device, so each uevent is a moment to look again. */
int
wait_path(const char *path, unsigned timeout_ms)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	struct pollfd p = { .events = POLLIN };
	struct timespec t0;
	char buf[2048];
	long left;
	int rc = 0;

	p.fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
		      NETLINK_KOBJECT_UEVENT);
	if (p.fd < 0 || bind(p.fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		rc = -errno;	/* no events: look once */
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (access(path, F_OK) < 0) {
		left = (long)timeout_ms - since_us(&t0) / 1000;
		if (rc < 0 || left <= 0) {
			rc = -ETIMEDOUT;
			break;
		}
		if (poll(&p, 1, (int)left) > 0)
			(void)!read(p.fd, buf, sizeof(buf));
	}
	if (p.fd >= 0)
		close(p.fd);
	return access(path, F_OK) == 0 ? 0 : rc;
}

/* Empty the initramfs, which cannot be unmounted: everything on its own
 * device, nothing below a mount point (other devices) or the new root. */
static void
remove_tree(int dfd, dev_t dev)
{
	char buf[4096];
	struct stat st;
	long n, off;
	int fd;

	while ((n = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; ) {
			struct {
				unsigned long long ino, off;
				unsigned short reclen;
				unsigned char type;
				char name[];
			} *d = (void *)(buf + off);

			off += d->reclen;
			if (!strcmp(d->name, ".") || !strcmp(d->name, "..") ||
			    fstatat(dfd, d->name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
			    st.st_dev != dev)
				continue;
			if (S_ISDIR(st.st_mode)) {
				fd = openat(dfd, d->name, O_RDONLY | O_DIRECTORY |
					    O_NOFOLLOW | O_CLOEXEC);
				if (fd < 0)
					continue;
				remove_tree(fd, dev);
				close(fd);
			}
			(void)unlinkat(dfd, d->name,
				       S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0);
		}
	}
}

static const char *const moved[] = { "/dev", "/proc", "/sys", "/run" };

/* The machine's own filesystems, moved onto the disk's directories by fd:
 * each reached without a symlink (made when missing), so that a hostile
 * disk cannot lead the machine's procfs into a container's rootfs. */
static int
move_kernel_fs(const char *dev)
{
	int newroot, fd, rc = 0;
	size_t i;

	newroot = open("/newroot", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (newroot < 0) {
		say("root", "open /newroot: %s", strerror(errno));
		return -errno;
	}
	for (i = 0; i < LEN(moved) && rc == 0; i++) {
		fd = rc = fs_open_dir(newroot, moved[i]);
		if (fd >= 0) {
			rc = syscall(SYS_move_mount, AT_FDCWD, moved[i], fd,
				     "", MOVE_MOUNT_T_EMPTY_PATH) < 0 ? -errno : 0;
			close(fd);
		}
		if (rc < 0)
			say("root", "move %s onto %s%s: %s", moved[i], dev,
			    moved[i], fs_strerror(rc));
	}
	close(newroot);
	return rc;
}

/* The real root: mounted, checked, then made "/" over the emptied
 * initramfs (which pivot_root refuses: it is rootfs), with the kernel's
 * filesystems moved along. */
int
stage_switch_root(const struct config *c)
{
	const struct boot *b = &c->boot;
	char path[64];
	struct stat st;
	int fd, rc;

	if (!b->root)
		return 0;
	rc = wait_path(b->root, b->wait_ms);
	if (rc < 0) {
		say("root", "%s: %s", b->root, rc == -ETIMEDOUT ?
		    "did not appear in time" : strerror(-rc));
		return rc;
	}
	if (mkdir("/newroot", 0755) < 0 && errno != EEXIST) {
		say("root", "mkdir /newroot: %s", strerror(errno));
		return -errno;
	}
	if (mount(b->root, "/newroot", b->root_fstype, 0, NULL) < 0) {
		say("root", "mount %s (%s) on /newroot: %s", b->root,
		    b->root_fstype, strerror(errno));
		return -errno;
	}
	/* the thing to run must be there before the initramfs is gone */
	snprintf(path, sizeof(path), "/newroot%s",
		 b->next_init ? b->next_init : c->argv[0]);
	if (path[8] == '/' && stat(path, &st) < 0) {
		say("root", "%s has no %s: %s", b->root, path + 8,
		    strerror(errno));
		umount("/newroot");
		return -ENOENT;
	}
	rc = move_kernel_fs(b->root);
	if (rc < 0)
		return rc;
	fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0 && fstat(fd, &st) == 0)
		remove_tree(fd, st.st_dev);
	if (fd >= 0)
		close(fd);
	/* the kernel's threads share PID 1's root (CLONE_FS): they, and the
	 * helpers they start (modprobe), stay on the emptied initramfs, out
	 * of the disk's reach; a next init takes the machine whole */
	if (!b->next_init && unshare(CLONE_FS) < 0) {
		say("root", "a root of its own: %s", strerror(errno));
		return -errno;
	}
	if (chdir("/newroot") < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0 ||
	    chroot(".") < 0 || chdir("/") < 0) {
		say("root", "switch to %s: %s", b->root, strerror(errno));
		return -errno;
	}
	console_stdio();
	return 0;
}

/* Before a container: the kernel runs no modprobe for it any more
 * (kernel.modprobe empty), which it would, as root of the machine, from a
 * path a container of "/" may write, for an unknown binary format or
 * socket family. The modules the machine needs are loaded by then. */
int
boot_no_modprobe(void)
{
	int fd = open("/proc/sys/kernel/modprobe", O_WRONLY | O_CLOEXEC);
	int rc = 0;

	if (fd < 0 && errno == ENOENT)
		return 0;	/* a kernel without modules */
	if (fd < 0 || write(fd, "\n", 1) != 1)
		rc = -errno;
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		say("boot", "turn kernel.modprobe off: %s", strerror(-rc));
	return rc;
}

/* The status for QEMU: it exits with (status << 1) | 1. */
static void
debug_exit(int status)
{
	tcdrain(1);	/* or the last lines never leave the serial port */
	if (ioperm(DEBUG_EXIT_PORT, 4, 1) == 0)
		outb((unsigned char)status, DEBUG_EXIT_PORT);
	else
		warn("boot", "isa-debug-exit: %s", strerror(errno));
}

static const char *const end_names[] = {
	[END_POWEROFF] = "poweroff", [END_REBOOT] = "reboot",
	[END_HALT] = "halt", [END_RESTART] = "restart",
	[END_RESCUE] = "rescue",
};

/* Everyone gets SIGTERM, then SIGKILL after the grace period; reaped. */
static void
stop_everything(unsigned grace_ms)
{
	struct timespec t0, left;
	sigset_t chld;
	long ms;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	(void)kill(-1, SIGTERM);
	for (;;) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (errno == ECHILD)
			break;
		ms = (long)grace_ms - since_us(&t0) / 1000;
		if (ms <= 0) {
			(void)kill(-1, SIGKILL);
			while (waitpid(-1, NULL, 0) > 0)
				;
			break;
		}
		left.tv_sec = ms / 1000;
		left.tv_nsec = ms % 1000 * 1000000;
		(void)sigtimedwait(&chld, NULL, &left);
	}
}

/* A shell on the console, for a human to look around; then power off. */
static void
rescue(const struct config *c)
{
	const char *sh = c->boot.rescue_shell ? c->boot.rescue_shell : "/bin/sh";
	sigset_t none;
	pid_t pid;

	say("boot", "starting the rescue shell %s", sh);
	pid = fork();
	if (pid == 0) {
		setsid();
		(void)ioctl(0, TIOCSCTTY, 1);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		execl(sh, sh, (char *)NULL);
		say("boot", "exec %s: %s", sh, strerror(errno));
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* The way down: never returns, never exits (that would panic). */
void
end_machine(const struct config *c, enum boot_end how, int status)
{
	static const int cmd[] = {
		[END_POWEROFF] = RB_POWER_OFF, [END_REBOOT] = RB_AUTOBOOT,
		[END_HALT] = RB_HALT_SYSTEM,
	};

	if (how == END_RESCUE) {
		rescue(c);
		how = END_POWEROFF;
	}
	if (how == END_RESTART)
		how = END_REBOOT;
	stop_everything(c->grace_ms);
	sync();
	(void)mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL);
	info("nsinit-status: appliance=%d end=%s", status, end_names[how]);
	if (c->boot.debug_exit)
		debug_exit(status);
	for (;;) {
		(void)reboot(cmd[how]);
		pause();
	}
}

/* The nsinit.* words of the kernel command line override config.h (see
 * README.md). Read after /proc is mounted; kept for the machine's life,
 * as the overrides point into it. */
int
boot_cmdline(struct config *c)
{
	static char buf[4096];
	static struct cmdline cl;
	char why[160];
	ssize_t n = 0;
	int fd;

	fd = open("/proc/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || (n = read(fd, buf, sizeof(buf) - 1)) < 0) {
		say("cmdline", "read /proc/cmdline: %s", strerror(errno));
		return -errno;
	}
	close(fd);
	buf[n] = '\0';
	if (cmdline_parse(buf, &cl, why, sizeof(why)) < 0) {
		say("cmdline", "%s", why);
		return -EINVAL;
	}
	if (cl.hostname)
		c->hostname = cl.hostname;
	if (cl.ip)
		c->boot.address = cl.ip;
	if (cl.gw)
		c->boot.gateway = cl.gw;
	if (cl.ifname)
		c->boot.iface = cl.ifname;
	if (cl.root)
		c->boot.root = cl.root;
	if (cl.verbose >= 0)
		c->boot.verbose = cl.verbose;
	if (cl.exit >= 0)
		c->boot.on_exit = (enum boot_end)cl.exit;
	if (cl.rescue >= 0)
		c->boot.rescue = cl.rescue;
	if (cl.argc > 0)
		c->argv = (const char *const *)cl.argv;
	return 0;
}
