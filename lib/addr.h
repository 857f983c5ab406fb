/* SPDX-License-Identifier: MIT */
/* Addresses as config.h and the command line write them. Pure. */
#ifndef NSINIT_ADDR_H
#define NSINIT_ADDR_H

#include <stdbool.h>
#include <stddef.h>

/* An IPv4 or IPv6 address with its prefix length, in network byte order. */
struct ip_addr {
	int family;		/* AF_INET or AF_INET6 */
	unsigned char bytes[16];	/* 4 or 16 of them used */
	unsigned prefix;	/* 0..32 or 0..128 */
};

/* "10.0.2.15/24", "fd00::1/64"; without /prefix a host: 32 or 128. */
int ip_parse(const char *s, struct ip_addr *a);
/* "02:00:00:00:00:01" */
int mac_parse(const char *s, unsigned char mac[6]);
/* a lies in net's subnet (the first net->prefix bits agree) */
bool ip_covers(const struct ip_addr *net, const struct ip_addr *a);
/* its length in bytes: 4 or 16 */
size_t ip_len(const struct ip_addr *a);

#endif
