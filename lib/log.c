/* SPDX-License-Identifier: MIT */
/* log.h: one line per failure, labelled with the running stage. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "util.h"

static const char *label = "init";
static char lasterr[256];
static bool held;	/* the launcher prints errors for us: keep, don't print */
static int kmsg = -1;	/* boot mode: lines go to the kernel's log too */
static int echoed;	/* levels below this the kernel prints on the console */

static void
emit(char *line, size_t size, const char *fmt, va_list ap)
{
	size_t n;

	n = (size_t)snprintf(line, size, "init: %s: ", label);
	if (n < size)
		vsnprintf(line + n, size - n, fmt, ap);
	n = strlen(line);
	if (n == size - 1)
		n--;	/* truncated: keep room for the newline */
	line[n] = '\n';
	line[n + 1] = '\0';
}

/* The kernel takes at most 10 lines in 5 s from one open /dev/kmsg (its
 * default ratelimit; printk.devkmsg=on lifts it) and drops the rest
 * without a word, the status line with them: past 10, the lines go to
 * the console directly until a new window has surely begun (6 s). */
static bool
kmsg_takes(void)
{
	static struct timespec start;
	static int n;

	if (n == 0 || since_us(&start) >= 6000000) {
		clock_gettime(CLOCK_MONOTONIC, &start);
		n = 0;
	}
	return n++ < 10;
}

/* A line to stderr, and in boot mode to /dev/kmsg with its level
 * (3 error, 4 warning, 6 info), but not twice on the console. */
static void
put(int fd, int level, const char *line)
{
	char buf[300];
	bool logged = kmsg >= 0 && kmsg_takes();

	if (logged) {
		snprintf(buf, sizeof(buf), "<%d>%s", level, line);
		(void)!write(kmsg, buf, strlen(buf));
	}
	if (!logged || level >= echoed)
		(void)!write(fd, line, strlen(line));
}

const char *
log_stage(const char *name)
{
	const char *was = label;

	label = name;
	return was;
}

void
log_back(const char **was)
{
	label = *was;
}

void
say(const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	emit(lasterr, sizeof(lasterr), fmt, ap);
	va_end(ap);
	if (!held)
		put(2, 3, lasterr);
	errno = saved;
}

void
warn(const char *fmt, ...)
{
	int saved = errno;
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	emit(line, sizeof(line), fmt, ap);
	va_end(ap);
	put(2, 4, line);
	errno = saved;
}

void
info(const char *fmt, ...)
{
	int saved = errno;
	char line[256];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	n = strlen(line);
	line[n] = '\n';
	line[n + 1] = '\0';
	put(1, 6, line);
	errno = saved;
}

/* From now on, lines also go to the kernel's log (fd: /dev/kmsg). The
 * first number of /proc/sys/kernel/printk is the console's level. */
void
log_kmsg(int fd)
{
	char buf[16] = "";
	int p = open("/proc/sys/kernel/printk", O_RDONLY | O_CLOEXEC);

	if (p >= 0) {
		(void)!read(p, buf, sizeof(buf) - 1);
		close(p);
	}
	echoed = buf[0] >= '0' && buf[0] <= '9' ? buf[0] - '0' : 0;
	kmsg = fd;
}

void
log_hold(bool on)
{
	held = on;
}

const char *
last_error(void)
{
	return lasterr;
}
