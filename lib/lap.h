/* SPDX-License-Identifier: MIT */
/* Per-step timings, compiled in by `make TIMINGS=1` only. Each lap() is
 * one line on stderr,
 *   nsinit-time: WHERE NAME=Nus end=Tus
 * N the microseconds since the process's previous lap, T CLOCK_MONOTONIC
 * at its end. The first lap of a process image has no N (it began in
 * another): "nsinit-time: WHERE NAME end=Tus". A child inherits its
 * parent's last lap, so its first step counts from there. Without
 * TIMINGS every call is an empty inline function: no code, no cost. */
#ifndef NSINIT_LAP_H
#define NSINIT_LAP_H

#ifdef NSINIT_TIMINGS
void lap(const char *where, const char *name);
#else
static inline void
lap(const char *where, const char *name)
{
	(void)where;
	(void)name;
}
#endif

#endif
