/* SPDX-License-Identifier: MIT */
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "signals.h"

/* The kernel reads the mask as it is: libc's sigfillset and sigaddset
 * would leave out the signals it keeps for itself. */
void
every_signal(sigset_t *set)
{
	memset(set, 0, sizeof(*set));
	memset(set, 0xff, 64 / 8);
	sigdelset(set, SIGKILL);
	sigdelset(set, SIGSTOP);
}

/* The launcher may have been started with signals ignored. The raw
 * syscall, because libc refuses the signals it keeps for itself. */
void
default_signals(void)
{
	struct {
		void (*handler)(int);
		unsigned long flags;
		void (*restorer)(void);
		unsigned long mask[KSIGSET_LONGS];
	} dfl = { .handler = SIG_DFL };
	int sig;

	for (sig = 1; sig <= 64; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, &dfl, NULL,
				sizeof(dfl.mask));
}
