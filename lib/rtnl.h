/* SPDX-License-Identifier: MIT */
/* rtnetlink requests: links, addresses, routes. Each nl_req_* builds a
 * request without sending it (the unit tests read them); the function of
 * the same name without _req_ sends it and returns the kernel's verdict. */
#ifndef NSINIT_RTNL_H
#define NSINIT_RTNL_H

#include <stdbool.h>
#include <sys/types.h>

#include "addr.h"
#include "nl.h"

/* Links. */
void nl_req_link_get(struct nl_req *rq, void *buf, size_t cap,
		     const char *name);
void nl_req_link_up(struct nl_req *rq, void *buf, size_t cap, int index,
		    const char *name);
int nl_link_index(struct nl *nl, const char *name);
int nl_link_up(struct nl *nl, const char *name);

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
void nl_req_link_del(struct nl_req *rq, void *buf, size_t cap, int index,
		     const char *name);
void nl_req_veth_add(struct nl_req *rq, void *buf, size_t cap,
		     const char *name, const char *peer, pid_t peer_ns);
void nl_req_macvlan_add(struct nl_req *rq, void *buf, size_t cap,
			const char *name, int lower, pid_t ns);
void nl_req_addr_add(struct nl_req *rq, void *buf, size_t cap, int index,
		     const struct ip_addr *a, unsigned flags);
void nl_req_route_add(struct nl_req *rq, void *buf, size_t cap, int index,
		      const struct ip_addr *dst, const struct ip_addr *gw);

int nl_link_set(struct nl *nl, int index, const struct nl_link *l);
int nl_link_del(struct nl *nl, int index, const char *name);
/* What the kernel says of a link, by index: 0, -ENODEV for none. */
struct nl_link_info {
	char kind[16];		/* IFLA_INFO_KIND, "veth"; "": physical */
	unsigned char mac[6];
	bool has_mac;
	unsigned mtu;
};
int nl_link_info(struct nl *nl, int index, struct nl_link_info *li);
/* A veth pair; with peer_ns the peer is made in that pid's namespace. */
int nl_veth_add(struct nl *nl, const char *name, const char *peer,
		pid_t peer_ns);
/* A macvlan (bridge mode) on link lower; with ns, made in that pid's. */
int nl_macvlan_add(struct nl *nl, const char *name, int lower, pid_t ns);
/* flags: IFA_F_* (IFA_F_NODAD: usable at once, no duplicate detection) */
int nl_addr_add(struct nl *nl, int index, const struct ip_addr *a,
		unsigned flags);
/* dst NULL: the default route; gw NULL: on-link. */
int nl_route_add(struct nl *nl, int index, const struct ip_addr *dst,
		 const struct ip_addr *gw);
/* 1 when a is an address of this network namespace, 0 when not. */
int nl_addr_local(struct nl *nl, const struct ip_addr *a);
/* The index of link name once it exists: -ETIMEDOUT after timeout_ms. */
int nl_wait_link(struct nl *nl, const char *name, unsigned timeout_ms);

#endif
