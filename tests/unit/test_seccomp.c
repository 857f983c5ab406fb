/* SPDX-License-Identifier: MIT */
/* Unit tests for stages/seccomp.c: the filter, run here by a small BPF
 * interpreter for every syscall number below 1024 (and the rules'
 * arguments), gives what the rules say: another architecture killed,
 * x32 refused, the deny-list EPERM, the argument rules their errno,
 * anything else allowed, whatever the order of the list and its size. */
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "nsinit.h"
#include "unit.h"

/* caps.c's, as seccomp.c asks it: the configured list only */
bool
caps_keep(const struct config *c, int cap)
{
	size_t i;

	for (i = 0; i < c->ncaps; i++)
		if (c->caps[i] == cap)
			return true;
	return false;
}

static struct sock_filter prog[SECCOMP_PROG];
static size_t len;

/* The kernel's way through the program for one call; ~0U for a program
 * the kernel would not run this far (a jump out, an unknown code). */
static uint32_t
run(const struct seccomp_data *d)
{
	uint32_t a = 0, k;
	size_t pc;

	for (pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &prog[pc];
		bool yes;

		k = f->k;
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (k + 4 > sizeof(*d))
				return ~0U;
			memcpy(&a, (const char *)d + k, 4);
			continue;
		case BPF_RET | BPF_K:
			return k;
		case BPF_JMP | BPF_JEQ | BPF_K: yes = a == k; break;
		case BPF_JMP | BPF_JGE | BPF_K: yes = a >= k; break;
		case BPF_JMP | BPF_JGT | BPF_K: yes = a > k; break;
		case BPF_JMP | BPF_JSET | BPF_K: yes = (a & k) != 0; break;
		default:
			return ~0U;
		}
		pc += yes ? f->jt : f->jf;
	}
	return ~0U;
}

#define EPERM_ (SECCOMP_RET_ERRNO | EPERM)

/* What the rules of seccomp.c's header say for nr with arg0, arg1 (low
 * words in the high ones too, which the kernel drops for an int). */
static uint32_t
want(const struct config *c, bool ns, uint32_t nr, uint64_t a0, uint64_t a1)
{
	static const uint32_t personas[] = { 0, PER_LINUX32, UNAME26,
		UNAME26 | PER_LINUX32, 0xffffffffU };
	const int *deny;
	size_t i, n = seccomp_list(c, &deny);
	uint32_t w0 = (uint32_t)a0, w1 = (uint32_t)a1;

#ifdef __x86_64__
	if (nr >= 0x40000000U)
		return EPERM_;
#endif
	for (i = 0; i < n; i++)
		if ((uint32_t)deny[i] == nr)
			return EPERM_;
	if (nr == SYS_ioctl)
		return w1 == TIOCSTI || w1 == TIOCLINUX ? EPERM_ :
		       SECCOMP_RET_ALLOW;
	if (nr == SYS_socket || nr == SYS_socketpair)
		return w0 == AF_VSOCK || w0 == AF_ALG ?
		       SECCOMP_RET_ERRNO | EAFNOSUPPORT : SECCOMP_RET_ALLOW;
#ifdef SYS_socketcall
	if (nr == SYS_socketcall)
		return SECCOMP_RET_ERRNO | ENOSYS;
#endif
	if (nr == SYS_personality) {
		for (i = 0; i < LEN(personas); i++)
			if (w0 == personas[i])
				return SECCOMP_RET_ALLOW;
		return EPERM_;
	}
	if (ns && (nr == SYS_unshare || nr == SYS_setns))
		return EPERM_;
	if (ns && nr == SYS_clone)
		return w0 & (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
			     CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET |
			     CLONE_NEWCGROUP) ? EPERM_ : SECCOMP_RET_ALLOW;
	if (ns && nr == SYS_clone3)
		return SECCOMP_RET_ERRNO | ENOSYS;
	return SECCOMP_RET_ALLOW;
}

/* Every number below 1024 (and a few above), each with the arguments
 * that matter to a rule, against want(). */
static int
agrees(const struct config *c, bool ns)
{
	static const uint64_t args[] = { 0, 1, 8, TIOCSTI, TIOCLINUX,
		AF_VSOCK, AF_ALG, AF_INET, PER_LINUX32, UNAME26, 0xffffffffU,
		0x100000000ULL | TIOCSTI, 0x100000000ULL | AF_VSOCK,
		0x100000000ULL, CLONE_NEWNS, CLONE_NEWUSER | 17, CLONE_NEWNET,
		CLONE_VM | CLONE_FS | 17, CLONE_NEWCGROUP, 0xdeadbeef };
	struct seccomp_data d = { .arch = prog[1].k };
	uint32_t nr, got, w;
	size_t i, j;

	for (nr = 0; nr < 1024 + 8; nr++) {
		d.nr = (int)(nr < 1024 ? nr : (nr == 1024 ? 0xffffffffU :
			     0x40000000U + nr - 1025));
		for (i = 0; i < LEN(args); i++) {
			for (j = 0; j < LEN(args); j++) {
				d.args[0] = args[i];
				d.args[1] = args[j];
				got = run(&d);
				w = want(c, ns, (uint32_t)d.nr, args[i], args[j]);
				if (got != w) {
					fprintf(stderr, "  nr %u args %#llx %#llx:"
						" %#x, not %#x\n", (unsigned)d.nr,
						(unsigned long long)args[i],
						(unsigned long long)args[j],
						got, w);
					return 0;
				}
			}
		}
	}
	d.arch = prog[1].k ^ 1;		/* another architecture */
	d.nr = SYS_getpid;
	CHECK(run(&d) == SECCOMP_RET_KILL_PROCESS);
	return 1;
}

static int
build_for(const struct config *c)
{
	len = seccomp_filter(c, prog);
	if (len == 0 || len > SECCOMP_PROG) {
		fprintf(stderr, "  no filter: %zu\n", len);
		return 0;
	}
	return prog[0].code == (BPF_LD | BPF_W | BPF_ABS) &&
	       prog[0].k == offsetof(struct seccomp_data, arch);
}

static int
the_default_filter_gives_what_the_rules_say_for_every_number(void)
{
	struct config c = { 0 };

	CHECK(build_for(&c));
	CHECK(agrees(&c, true));
	return 1;
}

static int
with_cap_sys_admin_kept_the_namespace_rules_are_gone(void)
{
	static const int caps[] = { CAP_SYS_ADMIN };
	struct config c = { .caps = caps, .ncaps = LEN(caps) };

	CHECK(build_for(&c));
	CHECK(agrees(&c, false));
	return 1;
}

static int
a_list_out_of_order_with_repeats_and_a_rule_s_numbers_is_searched_right(void)
{
	static const int deny[] = { 500, SYS_ioctl, 3, 500, SYS_clone, 0,
		1023, SYS_personality, 7, 3, 999 };
	struct config c = { .seccomp_deny = deny, .nseccomp_deny = LEN(deny) };

	CHECK(build_for(&c));
	CHECK(agrees(&c, true));
	return 1;
}

static int
the_longest_list_fits_and_is_searched_right(void)
{
	static int deny[SECCOMP_MAX];
	struct config c = { .seccomp_deny = deny, .nseccomp_deny = LEN(deny) };
	size_t i;

	for (i = 0; i < LEN(deny); i++)		/* every 5th, backwards */
		deny[i] = (int)(1000 - 5 * i);
	CHECK(build_for(&c));
	CHECK(agrees(&c, true));
	return 1;
}

static int
a_list_of_one_is_searched_right(void)
{
	static const int deny[] = { SYS_mount };
	struct config c = { .seccomp_deny = deny, .nseccomp_deny = LEN(deny) };

	CHECK(build_for(&c));
	CHECK(agrees(&c, true));
	return 1;
}

int
main(void)
{
	static const struct unit_test t[] = {
		T(the_default_filter_gives_what_the_rules_say_for_every_number),
		T(with_cap_sys_admin_kept_the_namespace_rules_are_gone),
		T(a_list_out_of_order_with_repeats_and_a_rule_s_numbers_is_searched_right),
		T(the_longest_list_fits_and_is_searched_right),
		T(a_list_of_one_is_searched_right),
	};

	return run_tests(t, LEN(t));
}
