/* SPDX-License-Identifier: MIT */
/* Small helpers of every part: whole writes, files opened in a directory
 * fd with openat2's resolve rules, deadlines on CLOCK_MONOTONIC. Each
 * returns 0 (or an fd) or -errno, and reports nothing: the caller knows
 * the object. */
#ifndef NSINIT_UTIL_H
#define NSINIT_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>
#include <linux/openat2.h>

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Resolution inside a kernel filesystem's mount (a procfs, a sysfs): no
 * symlink, no other mount, nothing above dfd. */
#define RESOLVE_KERNFS (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV)

/* A uid or gid in decimal: 0, -EINVAL or -ERANGE (see util.c). */
int parse_id(const char *s, unsigned *id);

/* All of len bytes, across short writes and EINTR; a write that takes
 * nothing is -EIO, never a stale errno. */
int write_all(int fd, const void *buf, size_t len);

/* openat2(dfd, path) with O_CLOEXEC added and the RESOLVE_* flags. */
int openat2_in(int dfd, const char *path, int flags, unsigned long long resolve);

/* text, whole, into the existing file dfd/path (opened as openat2_in). */
int write_file_at(int dfd, const char *path, unsigned long long resolve,
		  const char *text);

/* fn on each entry of the directory dfd but "." and "..", with its name
 * and its DT_* type, read with getdents64 into a buffer on this frame (no
 * heap, as readdir's DIR would take); fn may recurse into another. */
void each_entry(int dfd, void (*fn)(int dfd, const char *name,
				    unsigned char type, void *arg), void *arg);

/* Every fd from first up closed (close_them) or marked close-on-exec:
 * close_range, or by hand where the kernel lacks it or its flag; procfd
 * (a procfs root, or -1) lists the open ones then. */
void fds_from(int procfd, unsigned first, bool close_them);

/* end = now + ms; the milliseconds left until end, 0 once it passed;
 * the microseconds since t0. */
void deadline_in(struct timespec *end, unsigned ms);
int ms_left(const struct timespec *end);
long long since_us(const struct timespec *t0);	/* 64 bits on 32-bit boards too */

/* Whether cap (CAP_*) is in the calling thread's effective set: for a
 * line that names what the runtime did not grant. */
bool cap_effective(int cap);
bool cap_permitted(int cap);

#endif
