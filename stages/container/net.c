/* SPDX-License-Identifier: MIT */
/* net: the container's interfaces, from inside its network namespace.
 * The launcher brought them in under their inside names
 * (launcher/net.c); a host interface moved in by someone else still has
 * its host name and is renamed here. Then, per interface: name, MTU and MAC while it is down,
 * up, addresses, routes (an IPv4 gateway is only accepted on a link that
 * is up). Loopback is loopback.c's. */
#include <errno.h>
#include <string.h>
#include <linux/if_addr.h>

#include "container.h"
#include "rtnl.h"

static int
failed(struct nl *nl, const struct net_if *n, const char *what,
       const char *obj, int err)
{
	say("%s: %s%s%s: %s", net_name(n), what, obj ? " " : "",
	    obj ? obj : "", nl_strerror(nl, err));
	return err;
}

/* Its index; a moved host interface not yet renamed gets the new name. */
static int
find(struct nl *nl, const struct net_if *n, struct nl_link *l)
{
	int index = nl_link_index(nl, net_name(n));

	if (index == -ENODEV && n->kind == NET_MOVE && n->host) {
		index = nl_link_index(nl, n->host);
		l->name = net_name(n);
	}
	return index < 0 ? failed(nl, n, "find it", NULL, index) : index;
}

static int
add_addrs(struct nl *nl, const struct net_if *n, int index)
{
	const char *const *s;
	struct ip_addr a;
	int err;

	/* no duplicate detection: the address is usable at once, and the
	 * host side is ours */
	for (s = n->addrs; s && *s; s++) {
		(void)ip_parse(*s, &a);	/* config_check parsed it */
		if ((err = nl_addr_add(nl, index, &a, IFA_F_NODAD)))
			return failed(nl, n, "add address", *s, err);
	}
	return 0;
}

static int
add_route(struct nl *nl, const struct net_if *n, int index, const char *dst,
	  const char *via)
{
	struct ip_addr d, g;
	int err;

	if (dst)
		(void)ip_parse(dst, &d);
	if (via)
		(void)ip_parse(via, &g);
	err = nl_route_add(nl, index, dst ? &d : NULL, via ? &g : NULL);
	if (err)
		return failed(nl, n, dst ? "add route to" : "add default route via",
			      dst ? dst : via, err);
	return 0;
}

static int
add_routes(struct nl *nl, const struct net_if *n, int index)
{
	size_t i;
	int err = 0;

	if (n->gateway4)
		err = add_route(nl, n, index, NULL, n->gateway4);
	if (!err && n->gateway6)
		err = add_route(nl, n, index, NULL, n->gateway6);
	for (i = 0; !err && i < n->nroutes; i++)
		err = add_route(nl, n, index, n->routes[i].dst,
				n->routes[i].via);
	return err;
}

static int
set_up(struct nl *nl, const struct net_if *n)
{
	struct nl_link l = { .mtu = n->mtu }, up = { .up = true };
	unsigned char mac[6];
	int index, err;

	index = find(nl, n, &l);
	if (index < 0)
		return index;
	if (n->mac && mac_parse(n->mac, mac) == 0)
		l.mac = mac;
	if ((l.name || l.mtu || l.mac) && (err = nl_link_set(nl, index, &l)))
		return failed(nl, n, "set name, MTU and MAC", NULL, err);
	if ((err = nl_link_set(nl, index, &up)))
		return failed(nl, n, "bring it up", NULL, err);
	err = add_addrs(nl, n, index);
	return err ? err : add_routes(nl, n, index);
}

int
stage_net(const struct config *c)
{
	struct nl nl;
	size_t i;
	int err;

	if (!c->nnet)
		return 0;
	err = nl_open_said(&nl);
	if (err < 0)
		return err;
	for (i = 0; !err && i < c->nnet; i++)
		err = set_up(&nl, &c->net[i]);
	nl_close(&nl);
	return err;
}
