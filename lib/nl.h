/* SPDX-License-Identifier: MIT */
/* netlink: the socket, a request builder and the kernel's replies, for
 * the rtnetlink requests of rtnl.h.
 *
 * A request is built in the caller's buffer: nl_req_init puts the netlink
 * header, nl_put_hdr the family header (ifinfomsg, ifaddrmsg, rtmsg), nl_put*
 * the attributes. Every put checks the room left before it writes; the first
 * failure sticks in the request, the later puts do nothing, and nl_talk
 * returns it (-EMSGSIZE) without sending, so builders need no checks.
 *
 * nl_talk sends with NLM_F_ACK and waits for the kernel's verdict: 0 or its
 * -errno, with its extended-ack text, if any, left in nl->ext. */
#ifndef NSINIT_NL_H
#define NSINIT_NL_H

#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

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
int nl_open_said(struct nl *nl);	/* nl_open, reporting a failure */
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
/* ...the reply's whole payload (family header and attributes), as much of
 * it as cap takes, its length in *len */
int nl_talk_whole(struct nl *nl, struct nl_req *rq, void *reply, size_t cap,
		  size_t *len);
int nl_check_reply(const void *buf, size_t len, uint32_t seq, uint32_t port,
		   char *ext, size_t extlen);
const char *nl_strerror(struct nl *nl, int err);

#endif
