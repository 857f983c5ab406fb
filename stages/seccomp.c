/* A seccomp filter in plain BPF: the syscalls of the deny-list fail with
 * EPERM, everything else is allowed. Installed last before exec, in the
 * appliance's process only: init itself is not filtered. */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "nsinit.h"

/* The numbers of <sys/syscall.h> are this architecture's: the filter
 * must see a call of this architecture to compare them. */
#if defined(__x86_64__)
#define ARCH AUDIT_ARCH_X86_64
#define X32_BIT 0x40000000U	/* same arch, other numbers: the x32 ABI */
#elif defined(__aarch64__)
#define ARCH AUDIT_ARCH_AARCH64
#elif defined(__arm__)
#define ARCH AUDIT_ARCH_ARM
#elif defined(__i386__)
#define ARCH AUDIT_ARCH_I386
#elif defined(__riscv) && __riscv_xlen == 64
#define ARCH AUDIT_ARCH_RISCV64
#else
#error "seccomp.c: add this architecture's AUDIT_ARCH_*"
#endif

/* What container profiles commonly refuse; names as in README.md. */
static const int deny_default[] = {
	/* the kernel itself: modules, kexec, swap, accounting, log, time */
	SYS_init_module, SYS_finit_module, SYS_delete_module,
	SYS_kexec_load,
#ifdef SYS_kexec_file_load
	SYS_kexec_file_load,
#endif
	SYS_swapon, SYS_swapoff, SYS_acct, SYS_quotactl, SYS_syslog,
	SYS_settimeofday, SYS_clock_settime, SYS_clock_adjtime, SYS_vhangup,
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
	SYS_move_mount, SYS_fsopen, SYS_fsconfig, SYS_fsmount, SYS_fspick,
	SYS_mount_setattr,
	/* files by handle ("Shocker"), keyrings (not namespaced) */
	SYS_open_by_handle_at, SYS_keyctl, SYS_add_key, SYS_request_key,
	/* large attack surfaces an appliance does not need */
	SYS_bpf, SYS_perf_event_open, SYS_userfaultfd,
	SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register,
	/* other processes' memory */
	SYS_ptrace, SYS_process_vm_readv, SYS_process_vm_writev,
};

#define STMT(code, k) ((struct sock_filter)BPF_STMT(code, k))
#define JUMP(code, k, jt, jf) ((struct sock_filter)BPF_JUMP(code, k, jt, jf))

/* Header, one compare per syscall, allow, deny. Jumps are 8 bits wide:
 * check.c holds a configured list to SECCOMP_MAX. */
static struct sock_filter prog[5 + SECCOMP_MAX + 2];

/* The list the configuration gives, or the default one. */
size_t
seccomp_list(const struct config *c, const int **list)
{
	*list = c->seccomp_deny ? c->seccomp_deny : deny_default;
	return c->seccomp_deny ? c->nseccomp_deny : LEN(deny_default);
}

static size_t
build(const int *deny, size_t n)
{
	size_t i, len = 0;

	prog[len++] = STMT(BPF_LD | BPF_W | BPF_ABS,
			   offsetof(struct seccomp_data, arch));
	prog[len++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K, ARCH, 1, 0);
	/* a foreign ABI (int 0x80 on x86_64) would bypass every number */
	prog[len++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	prog[len++] = STMT(BPF_LD | BPF_W | BPF_ABS,
			   offsetof(struct seccomp_data, nr));
#ifdef X32_BIT
	prog[len++] = JUMP(BPF_JMP | BPF_JGE | BPF_K, X32_BIT,
			   (unsigned char)(n + 1), 0);
#endif
	for (i = 0; i < n; i++)
		prog[len++] = JUMP(BPF_JMP | BPF_JEQ | BPF_K,
				   (unsigned)deny[i], (unsigned char)(n - i), 0);
	prog[len++] = STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	prog[len++] = STMT(BPF_RET | BPF_K,
			   SECCOMP_RET_ERRNO | (EPERM & SECCOMP_RET_DATA));
	return len;
}

/* Last before exec: the filter would refuse the setup's own mounts.
 * Without CAP_SYS_ADMIN the kernel takes it only under no_new_privs. */
int
stage_seccomp(const struct config *c)
{
	struct sock_fprog fp;
	const int *deny;
	size_t n = seccomp_list(c, &deny);

	if (n == 0)
		return 0;
	fp.len = (unsigned short)build(deny, n);
	fp.filter = prog;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fp, 0, 0) < 0) {
		say("seccomp", "install the filter: %s%s", strerror(errno),
		    errno == EACCES ? " (allow_new_privs needs CAP_SYS_ADMIN "
		    "kept for it)" : "");
		return -errno;
	}
	return 0;
}
