/* SPDX-License-Identifier: MIT */
/* The launcher's pty becomes init's controlling terminal and stdio; the
 * appliance later takes the foreground. Without a pty, stdio is inherited
 * (the launcher has put pipes of its own where the caller had a
 * terminal), but never the caller's session: a terminal there would be
 * the appliance's controlling terminal too, and TIOCSTI on it would push
 * commands into the caller's shell (CVE-2017-5226). */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "container.h"

/* Started by the launcher, init is never a group leader and setsid
 * works; started by someone else it may already lead a session (fine)
 * or only a process group of the caller's session (refused). */
static int
new_session(void)
{
	int err;

	if (setsid() >= 0)
		return 0;
	err = errno;
	if (getsid(0) == getpid())
		return 0;
	say("a session of its own: %s%s", strerror(err),
	    err == EPERM ? " (init leads a process group of its caller's "
	    "session)" : "");
	return -err;
}

int
stage_console(const struct config *c)
{
	int fd;

	if (state.console < 0)
		return new_session();
	if (setsid() < 0 || ioctl(state.console, TIOCSCTTY, 0) < 0) {
		say("make the pty the controlling terminal: %s",
		    strerror(errno));
		return -errno;
	}
	for (fd = 0; fd < 3; fd++) {
		if (dup2(state.console, fd) < 0) {
			say("pty as fd %d: %s", fd, strerror(errno));
			return -errno;
		}
	}
	return 0;
}
