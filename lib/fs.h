/* SPDX-License-Identifier: MIT */
/* Mounts by file descriptor, with every path resolved inside a root fd so
 * that a symlink in a prepared rootfs cannot lead a mount out of it. */
#ifndef NSINIT_FS_H
#define NSINIT_FS_H

#include <stdbool.h>

enum fs_create { FS_EXISTING, FS_MKDIR, FS_MKFILE };

int fs_open(int rootfd, const char *path, enum fs_create create);
int fs_open_dir(int rootfd, const char *path);
const char *fs_strerror(int err);
int fs_mount(const char *fstype, const char *options, unsigned attrs,
	     int targetfd, int *mntfd);
/* ...of source (a block device, say) */
int fs_mount_from(const char *fstype, const char *source, const char *options,
		  unsigned attrs, int targetfd, int *mntfd);
int fs_bind_at(int srcfd, const char *srcpath, unsigned attrs,
	       unsigned long propagation, int targetfd, const char *targetpath,
	       int *mntfd);
int fs_bind(int srcfd, const char *srcpath, unsigned attrs,
	    unsigned long propagation, int targetfd);
/* MOUNT_ATTR_* set (or cleared) on the mount at dfd/path, recursive: on
 * each under it too; without mount_setattr (before 5.12) by remounts */
int fs_setattr(int dfd, const char *path, unsigned attrs,
	       unsigned long propagation, bool recursive);
int fs_clrattr(int dfd, const char *path, unsigned attrs);
/* the mount id of fd's mount (statx) */
int fs_mount_id(int fd, unsigned *id);
#define FS_SUBTREE_MAX 1024	/* mounts under one that a walk follows */
#define FS_PRUNE 1
struct mountinfo;
int fs_each_below(int fd, int (*fn)(const struct mountinfo *m,
				    const char *rel, void *arg), void *arg);
/* pure, for the fallback and its tests: the MS_* flags of a bind remount
 * from statvfs's ST_* and MOUNT_ATTR_* set and clr; mount point mp below
 * top, relative, "." for top itself, NULL when not below */
unsigned long fs_remount_flags(unsigned long st, unsigned set, unsigned clr);
const char *fs_below(const char *top, const char *mp);
int fs_mount_dir(int rootfd, const char *fstype, const char *path,
		 const char *options, unsigned attrs, int *mntfd);
int fs_pivot(int rootfd);

#endif
