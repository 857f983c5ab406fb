/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/signals.c: the set of every signal and the reset of
 * dispositions reach the realtime signals libc keeps for itself, as the
 * kernel sees them (raw bits, raw rt_sigaction). */
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "signals.h"
#include "unit.h"
#include "util.h"

/* sig in the first 64 bits of set, as the kernel reads them */
static int
has(const sigset_t *set, int sig)
{
	unsigned long long bits;

	memcpy(&bits, set, sizeof(bits));
	return (int)(bits >> (sig - 1) & 1);
}

static int
every_signal_is_1_to_64_but_sigkill_and_sigstop(void)
{
	sigset_t set;
	int sig;

	memset(&set, 0xaa, sizeof(set));
	every_signal(&set);
	for (sig = 1; sig <= 64; sig++)
		CHECK(has(&set, sig) == (sig != SIGKILL && sig != SIGSTOP));
	return 1;
}

struct k_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long mask[KSIGSET_LONGS];
};

static void (*disposition(int sig))(int)
{
	struct k_sigaction now;

	if (syscall(SYS_rt_sigaction, sig, NULL, &now, sizeof(now.mask)) < 0)
		return NULL;
	return now.handler;
}

static int
default_signals_resets_ignored_ones_libc_keeps_for_itself_too(void)
{
	static const int sigs[] = { SIGUSR1, SIGTERM, 32, 33, 34, 64 };
	struct k_sigaction ign = { .handler = SIG_IGN };
	size_t i;

	for (i = 0; i < LEN(sigs); i++) {
		CHECK(syscall(SYS_rt_sigaction, sigs[i], &ign, NULL,
			      sizeof(ign.mask)) == 0);
		CHECK(disposition(sigs[i]) == SIG_IGN);
	}
	default_signals();
	for (i = 0; i < LEN(sigs); i++)
		CHECK(disposition(sigs[i]) == SIG_DFL);
	return 1;
}

int
main(void)
{
	static const struct unit_test t[] = {
		T(every_signal_is_1_to_64_but_sigkill_and_sigstop),
		T(default_signals_resets_ignored_ones_libc_keeps_for_itself_too),
	};

	return run_tests(t, LEN(t));
}
