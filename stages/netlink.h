/* netlink: one small rtnetlink client for every network stage.
 *
 * A request is built in the caller's buffer: nl_req_init puts the netlink
 * header, nl_put_hdr the family header (ifinfomsg, ifaddrmsg, rtmsg), nl_put*
 * the attributes. Every put checks the room left before it writes; the first
 * failure sticks in the request, the later puts do nothing, and nl_talk
 * returns it (-EMSGSIZE) without sending, so builders need no checks.
 *
 * nl_talk sends with NLM_F_ACK and waits for the kernel's verdict: 0 or its
 * -errno, with its extended-ack text, if any, left in nl->ext. */
#ifndef NSINIT_NETLINK_H
#define NSINIT_NETLINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <linux/netlink.h>

#include "nsinit.h"

#define NL_REQ_MAX	512	/* a request buffer: the largest we build fits */
#define NL_RX_MAX	8192	/* one datagram from the kernel; the size it suggests */
#define NL_MORE		1	/* nl_check_reply: no verdict in this datagram */

/* Declare a request buffer aligned for the netlink header. */
#define NL_BUF(name)	_Alignas(struct nlmsghdr) unsigned char name[NL_REQ_MAX]

struct nl {
	int fd;
	uint32_t port;		/* ours, as the kernel bound it: replies carry it */
	uint32_t seq;		/* of the last request sent */
	char ext[128];		/* the kernel's extended-ack text for it, or "" */
	char why[192];		/* nl_strerror's answer */
	union {
		struct nlmsghdr h;	/* alignment */
		unsigned char b[NL_RX_MAX];
	} rx;
};

struct nl_req {
	struct nlmsghdr *h;	/* the message, at the start of the buffer */
	size_t cap;		/* the buffer's size */
	int err;		/* the first failure while building, sticky */
};

/* The socket: NETLINK_ROUTE in the caller's network namespace. */
int nl_open(struct nl *nl);
int nl_open_for(struct nl *nl, const char *stage); /* reports a failure */
void nl_close(struct nl *nl);

/* Building. */
void nl_req_init(struct nl_req *rq, void *buf, size_t cap, uint16_t type,
		 uint16_t flags);
void *nl_put_hdr(struct nl_req *rq, size_t len);
void nl_put(struct nl_req *rq, uint16_t type, const void *data, size_t len);
void nl_put_u8(struct nl_req *rq, uint16_t type, uint8_t v);
void nl_put_u16(struct nl_req *rq, uint16_t type, uint16_t v);
void nl_put_u32(struct nl_req *rq, uint16_t type, uint32_t v);
void nl_put_str(struct nl_req *rq, uint16_t type, const char *s);
struct nlattr *nl_nest_start(struct nl_req *rq, uint16_t type);
void nl_nest_end(struct nl_req *rq, struct nlattr *nest);

/* Talking. */
int nl_talk(struct nl *nl, struct nl_req *rq, void *reply, size_t len);
int nl_check_reply(const void *buf, size_t len, uint32_t seq, uint32_t port,
		   char *ext, size_t extlen);
const char *nl_strerror(struct nl *nl, int err);

/* Links. The nl_req_link_* build without sending (the tests read them). */
void nl_req_link_get(struct nl_req *rq, void *buf, size_t cap,
		     const char *name);
void nl_req_link_up(struct nl_req *rq, void *buf, size_t cap, int index,
		    const char *name);
int nl_link_index(struct nl *nl, const char *name);
int nl_link_up(struct nl *nl, const char *name);

/* An IPv4 or IPv6 address with its prefix length, in network byte order. */
struct nl_addr {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char bytes[16];	/* 4 or 16 of them used */
	unsigned prefix;	/* 0..32 or 0..128 */
};

/* "10.0.2.15/24", "fd00::1/64"; without /prefix a host: 32 or 128. */
int nl_parse_addr(const char *s, struct nl_addr *a);
/* "02:00:00:00:00:01" */
int nl_parse_mac(const char *s, unsigned char mac[6]);
/* a lies in net's subnet (the first net->prefix bits agree) */
bool nl_addr_covers(const struct nl_addr *net, const struct nl_addr *a);

/* What nl_link_set changes; what is zero stays as it is. */
enum nl_ns_by { NL_NS_KEEP, NL_NS_PID, NL_NS_FD };
struct nl_link {
	const char *name;	/* the new name */
	unsigned mtu;
	const unsigned char *mac;	/* 6 bytes */
	int master;		/* the index of a bridge to join */
	enum nl_ns_by ns_by;	/* move into another network namespace... */
	int ns;			/* ...that of this pid, or this fd */
	bool up;
};

/* One request each, by index (the name only where it is the object). */
void nl_req_link_set(struct nl_req *rq, void *buf, size_t cap, int index,
		     const struct nl_link *l);
void nl_req_link_del(struct nl_req *rq, void *buf, size_t cap,
		     const char *name);
void nl_req_veth_add(struct nl_req *rq, void *buf, size_t cap,
		     const char *name, const char *peer, pid_t peer_ns);
void nl_req_macvlan_add(struct nl_req *rq, void *buf, size_t cap,
			const char *name, int lower, pid_t ns);
void nl_req_addr_add(struct nl_req *rq, void *buf, size_t cap, int index,
		     const struct nl_addr *a, unsigned flags);
void nl_req_route_add(struct nl_req *rq, void *buf, size_t cap, int index,
		      const struct nl_addr *dst, const struct nl_addr *gw);

int nl_link_set(struct nl *nl, int index, const struct nl_link *l);
int nl_link_del(struct nl *nl, const char *name);
/* A veth pair; with peer_ns the peer is made in that pid's namespace. */
int nl_veth_add(struct nl *nl, const char *name, const char *peer,
		pid_t peer_ns);
/* A macvlan (bridge mode) on link lower; with ns, made in that pid's. */
int nl_macvlan_add(struct nl *nl, const char *name, int lower, pid_t ns);
/* flags: IFA_F_* (IFA_F_NODAD: usable at once, no duplicate detection) */
int nl_addr_add(struct nl *nl, int index, const struct nl_addr *a,
		unsigned flags);
/* dst NULL: the default route; gw NULL: on-link. */
int nl_route_add(struct nl *nl, int index, const struct nl_addr *dst,
		 const struct nl_addr *gw);
/* 1 when a is an address of this network namespace, 0 when not. */
int nl_addr_local(struct nl *nl, const struct nl_addr *a);
/* The index of link name once it exists: -ETIMEDOUT after timeout_ms. */
int nl_wait_link(struct nl *nl, const char *name, unsigned timeout_ms);

/* loopback.c */
int stage_loopback(const struct config *c);

#endif
