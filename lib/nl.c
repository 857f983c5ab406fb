/* SPDX-License-Identifier: MIT */
/* nl.h: the netlink socket, the request builder, and the kernel's replies.
 * The format is netlink(7): every message and attribute starts on a 4-byte
 * boundary, and lengths count the header but not the trailing padding of
 * an attribute. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>

#include "log.h"
#include "nl.h"

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

/* nl_open, with the failure reported. */
int
nl_open_said(struct nl *nl)
{
	int rc = nl_open(nl);

	if (rc < 0)
		say("netlink: %s", strerror(-rc));
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
 * found, 0 when not, -EBADMSG when it is shorter than reply. With whole,
 * as much of it as fits, its length in *whole. */
static int
copy_reply(const struct nl *nl, size_t len, void *reply, size_t rlen,
	   size_t *whole)
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
		if (whole && h.nlmsg_len - NLMSG_HDRLEN < rlen)
			rlen = h.nlmsg_len - NLMSG_HDRLEN;
		if (h.nlmsg_len - NLMSG_HDRLEN < rlen)
			return -EBADMSG;
		memcpy(reply, nl->rx.b + at + NLMSG_HDRLEN, rlen);
		if (whole)
			*whole = rlen;
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
 * copy the first len bytes of the kernel's answer (its family header),
 * or with whole, as much of it as fits, attributes too. */
static int
talk(struct nl *nl, struct nl_req *rq, void *reply, size_t len, size_t *whole)
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
			got = copy_reply(nl, (size_t)n, reply, len, whole);
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

int
nl_talk(struct nl *nl, struct nl_req *rq, void *reply, size_t len)
{
	return talk(nl, rq, reply, len, NULL);
}

int
nl_talk_whole(struct nl *nl, struct nl_req *rq, void *reply, size_t cap,
	      size_t *len)
{
	return talk(nl, rq, reply, cap, len);
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
