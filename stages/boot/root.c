/* SPDX-License-Identifier: MIT */
/* The switch from the initramfs to the real root, and what a container
 * on that root must not inherit from the machine. */
#include <errno.h>
#include <limits.h>
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
#include "boot.h"

/* Empty the initramfs, which cannot be unmounted: everything on its own
 * device, nothing below a mount point (other devices) or the new root. */
static void remove_tree(int dfd, dev_t dev);

static void
remove_entry(int dfd, const char *name, unsigned char type, void *arg)
{
	dev_t dev = *(dev_t *)arg;
	struct stat st;
	int fd;

	if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || st.st_dev != dev)
		return;
	if (S_ISDIR(st.st_mode)) {
		fd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
			    O_CLOEXEC);
		if (fd < 0)
			return;
		remove_tree(fd, dev);
		close(fd);
	}
	(void)unlinkat(dfd, name, S_ISDIR(st.st_mode) ? AT_REMOVEDIR : 0);
}

static void
remove_tree(int dfd, dev_t dev)
{
	each_entry(dfd, remove_entry, &dev);
}

#define LOWER "/run/nsinit/lower"
#define UPPER "/run/nsinit/upper"

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

/* A directory, made when missing; one that is there must be a directory
 * itself, not a symlink (the overlay's upper device is not ours). */
static int
make_dir(const char *path)
{
	struct stat st;

	if (mkdir(path, 0755) < 0 && errno != EEXIST) {
		say("mkdir %s: %s", path, strerror(errno));
		return -errno;
	}
	if (lstat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		say("%s: not a directory (a symlink?), refused", path);
		return -ENOTDIR;
	}
	return 0;
}

static int
mount_at(const char *src, const char *what, const char *path,
	 const char *fstype, unsigned long flags, const char *options)
{
	int rc = make_dir(path);

	if (rc < 0)
		return rc;
	/* a disk's (or a share's) device nodes are not the machine's: its
	 * /dev is devtmpfs, moved in; a node on the disk would hand the
	 * appliance the machine's other disks */
	if (mount(src, path, fstype, flags | MS_NODEV, options) < 0) {
		say("mount %s (%s) on %s: %s", what, fstype, path,
		    strerror(errno));
		return -errno;
	}
	return 0;
}

/* The upper of the overlay: a tmpfs, or a device of its own. */
static int
mount_upper(const struct boot *b)
{
	char dev[80], type[16];
	int rc;

	if (strcmp(b->overlay, "tmpfs") == 0)
		return mount_at("tmpfs", "tmpfs", UPPER, "tmpfs", 0,
				"mode=0755");
	rc = boot_find_dev(b->overlay, b->wait_ms, false, dev, sizeof(dev),
			   type, sizeof(type));
	if (rc < 0)
		return rc;
	if (!type[0]) {
		say("%s: no filesystem nsinit knows for the overlay's upper",
		    b->overlay);
		return -EINVAL;
	}
	return mount_at(dev, b->overlay, UPPER, type, 0, NULL);
}

/* The root on /newroot: the device itself, or, with .overlay, the device
 * read-only as the lower of an overlay. Lower and upper are mounted under
 * /run/nsinit, which moves onto the new root with /run: the appliance
 * sees them there, and nothing of them stays behind on the initramfs. */
static int
mount_root(const struct boot *b, const char *dev, const char *fstype,
	   const char *options)
{
	int rc;

	if (!b->overlay)
		return mount_at(dev, b->root, "/newroot", fstype, 0, options);
	if (!strncmp(fstype, "ext", 3))
		options = "noload";	/* a dirty journal is not replayed */
	if ((rc = make_dir("/run/nsinit")) < 0 ||
	    (rc = mount_at(dev, b->root, LOWER, fstype, MS_RDONLY,
			   options)) < 0 ||
	    (rc = mount_upper(b)) < 0 || (rc = make_dir(UPPER "/upper")) < 0 ||
	    (rc = make_dir(UPPER "/work")) < 0)
		return rc;
	return mount_at("overlay", "overlay", "/newroot", "overlay", 0,
			"lowerdir=" LOWER ",upperdir=" UPPER "/upper,"
			"workdir=" UPPER "/work");
}

/* The real root: mounted, checked, then made "/" over the emptied
 * initramfs (which pivot_root refuses: it is rootfs), with the kernel's
 * filesystems moved along. */
int
stage_root(const struct config *c)
{
	const struct boot *b = &c->boot;
	char path[PATH_MAX], dev[80], type[16], opts[80];
	const char *fstype, *options = NULL;
	struct stat st;
	int fd, rc;

	if (!b->root)
		return 0;
	if (!strncmp(b->root, "9p:", 3)) {	/* a share: its tag */
		snprintf(dev, sizeof(dev), "%s", b->root + 3);
		fstype = "9p";
		options = boot_9p(c, NULL, opts, sizeof(opts));
	} else {
		rc = boot_find_dev(b->root, b->wait_ms, false, dev,
				   sizeof(dev), type, sizeof(type));
		if (rc < 0)
			return rc;
		fstype = boot_fstype(b->root, b->root_fstype, type,
				     ".boot.root_fstype");
		if (!fstype)
			return -EINVAL;
		/* no device announces a filesystem: ask by its alias */
		snprintf(path, sizeof(path), "fs-%s", fstype);
		modules_for(c, path);
	}
	if (b->overlay)
		modules_for(c, "fs-overlay");
	rc = mount_root(b, dev, fstype, options);
	if (rc < 0)
		return rc;
	/* the thing to run must be there before the initramfs is gone */
	if ((size_t)snprintf(path, sizeof(path), "/newroot%s",
			     b->next_init ? b->next_init : c->argv[0]) >=
	    sizeof(path)) {
		say("%s: too long a path", b->next_init ? b->next_init :
		    c->argv[0]);
		return -ENAMETOOLONG;
	}
	if (path[8] == '/' && stat(path, &st) < 0) {
		say("%s has no %s: %s", b->root, path + 8,
		    strerror(errno));
		umount("/newroot");
		return -ENOENT;
	}
	/* from the initramfs while it is there: no module from the disk */
	fstab_modules(c);
	modules_seal();
	rc = move_kernel_fs(b->root);
	if (rc < 0)
		return rc;
	/* the disk's files are not the machine's: a rescue shell is the
	 * initramfs's, held from here on, never the disk's */
	boot_seal(c);
	state.switched = true;
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

	/* a kernel without modules has neither; one that has /proc/modules
	 * but no kernel.modprobe has its /proc/sys covered by something */
	if (fd < 0 && errno == ENOENT && access("/proc/modules", F_OK) < 0)
		return 0;
	if (fd < 0 || write(fd, "\n", 1) != 1)
		rc = -errno;
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		say("turn kernel.modprobe off: %s", strerror(-rc));
	return rc;
}
