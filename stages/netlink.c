/* rtnetlink: build a request in the caller's buffer, send it with
 * NLM_F_ACK, and read back the kernel's own error and extended-ack text.
 * The format is netlink(7) and rtnetlink(7): every message and attribute
 * starts on a 4-byte boundary, and lengths count the header but not the
 * trailing padding of an attribute. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/veth.h>
#include <net/if.h>

#include "netlink.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

int
nl_open(struct nl *nl)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	socklen_t salen = sizeof(sa);
	int on = 1, err;

	nl->seq = 0;
	nl->ext[0] = '\0';
	nl->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (nl->fd < 0)
		return -errno;
	/* Extended acks say what the kernel disliked; capped acks leave our
	 * request out of error replies. Kernels before 4.12 and 4.3 lack
	 * them: the replies still parse, only the text is missing. */
	(void)setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &on, sizeof(on));
	(void)setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &on, sizeof(on));
	/* nl_pid 0: the kernel picks our port; replies carry it. */
	if (bind(nl->fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    getsockname(nl->fd, (struct sockaddr *)&sa, &salen) < 0) {
		err = -errno;
		nl_close(nl);
		return err;
	}
	nl->port = sa.nl_pid;
	return 0;
}

/* nl_open, with the failure reported for stage. */
int
nl_open_for(struct nl *nl, const char *stage)
{
	int rc = nl_open(nl);

	if (rc < 0)
		say(stage, "netlink: %s", strerror(-rc));
	return rc;
}

void
nl_close(struct nl *nl)
{
	if (nl->fd >= 0)
		(void)close(nl->fd);
	nl->fd = -1;
}

/* Building. rq->h->nlmsg_len stays aligned and within rq->cap. */

void
nl_req_init(struct nl_req *rq, void *buf, size_t cap, uint16_t type,
	    uint16_t flags)
{
	rq->h = buf;
	rq->cap = cap > UINT32_MAX ? UINT32_MAX : cap;
	rq->err = 0;
	if ((uintptr_t)buf % NLMSG_ALIGNTO)
		rq->err = -EINVAL;
	else if (rq->cap < NLMSG_HDRLEN)
		rq->err = -EMSGSIZE;
	if (rq->err)
		return;
	memset(rq->h, 0, NLMSG_HDRLEN);
	rq->h->nlmsg_len = NLMSG_HDRLEN;
	rq->h->nlmsg_type = type;
	rq->h->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | flags;
}

/* len zeroed bytes, padded, at the end of the message; NULL once the
 * request has failed or when they do not fit. */
static void *
grow(struct nl_req *rq, size_t len)
{
	size_t at, room;
	unsigned char *p;

	if (rq->err)
		return NULL;
	at = rq->h->nlmsg_len;
	room = rq->cap - at;
	if (len > room || NLMSG_ALIGN(len) > room) {
		rq->err = -EMSGSIZE;
		return NULL;
	}
	p = (unsigned char *)rq->h + at;
	memset(p, 0, NLMSG_ALIGN(len));
	rq->h->nlmsg_len = (uint32_t)(at + NLMSG_ALIGN(len));
	return p;
}

/* The family header right after the netlink header: NULL on failure, which
 * only a buffer smaller than the headers can cause. */
void *
nl_put_hdr(struct nl_req *rq, size_t len)
{
	return grow(rq, len);
}

void
nl_put(struct nl_req *rq, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a;

	if (len > UINT16_MAX - NLA_HDRLEN) {
		if (!rq->err)
			rq->err = -EMSGSIZE;
		return;
	}
	a = grow(rq, NLA_HDRLEN + len);
	if (!a)
		return;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy((unsigned char *)a + NLA_HDRLEN, data, len);
}

void
nl_put_u8(struct nl_req *rq, uint16_t type, uint8_t v)
{
	nl_put(rq, type, &v, sizeof(v));
}

void
nl_put_u16(struct nl_req *rq, uint16_t type, uint16_t v)
{
	nl_put(rq, type, &v, sizeof(v));
}

void
nl_put_u32(struct nl_req *rq, uint16_t type, uint32_t v)
{
	nl_put(rq, type, &v, sizeof(v));
}

/* With its NUL, as the kernel's string policies expect. */
void
nl_put_str(struct nl_req *rq, uint16_t type, const char *s)
{
	nl_put(rq, type, s, strlen(s) + 1);
}

/* An attribute whose payload is the attributes put until nl_nest_end. */
struct nlattr *
nl_nest_start(struct nl_req *rq, uint16_t type)
{
	struct nlattr *a = grow(rq, NLA_HDRLEN);

	if (a) {
		a->nla_type = NLA_F_NESTED | type;
		a->nla_len = NLA_HDRLEN;
	}
	return a;
}

void
nl_nest_end(struct nl_req *rq, struct nlattr *nest)
{
	size_t len;

	if (rq->err || !nest)
		return;
	len = (size_t)((unsigned char *)rq->h + rq->h->nlmsg_len -
		       (unsigned char *)nest);
	if (len > UINT16_MAX) {
		rq->err = -EMSGSIZE;
		return;
	}
	nest->nla_len = (uint16_t)len;
}

/* Replies. buf holds one datagram of any bytes: read headers by copy (no
 * alignment assumed) and check every length against what is left. */

/* The header of the message at *off into h, and *off moved past it:
 * 1, or 0 at the end, or -EBADMSG for a truncated or impossible one. */
static int
next_msg(const unsigned char *buf, size_t len, size_t *off,
	 struct nlmsghdr *h)
{
	size_t left = len - *off;

	if (left == 0)
		return 0;
	if (left < NLMSG_HDRLEN)
		return -EBADMSG;
	memcpy(h, buf + *off, sizeof(*h));
	if (h->nlmsg_len < NLMSG_HDRLEN || h->nlmsg_len > left)
		return -EBADMSG;
	/* The last message may come without its padding. */
	*off += NLMSG_ALIGN((size_t)h->nlmsg_len) < left ?
		NLMSG_ALIGN((size_t)h->nlmsg_len) : left;
	return 1;
}

/* Copy the NLMSGERR_ATTR_MSG string of the attributes in p[0..len) into
 * ext. A malformed attribute ends the search: the text is a courtesy, the
 * error code has been read already. */
static void
copy_ext(const unsigned char *p, size_t len, char *ext, size_t extlen)
{
	struct nlattr a;
	size_t n;

	while (len >= NLA_HDRLEN) {
		memcpy(&a, p, sizeof(a));
		if (a.nla_len < NLA_HDRLEN || a.nla_len > len)
			return;
		if ((a.nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			n = a.nla_len - NLA_HDRLEN;
			if (n > extlen - 1)
				n = extlen - 1;
			memcpy(ext, p + NLA_HDRLEN, n);
			ext[n] = '\0';
			return;
		}
		n = NLA_ALIGN((size_t)a.nla_len);
		if (n >= len)
			return;
		p += n;
		len -= n;
	}
}

/* The verdict in an NLMSG_ERROR message m of length len: 0 for the ack, or
 * the kernel's -errno. Its attributes follow the echoed request header, or
 * the whole request when the kernel did not cap it. */
static int
error_msg(const unsigned char *m, size_t len, uint16_t flags,
	  char *ext, size_t extlen)
{
	struct nlmsgerr e;
	size_t at = NLMSG_HDRLEN + sizeof(e);

	if (len < at)
		return -EBADMSG;
	memcpy(&e, m + NLMSG_HDRLEN, sizeof(e));
	if (e.error > 0 || e.error < -4095)
		return -EBADMSG;
	if (!(flags & NLM_F_CAPPED)) {
		if (e.msg.nlmsg_len < NLMSG_HDRLEN || e.msg.nlmsg_len > len)
			return e.error;
		at = NLMSG_HDRLEN + sizeof(e.error) +
		     NLMSG_ALIGN((size_t)e.msg.nlmsg_len);
	}
	if ((flags & NLM_F_ACK_TLVS) && ext && extlen && at < len)
		copy_ext(m + at, len - at, ext, extlen);
	return e.error;
}

/* The kernel's verdict on request seq from port in one datagram: 0 (ack),
 * its -errno, -EBADMSG for malformed bytes, or NL_MORE when the datagram
 * holds none (other requests' messages, replies that precede the ack). */
int
nl_check_reply(const void *buf, size_t len, uint32_t seq, uint32_t port,
	       char *ext, size_t extlen)
{
	const unsigned char *b = buf;
	struct nlmsghdr h;
	size_t off = 0, at;
	int r;

	if (ext && extlen)
		ext[0] = '\0';
	if (len == 0)
		return -EBADMSG;
	for (;;) {
		at = off;
		r = next_msg(b, len, &off, &h);
		if (r <= 0)
			return r < 0 ? r : NL_MORE;
		if (h.nlmsg_seq != seq || h.nlmsg_pid != port)
			continue;
		if (h.nlmsg_type == NLMSG_ERROR)
			return error_msg(b + at, h.nlmsg_len, h.nlmsg_flags,
					 ext, extlen);
	}
}

/* Copy the payload of the first data message for seq into reply: 1 when
 * found, 0 when not, -EBADMSG when it is shorter than reply. */
static int
copy_reply(const struct nl *nl, size_t len, void *reply, size_t rlen)
{
	struct nlmsghdr h;
	size_t off = 0, at;

	for (;;) {
		at = off;
		if (next_msg(nl->rx.b, len, &off, &h) <= 0)
			return 0;
		if (h.nlmsg_seq != nl->seq || h.nlmsg_pid != nl->port ||
		    h.nlmsg_type < NLMSG_MIN_TYPE)
			continue;
		if (h.nlmsg_len - NLMSG_HDRLEN < rlen)
			return -EBADMSG;
		memcpy(reply, nl->rx.b + at + NLMSG_HDRLEN, rlen);
		return 1;
	}
}

static int
send_req(struct nl *nl, struct nl_req *rq)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	ssize_t n;

	if (rq->err)
		return rq->err;
	rq->h->nlmsg_seq = ++nl->seq;
	do
		n = sendto(nl->fd, rq->h, rq->h->nlmsg_len, 0,
			   (struct sockaddr *)&kernel, sizeof(kernel));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == rq->h->nlmsg_len ? 0 : -EMSGSIZE;
}

/* One datagram from the kernel into nl->rx: its length or -errno. Other
 * senders' datagrams are dropped; one too big for rx is -EMSGSIZE. */
static int
recv_reply(struct nl *nl)
{
	struct sockaddr_nl sa;
	socklen_t salen;
	ssize_t n;

	for (;;) {
		salen = sizeof(sa);
		n = recvfrom(nl->fd, nl->rx.b, sizeof(nl->rx.b), MSG_TRUNC,
			     (struct sockaddr *)&sa, &salen);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if ((size_t)n > sizeof(nl->rx.b))
			return -EMSGSIZE;
		if (salen == sizeof(sa) && sa.nl_pid == 0)
			return (int)n;
	}
}

/* Send rq and wait for the kernel's verdict. With a reply buffer, also
 * copy the first len bytes of the kernel's answer (its family header). */
int
nl_talk(struct nl *nl, struct nl_req *rq, void *reply, size_t len)
{
	int err, n, got = 0;

	nl->ext[0] = '\0';
	err = send_req(nl, rq);
	if (err)
		return err;
	do {
		n = recv_reply(nl);
		if (n < 0)
			return n;
		if (reply && !got) {
			got = copy_reply(nl, (size_t)n, reply, len);
			if (got < 0)
				return got;
		}
		err = nl_check_reply(nl->rx.b, (size_t)n, nl->seq, nl->port,
				     nl->ext, sizeof(nl->ext));
	} while (err == NL_MORE);
	if (!err && reply && !got)
		return -EBADMSG;
	return err;
}

/* "reason" or "reason: kernel's text", for a stage's one message. */
const char *
nl_strerror(struct nl *nl, int err)
{
	if (nl->ext[0])
		snprintf(nl->why, sizeof(nl->why), "%s: %s", strerror(-err),
			 nl->ext);
	else
		snprintf(nl->why, sizeof(nl->why), "%s", strerror(-err));
	return nl->why;
}

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

/* Addresses. */

static int
parse_prefix(const char *s, unsigned max, unsigned *prefix)
{
	unsigned v = 0;
	size_t n;

	for (n = 0; s[n] >= '0' && s[n] <= '9'; n++) {
		v = v * 10 + (unsigned)(s[n] - '0');
		if (n >= 3 || v > max)
			return -EINVAL;
	}
	if (n == 0 || s[n] || (n > 1 && s[0] == '0'))
		return -EINVAL;
	*prefix = v;
	return 0;
}

int
nl_parse_addr(const char *s, struct nl_addr *a)
{
	char host[INET6_ADDRSTRLEN];
	const char *slash = strchr(s, '/');
	size_t n = slash ? (size_t)(slash - s) : strlen(s);
	unsigned max;

	memset(a, 0, sizeof(*a));
	if (n == 0 || n >= sizeof(host))
		return -EINVAL;
	memcpy(host, s, n);
	host[n] = '\0';
	if (inet_pton(AF_INET, host, a->bytes) == 1)
		a->family = AF_INET;
	else if (inet_pton(AF_INET6, host, a->bytes) == 1)
		a->family = AF_INET6;
	else
		return -EINVAL;
	a->prefix = max = a->family == AF_INET ? 32 : 128;
	return slash ? parse_prefix(slash + 1, max, &a->prefix) : 0;
}

int
nl_parse_mac(const char *s, unsigned char mac[6])
{
	char hex[3] = "";
	int i;

	if (strlen(s) != 17)
		return -EINVAL;
	for (i = 0; i < 6; i++, s += 3) {
		if (!isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]) ||
		    (i < 5 && s[2] != ':'))
			return -EINVAL;
		memcpy(hex, s, 2);
		mac[i] = (unsigned char)strtoul(hex, NULL, 16);
	}
	return 0;
}

bool
nl_addr_covers(const struct nl_addr *net, const struct nl_addr *a)
{
	unsigned whole = net->prefix / 8, rest = net->prefix % 8;
	unsigned char mask = (unsigned char)(0xff00 >> rest);

	if (net->family != a->family)
		return false;
	if (memcmp(net->bytes, a->bytes, whole) != 0)
		return false;
	return !rest || ((net->bytes[whole] ^ a->bytes[whole]) & mask) == 0;
}

static size_t
addr_len(const struct nl_addr *a)
{
	return a->family == AF_INET ? 4 : 16;
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

void
nl_req_link_del(struct nl_req *rq, void *buf, size_t cap, const char *name)
{
	nl_req_init(rq, buf, cap, RTM_DELLINK, 0);
	(void)nl_put_hdr(rq, sizeof(struct ifinfomsg));
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
		const struct nl_addr *a, unsigned flags)
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
	nl_put(rq, IFA_LOCAL, a->bytes, addr_len(a));
	nl_put(rq, IFA_ADDRESS, a->bytes, addr_len(a));
	if (flags > 0xff)
		nl_put_u32(rq, IFA_FLAGS, flags);
}

/* Main table, unicast, protocol "boot" as iproute2 marks what a user
 * configured; an IPv4 route without a gateway is scoped to the link. */
void
nl_req_route_add(struct nl_req *rq, void *buf, size_t cap, int index,
		 const struct nl_addr *dst, const struct nl_addr *gw)
{
	const struct nl_addr *any = dst ? dst : gw;
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
		nl_put(rq, RTA_DST, dst->bytes, addr_len(dst));
	if (gw)
		nl_put(rq, RTA_GATEWAY, gw->bytes, addr_len(gw));
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
nl_link_del(struct nl *nl, const char *name)
{
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_link_del(&rq, buf, sizeof(buf), name);
	return nl_talk(nl, &rq, NULL, 0);
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
nl_addr_add(struct nl *nl, int index, const struct nl_addr *a, unsigned flags)
{
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_addr_add(&rq, buf, sizeof(buf), index, a, flags);
	return nl_talk(nl, &rq, NULL, 0);
}

int
nl_route_add(struct nl *nl, int index, const struct nl_addr *dst,
	     const struct nl_addr *gw)
{
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_route_add(&rq, buf, sizeof(buf), index, dst, gw);
	return nl_talk(nl, &rq, NULL, 0);
}

/* Ask the kernel for the route to a (as `ip route get`): a local address
 * of any link of this namespace is reached through a route of type local. */
int
nl_addr_local(struct nl *nl, const struct nl_addr *a)
{
	NL_BUF(buf);
	struct nl_req rq;
	struct rtmsg *rtm, got;
	int err;

	nl_req_init(&rq, buf, sizeof(buf), RTM_GETROUTE, 0);
	rtm = nl_put_hdr(&rq, sizeof(*rtm));
	if (rtm) {
		rtm->rtm_family = (unsigned char)a->family;
		rtm->rtm_dst_len = (unsigned char)(addr_len(a) * 8);
	}
	nl_put(&rq, RTA_DST, a->bytes, addr_len(a));
	err = nl_talk(nl, &rq, &got, sizeof(got));
	if (err == -ENETUNREACH || err == -EHOSTUNREACH)
		return 0;
	return err < 0 ? err : got.rtm_type == RTN_LOCAL;
}

/* Waiting for a link: link events wake us, and then we ask again. An
 * event that came while we asked is read and dropped by nl_talk, but then
 * the answer already saw its link; one that comes later is still queued. */

static int
ms_left(const struct timespec *end)
{
	struct timespec now;
	long ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (end->tv_sec - now.tv_sec) * 1000 +
	     (end->tv_nsec - now.tv_nsec) / 1000000;
	return ms < 0 ? 0 : (int)ms;
}

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
	clock_gettime(CLOCK_MONOTONIC, &end);
	end.tv_sec += timeout_ms / 1000;
	end.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (end.tv_nsec >= 1000000000) {
		end.tv_sec++;
		end.tv_nsec -= 1000000000;
	}
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
