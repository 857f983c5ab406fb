/* SPDX-License-Identifier: MIT */
/* rtnl.h: rtnetlink requests for links, addresses and routes, laid out as
 * rtnetlink(7) and iproute2 do. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <net/if.h>

#include "rtnl.h"
#include "util.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Links. */

void
nl_req_link_get(struct nl_req *rq, void *buf, size_t cap, const char *name)
{
	nl_req_init(rq, buf, cap, RTM_GETLINK, 0);
	(void)nl_put_hdr(rq, sizeof(struct ifinfomsg));
	/* Without counters the answer stays far below NL_RX_MAX. */
	nl_put_u32(rq, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	nl_put_str(rq, IFLA_IFNAME, name);
}

/* By index when there is one, else by name: the kernel looks the name up
 * itself, which saves a round trip. */
void
nl_req_link_up(struct nl_req *rq, void *buf, size_t cap, int index,
	       const char *name)
{
	struct ifinfomsg *ifi;

	nl_req_init(rq, buf, cap, RTM_NEWLINK, 0);
	ifi = nl_put_hdr(rq, sizeof(*ifi));
	if (!ifi)
		return;
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = index;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	if (!index)
		nl_put_str(rq, IFLA_IFNAME, name);
}

/* The index of link name, or -errno (-ENODEV: no such link). */
int
nl_link_index(struct nl *nl, const char *name)
{
	NL_BUF(buf);
	struct nl_req rq;
	struct ifinfomsg ifi;
	int err;

	nl_req_link_get(&rq, buf, sizeof(buf), name);
	err = nl_talk(nl, &rq, &ifi, sizeof(ifi));
	if (err)
		return err;
	return ifi.ifi_index > 0 ? ifi.ifi_index : -EBADMSG;
}

int
nl_link_up(struct nl *nl, const char *name)
{
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_link_up(&rq, buf, sizeof(buf), 0, name);
	return nl_talk(nl, &rq, NULL, 0);
}

/* Link, address and route requests, as iproute2 lays them out (see the
 * unit tests), with NLA_F_NESTED on nests as the kernel now prefers. */

void
nl_req_link_set(struct nl_req *rq, void *buf, size_t cap, int index,
		const struct nl_link *l)
{
	struct ifinfomsg *ifi;

	nl_req_init(rq, buf, cap, RTM_NEWLINK, 0);
	ifi = nl_put_hdr(rq, sizeof(*ifi));
	if (!ifi)
		return;
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = index;
	if (l->up)
		ifi->ifi_flags = ifi->ifi_change = IFF_UP;
	if (l->name)
		nl_put_str(rq, IFLA_IFNAME, l->name);
	if (l->mtu)
		nl_put_u32(rq, IFLA_MTU, l->mtu);
	if (l->mac)
		nl_put(rq, IFLA_ADDRESS, l->mac, 6);
	if (l->master)
		nl_put_u32(rq, IFLA_MASTER, (uint32_t)l->master);
	if (l->ns_by == NL_NS_PID)
		nl_put_u32(rq, IFLA_NET_NS_PID, (uint32_t)l->ns);
	else if (l->ns_by == NL_NS_FD)
		nl_put_u32(rq, IFLA_NET_NS_FD, (uint32_t)l->ns);
}

/* By index when there is one (the kernel then ignores a name), else by
 * name. */
void
nl_req_link_del(struct nl_req *rq, void *buf, size_t cap, int index,
		const char *name)
{
	struct ifinfomsg *ifi;

	nl_req_init(rq, buf, cap, RTM_DELLINK, 0);
	ifi = nl_put_hdr(rq, sizeof(*ifi));
	if (ifi)
		ifi->ifi_index = index;
	if (!index)
		nl_put_str(rq, IFLA_IFNAME, name);
}

/* Without its NUL, as iproute2 sends it (an NLA_STRING takes both). */
static void
put_kind(struct nl_req *rq, const char *kind)
{
	nl_put(rq, IFLA_INFO_KIND, kind, strlen(kind));
}

/* RTM_NEWLINK that creates a link: ifinfomsg, then what the caller puts. */
static void
req_new_link(struct nl_req *rq, void *buf, size_t cap)
{
	nl_req_init(rq, buf, cap, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	(void)nl_put_hdr(rq, sizeof(struct ifinfomsg));
}

/* The peer is a whole link request of its own inside the veth's data:
 * an ifinfomsg and its attributes. Made straight in the peer's network
 * namespace, it never shows up on the host, not even for a moment. */
void
nl_req_veth_add(struct nl_req *rq, void *buf, size_t cap, const char *name,
		const char *peer, pid_t peer_ns)
{
	struct nlattr *info, *data, *p;

	req_new_link(rq, buf, cap);
	nl_put_str(rq, IFLA_IFNAME, name);
	info = nl_nest_start(rq, IFLA_LINKINFO);
	put_kind(rq, "veth");
	data = nl_nest_start(rq, IFLA_INFO_DATA);
	p = nl_nest_start(rq, VETH_INFO_PEER);
	(void)nl_put_hdr(rq, sizeof(struct ifinfomsg));
	if (peer_ns)
		nl_put_u32(rq, IFLA_NET_NS_PID, (uint32_t)peer_ns);
	nl_put_str(rq, IFLA_IFNAME, peer);
	nl_nest_end(rq, p);
	nl_nest_end(rq, data);
	nl_nest_end(rq, info);
}

/* Bridge mode: macvlans on one lower link reach each other. The lower
 * link is looked up in the caller's namespace, the new one made in ns. */
void
nl_req_macvlan_add(struct nl_req *rq, void *buf, size_t cap,
		   const char *name, int lower, pid_t ns)
{
	struct nlattr *info, *data;

	req_new_link(rq, buf, cap);
	nl_put_u32(rq, IFLA_LINK, (uint32_t)lower);
	nl_put_str(rq, IFLA_IFNAME, name);
	if (ns)
		nl_put_u32(rq, IFLA_NET_NS_PID, (uint32_t)ns);
	info = nl_nest_start(rq, IFLA_LINKINFO);
	put_kind(rq, "macvlan");
	data = nl_nest_start(rq, IFLA_INFO_DATA);
	nl_put_u32(rq, IFLA_MACVLAN_MODE, MACVLAN_MODE_BRIDGE);
	nl_nest_end(rq, data);
	nl_nest_end(rq, info);
}

/* IFA_LOCAL is the address, IFA_ADDRESS the peer's, the same on a link
 * that is not point-to-point. Flags past the 8 bits of ifa_flags go in
 * IFA_FLAGS. */
void
nl_req_addr_add(struct nl_req *rq, void *buf, size_t cap, int index,
		const struct ip_addr *a, unsigned flags)
{
	struct ifaddrmsg *ifa;

	nl_req_init(rq, buf, cap, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
	ifa = nl_put_hdr(rq, sizeof(*ifa));
	if (!ifa)
		return;
	ifa->ifa_family = (unsigned char)a->family;
	ifa->ifa_prefixlen = (unsigned char)a->prefix;
	ifa->ifa_flags = (unsigned char)flags;
	ifa->ifa_index = (unsigned)index;
	nl_put(rq, IFA_LOCAL, a->bytes, ip_len(a));
	nl_put(rq, IFA_ADDRESS, a->bytes, ip_len(a));
	if (flags > 0xff)
		nl_put_u32(rq, IFA_FLAGS, flags);
}

/* Main table, unicast, protocol "boot" as iproute2 marks what a user
 * configured; an IPv4 route without a gateway is scoped to the link. */
void
nl_req_route_add(struct nl_req *rq, void *buf, size_t cap, int index,
		 const struct ip_addr *dst, const struct ip_addr *gw)
{
	const struct ip_addr *any = dst ? dst : gw;
	struct rtmsg *rtm;

	nl_req_init(rq, buf, cap, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
	rtm = nl_put_hdr(rq, sizeof(*rtm));
	if (!rtm)
		return;
	if (!any || (dst && gw && dst->family != gw->family)) {
		rq->err = -EINVAL;
		return;
	}
	rtm->rtm_family = (unsigned char)any->family;
	rtm->rtm_dst_len = dst ? (unsigned char)dst->prefix : 0;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = gw || any->family == AF_INET6 ? RT_SCOPE_UNIVERSE :
			 RT_SCOPE_LINK;
	rtm->rtm_type = RTN_UNICAST;
	if (dst)
		nl_put(rq, RTA_DST, dst->bytes, ip_len(dst));
	if (gw)
		nl_put(rq, RTA_GATEWAY, gw->bytes, ip_len(gw));
	nl_put_u32(rq, RTA_OIF, (uint32_t)index);
}

int
nl_link_set(struct nl *nl, int index, const struct nl_link *l)
{
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_link_set(&rq, buf, sizeof(buf), index, l);
	return nl_talk(nl, &rq, NULL, 0);
}

int
nl_link_del(struct nl *nl, int index, const char *name)
{
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_link_del(&rq, buf, sizeof(buf), index, name);
	return nl_talk(nl, &rq, NULL, 0);
}

/* Attribute type among the attributes at a (len bytes): its payload in
 * *val and *vlen (a nest's attributes, for a nest), or -ENOENT. */
static int
find_attr(const unsigned char *a, size_t len, unsigned short type,
	  const unsigned char **val, size_t *vlen)
{
	struct rtattr ra;
	size_t off = 0;

	while (off + sizeof(ra) <= len) {
		memcpy(&ra, a + off, sizeof(ra));
		if (ra.rta_len < sizeof(ra) || ra.rta_len > len - off)
			break;
		if ((ra.rta_type & NLA_TYPE_MASK) == type) {
			*val = a + off + RTA_LENGTH(0);
			*vlen = ra.rta_len - RTA_LENGTH(0);
			return 0;
		}
		off += RTA_ALIGN(ra.rta_len);
	}
	return -ENOENT;
}

/* What the kernel says of link index: its kind (IFLA_INFO_KIND: "veth",
 * "" for a physical one), MAC and MTU. 0, or -ENODEV when there is no
 * such link. */
int
nl_link_info(struct nl *nl, int index, struct nl_link_info *li)
{
	_Alignas(struct ifinfomsg) unsigned char reply[NL_RX_MAX];
	const unsigned char *attrs, *v, *info;
	size_t len, vlen, ilen;
	struct ifinfomsg *ifi;
	struct nl_req rq;
	NL_BUF(buf);
	int err;

	memset(li, 0, sizeof(*li));
	nl_req_init(&rq, buf, sizeof(buf), RTM_GETLINK, 0);
	ifi = nl_put_hdr(&rq, sizeof(*ifi));
	if (ifi)
		ifi->ifi_index = index;
	nl_put_u32(&rq, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
	err = nl_talk_whole(nl, &rq, reply, sizeof(reply), &len);
	if (err)
		return err;
	if (len < NLMSG_ALIGN(sizeof(*ifi)))
		return -EBADMSG;
	attrs = reply + NLMSG_ALIGN(sizeof(*ifi));
	len -= NLMSG_ALIGN(sizeof(*ifi));
	if (find_attr(attrs, len, IFLA_ADDRESS, &v, &vlen) == 0 &&
	    vlen == sizeof(li->mac)) {
		memcpy(li->mac, v, vlen);
		li->has_mac = true;
	}
	if (find_attr(attrs, len, IFLA_MTU, &v, &vlen) == 0 && vlen == 4)
		memcpy(&li->mtu, v, 4);
	if (find_attr(attrs, len, IFLA_LINKINFO, &info, &ilen) == 0 &&
	    find_attr(info, ilen, IFLA_INFO_KIND, &v, &vlen) == 0) {
		if (vlen && v[vlen - 1] == '\0')
			vlen--;
		if (vlen >= sizeof(li->kind))
			vlen = sizeof(li->kind) - 1;
		memcpy(li->kind, v, vlen);
	}
	return 0;
}

int
nl_veth_add(struct nl *nl, const char *name, const char *peer, pid_t peer_ns)
{
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_veth_add(&rq, buf, sizeof(buf), name, peer, peer_ns);
	return nl_talk(nl, &rq, NULL, 0);
}

int
nl_macvlan_add(struct nl *nl, const char *name, int lower, pid_t ns)
{
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_macvlan_add(&rq, buf, sizeof(buf), name, lower, ns);
	return nl_talk(nl, &rq, NULL, 0);
}

int
nl_addr_add(struct nl *nl, int index, const struct ip_addr *a, unsigned flags)
{
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_addr_add(&rq, buf, sizeof(buf), index, a, flags);
	return nl_talk(nl, &rq, NULL, 0);
}

int
nl_route_add(struct nl *nl, int index, const struct ip_addr *dst,
	     const struct ip_addr *gw)
{
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_route_add(&rq, buf, sizeof(buf), index, dst, gw);
	return nl_talk(nl, &rq, NULL, 0);
}

/* Ask the kernel for the route to a (as `ip route get`): a local address
 * of any link of this namespace is reached through a route of type local. */
int
nl_addr_local(struct nl *nl, const struct ip_addr *a)
{
	NL_BUF(buf);
	struct nl_req rq;
	struct rtmsg *rtm, got;
	int err;

	nl_req_init(&rq, buf, sizeof(buf), RTM_GETROUTE, 0);
	rtm = nl_put_hdr(&rq, sizeof(*rtm));
	if (rtm) {
		rtm->rtm_family = (unsigned char)a->family;
		rtm->rtm_dst_len = (unsigned char)(ip_len(a) * 8);
	}
	nl_put(&rq, RTA_DST, a->bytes, ip_len(a));
	err = nl_talk(nl, &rq, &got, sizeof(got));
	if (err == -ENETUNREACH || err == -EHOSTUNREACH)
		return 0;
	return err < 0 ? err : got.rtm_type == RTN_LOCAL;
}

/* Waiting for a link: link events wake us, and then we ask again. An
 * event that came while we asked is read and dropped by nl_talk, but then
 * the answer already saw its link; one that comes later is still queued. */

/* Sleep until a datagram comes or ms pass, then drop what is queued:
 * only the link's presence matters, which we ask for anyway. */
static int
await_event(struct nl *nl, int ms)
{
	struct pollfd p = { .fd = nl->fd, .events = POLLIN };
	ssize_t n;

	if (poll(&p, 1, ms) < 0 && errno != EINTR)
		return -errno;
	do
		n = recv(nl->fd, nl->rx.b, sizeof(nl->rx.b), MSG_DONTWAIT);
	while (n >= 0 || errno == EINTR || errno == ENOBUFS);
	return errno == EAGAIN ? 0 : -errno;
}

int
nl_wait_link(struct nl *nl, const char *name, unsigned timeout_ms)
{
	unsigned group = RTNLGRP_LINK;
	struct timespec end;
	int index, ms;

	if (setsockopt(nl->fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &group,
		       sizeof(group)) < 0)
		return -errno;
	deadline_in(&end, timeout_ms);
	/* ENOBUFS: a burst of events overran the socket; ask again */
	while ((index = nl_link_index(nl, name)) == -ENODEV ||
	       index == -ENOBUFS) {
		ms = ms_left(&end);
		index = ms ? await_event(nl, ms) : -ETIMEDOUT;
		if (index < 0)
			break;
	}
	(void)setsockopt(nl->fd, SOL_NETLINK, NETLINK_DROP_MEMBERSHIP, &group,
			 sizeof(group));
	return index;
}
