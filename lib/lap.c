/* SPDX-License-Identifier: MIT */
/* lap.h: one timing line per step, with make TIMINGS=1; nothing without. */
#ifdef NSINIT_TIMINGS
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "lap.h"

/* The end of this process's last lap, written by lap() alone (each
 * process is single-threaded); zero in a new process image. */
static long long last_us;

void
lap(const char *where, const char *name)
{
	struct timespec t;
	long long now;
	char line[128];
	int n;

	clock_gettime(CLOCK_MONOTONIC, &t);
	now = (long long)t.tv_sec * 1000000 + t.tv_nsec / 1000;
	if (last_us)
		n = snprintf(line, sizeof(line),
			     "nsinit-time: %s %s=%lldus end=%lldus\n",
			     where, name, now - last_us, now);
	else
		n = snprintf(line, sizeof(line),
			     "nsinit-time: %s %s end=%lldus\n", where, name, now);
	/* the line's own write counts in the next step, as it would in
	 * the next end: durations and ends tell the same story */
	last_us = now;
	if (n > 0 && (size_t)n < sizeof(line))
		(void)!write(2, line, (size_t)n);
}
#else
typedef int lap_off;	/* ISO C wants something in a translation unit */
#endif
