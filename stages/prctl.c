/* SPDX-License-Identifier: MIT */
/* The stages that are one prctl on init's own process (or the
 * appliance's, after the fork): what a parent's death, a dump and an
 * exec may do to it. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "nsinit.h"

static int
set(int option, unsigned long value)
{
	if (prctl(option, value, 0, 0, 0) < 0) {
		say("set: %s", strerror(errno));
		return -errno;
	}
	return 0;
}

/* SIGKILL when the launcher dies: a container is not left running
 * without the process that takes it down. Called again after each
 * credential change, which clears it (the launcher's child after
 * become_root, the appliance after stage_appliance_user). */
int
stage_pdeathsig(const struct config *c)
{
	return set(PR_SET_PDEATHSIG, SIGKILL);
}

/* CVE-2016-9962: a process of the container must not ptrace init nor
 * read its memory. Non-dumpable, /proc/1 belongs to the real root and
 * ptrace needs CAP_SYS_PTRACE over init's mm, which was made outside
 * any user namespace of the container. First thing in init. */
int
stage_nodump(const struct config *c)
{
	return c->init_dumpable ? 0 : set(PR_SET_DUMPABLE, 0);
}

/* No setuid bit or file capability raises what the appliance has; also
 * what lets it install the seccomp filter without CAP_SYS_ADMIN. */
int
stage_nonewprivs(const struct config *c)
{
	return c->allow_new_privs ? 0 : set(PR_SET_NO_NEW_PRIVS, 1);
}
