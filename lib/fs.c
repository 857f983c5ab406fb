/* SPDX-License-Identifier: MIT */
/* The new mount API (fsopen, fsmount, open_tree, move_mount, mount_setattr)
 * and openat2 with RESOLVE_IN_ROOT: every target is an fd resolved inside
 * the new root, never a host path with the rootfs glued in front. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <string.h>
#include <sys/mount.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/mount.h>
#include <linux/openat2.h>
#include <linux/stat.h>

#include "fs.h"
#include "lines.h"
#include "log.h"
#include "mountinfo.h"
#include "util.h"

#ifndef ST_NOSYMFOLLOW
#define ST_NOSYMFOLLOW 0x2000	/* 5.10; musl's header lacks it */
#endif
/* what a bind remount can set: every MOUNT_ATTR_* but IDMAP */
#define FS_REMOUNT_ATTRS (MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | \
			  MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC | \
			  MOUNT_ATTR_NODIRATIME | MOUNT_ATTR_NOSYMFOLLOW)

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
	case -ENOTRECOVERABLE:
		return "a mount under it is covered by another, which this "
		       "kernel (no mount_setattr) cannot reach, refused";
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

/* MOUNT_ATTR_* as mount(2)'s MS_* flags of a bind remount, which sets
 * every per-mount flag at once: the ones the mount has (ST_* of statvfs)
 * are kept, atime included, and set and clr applied on top. Pure. */
unsigned long
fs_remount_flags(unsigned long st, unsigned set, unsigned clr)
{
	static const struct { unsigned attr; unsigned long st, ms; } map[] = {
		{ MOUNT_ATTR_RDONLY, ST_RDONLY, MS_RDONLY },
		{ MOUNT_ATTR_NOSUID, ST_NOSUID, MS_NOSUID },
		{ MOUNT_ATTR_NODEV, ST_NODEV, MS_NODEV },
		{ MOUNT_ATTR_NOEXEC, ST_NOEXEC, MS_NOEXEC },
		{ MOUNT_ATTR_NODIRATIME, ST_NODIRATIME, MS_NODIRATIME },
		{ MOUNT_ATTR_NOSYMFOLLOW, ST_NOSYMFOLLOW, MS_NOSYMFOLLOW },
	};
	unsigned long ms = MS_REMOUNT | MS_BIND;
	size_t i;

	for (i = 0; i < LEN(map); i++)
		if (((st & map[i].st) || (set & map[i].attr)) &&
		    !(clr & map[i].attr))
			ms |= map[i].ms;
	/* no atime flag at all would be relatime: say which one it is */
	if (st & ST_NOATIME)
		ms |= MS_NOATIME;
	else if (st & ST_RELATIME)
		ms |= MS_RELATIME;
	else
		ms |= MS_STRICTATIME;
	return ms;
}

/* The mount whose root fd is, remounted with set and clr applied: the
 * fd's magic link names that very mount, not whatever is mounted on top
 * of it or on its path since. */
static int
remount(int fd, unsigned set, unsigned clr)
{
	char link[32];
	struct statvfs sv;

	if (fstatvfs(fd, &sv) < 0)
		return -errno;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if (mount(NULL, link, NULL, fs_remount_flags(sv.f_flag, set, clr),
		  NULL) < 0)
		return -errno;
	return 0;
}

int
fs_mount_id(int fd, unsigned *id)
{
	struct statx stx;

	if (syscall(SYS_statx, fd, "", AT_EMPTY_PATH, STATX_MNT_ID, &stx) < 0)
		return -errno;
	if (!(stx.stx_mask & STATX_MNT_ID))
		return -ENOSYS;
	*id = (unsigned)stx.stx_mnt_id;
	return 0;
}

/* The mount point mp of a mount under the one mounted on top, as a path
 * relative to top's root ("." for top itself), or NULL when mp is not
 * below top: the kernel printed the path, but its names are the image's.
 * Pure. */
const char *
fs_below(const char *top, const char *mp)
{
	size_t n = strcmp(top, "/") ? strlen(top) : 0;

	if (strncmp(mp, top, n) || (mp[n] && mp[n] != '/'))
		return NULL;
	while (mp[n] == '/')
		n++;
	return mp[n] ? mp + n : ".";
}

/* The walk of mountinfo for the mounts under one: their ids (a child
 * comes after its parent, the namespace's list order), and which were
 * pruned, themselves or with a parent. */
struct walk {
	int (*fn)(const struct mountinfo *m, const char *rel, void *arg);
	void *arg;
	char top[PATH_MAX];	/* where the top mount is, as mountinfo says */
	unsigned id[FS_SUBTREE_MAX];
	bool pruned[FS_SUBTREE_MAX];
	size_t n;
	int err;
};

static int
walk_line(char *line, void *arg)
{
	struct walk *w = arg;
	struct mountinfo m;
	const char *rel;
	size_t i;
	int rc;

	if (mountinfo_line(line, &m) < 0)
		return 0;
	if (m.id == w->id[0]) {
		snprintf(w->top, sizeof(w->top), "%s", m.mountpoint);
		w->n = 1;
		return 0;
	}
	for (i = 0; i < w->n && w->id[i] != m.parent; i++)
		;
	if (i == w->n)
		return 0;	/* not under the top (or before it) */
	if (w->n == FS_SUBTREE_MAX) {
		w->err = -E2BIG;
		return 1;
	}
	w->id[w->n] = m.id;
	w->pruned[w->n++] = w->pruned[i];
	if (w->pruned[i])
		return 0;
	rel = fs_below(w->top, m.mountpoint);
	rc = rel ? w->fn(&m, rel, w->arg) : -ENOENT;
	if (rc < 0) {
		w->err = rc;
		return 1;
	}
	w->pruned[w->n - 1] = rc == FS_PRUNE;
	return 0;
}

/* fn on each mount under the one whose root fd is, parents first, with
 * its mount point relative to fd; fn returns -errno to stop the walk
 * with it, FS_PRUNE to skip the mounts under that one. The walk and the
 * line are on the stack, whose pages PID 1 gives back. */
int
fs_each_below(int fd, int (*fn)(const struct mountinfo *m, const char *rel,
				void *arg), void *arg)
{
	char linebuf[2 * PATH_MAX];
	struct walk w;
	int mi, rc;

	/* no memset: each entry is written as it is added */
	w.fn = fn;
	w.arg = arg;
	w.n = 0;
	w.err = 0;
	w.pruned[0] = false;
	rc = fs_mount_id(fd, &w.id[0]);
	if (rc < 0)
		return rc;
	mi = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC);
	if (mi < 0)
		return -errno;
	rc = each_line(mi, linebuf, sizeof(linebuf), walk_line, &w);
	close(mi);
	if (rc < 0)
		return rc;
	if (w.err < 0)
		return w.err;
	return w.n ? 0 : -ENOENT;	/* the top itself not in mountinfo */
}

struct attrs {
	int topfd;
	unsigned set, clr;
};

/* Reach the mount from the top's root without a symlink and check it is
 * that mount: one covered by another on the same place cannot be
 * reached by any path (-ENOTRECOVERABLE, see fs_strerror). */
static int
remount_below(const struct mountinfo *m, const char *rel, void *arg)
{
	const struct attrs *a = arg;
	unsigned id;
	int fd, rc;

	fd = openat2_in(a->topfd, rel, O_PATH,
			RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS);
	if (fd < 0)
		return fd == -ENOENT ? -ENOTRECOVERABLE : fd;
	rc = fs_mount_id(fd, &id);
	if (rc == 0 && id != m->id)
		rc = -ENOTRECOVERABLE;
	if (rc == 0)
		rc = remount(fd, a->set, a->clr);
	close(fd);
	return rc;
}

/* mount_setattr's AT_RECURSIVE by hand. Nothing of the image runs yet,
 * and the host's mount events reach no private copy: the tree cannot
 * change under the walk. */
static int
remount_subtree(int fd, unsigned set, unsigned clr)
{
	struct attrs a = { .topfd = fd, .set = set, .clr = clr };

	return fs_each_below(fd, remount_below, &a);
}

/* Linux 5.10 has no mount_setattr (5.12): the same attributes with
 * mount(2), on the attached mount whose root fd is and, with recursive,
 * on each mount under it. Propagation takes MS_REC natively. */
static int
setattr_by_mount(int fd, unsigned set, unsigned clr,
		 unsigned long propagation, bool recursive)
{
	char link[32];
	int rc;

	if ((set | clr) & ~FS_REMOUNT_ATTRS)
		return -ENOSYS;		/* idmapped: no way before 5.12 */
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	if (propagation && mount(NULL, link, NULL,
				 propagation | (recursive ? MS_REC : 0),
				 NULL) < 0)
		return -errno;
	if (!set && !clr)
		return 0;
	rc = remount(fd, set, clr);
	if (rc == 0 && recursive)
		rc = remount_subtree(fd, set, clr);
	return rc;
}

static int
mount_setattr_(int dfd, const char *path, unsigned set, unsigned clr,
	       unsigned long propagation, bool recursive)
{
	struct mount_attr attr = {
		.attr_set = set,
		.attr_clr = clr,
		.propagation = propagation,
	};
	unsigned flags = (recursive ? AT_RECURSIVE : 0) |
			 (*path ? 0 : AT_EMPTY_PATH);

	if (syscall(SYS_mount_setattr, dfd, path, flags, &attr,
		    sizeof(attr)) < 0)
		return -errno;
	return 0;
}

static int
setattr(int dfd, const char *path, unsigned set, unsigned clr,
	unsigned long propagation, bool recursive)
{
	int fd, rc = mount_setattr_(dfd, path, set, clr, propagation,
				    recursive);

	if (rc != -ENOSYS)
		return rc;
	if (!*path)
		return setattr_by_mount(dfd, set, clr, propagation, recursive);
	fd = openat(dfd, path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = setattr_by_mount(fd, set, clr, propagation, recursive);
	close(fd);
	return rc;
}

int
fs_setattr(int dfd, const char *path, unsigned attrs,
	   unsigned long propagation, bool recursive)
{
	return setattr(dfd, path, attrs, 0, propagation, recursive);
}

/* attrs cleared on the one mount at dfd/path. */
int
fs_clrattr(int dfd, const char *path, unsigned attrs)
{
	return setattr(dfd, path, 0, attrs, 0, false);
}

/* A recursive copy of the mounts at srcfd/srcpath, with the attributes
 * and propagation set on all of them, attached on targetfd/targetpath.
 * Set before the attach where the kernel can (mount_setattr on the
 * detached copy: a read-only bind is read-only from the first moment);
 * on 5.10 right after it, on the attached mounts, before anything of
 * the image runs. With mntfd, the fd of the copy's root is kept there. */
int
fs_bind_at(int srcfd, const char *srcpath, unsigned attrs,
	   unsigned long propagation, int targetfd, const char *targetpath,
	   int *mntfd)
{
	unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE |
			 (*srcpath ? 0 : AT_EMPTY_PATH);
	bool late = false;
	int mfd, rc = 0;

	mfd = (int)syscall(SYS_open_tree, srcfd, srcpath, flags);
	if (mfd < 0)
		return -errno;
	if (attrs || propagation) {
		/* not the fallback: no remount reaches a detached mount */
		rc = mount_setattr_(mfd, "", attrs, 0, propagation, true);
		late = rc == -ENOSYS;
	}
	if ((rc == 0 || late) &&
	    syscall(SYS_move_mount, mfd, "", targetfd, targetpath,
		    MOVE_MOUNT_F_EMPTY_PATH |
		    (*targetpath ? 0 : MOVE_MOUNT_T_EMPTY_PATH)) < 0)
		rc = -errno;
	else if (late)
		rc = setattr_by_mount(mfd, attrs, 0, propagation, true);
	if (rc == 0 && mntfd)
		*mntfd = mfd;
	else
		close(mfd);
	return rc;
}

/* A recursive bind of srcfd/srcpath on targetfd (see fs_bind_at). */
int
fs_bind(int srcfd, const char *srcpath, unsigned attrs,
	unsigned long propagation, int targetfd)
{
	return fs_bind_at(srcfd, srcpath, attrs, propagation, targetfd, "",
			  NULL);
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
