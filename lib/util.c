/* SPDX-License-Identifier: MIT */
/* util.h: small helpers of every part. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/close_range.h>

#include "util.h"

int
write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Decimal only: no sign, no space, no hex, and not (unsigned)-1, which
 * the kernel reads as "no change". The bound is checked before the digit
 * is added, so that a 32-bit unsigned long cannot wrap. */
int
parse_id(const char *s, unsigned *id)
{
	unsigned long v = 0, d;

	if (!*s)
		return -EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -EINVAL;
		d = (unsigned long)(*s - '0');
		if (v > (0xfffffffeUL - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*id = (unsigned)v;
	return 0;
}

int
openat2_in(int dfd, const char *path, int flags, unsigned long long resolve)
{
	struct open_how how = {
		.flags = (unsigned)(flags | O_CLOEXEC),
		.resolve = resolve,
	};
	int fd = (int)syscall(SYS_openat2, dfd, path, &how, sizeof(how));

	return fd < 0 ? -errno : fd;
}

int
write_file_at(int dfd, const char *path, unsigned long long resolve,
	      const char *text)
{
	int fd = openat2_in(dfd, path, O_WRONLY, resolve), rc;

	if (fd < 0)
		return fd;
	rc = write_all(fd, text, strlen(text));
	close(fd);
	return rc;
}

static void
fd_done(int fd, bool close_it)
{
	if (close_it)
		(void)close(fd);
	else
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
}

void
each_entry(int dfd, void (*fn)(int dfd, const char *name, unsigned char type,
			       void *arg), void *arg)
{
	char buf[2048];
	struct dirent *d;
	long n, off;

	while ((n = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n; off += d->d_reclen) {
			d = (struct dirent *)(buf + off);
			if (strcmp(d->d_name, ".") && strcmp(d->d_name, ".."))
				fn(dfd, d->d_name, d->d_type, arg);
		}
	}
}

struct fds {
	unsigned first;
	bool close;
};

static void
fd_entry(int dfd, const char *name, unsigned char type, void *arg)
{
	struct fds *f = arg;
	unsigned fd;

	if (parse_id(name, &fd) == 0 && fd >= f->first && (int)fd != dfd)
		fd_done((int)fd, f->close);
}

/* Every fd from first up, closed or marked close-on-exec, as close_range
 * does. 5.10 answers CLOSE_RANGE_CLOEXEC (5.11) with EINVAL, a kernel
 * before 5.9 close_range with ENOSYS: then each open fd, as procfd's
 * <pid>/fd lists them (fast, whatever the limit was), or each number
 * below the NOFILE hard limit without a procfs. */
void
fds_from(int procfd, unsigned first, bool close_them)
{
	struct fds f = { .first = first, .close = close_them };
	char path[32];
	struct rlimit rl;
	unsigned fd;
	int dir = -1;

	if (syscall(SYS_close_range, first, ~0U,
		    close_them ? 0 : CLOSE_RANGE_CLOEXEC) == 0 ||
	    (errno != EINVAL && errno != ENOSYS))
		return;
	if (procfd >= 0) {
		snprintf(path, sizeof(path), "%d/fd", (int)getpid());
		dir = openat2_in(procfd, path, O_RDONLY | O_DIRECTORY,
				 RESOLVE_KERNFS);
	}
	if (dir >= 0) {
		each_entry(dir, fd_entry, &f);
		close(dir);
		return;
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0)
		rl.rlim_max = 1024;
	for (fd = first; fd < rl.rlim_max; fd++)	/* cur <= max */
		fd_done((int)fd, close_them);
}

void
deadline_in(struct timespec *end, unsigned ms)
{
	clock_gettime(CLOCK_MONOTONIC, end);
	end->tv_sec += ms / 1000;
	end->tv_nsec += (long)(ms % 1000) * 1000000;
	if (end->tv_nsec >= 1000000000) {
		end->tv_sec++;
		end->tv_nsec -= 1000000000;
	}
}

int
ms_left(const struct timespec *end)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (end->tv_sec - now.tv_sec) * 1000 +
	     (end->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : (int)ms;
}

long long
since_us(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)(t.tv_sec - t0->tv_sec) * 1000000 +
	       (t.tv_nsec - t0->tv_nsec) / 1000;
}

/* Whether cap is in the calling thread's effective (or permitted) set,
 * asked of the kernel (capget, version 3: two 32-bit words); false when
 * it cannot say. */
static bool
cap_in(int cap, bool permitted)
{
	struct { unsigned version; int pid; } hdr = { 0x20080522, 0 };
	struct { unsigned effective, permitted, inheritable; } data[2];
	unsigned set;

	if (cap < 0 || cap >= 64 || syscall(SYS_capget, &hdr, data) < 0)
		return false;
	set = permitted ? data[cap / 32].permitted : data[cap / 32].effective;
	return set & (1u << (cap % 32));
}

bool
cap_effective(int cap)
{
	return cap_in(cap, false);
}

bool
cap_permitted(int cap)
{
	return cap_in(cap, true);
}
