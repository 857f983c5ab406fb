/* SPDX-License-Identifier: MIT */
/* What init keeps across stages (struct state, nsinit.h): one for the
 * process, written by the stages that make each part and read by those
 * that follow, in the launcher's child, the container's init, the
 * machine's init and the appliance's process after the fork. */
#include "nsinit.h"

struct state state;	/* in .bss, not .data, it costs the binary nothing:
			 * its fds are set to -1 by state_init */

/* First thing in main: no fd is open yet. */
void
state_init(void)
{
	state.rootfd = state.procfd = state.sysfd = -1;
	state.console = state.report = state.wd.fd = -1;
	state.stdio[0] = state.stdio[1] = state.stdio[2] = -1;
	state.rescue_fd = -1;
}
