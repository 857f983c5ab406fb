/* SPDX-License-Identifier: MIT */
/* enosys NAME[,NAME...] -- CMD [ARG...]: runs CMD with the named system
 * calls answering as an older kernel would, through a seccomp filter
 * that CMD and everything it starts inherit:
 *   a syscall's name   ENOSYS, as a kernel that predates it
 *   close_range_cloexec  EINVAL for close_range with CLOSE_RANGE_CLOEXEC,
 *                      as 5.10 answers (the flag is 5.11)
 * Root installs the filter without no_new_privs (setuid programs and file
 * capabilities keep working under it); anyone else gets no_new_privs.
 * Exit status: CMD's, or 125 when the filter cannot be made. */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

#include "../lib/arch.h"

#define CLOEXEC_FLAG 4U		/* CLOSE_RANGE_CLOEXEC */

static const struct { const char *name; long nr; } calls[] = {
	{ "mount_setattr", SYS_mount_setattr },
	{ "open_tree", SYS_open_tree },
	{ "move_mount", SYS_move_mount },
	{ "fsopen", SYS_fsopen },
	{ "fsconfig", SYS_fsconfig },
	{ "fsmount", SYS_fsmount },
	{ "fspick", SYS_fspick },
	{ "openat2", SYS_openat2 },
	{ "clone3", SYS_clone3 },
	{ "close_range", SYS_close_range },
	{ "pidfd_open", SYS_pidfd_open },
	{ "pidfd_send_signal", SYS_pidfd_send_signal },
	{ "faccessat2", SYS_faccessat2 },
	{ "statx", SYS_statx },
};

#define MAXF 64
static struct sock_filter f[MAXF];
static unsigned short n;

static void
put(unsigned short code, unsigned k, unsigned char jt, unsigned char jf)
{
	f[n++] = (struct sock_filter){ code, jt, jf, k };
}

static long
number(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		if (strcmp(name, calls[i].name) == 0)
			return calls[i].nr;
	return -1;
}

/* One rule per name, each two or five instructions: load nr, compare,
 * and (close_range_cloexec) load the flags and test the bit. */
static int
rule(const char *name)
{
	unsigned flags = offsetof(struct seccomp_data, args[2]);
	long nr = strcmp(name, "close_range_cloexec") == 0 ?
		  SYS_close_range : number(name);

	if (nr < 0 || n + 6 > MAXF)
		return -1;
	put(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr), 0, 0);
	if (nr != SYS_close_range || strcmp(name, "close_range") == 0) {
		put(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 1);
		put(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS, 0, 0);
		return 0;
	}
	put(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)nr, 0, 3);
	put(BPF_LD | BPF_W | BPF_ABS, flags, 0, 0);
	put(BPF_JMP | BPF_JSET | BPF_K, CLOEXEC_FLAG, 0, 1);
	put(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EINVAL, 0, 0);
	return 0;
}

int
main(int argc, char **argv)
{
	char list[512], *name, *save = NULL;
	struct sock_fprog prog;

	if (argc < 4 || strcmp(argv[2], "--") || strlen(argv[1]) >= sizeof(list)) {
		fprintf(stderr, "usage: enosys NAME[,NAME...] -- CMD [ARG...]\n");
		return 125;
	}
	strcpy(list, argv[1]);
	/* another ABI's calls (i386 on x86_64, arm on aarch64) pass */
	put(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch), 0, 0);
	put(BPF_JMP | BPF_JEQ | BPF_K, NATIVE_ARCH, 1, 0);
	put(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	for (name = strtok_r(list, ",", &save); name;
	     name = strtok_r(NULL, ",", &save))
		if (rule(name) < 0) {
			fprintf(stderr, "enosys: %s: unknown or too many\n", name);
			return 125;
		}
	put(BPF_RET | BPF_K, SECCOMP_RET_ALLOW, 0, 0);
	prog.len = n;
	prog.filter = f;
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0 &&
	    (errno != EACCES || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 ||
	     prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)) {
		perror("enosys: seccomp");
		return 125;
	}
	execvp(argv[3], argv + 3);
	fprintf(stderr, "enosys: %s: %s\n", argv[3], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
