/* SPDX-License-Identifier: MIT */
/* Signal sets and dispositions by hand, because libc's leave out the
 * realtime signals it keeps for itself (32-34 in musl), which anyone may
 * send and a caller may have ignored all the same. */
#ifndef NSINIT_SIGNALS_H
#define NSINIT_SIGNALS_H

#include <signal.h>

/* Every signal a user can send: 1..64 but SIGKILL and SIGSTOP. */
void every_signal(sigset_t *set);

/* Every disposition of those back to the default (SIG_IGN survives exec). */
void default_signals(void);

#endif
