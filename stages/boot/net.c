/* SPDX-License-Identifier: MIT */
/* The machine's loopback, and its own interface: waited for (its driver may still be
 * probing), then given its address, brought up, and given its default
 * route, with the same netlink code as a container's interfaces. */
#include <errno.h>
#include <string.h>

#include "boot.h"
#include "rtnl.h"

/* The wait in slices of the watchdog's feeding interval, fed between. */
static int
wait_link(struct nl *nl, const char *name, unsigned timeout_ms)
{
	struct timespec end;
	int rc;

	deadline_in(&end, timeout_ms);
	do {
		watchdog_feed();
		rc = nl_wait_link(nl, name, (unsigned)watchdog_slice(ms_left(&end)));
	} while (rc == -ETIMEDOUT && ms_left(&end) > 0);
	return rc;
}

static int
configure(struct nl *nl, const struct boot *b)
{
	struct ip_addr addr, gw;
	int index, rc;

	rc = wait_link(nl, b->iface, b->wait_ms);
	if (rc < 0) {
		say("%s: %s", b->iface, rc == -ETIMEDOUT ?
		    "did not appear in time" : nl_strerror(nl, rc));
		return rc;
	}
	index = nl_link_index(nl, b->iface);
	if (index < 0) {
		say("%s: %s", b->iface, nl_strerror(nl, index));
		return index;
	}
	if (b->address) {
		if (ip_parse(b->address, &addr) < 0) {
			say("%s: not an address", b->address);
			return -EINVAL;
		}
		rc = nl_addr_add(nl, index, &addr, 0);
		if (rc < 0) {
			say("add %s to %s: %s", b->address, b->iface,
			    nl_strerror(nl, rc));
			return rc;
		}
	}
	rc = nl_link_up(nl, b->iface);
	if (rc < 0) {
		say("bring %s up: %s", b->iface, nl_strerror(nl, rc));
		return rc;
	}
	if (!b->gateway)
		return 0;
	if (ip_parse(b->gateway, &gw) < 0) {
		say("%s: not an address", b->gateway);
		return -EINVAL;
	}
	rc = nl_route_add(nl, index, NULL, &gw);
	if (rc < 0)
		say("default route via %s on %s: %s", b->gateway,
		    b->iface, nl_strerror(nl, rc));
	return rc;
}

int
stage_network(const struct config *c)
{
	struct nl nl;
	int rc;

	rc = nl_open_said(&nl);
	if (rc < 0)
		return rc;
	/* the machine's own loopback: nobody else brings it up */
	rc = nl_link_up(&nl, "lo");
	if (rc < 0)
		say("bring lo up: %s", nl_strerror(&nl, rc));
	else if (c->boot.iface)
		rc = configure(&nl, &c->boot);
	nl_close(&nl);
	if (rc == 0 && c->boot.verbose && c->boot.iface)
		info("nsinit: %s up, %s%s%s", c->boot.iface,
		     c->boot.address ? c->boot.address : "no address",
		     c->boot.gateway ? " via " : "",
		     c->boot.gateway ? c->boot.gateway : "");
	return rc;
}
