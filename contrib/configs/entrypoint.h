/* SPDX-License-Identifier: MIT */
/* nsinit as the ENTRYPOINT of someone else's container (podman, Docker,
 * Kubernetes), doing what tini and catatonit do, with no capability at
 * all: no namespace, mount, /dev or network of its own; the runtime's
 * environment, working directory, user, groups, capabilities, umask and
 * devices as they are. It reaps, forwards signals, passes the exit status
 * on and ends the rest with a grace period; started as another PID than
 * 1 it is the appliance's subreaper (tini -s).
 *
 *   make entrypoint             -> build/entrypoint/init
 *   ENTRYPOINT ["/sbin/nsinit", "--"]  and the command as CMD
 *
 * The command is always the one after "--": argv below is only what runs
 * without one. */

static const char *const entrypoint_argv[] = { "/bin/sh", NULL };

/* The runtime's seccomp profile and no_new_privs are its own business:
 * no filter of nsinit's (one would need no_new_privs, which would break
 * setuid programs the image may use), and none of its lists. */
static const int entrypoint_no_seccomp[] = { 0 };

static const struct config config = {
	.inherit = INHERIT_ALL,
	.argv = entrypoint_argv,
	.grace_ms = 10000,		/* podman and Docker stop after 10 s */
	.signal_group = false,		/* as tini; true: as tini -g */
	.seccomp_deny = entrypoint_no_seccomp,
	.nseccomp_deny = 0,
	.allow_new_privs = true,
	.no_exe_copy = false,		/* /proc/1/exe stays a sealed copy */
};
