/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/nl.c, lib/rtnl.c and lib/addr.c: the request
 * encoder's bytes and the reply checker, without a socket. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/if_addr.h>
#include <net/if.h>
#include <sys/socket.h>

#include "rtnl.h"
#include "util.h"
#include "unit.h"


#define SEQ	77
#define PORT	4242

/* Known-good requests, from iproute2 6.1.0 on Linux 6.18:
 *   ip netns add nltest
 *   strace -f -x -s 512 -e trace=sendmsg,sendto ip -n nltest link set lo up
 *   ip netns del nltest
 * with nlmsg_seq set to 0 (ours is stamped at send; nlmsg_pid is 0 in both).
 * iproute2 first looks lo up (RTM_GETLINK), then sends this RTM_NEWLINK: */
static const unsigned char ip_set_lo_up[] = {
	0x20, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x00,	/* 32, NEWLINK, REQ|ACK */
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,	/* seq, pid */
	0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,	/* AF_UNSPEC, type, index 1 */
	0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,	/* flags, change: IFF_UP */
};

/* The RTM_GETLINK it sent before, flags REQUEST only, mask VF|SKIP_STATS. */
static const unsigned char ip_get_lo[] = {
	0x30, 0x00, 0x00, 0x00, 0x12, 0x00, 0x01, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x1d, 0x00, 0x09, 0x00, 0x00, 0x00,	/* IFLA_EXT_MASK 9 */
	0x07, 0x00, 0x03, 0x00, 0x6c, 0x6f, 0x00, 0x00,	/* IFLA_IFNAME "lo" */
};

static int
set_lo_up_by_index_is_byte_for_byte_what_iproute2_sends(void)
{
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_link_up(&rq, buf, sizeof(buf), 1, "lo");
	CHECK(rq.err == 0);
	CHECK(rq.h->nlmsg_len == sizeof(ip_set_lo_up));
	CHECK(memcmp(buf, ip_set_lo_up, sizeof(ip_set_lo_up)) == 0);
	return 1;
}

static int
set_lo_up_by_name_adds_ifname_encoded_as_iproute2_encodes_it(void)
{
	NL_BUF(buf);
	unsigned char want[40];
	struct nl_req rq;

	memcpy(want, ip_set_lo_up, 32);
	want[0] = 40;
	want[20] = 0;				/* no index */
	memcpy(want + 32, ip_get_lo + 40, 8);	/* its IFLA_IFNAME "lo" */
	nl_req_link_up(&rq, buf, sizeof(buf), 0, "lo");
	CHECK(rq.err == 0);
	CHECK(rq.h->nlmsg_len == sizeof(want));
	CHECK(memcmp(buf, want, sizeof(want)) == 0);
	return 1;
}

static int
link_lookup_is_iproute2s_getlink_with_an_ack_and_without_counters(void)
{
	NL_BUF(buf);
	unsigned char want[sizeof(ip_get_lo)];
	struct nl_req rq;

	memcpy(want, ip_get_lo, sizeof(want));
	want[6] = NLM_F_REQUEST | NLM_F_ACK;
	want[36] = RTEXT_FILTER_SKIP_STATS;
	nl_req_link_get(&rq, buf, sizeof(buf), "lo");
	CHECK(rq.err == 0);
	CHECK(memcmp(buf, want, sizeof(want)) == 0);
	return 1;
}

static int
integer_attributes_have_their_own_length_and_are_padded_to_four(void)
{
	NL_BUF(buf);
	struct nl_req rq;
	const unsigned char want[] = {
		5, 0, 1, 0, 0xab, 0, 0, 0,
		6, 0, 2, 0, 0x34, 0x12, 0, 0,
		8, 0, 3, 0, 0x78, 0x56, 0x34, 0x12,
		4, 0, 4, 0,
	};

	memset(buf, 0xee, sizeof(buf));
	nl_req_init(&rq, buf, sizeof(buf), RTM_NEWLINK, 0);
	nl_put_u8(&rq, 1, 0xab);
	nl_put_u16(&rq, 2, 0x1234);
	nl_put_u32(&rq, 3, 0x12345678);
	nl_put(&rq, 4, NULL, 0);
	CHECK(rq.err == 0);
	CHECK(rq.h->nlmsg_len == NLMSG_HDRLEN + sizeof(want));
	CHECK(memcmp(buf + NLMSG_HDRLEN, want, sizeof(want)) == 0);
	return 1;
}

static int
an_attribute_that_does_not_fit_fails_the_request_and_writes_nothing(void)
{
	_Alignas(struct nlmsghdr) unsigned char buf[64];
	struct nl_req rq;
	char big[20];
	size_t i;

	memset(buf, 0xee, sizeof(buf));
	memset(big, 'x', sizeof(big));
	nl_req_init(&rq, buf, 40, RTM_NEWLINK, 0);	/* 40 of 64: a canary */
	nl_put_u32(&rq, 1, 7);				/* 16 + 8 = 24 */
	nl_put(&rq, 2, big, sizeof(big));		/* 24 + 24 > 40 */
	CHECK(rq.err == -EMSGSIZE);
	CHECK(rq.h->nlmsg_len == 24);
	for (i = 24; i < sizeof(buf); i++)
		CHECK(buf[i] == 0xee);
	return 1;
}

static int
an_attribute_whose_padding_does_not_fit_fails_the_request(void)
{
	_Alignas(struct nlmsghdr) unsigned char buf[32];
	struct nl_req rq;

	memset(buf, 0xee, sizeof(buf));
	nl_req_init(&rq, buf, 21, RTM_NEWLINK, 0);
	nl_put_u8(&rq, 1, 1);	/* 5 bytes fit in 21, its 8 do not */
	CHECK(rq.err == -EMSGSIZE);
	CHECK(buf[16] == 0xee && buf[20] == 0xee);
	return 1;
}

static int
after_an_overflow_puts_that_would_fit_are_ignored(void)
{
	NL_BUF(buf);
	struct nl_req rq;
	static char huge[70000];

	nl_req_init(&rq, buf, sizeof(buf), RTM_NEWLINK, 0);
	nl_put(&rq, 1, huge, sizeof(huge));	/* longer than nla_len can say */
	CHECK(rq.err == -EMSGSIZE);
	nl_put_u32(&rq, 2, 1);
	CHECK(nl_nest_start(&rq, 3) == NULL);
	CHECK(nl_put_hdr(&rq, 4) == NULL);
	CHECK(rq.err == -EMSGSIZE);
	CHECK(rq.h->nlmsg_len == NLMSG_HDRLEN);
	return 1;
}

static int
a_failed_request_is_not_sent_and_returns_emsgsize(void)
{
	_Alignas(struct nlmsghdr) unsigned char buf[16];
	struct nl nl = { .fd = -1 };	/* a send would fail with EBADF */
	struct nl_req rq;

	nl_req_init(&rq, buf, sizeof(buf), RTM_NEWLINK, 0);
	CHECK(nl_put_hdr(&rq, sizeof(struct ifinfomsg)) == NULL);
	CHECK(nl_talk(&nl, &rq, NULL, 0) == -EMSGSIZE);
	CHECK(nl.seq == 0);
	return 1;
}

static int
a_buffer_smaller_than_the_header_fails_without_writing(void)
{
	_Alignas(struct nlmsghdr) unsigned char buf[16];
	struct nl_req rq;

	memset(buf, 0xee, sizeof(buf));
	nl_req_init(&rq, buf, 15, RTM_NEWLINK, 0);
	nl_put_u32(&rq, 1, 1);
	CHECK(rq.err == -EMSGSIZE);
	CHECK(buf[0] == 0xee);
	return 1;
}

static int
a_nest_covers_its_header_and_everything_put_inside_it(void)
{
	NL_BUF(buf);
	struct nl_req rq;
	struct nlattr *outer, *inner;

	nl_req_init(&rq, buf, sizeof(buf), RTM_NEWLINK, 0);
	outer = nl_nest_start(&rq, 18);		/* IFLA_LINKINFO, say */
	nl_put_str(&rq, 1, "veth");		/* 4 + 5, padded to 12 */
	inner = nl_nest_start(&rq, 2);
	nl_put_u32(&rq, 1, 9);			/* 8 */
	nl_nest_end(&rq, inner);
	nl_nest_end(&rq, outer);
	nl_put_u8(&rq, 5, 1);			/* after the nest */
	CHECK(rq.err == 0);
	CHECK((unsigned char *)outer == buf + NLMSG_HDRLEN);
	CHECK(outer->nla_len == 4 + 12 + 4 + 8);
	CHECK(outer->nla_type == (NLA_F_NESTED | 18));
	CHECK(inner->nla_len == 4 + 8);
	CHECK(inner->nla_type == (NLA_F_NESTED | 2));
	CHECK(rq.h->nlmsg_len == NLMSG_HDRLEN + 28 + 8);
	return 1;
}

static int
an_empty_nest_is_just_its_header(void)
{
	NL_BUF(buf);
	struct nl_req rq;
	struct nlattr *n;

	nl_req_init(&rq, buf, sizeof(buf), RTM_NEWLINK, 0);
	n = nl_nest_start(&rq, 1);
	nl_nest_end(&rq, n);
	CHECK(rq.err == 0 && n->nla_len == NLA_HDRLEN);
	return 1;
}

/* Known-good requests for links, addresses and routes, from iproute2 6.1.0
 * on Linux 6.18, each captured in a network namespace made for it:
 *   ip netns add cap; ip -n cap link add br0 type bridge       (index 2)
 *   ip -n cap link add h0 type veth peer name p0     (p0 index 3, h0 4)
 *   ip netns exec cap unshare -n sleep 60 &            (a netns's PID)
 *   ip netns exec cap strace -x -e trace=sendmsg -e write=3 ip ARGS...
 *   ip netns del cap
 * keeping the last request on fd 3 (the one after the lookups), with
 * nlmsg_seq set to 0 (ours is stamped at send) and the PID to 4242. The
 * comment above each array is its ARGS; h0 was renamed h2 on the way.
 * iproute2 leaves NLA_F_NESTED off its nests; we set it (the kernel takes
 * both): same_as_iproute2 sets it in the copy at the offsets given. */
/* link add h1 type veth peer name eth0 netns PID */
static const unsigned char ip_veth_add[] = {
	0x60, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x06,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x07, 0x00, 0x03, 0x00, 0x68, 0x31, 0x00, 0x00,
	0x38, 0x00, 0x12, 0x00, 0x08, 0x00, 0x01, 0x00,
	0x76, 0x65, 0x74, 0x68, 0x2c, 0x00, 0x02, 0x00,
	0x28, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x13, 0x00,
	0x92, 0x10, 0x00, 0x00, 0x09, 0x00, 0x03, 0x00,
	0x65, 0x74, 0x68, 0x30, 0x00, 0x00, 0x00, 0x00,
};
/* link set dev h0 mtu 1400 */
static const unsigned char ip_set_mtu[] = {
	0x28, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x04, 0x00, 0x78, 0x05, 0x00, 0x00,
};
/* link set dev h0 address 02:00:00:00:00:01 */
static const unsigned char ip_set_mac[] = {
	0x2c, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x0a, 0x00, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x00, 0x00,
};
/* link set dev h0 master br0 */
static const unsigned char ip_set_master[] = {
	0x28, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x0a, 0x00, 0x02, 0x00, 0x00, 0x00,
};
/* link set dev h0 name h2 */
static const unsigned char ip_set_name[] = {
	0x28, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x07, 0x00, 0x03, 0x00, 0x68, 0x32, 0x00, 0x00,
};
/* link set dev p0 netns PID */
static const unsigned char ip_set_netns[] = {
	0x28, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x13, 0x00, 0x92, 0x10, 0x00, 0x00,
};
/* addr add 10.0.2.15/24 dev h2 */
static const unsigned char ip_addr4[] = {
	0x28, 0x00, 0x00, 0x00, 0x14, 0x00, 0x05, 0x06,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x18, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x02, 0x00, 0x0a, 0x00, 0x02, 0x0f,
	0x08, 0x00, 0x01, 0x00, 0x0a, 0x00, 0x02, 0x0f,
};
/* addr add fd00::1/64 dev h2 nodad */
static const unsigned char ip_addr6[] = {
	0x40, 0x00, 0x00, 0x00, 0x14, 0x00, 0x05, 0x06,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x0a, 0x40, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00,
	0x14, 0x00, 0x02, 0x00, 0xfd, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x14, 0x00, 0x01, 0x00,
	0xfd, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
};
/* route add default via 10.0.2.2 dev h2 */
static const unsigned char ip_route_default4[] = {
	0x2c, 0x00, 0x00, 0x00, 0x18, 0x00, 0x05, 0x06,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x00, 0x00, 0xfe, 0x03, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x05, 0x00,
	0x0a, 0x00, 0x02, 0x02, 0x08, 0x00, 0x04, 0x00,
	0x04, 0x00, 0x00, 0x00,
};
/* route add 10.1.0.0/16 dev h2 */
static const unsigned char ip_route_onlink4[] = {
	0x2c, 0x00, 0x00, 0x00, 0x18, 0x00, 0x05, 0x06,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x10, 0x00, 0x00, 0xfe, 0x03, 0xfd, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x00,
	0x0a, 0x01, 0x00, 0x00, 0x08, 0x00, 0x04, 0x00,
	0x04, 0x00, 0x00, 0x00,
};
/* -6 route add fd01::/48 via fd00::2 dev h2 */
static const unsigned char ip_route6[] = {
	0x4c, 0x00, 0x00, 0x00, 0x18, 0x00, 0x05, 0x06,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x0a, 0x30, 0x00, 0x00, 0xfe, 0x03, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x01, 0x00,
	0xfd, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x14, 0x00, 0x05, 0x00, 0xfd, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x02, 0x08, 0x00, 0x04, 0x00,
	0x04, 0x00, 0x00, 0x00,
};
/* link add link h2 name mv0 type macvlan mode bridge */
static const unsigned char ip_macvlan_add[] = {
	0x4c, 0x00, 0x00, 0x00, 0x10, 0x00, 0x05, 0x06,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x05, 0x00, 0x04, 0x00, 0x00, 0x00,
	0x08, 0x00, 0x03, 0x00, 0x6d, 0x76, 0x30, 0x00,
	0x1c, 0x00, 0x12, 0x00, 0x0b, 0x00, 0x01, 0x00,
	0x6d, 0x61, 0x63, 0x76, 0x6c, 0x61, 0x6e, 0x00,
	0x0c, 0x00, 0x02, 0x00, 0x08, 0x00, 0x01, 0x00,
	0x04, 0x00, 0x00, 0x00,
};
/* link del h2 */
static const unsigned char ip_link_del[] = {
	0x20, 0x00, 0x00, 0x00, 0x11, 0x00, 0x05, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

#define NL_PID 4242

/* The request equals want once NLA_F_NESTED is set on the nest types at
 * the given byte offsets (of the attribute headers, 0-terminated). */
static int
same_as_iproute2(const struct nl_req *rq, const unsigned char *want,
		 size_t len, const size_t *nests)
{
	unsigned char w[NL_REQ_MAX];

	if (rq->err || rq->h->nlmsg_len != len || len > sizeof(w))
		return 0;
	memcpy(w, want, len);
	for (; nests && *nests; nests++)
		w[*nests + 3] |= NLA_F_NESTED >> 8;
	return memcmp(rq->h, w, len) == 0;
}

static int
veth_with_its_peer_in_a_pids_namespace_is_iproute2s(void)
{
	static const size_t nests[] = { 40, 52, 56, 0 };
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_veth_add(&rq, buf, sizeof(buf), "h1", "eth0", NL_PID);
	CHECK(same_as_iproute2(&rq, ip_veth_add, sizeof(ip_veth_add), nests));
	return 1;
}

static int
each_link_setting_alone_is_iproute2s(void)
{
	static const unsigned char mac[6] = { 2, 0, 0, 0, 0, 1 };
	const struct {
		struct nl_link l;
		int index;
		const unsigned char *want;
		size_t len;
	} t[] = {
		{ { .mtu = 1400 }, 4, ip_set_mtu, sizeof(ip_set_mtu) },
		{ { .mac = mac }, 4, ip_set_mac, sizeof(ip_set_mac) },
		{ { .master = 2 }, 4, ip_set_master, sizeof(ip_set_master) },
		{ { .name = "h2" }, 4, ip_set_name, sizeof(ip_set_name) },
		{ { .ns_by = NL_NS_PID, .ns = NL_PID }, 3, ip_set_netns,
		  sizeof(ip_set_netns) },
	};
	NL_BUF(buf);
	struct nl_req rq;
	size_t i;

	for (i = 0; i < LEN(t); i++) {
		nl_req_link_set(&rq, buf, sizeof(buf), t[i].index, &t[i].l);
		CHECK(same_as_iproute2(&rq, t[i].want, t[i].len, NULL));
	}
	return 1;
}

static int
all_link_settings_go_in_one_request_in_iproute2s_order(void)
{
	static const unsigned char mac[6] = { 2, 0, 0, 0, 0, 1 };
	struct nl_link l = { .name = "h2", .mtu = 1400, .mac = mac,
			     .master = 2, .ns_by = NL_NS_FD, .ns = 9,
			     .up = true };
	NL_BUF(buf);
	struct nl_req rq;
	struct ifinfomsg *ifi = (struct ifinfomsg *)(buf + NLMSG_HDRLEN);
	unsigned char *a = buf + NLMSG_HDRLEN + sizeof(*ifi);

	nl_req_link_set(&rq, buf, sizeof(buf), 4, &l);
	CHECK(rq.err == 0);
	CHECK(ifi->ifi_index == 4 && ifi->ifi_flags == IFF_UP &&
	      ifi->ifi_change == IFF_UP);
	CHECK(memcmp(a, ip_set_name + 32, 8) == 0);
	CHECK(memcmp(a + 8, ip_set_mtu + 32, 8) == 0);
	CHECK(memcmp(a + 16, ip_set_mac + 32, 12) == 0);
	CHECK(memcmp(a + 28, ip_set_master + 32, 8) == 0);
	CHECK(a[38] == IFLA_NET_NS_FD && a[40] == 9);
	CHECK(rq.h->nlmsg_len == NLMSG_HDRLEN + sizeof(*ifi) + 44);
	return 1;
}

static int
macvlan_in_bridge_mode_is_iproute2s(void)
{
	static const size_t nests[] = { 48, 64, 0 };
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_macvlan_add(&rq, buf, sizeof(buf), "mv0", 4, 0);
	CHECK(same_as_iproute2(&rq, ip_macvlan_add, sizeof(ip_macvlan_add),
			       nests));
	return 1;
}

static int
link_del_by_name_is_iproute2s_by_index_with_the_name_instead(void)
{
	unsigned char want[40];
	NL_BUF(buf);
	struct nl_req rq;

	memcpy(want, ip_link_del, 32);
	want[0] = 40;
	want[20] = 0;
	memcpy(want + 32, ip_set_name + 32, 8);		/* IFLA_IFNAME "h2" */
	nl_req_link_del(&rq, buf, sizeof(buf), 0, "h2");
	CHECK(same_as_iproute2(&rq, want, sizeof(want), NULL));
	return 1;
}

/* What the launcher deletes: the link it made, by its index alone. */
static int
link_del_by_index_is_iproute2s(void)
{
	NL_BUF(buf);
	struct nl_req rq;

	nl_req_link_del(&rq, buf, sizeof(buf), 4, "h2");
	CHECK(same_as_iproute2(&rq, ip_link_del, sizeof(ip_link_del), NULL));
	return 1;
}

static int
addresses_are_iproute2s_and_nodad_is_a_flag(void)
{
	NL_BUF(buf);
	struct nl_req rq;
	struct ip_addr a;

	CHECK(ip_parse("10.0.2.15/24", &a) == 0);
	nl_req_addr_add(&rq, buf, sizeof(buf), 4, &a, 0);
	CHECK(same_as_iproute2(&rq, ip_addr4, sizeof(ip_addr4), NULL));
	CHECK(ip_parse("fd00::1/64", &a) == 0);
	nl_req_addr_add(&rq, buf, sizeof(buf), 4, &a, IFA_F_NODAD);
	CHECK(same_as_iproute2(&rq, ip_addr6, sizeof(ip_addr6), NULL));
	return 1;
}

static int
routes_are_iproute2s_default_on_link_and_ipv6(void)
{
	NL_BUF(buf);
	struct nl_req rq;
	struct ip_addr d, g;

	CHECK(ip_parse("10.0.2.2", &g) == 0);
	nl_req_route_add(&rq, buf, sizeof(buf), 4, NULL, &g);
	CHECK(same_as_iproute2(&rq, ip_route_default4,
			       sizeof(ip_route_default4), NULL));
	CHECK(ip_parse("10.1.0.0/16", &d) == 0);
	nl_req_route_add(&rq, buf, sizeof(buf), 4, &d, NULL);
	CHECK(same_as_iproute2(&rq, ip_route_onlink4,
			       sizeof(ip_route_onlink4), NULL));
	CHECK(ip_parse("fd01::/48", &d) == 0);
	CHECK(ip_parse("fd00::2", &g) == 0);
	nl_req_route_add(&rq, buf, sizeof(buf), 4, &d, &g);
	CHECK(same_as_iproute2(&rq, ip_route6, sizeof(ip_route6), NULL));
	return 1;
}

static int
a_route_mixing_families_or_without_either_address_is_einval(void)
{
	NL_BUF(buf);
	struct nl_req rq;
	struct ip_addr d, g;

	CHECK(ip_parse("fd01::/48", &d) == 0);
	CHECK(ip_parse("10.0.2.2", &g) == 0);
	nl_req_route_add(&rq, buf, sizeof(buf), 4, &d, &g);
	CHECK(rq.err == -EINVAL);
	nl_req_route_add(&rq, buf, sizeof(buf), 4, NULL, NULL);
	CHECK(rq.err == -EINVAL);
	return 1;
}

static int
addresses_parse_with_and_without_a_prefix(void)
{
	struct ip_addr a;

	CHECK(ip_parse("10.0.2.15/24", &a) == 0);
	CHECK(a.family == AF_INET && a.prefix == 24);
	CHECK(a.bytes[0] == 10 && a.bytes[3] == 15);
	CHECK(ip_parse("10.0.2.15", &a) == 0 && a.prefix == 32);
	CHECK(ip_parse("fd00::1/64", &a) == 0);
	CHECK(a.family == AF_INET6 && a.prefix == 64 && a.bytes[0] == 0xfd &&
	      a.bytes[15] == 1);
	CHECK(ip_parse("::1", &a) == 0 && a.prefix == 128);
	CHECK(ip_parse("0.0.0.0/0", &a) == 0 && a.prefix == 0);
	return 1;
}

static int
bad_addresses_and_prefixes_are_einval(void)
{
	static const char *const bad[] = {
		"", "/24", "10.0.2.15/", "10.0.2.15/33", "fd00::1/129",
		"10.0.2.15/024", "10.0.2.15/2x", "10.0.2.15/-1", "10.0.2/24",
		"10.0.2.256", "fd00::1::2", "host", "10.0.2.15/24/1",
		"10.0.2.15 /24", "0123456789012345678901234567890123456789012345678",
	};
	struct ip_addr a;
	size_t i;

	for (i = 0; i < LEN(bad); i++)
		CHECK(ip_parse(bad[i], &a) == -EINVAL);
	return 1;
}

static int
a_subnet_covers_exactly_its_prefix(void)
{
	struct ip_addr net, a;

	CHECK(ip_parse("10.0.2.15/23", &net) == 0);
	CHECK(ip_parse("10.0.3.1", &a) == 0 && ip_covers(&net, &a));
	CHECK(ip_parse("10.0.4.1", &a) == 0 && !ip_covers(&net, &a));
	CHECK(ip_parse("fd00::1", &a) == 0 && !ip_covers(&net, &a));
	CHECK(ip_parse("fd00::15/64", &net) == 0);
	CHECK(ip_parse("fd00::2", &a) == 0 && ip_covers(&net, &a));
	CHECK(ip_parse("fd00:0:0:1::2", &a) == 0 &&
	      !ip_covers(&net, &a));
	CHECK(ip_parse("0.0.0.0/0", &net) == 0);
	CHECK(ip_parse("192.0.2.1", &a) == 0 && ip_covers(&net, &a));
	return 1;
}

static int
macs_parse_as_six_colon_separated_hex_pairs(void)
{
	unsigned char m[6];

	CHECK(mac_parse("02:00:aB:00:00:fF", m) == 0);
	CHECK(m[0] == 2 && m[2] == 0xab && m[5] == 0xff);
	CHECK(mac_parse("02:00:00:00:00", m) == -EINVAL);
	CHECK(mac_parse("02:00:00:00:00:0g", m) == -EINVAL);
	CHECK(mac_parse("02-00-00-00-00-01", m) == -EINVAL);
	CHECK(mac_parse("02:00:00:00:00:011", m) == -EINVAL);
	return 1;
}

/* Replies, as the kernel lays them out (netlink(7)): NLMSG_ERROR with a
 * struct nlmsgerr, then, uncapped, the rest of our request, then with
 * NLM_F_ACK_TLVS the extended-ack attributes. */
static _Alignas(struct nlmsghdr) unsigned char rx[1024];

static size_t
put_error(unsigned char *p, uint32_t seq, uint32_t port, int error,
	  int capped, const char *text)
{
	struct nlmsghdr h = { .nlmsg_type = NLMSG_ERROR, .nlmsg_seq = seq,
			      .nlmsg_pid = port };
	struct nlmsgerr e = { .error = error };
	size_t len = NLMSG_HDRLEN + sizeof(e), echo = 0, n;
	struct nlattr a;

	e.msg.nlmsg_len = NLMSG_HDRLEN + 16;	/* a request with an ifinfomsg */
	e.msg.nlmsg_type = RTM_NEWLINK;
	e.msg.nlmsg_seq = seq;
	if (capped)
		h.nlmsg_flags |= NLM_F_CAPPED;
	else
		echo = 16;
	memcpy(p + NLMSG_HDRLEN, &e, sizeof(e));
	memset(p + len, 0x5a, echo);	/* the echoed ifinfomsg */
	len += echo;
	if (text) {
		h.nlmsg_flags |= NLM_F_ACK_TLVS;
		n = strlen(text) + 1;
		a.nla_len = (uint16_t)(NLA_HDRLEN + n);
		a.nla_type = NLMSGERR_ATTR_MSG;
		memcpy(p + len, &a, sizeof(a));
		memcpy(p + len + NLA_HDRLEN, text, n);
		len += NLA_ALIGN(NLA_HDRLEN + n);
	}
	h.nlmsg_len = (uint32_t)len;
	memcpy(p, &h, sizeof(h));
	return len;
}

static size_t
put_data(unsigned char *p, uint32_t seq, uint32_t port)
{
	struct nlmsghdr h = { .nlmsg_len = NLMSG_HDRLEN + 16,
			      .nlmsg_type = RTM_NEWLINK, .nlmsg_seq = seq,
			      .nlmsg_pid = port };

	memcpy(p, &h, sizeof(h));
	memset(p + NLMSG_HDRLEN, 0, 16);
	return h.nlmsg_len;
}

static int
an_ack_is_success(void)
{
	char ext[64] = "stale";
	size_t n = put_error(rx, SEQ, PORT, 0, 1, NULL);

	CHECK(nl_check_reply(rx, n, SEQ, PORT, ext, sizeof(ext)) == 0);
	CHECK(ext[0] == '\0');
	return 1;
}

static int
an_error_without_extack_is_the_kernels_errno(void)
{
	char ext[64];
	size_t n = put_error(rx, SEQ, PORT, -ENODEV, 1, NULL);

	CHECK(nl_check_reply(rx, n, SEQ, PORT, ext, sizeof(ext)) == -ENODEV);
	CHECK(ext[0] == '\0');
	return 1;
}

static int
an_error_with_extack_copies_the_kernels_text(void)
{
	char ext[64];
	size_t n = put_error(rx, SEQ, PORT, -EINVAL, 1, "Invalid name");

	CHECK(nl_check_reply(rx, n, SEQ, PORT, ext, sizeof(ext)) == -EINVAL);
	CHECK(strcmp(ext, "Invalid name") == 0);
	return 1;
}

static int
an_uncapped_error_finds_the_text_after_the_echoed_request(void)
{
	char ext[64];
	size_t n = put_error(rx, SEQ, PORT, -EOPNOTSUPP, 0, "Unknown kind");

	CHECK(nl_check_reply(rx, n, SEQ, PORT, ext, sizeof(ext)) ==
	      -EOPNOTSUPP);
	CHECK(strcmp(ext, "Unknown kind") == 0);
	return 1;
}

static int
extack_text_longer_than_the_buffer_is_cut_and_terminated(void)
{
	char ext[6];
	size_t n = put_error(rx, SEQ, PORT, -EINVAL, 1, "Invalid name");

	CHECK(nl_check_reply(rx, n, SEQ, PORT, ext, sizeof(ext)) == -EINVAL);
	CHECK(strcmp(ext, "Inval") == 0);
	CHECK(nl_check_reply(rx, n, SEQ, PORT, NULL, 0) == -EINVAL);
	return 1;
}

static int
another_requests_reply_is_skipped(void)
{
	size_t n = put_error(rx, SEQ - 1, PORT, -ENODEV, 1, NULL);

	CHECK(nl_check_reply(rx, n, SEQ, PORT, NULL, 0) == NL_MORE);
	return 1;
}

static int
another_ports_reply_is_skipped(void)
{
	size_t n = put_error(rx, SEQ, PORT + 1, -ENODEV, 1, NULL);

	CHECK(nl_check_reply(rx, n, SEQ, PORT, NULL, 0) == NL_MORE);
	return 1;
}

static int
the_verdict_is_found_after_skipped_and_data_messages(void)
{
	size_t n = put_error(rx, SEQ + 1, PORT, -EPERM, 1, NULL);

	n += put_data(rx + n, SEQ, PORT);
	n += put_error(rx + n, SEQ, PORT, -EEXIST, 1, NULL);
	CHECK(nl_check_reply(rx, n, SEQ, PORT, NULL, 0) == -EEXIST);
	CHECK(nl_check_reply(rx, put_data(rx, SEQ, PORT), SEQ, PORT,
			     NULL, 0) == NL_MORE);
	return 1;
}

static int
every_truncation_of_a_reply_is_ebadmsg(void)
{
	char ext[64];
	size_t n = put_error(rx, SEQ, PORT, -EINVAL, 0, "Invalid name"), i;

	for (i = 0; i < n; i++)
		CHECK(nl_check_reply(rx, i, SEQ, PORT, ext, sizeof(ext)) ==
		      -EBADMSG);
	return 1;
}

static int
a_length_shorter_than_the_header_is_ebadmsg(void)
{
	size_t n = put_error(rx, SEQ, PORT, 0, 1, NULL);
	uint32_t len = 8;

	memcpy(rx, &len, sizeof(len));
	CHECK(nl_check_reply(rx, n, SEQ, PORT, NULL, 0) == -EBADMSG);
	return 1;
}

static int
an_error_message_too_short_for_its_errno_is_ebadmsg(void)
{
	struct nlmsghdr h = { .nlmsg_len = NLMSG_HDRLEN + 4,
			      .nlmsg_type = NLMSG_ERROR, .nlmsg_seq = SEQ,
			      .nlmsg_pid = PORT };

	memset(rx, 0, sizeof(rx));
	memcpy(rx, &h, sizeof(h));
	CHECK(nl_check_reply(rx, h.nlmsg_len, SEQ, PORT, NULL, 0) == -EBADMSG);
	return 1;
}

static int
an_error_code_that_is_no_errno_is_ebadmsg(void)
{
	size_t n = put_error(rx, SEQ, PORT, 5, 1, NULL);

	CHECK(nl_check_reply(rx, n, SEQ, PORT, NULL, 0) == -EBADMSG);
	n = put_error(rx, SEQ, PORT, -100000, 1, NULL);
	CHECK(nl_check_reply(rx, n, SEQ, PORT, NULL, 0) == -EBADMSG);
	return 1;
}

static int
malformed_extack_attributes_keep_the_errno_and_drop_the_text(void)
{
	char ext[64];
	size_t n = put_error(rx, SEQ, PORT, -EINVAL, 1, "Invalid name");
	uint16_t bad = 200;	/* longer than the message */

	memcpy(rx + NLMSG_HDRLEN + sizeof(struct nlmsgerr), &bad, sizeof(bad));
	CHECK(nl_check_reply(rx, n, SEQ, PORT, ext, sizeof(ext)) == -EINVAL);
	CHECK(ext[0] == '\0');
	return 1;
}

/* Random bytes, often after the start of a real reply, at the very end of
 * an array so that ASan sees any read past them; seeded for repeatability. */
static unsigned
rnd(void)
{
	static unsigned s = 1;

	s = s * 1103515245 + 12345;
	return s >> 16;
}

static int
random_bytes_never_read_outside_the_datagram(void)
{
	static unsigned char junk[256];
	unsigned char *p;
	char ext[16];
	size_t j, n, m;
	int i, r;

	for (i = 0; i < 50000; i++) {
		n = rnd() % 128;
		p = junk + sizeof(junk) - n;
		for (j = 0; j < n; j++)
			p[j] = (unsigned char)rnd();
		if (i % 2) {	/* a real reply, cut short, one byte changed */
			m = put_error(rx, SEQ, PORT, -(int)(rnd() % 200),
				      i % 4 == 1, i % 8 < 4 ? "text" : NULL);
			memcpy(p, rx, m < n ? m : n);
			if (n)
				p[rnd() % n] = (unsigned char)rnd();
		}
		r = nl_check_reply(p, n, SEQ, PORT, ext, sizeof(ext));
		CHECK(r == NL_MORE || (r <= 0 && r >= -4095));
		CHECK(strlen(ext) < sizeof(ext));
	}
	return 1;
}

static const struct unit_test tests[] = {
	T(set_lo_up_by_index_is_byte_for_byte_what_iproute2_sends),
	T(set_lo_up_by_name_adds_ifname_encoded_as_iproute2_encodes_it),
	T(link_lookup_is_iproute2s_getlink_with_an_ack_and_without_counters),
	T(veth_with_its_peer_in_a_pids_namespace_is_iproute2s),
	T(each_link_setting_alone_is_iproute2s),
	T(all_link_settings_go_in_one_request_in_iproute2s_order),
	T(macvlan_in_bridge_mode_is_iproute2s),
	T(link_del_by_name_is_iproute2s_by_index_with_the_name_instead),
	T(link_del_by_index_is_iproute2s),
	T(addresses_are_iproute2s_and_nodad_is_a_flag),
	T(routes_are_iproute2s_default_on_link_and_ipv6),
	T(a_route_mixing_families_or_without_either_address_is_einval),
	T(addresses_parse_with_and_without_a_prefix),
	T(bad_addresses_and_prefixes_are_einval),
	T(a_subnet_covers_exactly_its_prefix),
	T(macs_parse_as_six_colon_separated_hex_pairs),
	T(integer_attributes_have_their_own_length_and_are_padded_to_four),
	T(an_attribute_that_does_not_fit_fails_the_request_and_writes_nothing),
	T(an_attribute_whose_padding_does_not_fit_fails_the_request),
	T(after_an_overflow_puts_that_would_fit_are_ignored),
	T(a_failed_request_is_not_sent_and_returns_emsgsize),
	T(a_buffer_smaller_than_the_header_fails_without_writing),
	T(a_nest_covers_its_header_and_everything_put_inside_it),
	T(an_empty_nest_is_just_its_header),
	T(an_ack_is_success),
	T(an_error_without_extack_is_the_kernels_errno),
	T(an_error_with_extack_copies_the_kernels_text),
	T(an_uncapped_error_finds_the_text_after_the_echoed_request),
	T(extack_text_longer_than_the_buffer_is_cut_and_terminated),
	T(another_requests_reply_is_skipped),
	T(another_ports_reply_is_skipped),
	T(the_verdict_is_found_after_skipped_and_data_messages),
	T(every_truncation_of_a_reply_is_ebadmsg),
	T(a_length_shorter_than_the_header_is_ebadmsg),
	T(an_error_message_too_short_for_its_errno_is_ebadmsg),
	T(an_error_code_that_is_no_errno_is_ebadmsg),
	T(malformed_extack_attributes_keep_the_errno_and_drop_the_text),
	T(random_bytes_never_read_outside_the_datagram),
};

int
main(void)
{
	return run_tests(tests, LEN(tests));
}
