/* The switch from the initramfs to the real root, and what a container
 * on that root must not inherit from the machine. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/mount.h>

#include "fs.h"
#include "nsinit.h"

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
		say("open /newroot: %s", strerror(errno));
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
			say("move %s onto %s%s: %s", moved[i], dev,
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
	char path[64], dev[80], type[16];
	const char *fstype;
	struct stat st;
	int fd, rc;

	if (!b->root)
		return 0;
	rc = boot_find_dev(b->root, b->wait_ms, dev, sizeof(dev), type,
			   sizeof(type));
	if (rc < 0)
		return rc;
	/* the configured type, or what the device's bytes say it is */
	fstype = b->root_fstype ? b->root_fstype : type;
	if (!*fstype) {
		say("%s: no filesystem nsinit knows (ext2/3/4, vfat, "
		    "squashfs): name it in .boot.root_fstype", b->root);
		return -EINVAL;
	}
	/* no device announces a filesystem: ask for it by its alias */
	snprintf(path, sizeof(path), "fs-%s", fstype);
	modules_for(c, path);
	if (mkdir("/newroot", 0755) < 0 && errno != EEXIST) {
		say("mkdir /newroot: %s", strerror(errno));
		return -errno;
	}
	if (mount(dev, "/newroot", fstype, 0, NULL) < 0) {
		say("mount %s (%s) on /newroot: %s", b->root, fstype,
		    strerror(errno));
		return -errno;
	}
	/* the thing to run must be there before the initramfs is gone */
	snprintf(path, sizeof(path), "/newroot%s",
		 b->next_init ? b->next_init : c->argv[0]);
	if (path[8] == '/' && stat(path, &st) < 0) {
		say("%s has no %s: %s", b->root, path + 8,
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
		say("a root of its own: %s", strerror(errno));
		return -errno;
	}
	if (chdir("/newroot") < 0 || mount(".", "/", NULL, MS_MOVE, NULL) < 0 ||
	    chroot(".") < 0 || chdir("/") < 0) {
		say("switch to %s: %s", b->root, strerror(errno));
		return -errno;
	}
	boot_console();
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
		say("turn kernel.modprobe off: %s", strerror(-rc));
	return rc;
}
