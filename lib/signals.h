/* SPDX-License-Identifier: MIT */
/* Signal sets and dispositions by hand, because libc's leave out the
 * realtime signals it keeps for itself (32-34 in musl), which anyone may
 * send and a caller may have ignored all the same. */
#ifndef NSINIT_SIGNALS_H
#define NSINIT_SIGNALS_H

#include <signal.h>

/* The kernel's sigset_t in rt_sigaction: 64 bits, in longs (two on a
 * 32-bit board, where a mask of one long is refused with EINVAL). */
#define KSIGSET_LONGS (64 / 8 / sizeof(unsigned long))

/* Every signal a user can send: 1..64 but SIGKILL and SIGSTOP. */
void every_signal(sigset_t *set);

/* Every disposition of those back to the default (SIG_IGN survives exec). */
void default_signals(void);

#endif
