/* The new mount API (fsopen, fsmount, open_tree, move_mount, mount_setattr)
 * and openat2 with RESOLVE_IN_ROOT: every target is an fd resolved inside
 * the new root, never a host path with the rootfs glued in front. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/mount.h>
#include <linux/openat2.h>

#include "fs.h"
#include "log.h"
#include "util.h"

#define RESOLVE_INSIDE (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)
/* a kernel filesystem's target: no symlink at all, not even one that
 * stays inside (CVE-2019-16884: /proc -> /dev/pts/p, later covered) */
#define RESOLVE_STRICT (RESOLVE_IN_ROOT | RESOLVE_NO_SYMLINKS)

/* Create the last component of path in its parent, the parent resolved
 * inside the root (mkdirat with an absolute path would ignore rootfd). */
static int
make_last(int rootfd, char *path, enum fs_create create,
	  unsigned long long resolve)
{
	char *name = strrchr(path, '/');
	int parent, rc;

	*name = '\0';
	parent = openat2_in(rootfd, *path ? path : "/", O_PATH | O_DIRECTORY,
			    resolve);
	*name++ = '/';
	if (parent < 0)
		return parent;
	if (create == FS_MKDIR)
		rc = mkdirat(parent, name, 0755);
	else
		rc = mknodat(parent, name, S_IFREG | 0644, 0);
	rc = rc < 0 && errno != EEXIST ? -errno : 0;
	close(parent);
	return rc;
}

/* Create the missing components of an absolute path below rootfd, one at
 * a time, each parent resolved inside the root again. */
static int
create_path(int rootfd, const char *path, enum fs_create create,
	    unsigned long long resolve)
{
	char buf[PATH_MAX], *slash;
	int rc;

	if (path[0] != '/')
		return -EINVAL;
	if (strlen(path) >= sizeof(buf))
		return -ENAMETOOLONG;
	strcpy(buf, path);
	for (slash = buf; (slash = strchr(slash + 1, '/')); ) {
		*slash = '\0';
		rc = make_last(rootfd, buf, FS_MKDIR, resolve);
		*slash = '/';
		if (rc < 0)
			return rc;
	}
	return make_last(rootfd, buf, create, resolve);
}

static int
open_or_create(int rootfd, const char *path, enum fs_create create,
	       unsigned long long resolve)
{
	int fd = openat2_in(rootfd, path, O_PATH, resolve);
	int rc;

	if (fd != -ENOENT || create == FS_EXISTING)
		return fd;
	rc = create_path(rootfd, path, create, resolve);
	return rc < 0 ? rc : openat2_in(rootfd, path, O_PATH, resolve);
}

/* An O_PATH fd for path inside rootfd, optionally created. */
int
fs_open(int rootfd, const char *path, enum fs_create create)
{
	return open_or_create(rootfd, path, create, RESOLVE_INSIDE);
}

/* An O_PATH fd for the directory path inside rootfd, made when missing,
 * reached without any symlink: -ELOOP for a symlink on the way, -ENOTDIR
 * for something else than a directory. */
int
fs_open_dir(int rootfd, const char *path)
{
	int fd = open_or_create(rootfd, path, FS_MKDIR, RESOLVE_STRICT);
	struct stat st;

	if (fd < 0)
		return fd;
	if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
		close(fd);
		return -ENOTDIR;
	}
	return fd;
}

/* What a refused target was, for the line that reports it. */
const char *
fs_strerror(int err)
{
	switch (err) {
	case -ELOOP:
		return "a symlink on the way, refused";
	case -ENOTDIR:
		return "not a directory, refused";
	case -EXDEV:
		return "crosses into another mount, refused";
	default:
		return strerror(-err);
	}
}

/* "key=value,flag,..." as fsconfig calls; or one key and its value. */
static int
configure(int fsfd, const char *options, const char *value)
{
	char buf[256], *opt, *save = NULL, *eq;
	int rc;

	if (value) {
		rc = (int)syscall(SYS_fsconfig, fsfd, FSCONFIG_SET_STRING,
				  options, value, 0);
		return rc < 0 ? -errno : 0;
	}
	if (!options)
		return 0;
	if (strlen(options) >= sizeof(buf))
		return -E2BIG;
	strcpy(buf, options);
	for (opt = strtok_r(buf, ",", &save); opt;
	     opt = strtok_r(NULL, ",", &save)) {
		eq = strchr(opt, '=');
		if (eq)
			*eq++ = '\0';
		rc = (int)syscall(SYS_fsconfig, fsfd,
				  eq ? FSCONFIG_SET_STRING : FSCONFIG_SET_FLAG,
				  opt, eq, 0);
		if (rc < 0)
			return -errno;
	}
	return 0;
}

/* A new filesystem of fstype, with "key=value,flag" options and
 * MOUNT_ATTR_* attributes, on top of targetfd. With mntfd, the fd of the
 * new mount's root is kept there: what lies under it can then be reached
 * whatever is later done to the path it was mounted on. */
int
fs_mount(const char *fstype, const char *options, unsigned attrs, int targetfd,
	 int *mntfd)
{
	/* the source names the filesystem in /proc/mounts, as mount(8) does */
	return fs_mount_from(fstype, fstype, options, attrs, targetfd, mntfd);
}

int
fs_mount_from(const char *fstype, const char *source, const char *options,
	      unsigned attrs, int targetfd, int *mntfd)
{
	int fsfd, mfd = -1, rc;

	fsfd = (int)syscall(SYS_fsopen, fstype, FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return -errno;
	rc = configure(fsfd, "source", source);
	if (rc == 0)
		rc = configure(fsfd, options, NULL);
	if (rc == 0 && syscall(SYS_fsconfig, fsfd, FSCONFIG_CMD_CREATE,
			       NULL, NULL, 0) < 0)
		rc = -errno;
	if (rc == 0) {
		mfd = (int)syscall(SYS_fsmount, fsfd, FSMOUNT_CLOEXEC, attrs);
		rc = mfd < 0 ? -errno : 0;
	}
	if (rc == 0 && syscall(SYS_move_mount, mfd, "", targetfd, "",
			       MOVE_MOUNT_F_EMPTY_PATH |
			       MOVE_MOUNT_T_EMPTY_PATH) < 0)
		rc = -errno;
	if (rc == 0 && mntfd)
		*mntfd = mfd;
	else if (mfd >= 0)
		close(mfd);
	close(fsfd);
	return rc;
}

int
fs_setattr(int dfd, const char *path, unsigned attrs,
	   unsigned long propagation, bool recursive)
{
	struct mount_attr attr = {
		.attr_set = attrs,
		.propagation = propagation,
	};
	unsigned flags = (recursive ? AT_RECURSIVE : 0) |
			 (*path ? 0 : AT_EMPTY_PATH);

	if (syscall(SYS_mount_setattr, dfd, path, flags, &attr,
		    sizeof(attr)) < 0)
		return -errno;
	return 0;
}

/* A detached recursive copy of the mounts at srcfd/srcpath, with the
 * attributes and propagation set on all of them: a read-only bind is
 * read-only from the first moment, submounts included. An fd, or -errno. */
int
fs_clone(int srcfd, const char *srcpath, unsigned attrs,
	 unsigned long propagation)
{
	unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE |
			 (*srcpath ? 0 : AT_EMPTY_PATH);
	int mfd, rc;

	mfd = (int)syscall(SYS_open_tree, srcfd, srcpath, flags);
	if (mfd < 0)
		return -errno;
	if (attrs || propagation) {
		rc = fs_setattr(mfd, "", attrs, propagation, true);
		if (rc < 0) {
			close(mfd);
			return rc;
		}
	}
	return mfd;
}

/* The detached mounts of mfd, attached on targetfd/targetpath. */
int
fs_attach(int mfd, int targetfd, const char *targetpath)
{
	unsigned flags = MOVE_MOUNT_F_EMPTY_PATH |
			 (*targetpath ? 0 : MOVE_MOUNT_T_EMPTY_PATH);

	if (syscall(SYS_move_mount, mfd, "", targetfd, targetpath, flags) < 0)
		return -errno;
	return 0;
}

/* A recursive bind of srcfd/srcpath on targetfd (see fs_clone). */
int
fs_bind(int srcfd, const char *srcpath, unsigned attrs,
	unsigned long propagation, int targetfd)
{
	int mfd = fs_clone(srcfd, srcpath, attrs, propagation), rc;

	if (mfd < 0)
		return mfd;
	rc = fs_attach(mfd, targetfd, "");
	close(mfd);
	return rc;
}

/* Make rootfd the root. pivot_root(".", ".") stacks the old root on top of
 * the new one, where a lazy unmount drops it. An initramfs cannot be
 * pivoted (EINVAL): move the new root over it and chroot instead. */
int
fs_pivot(int rootfd)
{
	if (fchdir(rootfd) < 0)
		return -errno;
	if (syscall(SYS_pivot_root, ".", ".") == 0) {
		if (umount2(".", MNT_DETACH) < 0)
			return -errno;
	} else if (errno != EINVAL) {
		return -errno;
	} else if ((mount(".", "/", NULL, MS_MOVE, NULL) < 0 &&
		    errno != EINVAL && errno != ELOOP) || chroot(".") < 0) {
		/* EINVAL or ELOOP from the move too: the new root is already
		 * on "/" (a container of the whole initramfs); chroot is
		 * enough */
		return -errno;
	}
	return chdir("/") < 0 ? -errno : 0;
}

/* A kernel filesystem on the directory path of rootfd, reached without a
 * symlink (fs_open_dir), its failure reported; see fs_mount for mntfd. */
int
fs_mount_dir(int rootfd, const char *fstype, const char *path,
	     const char *options, unsigned attrs, int *mntfd)
{
	int fd = fs_open_dir(rootfd, path);
	int rc = fd;

	if (fd >= 0) {
		rc = fs_mount(fstype, options, attrs, fd, mntfd);
		close(fd);
	}
	if (rc < 0)
		say("mount %s on %s: %s", fstype, path, fs_strerror(rc));
	return rc;
}
