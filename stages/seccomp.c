/* SPDX-License-Identifier: MIT */
/* A seccomp filter in plain BPF, installed last before exec, in the
 * appliance's process only: init itself is not filtered. In order:
 *   - another architecture is killed, x32 numbers refused;
 *   - the deny-list (configured, or the default one): EPERM;
 *   - the argument rules, whenever there is a filter at all: input pushed
 *     into a terminal, sockets of families a network namespace does not
 *     hold, personality flags, and new namespaces unless CAP_SYS_ADMIN is
 *     kept;
 *   - everything else is allowed.
 * The numbers of the last two are searched as a tree: the kernel runs the
 * filter over every syscall number when it installs it (to cache which
 * ones it always allows), and a list of 60 compares made that cost 0.1 ms
 * per start. */
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "arch.h"
#include "nsinit.h"


/* musl 1.2 names the calls of a 32-bit architecture that take a 32-bit
 * time_t *_time32 or *32: the kernel still has them, the filter refuses
 * them as the 64-bit ones (SYS_clock_settime64). */
#if !defined(SYS_settimeofday) && defined(SYS_settimeofday_time32)
#define SYS_settimeofday SYS_settimeofday_time32
#endif
#if !defined(SYS_clock_settime) && defined(SYS_clock_settime32)
#define SYS_clock_settime SYS_clock_settime32
#endif

/* Newer than some libcs' headers; one number on every architecture (the
 * common table of the kernel since 5.1). */
#ifndef SYS_quotactl_fd
#define SYS_quotactl_fd 443
#endif
#ifndef SYS_open_tree_attr
#define SYS_open_tree_attr 467
#endif

/* What container profiles commonly refuse; names as in nsinit.conf(5). */
static const int deny_default[] = {
	/* the kernel itself: modules, kexec, swap, accounting, log, time */
	SYS_init_module, SYS_finit_module, SYS_delete_module,
	SYS_kexec_load,
#ifdef SYS_kexec_file_load
	SYS_kexec_file_load,
#endif
	SYS_swapon, SYS_swapoff, SYS_acct, SYS_quotactl, SYS_quotactl_fd,
	SYS_syslog,
	/* adjtimex reads and sets through one struct the filter cannot
	 * read: refused whole, as clock_adjtime */
	SYS_settimeofday, SYS_clock_settime, SYS_clock_adjtime, SYS_vhangup,
#ifdef SYS_adjtimex
	SYS_adjtimex,
#endif
#ifdef SYS_clock_settime64
	SYS_clock_settime64, SYS_clock_adjtime64,	/* 32-bit time64 */
#endif
#ifdef SYS_stime
	SYS_stime,
#endif
#ifdef SYS_iopl
	SYS_iopl, SYS_ioperm,
#endif
#ifdef SYS_uselib
	SYS_uselib,
#endif
#ifdef SYS__sysctl
	SYS__sysctl,
#endif
#ifdef SYS_nfsservctl
	SYS_nfsservctl,
#endif
#ifdef SYS_lookup_dcookie
	SYS_lookup_dcookie,
#endif
	/* mounts, after setup: the appliance's view of the files is final */
	SYS_mount, SYS_umount2, SYS_pivot_root, SYS_open_tree,
	SYS_open_tree_attr, SYS_move_mount, SYS_fsopen, SYS_fsconfig,
	SYS_fsmount, SYS_fspick, SYS_mount_setattr,
	/* files by handle ("Shocker"), keyrings (not namespaced) */
	SYS_open_by_handle_at, SYS_keyctl, SYS_add_key, SYS_request_key,
	/* large attack surfaces an appliance does not need */
	SYS_bpf, SYS_perf_event_open, SYS_userfaultfd,
	SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register,
	/* other processes: their memory, their fds, comparing their kernel
	 * objects (/proc/PID/mem is a path: the kernel's ptrace rules
	 * govern it, the filter cannot) */
	SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev,
	SYS_process_madvise, SYS_pidfd_getfd, SYS_kcmp,
};

/* The argument rules compare the low 32 bits of one argument, where the
 * kernel takes an int (ioctl's request, socket's family, personality,
 * clone's flags: the kernel drops their high bits, so must the filter,
 * or setting one would pass a compare of all 64). */
enum test {
	WHOLE,		/* the syscall, whatever its arguments */
	REFUSE,		/* the argument is one of v[] */
	ONLY,		/* the argument is none of v[] */
	BITS,		/* the argument has a bit of v[0] */
};

struct rule {
	int nr;
	enum test test;
	unsigned arg;
	const uint32_t *v;
	size_t nv;
	int err;		/* what a refused call returns */
	bool ns;		/* a namespace rule: none with CAP_SYS_ADMIN kept */
	const char *what;	/* for --print-config */
};

#define V(a) a, LEN(a)

/* The caller's terminal stays out of reach (CVE-2017-5226) even where
 * the kernel would allow it (CAP_SYS_ADMIN, a shared session). */
static const uint32_t tty_push[] = { TIOCSTI, TIOCLINUX };
/* AF_VSOCK talks to the host past any network namespace; AF_ALG is the
 * kernel's crypto API, an attack surface an appliance does not need.
 * Refused as a kernel without them would. */
static const uint32_t families[] = { AF_VSOCK, AF_ALG };
/* Docker's harmless ones: PER_LINUX, PER_LINUX32, UNAME26, the query */
static const uint32_t personas[] = {
	0, PER_LINUX32, UNAME26, UNAME26 | PER_LINUX32, 0xffffffffU,
};
/* CLONE_NEWTIME is 0x80, inside clone's exit signal: only unshare and
 * clone3 take it, and both are refused whole */
static const uint32_t ns_flags[] = {
	CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER |
	CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP,
};

static const struct rule rules[] = {
	{ SYS_ioctl, REFUSE, 1, V(tty_push), EPERM, false,
	  "ioctl TIOCSTI TIOCLINUX" },
	{ SYS_socket, REFUSE, 0, V(families), EAFNOSUPPORT, false,
	  "socket AF_VSOCK AF_ALG" },
	{ SYS_socketpair, REFUSE, 0, V(families), EAFNOSUPPORT, false,
	  "socketpair AF_VSOCK AF_ALG" },
#ifdef SYS_socketcall
	/* socket by way of a pointer: the family is out of the filter's
	 * sight; libcs use the direct calls where this is ENOSYS */
	{ SYS_socketcall, WHOLE, 0, NULL, 0, ENOSYS, false, "socketcall" },
#endif
	{ SYS_personality, ONLY, 0, V(personas), EPERM, false,
	  "personality other than 0 0x8 0x20000 0x20008 0xffffffff" },
	{ SYS_unshare, WHOLE, 0, NULL, 0, EPERM, true, "unshare" },
	{ SYS_setns, WHOLE, 0, NULL, 0, EPERM, true, "setns" },
	{ SYS_clone, BITS, 0, V(ns_flags), EPERM, true,
	  "clone with CLONE_NEW* flags" },
	/* its flags are behind a pointer: libcs then fall back to clone */
	{ SYS_clone3, WHOLE, 0, NULL, 0, ENOSYS, true, "clone3" },
};

/* The filter's returns, at its end in this order: the deny-list and the
 * rules jump forward to them. */
static const int rets[] = { 0, EPERM, ENOSYS, EAFNOSUPPORT };

#define RULES_MAX 40	/* instructions of the rules, at most */
#define TREE_DEPTH 3	/* levels of the search: 7 of its compares, 8 lists */

/* Header, the deny-list (check.c holds it to SECCOMP_MAX), the rules,
 * the tree's compares, the returns. No jump can be longer than the
 * program: the 8 bits of a conditional jump reach anywhere in it. */
#define PROG_MAX (5 + SECCOMP_MAX + RULES_MAX + (1 << TREE_DEPTH) - 1 + \
		  LEN(rets))
_Static_assert(PROG_MAX <= 256, "seccomp.c: a jump may not reach the end");
_Static_assert(PROG_MAX <= SECCOMP_PROG, "seccomp.c: SECCOMP_PROG too small");

/* A number of the deny-list (r NULL) or of an argument rule. */
struct entry {
	uint32_t nr;
	const struct rule *r;
};

/* The filter while it is built, in stage_seccomp's frame. */
struct filter {
	struct sock_filter prog[PROG_MAX];
	/* Where each jump goes: 0 keeps the jt or jf written, 1 + i is
	 * rets[i], resolved when the end is known. */
	unsigned char to_ret[PROG_MAX][2];
	size_t len;
	struct entry e[SECCOMP_MAX + LEN(rules)];	/* by number */
};

/* The list the configuration gives, or the default one. */
size_t
seccomp_list(const struct config *c, const int **list)
{
	*list = c->seccomp_deny ? c->seccomp_deny : deny_default;
	return c->seccomp_deny ? c->nseccomp_deny : LEN(deny_default);
}

/* The i-th argument rule in force, or NULL past the last. */
const char *
seccomp_rule(const struct config *c, size_t i, int *err)
{
	size_t k;
	bool ns = !caps_keep(c, CAP_SYS_ADMIN);

	for (k = 0; k < LEN(rules); k++) {
		if ((ns || !rules[k].ns) && i-- == 0) {
			*err = rules[k].err;
			return rules[k].what;
		}
	}
	return NULL;
}

/* A return as a jump target: a negative number (a skip is >= 0). */
static int
ret(int err)
{
	int i = 0;

	while (i + 1 < (int)LEN(rets) && rets[i] != err)
		i++;
	return -1 - i;
}

/* One instruction; t and f, for a jump: skip that many, or ret(). */
static void
emit(struct filter *fl, uint16_t code, uint32_t k, int t, int f)
{
	if (fl->len == LEN(fl->prog) - LEN(rets))
		return;		/* build() sees it full and refuses */
	fl->prog[fl->len] = (struct sock_filter){ code,
		t < 0 ? 0 : (uint8_t)t, f < 0 ? 0 : (uint8_t)f, k };
	fl->to_ret[fl->len][0] = t < 0 ? (unsigned char)-t : 0;
	fl->to_ret[fl->len][1] = f < 0 ? (unsigned char)-f : 0;
	fl->len++;
}

#define LOAD(fl, off) emit(fl, BPF_LD | BPF_W | BPF_ABS, (uint32_t)(off), 0, 0)
#define JUMP(fl, op, k, t, f) \
	emit(fl, BPF_JMP | (op) | BPF_K, (uint32_t)(k), t, f)

/* The low word of argument i, whatever the byte order. */
static uint32_t
low_word(unsigned i)
{
	return (uint32_t)(offsetof(struct seccomp_data, args) + 8 * i +
			  (__BYTE_ORDER__ == __ORDER_BIG_ENDIAN__ ? 4 : 0));
}

/* A holds the syscall number here, and still does past a rule that did
 * not match: a rule's own block ends in returns only. */
static void
rule(struct filter *fl, const struct rule *r)
{
	int no = ret(r->err), yes = ret(0);
	size_t i;

	if (r->test == WHOLE) {
		JUMP(fl, BPF_JEQ, r->nr, no, 0);
		return;
	}
	JUMP(fl, BPF_JEQ, r->nr, 0, (int)(1 + r->nv));
	LOAD(fl, low_word(r->arg));
	if (r->test == BITS) {
		JUMP(fl, BPF_JSET, r->v[0], no, yes);
		return;
	}
	for (i = 0; i < r->nv; i++) {
		bool last = i + 1 == r->nv;

		if (r->test == REFUSE)
			JUMP(fl, BPF_JEQ, r->v[i], no, last ? yes : 0);
		else
			JUMP(fl, BPF_JEQ, r->v[i], yes, last ? no : 0);
	}
}

/* e[] in order of number, each number once: the deny-list's, then the
 * rules' in force that it does not hold (the deny-list wins, as it came
 * first when the filter was one list). Returns how many. */
static size_t
entries(struct filter *fl, const int *deny, size_t n, bool ns)
{
	struct entry add, *e = fl->e;
	size_t i, j, ne = 0;

	for (i = 0; i < n + LEN(rules); i++) {
		if (i >= n && !ns && rules[i - n].ns)
			continue;
		add.nr = (uint32_t)(i < n ? deny[i] : rules[i - n].nr);
		add.r = i < n ? NULL : &rules[i - n];
		for (j = ne; j > 0 && e[j - 1].nr > add.nr; j--)
			;
		if (j > 0 && e[j - 1].nr == add.nr)
			continue;
		memmove(e + j + 1, e + j, (ne - j) * sizeof(*e));
		e[j] = add;
		ne++;
	}
	return ne;
}

/* A list of the search: a number without a match goes on to the next
 * list, or is allowed (at the last of a list of the deny-list's, or past
 * the program's last list, where rets[0] allows). */
static void
list(struct filter *fl, const struct entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (e[i].r)
			rule(fl, e[i].r);
		else
			JUMP(fl, BPF_JEQ, e[i].nr, ret(EPERM),
			     i + 1 == n ? ret(0) : 0);
	}
}

/* A holds the number: halves by compare, depth times, then lists. */
static void
tree(struct filter *fl, const struct entry *e, size_t n, int depth)
{
	size_t half = n / 2, at = fl->len;

	if (depth == 0 || n < 2) {
		list(fl, e, n);
		return;
	}
	JUMP(fl, BPF_JGE, e[half].nr, 0, 0);	/* jt: past the lower half */
	tree(fl, e, half, depth - 1);
	if (at < fl->len)
		fl->prog[at].jt = (uint8_t)(fl->len - at - 1);
	tree(fl, e + half, n - half, depth - 1);
}

/* Returns the program's length, 0 if it did not fit. */
static size_t
build(struct filter *fl, const struct config *c, const int *deny, size_t n)
{
	bool ns = !caps_keep(c, CAP_SYS_ADMIN);
	size_t i, end;
	int k;

	fl->len = 0;
	LOAD(fl, offsetof(struct seccomp_data, arch));
	JUMP(fl, BPF_JEQ, NATIVE_ARCH, 1, 0);
	/* a foreign ABI (int 0x80 on x86_64) would bypass every number */
	emit(fl, BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS, 0, 0);
	LOAD(fl, offsetof(struct seccomp_data, nr));
#ifdef X32_BIT
	JUMP(fl, BPF_JGE, X32_BIT, ret(EPERM), 0);
#endif
	tree(fl, fl->e, entries(fl, deny, n, ns), TREE_DEPTH);
	if (fl->len == LEN(fl->prog) - LEN(rets))
		return 0;
	end = fl->len;
	for (i = 0; i < LEN(rets); i++)
		fl->prog[fl->len++] = (struct sock_filter)BPF_STMT(BPF_RET |
			BPF_K, rets[i] ? SECCOMP_RET_ERRNO | (uint32_t)rets[i]
				       : SECCOMP_RET_ALLOW);
	for (i = 0; i < end; i++) {
		for (k = 0; k < 2; k++) {
			size_t off;

			if (!fl->to_ret[i][k])
				continue;
			off = end + fl->to_ret[i][k] - 1 - (i + 1);
			if (k == 0)
				fl->prog[i].jt = (uint8_t)off;
			else
				fl->prog[i].jf = (uint8_t)off;
		}
	}
	return fl->len;
}

/* The filter stage_seccomp installs, into prog (SECCOMP_PROG at most):
 * its length, 0 when it did not fit. */
size_t
seccomp_filter(const struct config *c, struct sock_filter *prog)
{
	struct filter fl;
	const int *deny;
	size_t n = seccomp_list(c, &deny), len;

	len = build(&fl, c, deny, n);
	memcpy(prog, fl.prog, len * sizeof(*prog));
	return len;
}

/* Last before exec: the filter would refuse the setup's own mounts.
 * Without CAP_SYS_ADMIN the kernel takes it only under no_new_privs. */
int
stage_seccomp(const struct config *c)
{
	struct sock_filter prog[SECCOMP_PROG];
	struct sock_fprog fp = { .filter = prog };
	const int *deny;

	if (seccomp_list(c, &deny) == 0)
		return 0;
	fp.len = (unsigned short)seccomp_filter(c, prog);
	if (fp.len == 0) {
		say("the filter: longer than %zu instructions",
		    (size_t)PROG_MAX);
		return -E2BIG;
	}
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp, 0, 0) < 0) {
		say("install the filter: %s%s", strerror(errno),
		    errno == EACCES ? " (allow_new_privs needs CAP_SYS_ADMIN "
		    "kept for it)" : "");
		return -errno;
	}
	return 0;
}
