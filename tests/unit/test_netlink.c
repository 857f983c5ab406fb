/* Unit tests for stages/netlink.c: the request encoder's bytes and the
 * reply checker, without a socket. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include "netlink.h"

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "  %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		return 0; \
	} \
} while (0)

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

static const struct {
	const char *name;
	int (*fn)(void);
} tests[] = {
#define T(f) { #f, f }
	T(set_lo_up_by_index_is_byte_for_byte_what_iproute2_sends),
	T(set_lo_up_by_name_adds_ifname_encoded_as_iproute2_encodes_it),
	T(link_lookup_is_iproute2s_getlink_with_an_ack_and_without_counters),
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
#undef T
};

int
main(void)
{
	int failed = 0;
	size_t i;

	for (i = 0; i < LEN(tests); i++) {
		int ok = tests[i].fn();

		const char *c;

		printf("%s ", ok ? "ok" : "FAIL");
		for (c = tests[i].name; *c; c++)	/* the name, as a sentence */
			putchar(*c == '_' ? ' ' : *c);
		putchar('\n');
		failed |= !ok;
	}
	return failed;
}
