/* SPDX-License-Identifier: MIT */
/* addr.h: IP addresses with prefixes, and MAC addresses, as config.h and
 * the kernel command line write them. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "addr.h"
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
ip_parse(const char *s, struct ip_addr *a)
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
mac_parse(const char *s, unsigned char mac[6])
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
ip_covers(const struct ip_addr *net, const struct ip_addr *a)
{
	unsigned whole = net->prefix / 8, rest = net->prefix % 8;
	unsigned char mask = (unsigned char)(0xff00 >> rest);

	if (net->family != a->family)
		return false;
	if (memcmp(net->bytes, a->bytes, whole) != 0)
		return false;
	return !rest || ((net->bytes[whole] ^ a->bytes[whole]) & mask) == 0;
}

size_t
ip_len(const struct ip_addr *a)
{
	return a->family == AF_INET ? 4 : 16;
}
