/* SPDX-License-Identifier: MIT */
/* A procfs that sees this process, proven to be one: /proc when it is
 * (reached without a symlink), else one of our own, made with the new
 * mount API and attached nowhere unless asked. What is not a procfs, or
 * does not lead to nsfs, answers nothing. */
#ifndef NSINIT_PROCFS_H
#define NSINIT_PROCFS_H

/* self/FILE of such a procfs, opened with flags, or -errno */
int procfs_self(const char *file, int flags);

/* The same, but only a procfs whose numbers are this process's own
 * (its "self" is our pid: a procfs of an ancestor PID namespace sees us
 * under another number): for files that hold pids, as task/N/children */
int procfs_self_pids(const char *file, int flags);

/* 1: this process runs in the initial PID namespace (its fixed inode,
 * PROC_PID_INIT_INO); 0: in another one; -errno when no procfs could
 * answer: none could be made and /proc is none (or does not see us) */
int pidns_initial(void);

/* /proc made a procfs of our own where it is not one that sees us:
 * 0, or -errno. Only in a mount namespace of our own, from which no
 * mount propagates to anyone else's. */
int procfs_attach(void);

#endif
