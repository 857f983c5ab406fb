/* SPDX-License-Identifier: MIT */
/* ra IFACE: sends one IPv6 router advertisement on IFACE, as a hostile
 * appliance with CAP_NET_RAW would: to all nodes (ff02::1), from the
 * link-local fe80::28 (no address of the sender is needed: the frame is
 * made whole on a packet socket), high router preference, a router
 * lifetime of 9000 s and the prefix 2001:db8:28::/64 for autoconfiguration
 * (on-link, autonomous). Exits 0 once the kernel took the frame. A test
 * tool (tests/t_attack_host.sh), built into a test's own directory. */
#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

struct frame {
	uint8_t dst[6], src[6];
	uint16_t type;
	/* IPv6 header */
	uint32_t vtf;
	uint16_t plen;
	uint8_t next, hops;
	uint8_t saddr[16], daddr[16];
	/* ICMPv6 router advertisement (RFC 4861 4.2) */
	uint8_t icmp_type, code;
	uint16_t sum;
	uint8_t cur_hops, flags;
	uint16_t lifetime;
	uint32_t reachable, retrans;
	/* prefix information option (4.6.2) */
	uint8_t opt_type, opt_len, prefix_len, prefix_flags;
	uint32_t valid, preferred, reserved;
	uint8_t prefix[16];
} __attribute__((packed));

/* The one's complement sum of the pseudo-header and the ICMPv6 message. */
static uint16_t
checksum(const struct frame *f)
{
	const uint8_t *icmp = &f->icmp_type;
	size_t len = sizeof(*f) - (size_t)(icmp - (const uint8_t *)f), i;
	uint32_t sum = 0;

	for (i = 0; i < 16; i += 2)
		sum += (uint32_t)(f->saddr[i] << 8 | f->saddr[i + 1]) +
		       (uint32_t)(f->daddr[i] << 8 | f->daddr[i + 1]);
	sum += (uint32_t)len + IPPROTO_ICMPV6;
	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)(icmp[i] << 8 | icmp[i + 1]);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons((uint16_t)~sum);
}

int
main(int argc, char **argv)
{
	struct frame f = {
		.dst = { 0x33, 0x33, 0, 0, 0, 1 },
		.src = { 0x02, 0, 0, 0, 0, 0x28 },
		.type = htons(ETH_P_IPV6),
		.vtf = htonl(6U << 28),
		.next = IPPROTO_ICMPV6, .hops = 255,
		.icmp_type = 134, .cur_hops = 64,
		.flags = 0x08,		/* router preference high (01) */
		.lifetime = htons(9000),
		.opt_type = 3, .opt_len = 4, .prefix_len = 64,
		.prefix_flags = 0xc0,	/* on-link, autonomous */
		.valid = htonl(86400), .preferred = htonl(14400),
	};
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IPV6),
		.sll_halen = 6,
	};
	int fd;

	if (argc != 2 || !(to.sll_ifindex = (int)if_nametoindex(argv[1]))) {
		fprintf(stderr, "usage: ra IFACE (an existing one)\n");
		return 2;
	}
	memcpy(to.sll_addr, f.dst, 6);
	f.plen = htons((uint16_t)(sizeof(f) - offsetof(struct frame, icmp_type)));
	inet_pton(AF_INET6, "fe80::28", f.saddr);
	inet_pton(AF_INET6, "ff02::1", f.daddr);
	inet_pton(AF_INET6, "2001:db8:28::", f.prefix);
	f.sum = checksum(&f);
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_IPV6));
	if (fd < 0 || sendto(fd, &f, sizeof(f), 0, (struct sockaddr *)&to,
			     sizeof(to)) != (ssize_t)sizeof(f)) {
		perror("ra: send");
		return 1;
	}
	return 0;
}
