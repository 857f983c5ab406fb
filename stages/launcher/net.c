/* SPDX-License-Identifier: MIT */
/* The host side of the container's interfaces, done by the launcher
 * between clone and the go, with the child's pid naming its network
 * namespace: veth pairs (host end configured here, peer made straight
 * inside under its inside name), macvlans made inside on a host link,
 * host interfaces moved in and renamed on the way. The container's init
 * does the rest (net.c). On any failure the host is left as it was. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/if_addr.h>
#include <net/if.h>

#include "host.h"

static void
host_name(const struct net_if *n, size_t i, struct host_if *h)
{
	if (n->host)
		snprintf(h->name, sizeof(h->name), "%s", n->host);
	else if (snprintf(h->name, sizeof(h->name), "nsi%d-%zu", (int)getpid(),
			  i) >= (int)sizeof(h->name))
		h->name[0] = '\0';	/* never: pid_max is 2^22, i < NET_MAX */
}

/* A name that is not a link here: the kernel's ENODEV, said plainly. */
static int
lookup(struct nl *nl, const struct net_if *n, const char *what,
       const char *name)
{
	int index = nl_link_index(nl, name);

	if (index == -ENODEV)
		say("%s: %s %s does not exist on the host",
		    net_name(n), what, name);
	else if (index < 0)
		say("%s: look up %s %s: %s", net_name(n), what, name,
		    nl_strerror(nl, index));
	return index;
}

/* A host address must not be one the host has already: the kernel would
 * take it on a second link and route to whichever it likes. */
static int
addr_free(struct nl *nl, const struct net_if *n, const char *s)
{
	struct ip_addr a;
	int r;

	(void)ip_parse(s, &a);	/* config_check parsed it */
	r = nl_addr_local(nl, &a);
	if (r == 1) {
		say("%s: host address %s is already in use on the host",
		    net_name(n), s);
		return -EADDRINUSE;
	}
	if (r < 0)
		say("%s: look up host address %s: %s", net_name(n), s,
		    nl_strerror(nl, r));
	return r;
}

/* Everything that must already be there, before anything is made. */
static int
resolve(struct nl *nl, const struct net_if *n, size_t i, struct host_net *hn)
{
	struct host_if *h = &hn->ifs[i];
	const char *const *a;
	int r = 0;

	host_name(n, i, h);
	h->made = false;
	h->index = h->bridge = 0;
	h->inner = 0;
	if (n->kind != NET_VETH) {
		r = h->index = lookup(nl, n, "host interface", h->name);
		if (r > 0 && n->kind == NET_MOVE &&
		    (r = nl_link_info(nl, h->index, &h->was)) < 0)
			say("%s: look up host interface %s: %s", net_name(n),
			    h->name, nl_strerror(nl, r));
		return r < 0 ? r : 0;
	}
	if (n->bridge && (r = h->bridge = lookup(nl, n, "bridge", n->bridge)) < 0)
		return r;
	for (a = n->host_addrs; a && *a; a++)
		if ((r = addr_free(nl, n, *a)) < 0)
			return r;
	return 0;
}

static const char *
veth_hint(int err)
{
	if (err == -EEXIST)
		return " (the name is in use on the host)";
	if (err == -EOPNOTSUPP)
		return " (no veth in this kernel: modprobe veth)";
	return "";
}

/* What a peer on the link could otherwise change on the host: a router
 * advertisement from the container would give the host a default route
 * through it and an address of its choosing, a redirect another next hop.
 * Forwarding and proxy ARP are left as the host has them for new links
 * (nsinit never turns them on). IPv4 takes a link's accept_redirects
 * OR'ed with conf/all's on a host that does not forward: the host's own
 * setting there decides (see nsinit(8), NETWORK). */
static const struct {
	const char *family, *key;
} quiet_keys[] = {
	{ "ipv6", "accept_ra" },
	{ "ipv6", "autoconf" },
	{ "ipv6", "accept_redirects" },
	{ "ipv4", "accept_redirects" },
};

/* Written in the launcher's own /proc/sys/net (the host's namespace) for
 * the link just made, while it is still down: it never hears the peer
 * with the host's defaults. A kernel without IPv6 has no ipv6 directory:
 * nothing to quiet there. */
static int
quiet(const struct net_if *n, const struct host_if *h)
{
	char path[96], family[32];
	size_t i;
	int err;

	for (i = 0; i < LEN(quiet_keys); i++) {
		snprintf(family, sizeof(family), "/proc/sys/net/%s",
			 quiet_keys[i].family);
		snprintf(path, sizeof(path), "%s/conf/%s/%s", family,
			 h->name, quiet_keys[i].key);
		err = write_file_at(AT_FDCWD, path, RESOLVE_NO_SYMLINKS, "0");
		if (err == -ENOENT && access(family, F_OK) < 0 && errno == ENOENT)
			continue;
		if (err) {
			say("%s: host end %s: %s: %s", net_name(n), h->name,
			    path, strerror(-err));
			return err;
		}
	}
	return 0;
}

/* The host end: quieted, then MTU, bridge and up in one request, then its
 * addresses, usable at once (no duplicate detection on a link of two).
 * The settings go by name: the index is asked again after them, so that
 * they were the settings of the link we made (only the host could have
 * renamed it meanwhile). */
static int
host_end(struct nl *nl, const struct net_if *n, struct host_if *h)
{
	struct nl_link l = { .mtu = n->mtu, .master = h->bridge, .up = true };
	const char *const *s;
	struct ip_addr a;
	int index, err;

	index = err = h->index;
	if (index > 0 && (err = quiet(n, h)) < 0)
		return err;
	if (index > 0 && nl_link_index(nl, h->name) != index)
		err = -ENODEV;
	if (index > 0 && !err)
		err = nl_link_set(nl, index, &l);
	if (err) {
		say("%s: set up host end %s: %s", net_name(n), h->name,
		    nl_strerror(nl, err));
		return err;
	}
	for (s = n->host_addrs; s && *s; s++) {
		(void)ip_parse(*s, &a);
		err = nl_addr_add(nl, index, &a, IFA_F_NODAD);
		if (err) {
			say("%s: add %s to host end %s: %s", net_name(n),
			    *s, h->name, nl_strerror(nl, err));
			return err;
		}
	}
	return 0;
}

static int
make_veth(struct nl *nl, const struct net_if *n, struct host_if *h, pid_t pid)
{
	int err = nl_veth_add(nl, h->name, net_name(n), pid);

	if (err) {
		say("%s: create veth pair %s: %s%s", net_name(n),
		    h->name, nl_strerror(nl, err), veth_hint(err));
		return err;
	}
	/* its index, asked at once: what teardown deletes, whatever the
	 * name is given to later; 0 (deleted by name) when not known */
	h->made = true;
	h->index = nl_link_index(nl, h->name);
	if (h->index < 0) {
		err = h->index;
		h->index = 0;
		say("%s: look up host end %s: %s", net_name(n), h->name,
		    nl_strerror(nl, err));
		return err;
	}
	return host_end(nl, n, h);
}

static int
make_macvlan(struct nl *nl, const struct net_if *n, struct host_if *h,
	     pid_t pid)
{
	int err = nl_macvlan_add(nl, net_name(n), h->index, pid);

	if (err)
		say("%s: create macvlan on %s: %s", net_name(n),
		    h->name, nl_strerror(nl, err));
	return err;
}

/* Moved and renamed in one request: the kernel renames it over there. */
static int
move_in(struct nl *nl, const struct net_if *n, struct host_if *h, pid_t pid)
{
	struct nl_link l = {
		.name = net_name(n), .ns_by = NL_NS_PID, .ns = pid,
	};
	int err = nl_link_set(nl, h->index, &l);

	if (err)
		say("%s: move %s into the container: %s", net_name(n),
		    h->name, nl_strerror(nl, err));
	return err;
}

/* An rtnetlink socket in the container's network namespace: the
 * launcher steps in for the socket() alone (a socket keeps the namespace
 * it was made in) and straight back; it must never stay there, where its
 * later requests would act on the container's links. */
static int
open_inside(int ns, struct nl *in)
{
	int self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC), err;

	if (self < 0 || setns(ns, CLONE_NEWNET) < 0) {
		err = -errno;
		say("enter the container's network namespace: %s",
		    strerror(-err));
		if (self >= 0)
			close(self);
		return err;
	}
	err = nl_open_said(in);
	if (setns(self, CLONE_NEWNET) < 0) {
		say("back to the host's network namespace: %s",
		    strerror(errno));
		exit(255);	/* never: we were there a moment ago */
	}
	close(self);
	return err;
}

/* The interfaces moved in, by their index in there, learnt before the
 * appliance runs (then their names are still ours); and the container's
 * namespace held, so that they can go back as they came (give_back). */
static int
hold_moved(const struct config *c, struct host_net *hn, pid_t pid)
{
	char path[32];
	struct nl in;
	size_t i;
	int err;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	if ((hn->ns = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		say("%s: %s", path, strerror(errno));
		return -errno;
	}
	if ((err = open_inside(hn->ns, &in)) < 0)
		return err;
	for (i = 0; !err && i < c->nnet; i++) {
		if (c->net[i].kind != NET_MOVE)
			continue;
		err = hn->ifs[i].inner = nl_link_index(&in, net_name(&c->net[i]));
		if (err > 0)
			err = 0;
		else
			say("%s: look up in the container: %s",
			    net_name(&c->net[i]), nl_strerror(&in, err));
	}
	nl_close(&in);
	return err;
}

/* Back to the launcher's namespace (self) under its host name, with the
 * MAC and MTU it had, whatever the appliance made of them; the kernel
 * takes it down on the way. Gone (a virtual one the container deleted)
 * is fine; a host name taken meanwhile leaves it to the kernel. */
static void
move_back(struct nl *in, const struct net_if *n, struct host_if *h, int self)
{
	struct nl_link l = {
		.name = h->name, .mtu = h->was.mtu,
		.mac = h->was.has_mac ? h->was.mac : NULL,
		.ns_by = NL_NS_FD, .ns = self,
	};
	int err = nl_link_set(in, h->inner, &l);

	if (err && err != -ENODEV)
		warn("%s: move %s back to the host: %s", net_name(n),
		     h->name, nl_strerror(in, err));
	h->inner = 0;
}

/* The interfaces moved in go back as they came, and the container's
 * namespace is let go. Without this (a launcher killed by SIGKILL) the
 * kernel's rule applies when the namespace ends: a physical interface
 * goes to the machine's initial namespace under the name it has in
 * there, a virtual one is deleted. */
static void
give_back(const struct config *c, struct host_net *hn)
{
	struct nl in;
	size_t i;
	int self;

	if (hn->ns < 0)
		return;
	self = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self >= 0 && open_inside(hn->ns, &in) == 0) {
		for (i = 0; i < c->nnet; i++)
			if (c->net[i].kind == NET_MOVE && hn->ifs[i].inner > 0)
				move_back(&in, &c->net[i], &hn->ifs[i], self);
		nl_close(&in);
	}
	if (self >= 0)
		close(self);
	close(hn->ns);
	hn->ns = -1;
}

/* Our host end, by the index it had when we made it, and only while that
 * index is still a veth: the container may have deleted the pair (the
 * host end goes with its peer), and then its name may be another owner's
 * link; the kernel does not give an index again before 2^31 more links. */
static void
del_ours(struct nl *nl, struct host_if *h)
{
	struct nl_link_info li;

	if (!h->index) {	/* made, but never found: only just now */
		if (nl_link_del(nl, 0, h->name) == 0)
			h->made = false;
		return;
	}
	if (nl_link_info(nl, h->index, &li) < 0 ||
	    strcmp(li.kind, "veth") != 0 || nl_link_del(nl, h->index, NULL) == 0)
		h->made = false;	/* gone, or no longer ours */
}

/* Delete our veth pairs (the peer goes with its host end); already gone
 * is fine. What lives in the container's namespace goes with it when the
 * child is killed. */
static void
undo(struct nl *nl, const struct config *c, struct host_net *hn)
{
	size_t i;

	for (i = 0; i < c->nnet; i++)
		if (hn->ifs[i].made)
			del_ours(nl, &hn->ifs[i]);
}

/* Checks first, then what can be deleted again, and the moves last: a
 * move cannot be taken back from here once the link is in there. */
static int
bring_in(struct nl *nl, const struct config *c, struct host_net *hn,
	 pid_t pid)
{
	const struct net_if *n;
	size_t i;
	int err = 0;

	for (i = 0; !err && i < c->nnet; i++)
		err = resolve(nl, &c->net[i], i, hn);
	for (i = 0; !err && i < c->nnet; i++) {
		n = &c->net[i];
		if (n->kind == NET_VETH)
			err = make_veth(nl, n, &hn->ifs[i], pid);
		else if (n->kind == NET_MACVLAN)
			err = make_macvlan(nl, n, &hn->ifs[i], pid);
	}
	for (i = 0; !err && i < c->nnet; i++)
		if (c->net[i].kind == NET_MOVE)
			err = move_in(nl, &c->net[i], &hn->ifs[i], pid);
	return err;
}

static bool
moves(const struct config *c)
{
	size_t i;

	for (i = 0; i < c->nnet; i++)
		if (c->net[i].kind == NET_MOVE)
			return true;
	return false;
}

int
host_net_up(const struct config *c, struct host_net *hn, pid_t pid)
{
	LOG_AS("net");
	struct nl nl;
	int err;

	hn->ns = -1;
	if (!c->nnet)
		return 0;
	err = nl_open_said(&nl);
	if (err < 0)
		return err;
	err = bring_in(&nl, c, hn, pid);
	if (!err && moves(c))
		err = hold_moved(c, hn, pid);
	if (err) {
		give_back(c, hn);
		undo(&nl, c, hn);
	}
	nl_close(&nl);
	return err;
}

/* The container has ended. Its namespace takes the veth pairs along, but
 * later, from a kernel worker: until then their names are taken, and a
 * restart or a new run of the same configuration would fail. Deleting
 * them here costs the launcher's exit the kernel's unregistering (some
 * 10 ms, RCU grace periods); the host is clean when the launcher returns.
 * Already gone is fine. */
void
host_net_down(const struct config *c, struct host_net *hn)
{
	struct nl nl;

	give_back(c, hn);
	if (!c->nnet || nl_open(&nl) < 0)
		return;
	undo(&nl, c, hn);
	nl_close(&nl);
}
