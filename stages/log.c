/* One line per failure: "init: stage: object: reason". Logging never
 * clobbers errno, and never allocates. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "nsinit.h"

static char lasterr[256];
static bool held;	/* the launcher prints errors for us: keep, don't print */

static void
emit(char *line, size_t size, const char *stage, const char *fmt, va_list ap)
{
	size_t n;

	n = (size_t)snprintf(line, size, "init: %s: ", stage);
	if (n < size)
		vsnprintf(line + n, size - n, fmt, ap);
	n = strlen(line);
	if (n == size - 1)
		n--;	/* truncated: keep room for the newline */
	line[n] = '\n';
	line[n + 1] = '\0';
}

void
say(const char *stage, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	emit(lasterr, sizeof(lasterr), stage, fmt, ap);
	va_end(ap);
	if (!held)
		(void)!write(2, lasterr, strlen(lasterr));
	errno = saved;
}

void
warn(const char *stage, const char *fmt, ...)
{
	int saved = errno;
	char line[256];
	va_list ap;

	va_start(ap, fmt);
	emit(line, sizeof(line), stage, fmt, ap);
	va_end(ap);
	(void)!write(2, line, strlen(line));
	errno = saved;
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
