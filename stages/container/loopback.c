/* SPDX-License-Identifier: MIT */
/* loopback: bring lo up. A new network namespace starts with lo down, and
 * appliances expect 127.0.0.1 to answer; the kernel gives lo its addresses
 * itself once it is up. Runs inside the container's network namespace. */
#include <sched.h>

#include "container.h"
#include "rtnl.h"

int
stage_loopback(const struct config *c)
{
	struct nl nl;
	int err;

	/* without one, lo is the host's: not ours to touch (nor, rootless,
	 * ours to be allowed to) */
	if (!(c->namespaces & CLONE_NEWNET))
		return 0;
	err = nl_open(&nl);
	if (!err)
		err = nl_link_up(&nl, "lo");
	if (err)
		say("bring lo up: %s", nl_strerror(&nl, err));
	nl_close(&nl);
	return err;
}
