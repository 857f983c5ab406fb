/* SPDX-License-Identifier: MIT */
/* single.h: fork and the id changes of a process of one thread. */
#include <errno.h>
#include <grp.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "single.h"

/* the 32-bit ids of an architecture that also has the 16-bit calls */
#ifdef SYS_setresuid32
#define NR_SETRESUID SYS_setresuid32
#define NR_SETRESGID SYS_setresgid32
#define NR_SETGROUPS SYS_setgroups32
#else
#define NR_SETRESUID SYS_setresuid
#define NR_SETRESGID SYS_setresgid
#define NR_SETGROUPS SYS_setgroups
#endif

#ifndef __GLIBC__
/* As fmt.c's, for musl only: the host's tests keep glibc's. No atfork
 * handler is ever registered (stages/caps.c's pthread_atfork), and with
 * one thread musl's fork is its _Fork with nothing around it. */
pid_t
fork(void)
{
	return _Fork();
}

int
setresuid(uid_t r, uid_t e, uid_t s)
{
	return (int)syscall(NR_SETRESUID, r, e, s);
}

int
setresgid(gid_t r, gid_t e, gid_t s)
{
	return (int)syscall(NR_SETRESGID, r, e, s);
}

int
setgroups(size_t n, const gid_t *groups)
{
	return (int)syscall(NR_SETGROUPS, n, groups);
}
#endif
