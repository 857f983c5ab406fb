/* The launcher's pty becomes init's controlling terminal and stdio; the
 * appliance later takes the foreground. Without a pty, stdio is inherited
 * as it is. */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "nsinit.h"

int
stage_console(const struct config *c)
{
	int fd;

	if (state.console < 0)
		return 0;
	if (setsid() < 0 || ioctl(state.console, TIOCSCTTY, 0) < 0) {
		say("console", "make the pty the controlling terminal: %s",
		    strerror(errno));
		return -errno;
	}
	for (fd = 0; fd < 3; fd++) {
		if (dup2(state.console, fd) < 0) {
			say("console", "pty as fd %d: %s", fd, strerror(errno));
			return -errno;
		}
	}
	return 0;
}
