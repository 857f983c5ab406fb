/* SPDX-License-Identifier: MIT */
/* What a hostile appliance must not reach: init's binary, the limits it
 * runs under, the profile it runs in (init's memory and what exec could
 * raise: prctl.c). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "nsinit.h"
#include "procfs.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U	/* 6.3: asked for where vm.memfd_noexec is set */
#endif

#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

extern char **environ;

static int
copy_exe(int from, int to)
{
	struct stat st;
	off_t off = 0;
	ssize_t n;

	if (fstat(from, &st) < 0)
		return -errno;
	while (off < st.st_size) {
		n = sendfile(to, from, &off, (size_t)(st.st_size - off));
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
	}
	return 0;
}

/* The file on exe (our own binary, or the machine's rescue shell),
 * copied into a sealed memfd that nobody can write, or -errno. */
int
sealed_copy(int exe)
{
	int fd, rc;

	fd = memfd_create("nsinit", MFD_ALLOW_SEALING | MFD_CLOEXEC | MFD_EXEC);
	if (fd < 0 && errno == EINVAL)	/* before 6.3 */
		fd = memfd_create("nsinit", MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = copy_exe(exe, fd);
	if (rc == 0 && fcntl(fd, F_ADD_SEALS, SEALS) < 0)
		rc = -errno;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	return fd;
}

/* CVE-2019-5736: the container's init is this binary, and /proc/1/exe
 * would lead the container to the host's file. Run from a sealed memfd
 * copy instead, which nobody can write; before the clone, so that init
 * is the copy too. The copy knows itself by its seals: no marker in the
 * environment or argv that a caller could set to skip it. Returns only
 * on failure, or when this already is the copy. */
int
exe_sealed(char **argv)
{
	LOG_AS("launcher");
	int exe, fd, rc, seals;

	/* PID 1 of someone else's namespaces may have no /proc */
	exe = procfs_self("exe", O_RDONLY);
	if (exe < 0) {
		say("/proc/self/exe: %s", strerror(-exe));
		return exe;
	}
	seals = fcntl(exe, F_GET_SEALS);	/* EINVAL: not a memfd */
	if (seals >= 0 && (seals & SEALS) == SEALS) {
		close(exe);
		return 0;
	}
	fd = sealed_copy(exe);
	close(exe);
	if (fd < 0) {
		say("copy /proc/self/exe to a sealed memfd: %s",
		    strerror(-fd));
		return fd;
	}
	fexecve(fd, argv, environ);
	rc = -errno;
	say("exec the sealed copy of /proc/self/exe: %s",
	    strerror(errno));
	close(fd);
	return rc;
}

/* A file of our own /proc/<pid>/, through the fd of the procfs mount the
 * mounts stage made (never by the path "/proc", which the image or a bind
 * could have led elsewhere), without a symlink or a crossing into another
 * mount on the way. -ENODEV when there is no such mount. */
int
proc_open(const char *file, int flags)
{
	char path[64];

	if (state.procfd < 0)	/* a procfs by construction when set */
		return -ENODEV;
	snprintf(path, sizeof(path), "%d/%s", (int)getpid(), file);
	return openat2_in(state.procfd, path, flags, RESOLVE_KERNFS);
}

static int
proc_write(const char *file, const char *value)
{
	int fd = proc_open(file, O_WRONLY), rc;

	if (fd < 0)
		return fd;
	rc = write_all(fd, value, strlen(value));
	close(fd);
	return rc;
}

/* In init, after pivot: the appliance inherits it. */
int
stage_oom(const struct config *c)
{
	char value[16];
	int rc;

	if (!c->oom_score_adj)
		return 0;
	snprintf(value, sizeof(value), "%d", *c->oom_score_adj);
	rc = proc_write("oom_score_adj", value);
	if (rc < 0)
		say("oom_score_adj %s: %s", value,
		    rc == -ENODEV ? "/proc is not the container's procfs"
				  : strerror(-rc));
	return rc;
}

static const char *const rlimit_names[RLIM_NLIMITS] = {
	[RLIMIT_CPU] = "cpu", [RLIMIT_FSIZE] = "fsize",
	[RLIMIT_DATA] = "data", [RLIMIT_STACK] = "stack",
	[RLIMIT_CORE] = "core", [RLIMIT_RSS] = "rss",
	[RLIMIT_NPROC] = "nproc", [RLIMIT_NOFILE] = "nofile",
	[RLIMIT_MEMLOCK] = "memlock", [RLIMIT_AS] = "as",
	[RLIMIT_LOCKS] = "locks", [RLIMIT_SIGPENDING] = "sigpending",
	[RLIMIT_MSGQUEUE] = "msgqueue", [RLIMIT_NICE] = "nice",
	[RLIMIT_RTPRIO] = "rtprio", [RLIMIT_RTTIME] = "rttime",
};

/* "nofile" for RLIMIT_NOFILE; NULL for what is not a resource. */
const char *
rlimit_name(int resource)
{
	if (resource < 0 || resource >= RLIM_NLIMITS)
		return NULL;
	return rlimit_names[resource];
}

/* Before the user switch: raising a hard limit needs CAP_SYS_RESOURCE.
 * prlimit on this process, which is what musl's setrlimit does too, but
 * without its fallback for kernels before 2.6.36 that would bring its
 * every-thread machinery (__synccall) into the binary. */
int
stage_rlimits(const struct config *c)
{
	const struct rlim *r;
	struct rlimit l;
	size_t i;

	for (i = 0; i < c->nrlimits; i++) {
		r = &c->rlimits[i];
		l.rlim_cur = r->soft;
		l.rlim_max = r->hard;
		if (prlimit(0, r->resource, &l, NULL) < 0) {
			say("%s: %s", rlimit_name(r->resource),
			    strerror(errno));
			return -errno;
		}
	}
	return 0;
}

static bool
apparmor_enabled(void)
{
	char yes = 0;
	int fd = open("/sys/module/apparmor/parameters/enabled",
		      O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return false;
	if (read(fd, &yes, 1) != 1)
		yes = 0;
	close(fd);
	return yes == 'Y';
}

/* The profile for the exec, through the container's own procfs. Before
 * no_new_privs, which narrows the transitions AppArmor allows. */
int
stage_apparmor(const struct config *c)
{
	char cmd[256];
	int rc;

	if (!c->apparmor_profile)
		return 0;
	if (!apparmor_enabled()) {
		say("%s: AppArmor is not enabled on this kernel",
		    c->apparmor_profile);
		return -EOPNOTSUPP;
	}
	if ((size_t)snprintf(cmd, sizeof(cmd), "exec %s",
			     c->apparmor_profile) >= sizeof(cmd)) {
		say("%s: name too long", c->apparmor_profile);
		return -ENAMETOOLONG;
	}
	rc = proc_write("attr/apparmor/exec", cmd);
	if (rc == -ENOENT)	/* before 5.8 */
		rc = proc_write("attr/exec", cmd);
	if (rc < 0)
		say("%s: %s", c->apparmor_profile,
		    rc == -ENODEV ? "/proc is not the container's procfs"
				  : strerror(-rc));
	return rc;
}

static const char *const masked_default[] = {
	"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
	"/proc/latency_stats", "/proc/sched_debug", "/proc/scsi",
	"/proc/timer_list", "/proc/timer_stats",
	"/sys/firmware", "/sys/devices/virtual/powercap",
	NULL,
};

static const char *const readonly_default[] = {
	"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
	"/proc/sysrq-trigger",
	NULL,
};

/* The lists in force (mask.c masks them, print.c prints them): the
 * configured ones, or the defaults. */
const char *const *
masked_paths(const struct config *c)
{
	return c->masked_paths ? c->masked_paths : masked_default;
}

const char *const *
readonly_paths(const struct config *c)
{
	return c->readonly_paths ? c->readonly_paths : readonly_default;
}

static int
check_paths(const char *what, const char *const *p)
{
	for (; p && *p; p++) {
		if ((strncmp(*p, "/proc/", 6) != 0 || !(*p)[6]) &&
		    (strncmp(*p, "/sys/", 5) != 0 || !(*p)[5])) {
			say("%s %s: must be under /proc/ or /sys/",
			    what, *p);
			return -EINVAL;
		}
	}
	return 0;
}

/* The hardening fields, for config_check. */
int
harden_check(const struct config *c)
{
	size_t i;

	for (i = 0; i < c->nrlimits; i++) {
		if (!rlimit_name(c->rlimits[i].resource) ||
		    c->rlimits[i].soft > c->rlimits[i].hard) {
			say("rlimit %zu: needs an RLIMIT_* and soft "
			    "at most hard", i);
			return -EINVAL;
		}
	}
	for (i = 0; i < c->nseccomp_deny; i++) {
		if (c->seccomp_deny[i] < 0) {
			say("seccomp_deny %zu: not a syscall number",
			    i);
			return -EINVAL;
		}
	}
	if (c->oom_score_adj && (*c->oom_score_adj < -1000 ||
				 *c->oom_score_adj > 1000)) {
		say("oom_score_adj is -1000..1000");
		return -EINVAL;
	}
	if (c->apparmor_profile && !c->apparmor_profile[0]) {
		say("apparmor_profile: empty name");
		return -EINVAL;
	}
	if (check_paths("masked path", c->masked_paths) < 0)
		return -EINVAL;
	return check_paths("read-only path", c->readonly_paths);
}
