/* SPDX-License-Identifier: MIT */
/* Capabilities, with libcap-ng: only the configured ones stay, in the
 * bounding, permitted and effective sets; inheritable and ambient stay
 * empty unless ambient_caps asks for them (CVE-2022-29162). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <linux/capability.h>
#include <cap-ng.h>

#include "capname.h"
#include "nsinit.h"

/* capng_apply returns small negative numbers that are not errnos: the
 * failed system call's errno says more. The capabilities themselves were
 * checked before (granted), so this is what nothing could foresee. */
static int
apply(capng_select_t set, const char *what)
{
	int err;

	errno = 0;
	if (capng_apply(set) >= 0)
		return 0;
	err = errno ? errno : EPERM;
	say("apply the %s: %s", what, strerror(err));
	return -err;
}

/* Whether cap can be kept: the runtime that started init (a podman
 * ENTRYPOINT gets fewer than root has) must have left it in the bounding
 * and the permitted set. Said, with the capability's name, when not. */
static int
granted(int cap)
{
	const char *why = NULL;
	char num[16];
	const char *name;

	if (prctl(PR_CAPBSET_READ, (unsigned long)cap, 0, 0, 0) != 1)
		why = "not in the bounding set this runtime granted";
	else if (!cap_permitted(cap))
		why = "not in the permitted set this runtime granted";
	if (!why)
		return 0;
	name = cap_name(cap, num, sizeof(num));
	if (name)
		say("keep cap_%s: %s", name, why);
	else
		say("keep capability %d: this kernel does not know it", cap);
	return -EPERM;
}

/* Kept when the configuration names none ("Shocker" was a default set
 * with CAP_DAC_READ_SEARCH): no SYS_ADMIN, SYS_MODULE, SYS_PTRACE,
 * DAC_READ_SEARCH, NET_RAW, MKNOD (/dev is made by init), SETFCAP. */
static const int caps_default[] = {
	CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FOWNER, CAP_FSETID, CAP_KILL,
	CAP_SETGID, CAP_SETUID, CAP_SETPCAP, CAP_NET_BIND_SERVICE,
	CAP_SYS_CHROOT, CAP_AUDIT_WRITE,
};

/* caps NULL: the default set; an empty list: none. */
size_t
caps_list(const struct config *c, const int **list)
{
	*list = c->caps ? c->caps : caps_default;
	return c->caps ? c->ncaps : LEN(caps_default);
}

/* Whether the appliance keeps cap (CAP_*), as caps_list says. */
bool
caps_keep(const struct config *c, int cap)
{
	const int *list;
	size_t i, n = caps_list(c, &list);

	for (i = 0; i < n; i++)
		if (list[i] == cap)
			return true;
	return false;
}

/* The row "caps": the configured set checked against what the runtime
 * granted (its "keep cap_X" lines), and the bounding set cut to it. Runs
 * while still root: dropping from the bounding set needs CAP_SETPCAP,
 * which the user switch may take away. The sets prepared here are
 * applied by stage_caps_sets, as the user. */
int
stage_caps(const struct config *c)
{
	capng_type_t type = CAPNG_EFFECTIVE | CAPNG_PERMITTED |
			    CAPNG_BOUNDING_SET;
	const int *caps;
	size_t i, n = caps_list(c, &caps);

	if (c->ambient_caps)
		type |= CAPNG_INHERITABLE | CAPNG_AMBIENT;
	for (i = 0; i < n; i++)
		if (granted(caps[i]) < 0)
			return -EPERM;
	capng_clear(CAPNG_SELECT_ALL);
	for (i = 0; i < n; i++) {
		if (capng_update(CAPNG_ADD, type, (unsigned)caps[i]) < 0) {
			say("capability %d: unknown", caps[i]);
			return -EINVAL;
		}
	}
	return apply(CAPNG_SELECT_BOUNDS, "bounding set");
}

/* After the user switch; ambient last: it needs permitted+inheritable. */
int
stage_caps_sets(const struct config *c)
{
	int rc = apply(CAPNG_SELECT_CAPS, "capability sets");

	return rc < 0 ? rc : apply(CAPNG_SELECT_AMBIENT, "ambient set");
}

/* libcap-ng reports a failed capng_apply with syslog(3) as well. A
 * container's init has no syslog daemon to hear it and its own log is
 * the place for it: this definition replaces libc's (and keeps libc's
 * syslog, time zone and strftime code out of the binary). */
void
syslog(int priority, const char *fmt, ...)
{
	char line[200];
	va_list ap;

	(void)priority;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	warn("%s", line);
}

/* libcap-ng reads the bounding and ambient sets from /proc/PID/status
 * with fopen, fgets and sscanf, and, where it cannot open that file (no
 * /proc), asks the kernel for each capability with prctl. The answer
 * is the same; the prctl way spares the kernel three renderings of the
 * status file per start, and the binary musl's stdio and scanf. These
 * definitions replace libc's: fopen fails as it does without /proc, and
 * the others, which libcap-ng calls only on a stream it opened, are
 * never reached. Nothing else in nsinit uses stdio streams for input. */
FILE *
fopen(const char *path, const char *mode)
{
	(void)path, (void)mode;
	errno = ENOENT;
	return NULL;
}

char *
fgets(char *s, int size, FILE *f)
{
	(void)s, (void)size, (void)f;
	return NULL;
}

int
fclose(FILE *f)
{
	(void)f;
	return 0;
}

int
__fsetlocking(FILE *f, int type)
{
	(void)f, (void)type;
	return 0;
}

int
sscanf(const char *s, const char *fmt, ...)
{
	(void)s, (void)fmt;
	return EOF;
}

/* libcap-ng's constructor asks to reset its state in the child after
 * each fork. nsinit changes that state only in the appliance's process,
 * after its fork, and init never before one: there is nothing to reset.
 * This definition replaces libc's, which would allocate (malloc) for
 * the handler. */
int
pthread_atfork(void (*prepare)(void), void (*parent)(void),
	       void (*child)(void))
{
	(void)prepare, (void)parent, (void)child;
	return 0;
}
