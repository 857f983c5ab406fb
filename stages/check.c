/* SPDX-License-Identifier: MIT */
/* The configuration as it will run, checked before anything is touched. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <net/if.h>

#include "addr.h"
#include "nsinit.h"
#include "rules.h"
#include "sysctl.h"

#define RULE(ok, msg)							\
	if (!(ok)) {							\
		say("%s", msg);				\
		return -EINVAL;						\
	}

/* One line naming the interface and what is wrong with it. */
#define BAD_IF(n, ...)							\
	do {								\
		char why_[160];						\
		snprintf(why_, sizeof(why_), __VA_ARGS__);		\
		say("interface %s: %s", net_name(n), why_);	\
		return -EINVAL;						\
	} while (0)

static bool
link_local6(const struct ip_addr *a)
{
	return a->family == AF_INET6 && a->bytes[0] == 0xfe &&
	       (a->bytes[1] & 0xc0) == 0x80;
}

/* A gateway must be reachable on the link: inside a subnet of one of the
 * interface's addresses (or IPv6 link-local, which every link has). */
static int
check_gateway(const struct net_if *n, const char *gw, int family)
{
	const char *const *s;
	struct ip_addr g, a;

	if (ip_parse(gw, &g) < 0 ||
	    g.prefix != (g.family == AF_INET ? 32u : 128u))
		BAD_IF(n, "gateway %s is not an address", gw);
	if (family && g.family != family)
		BAD_IF(n, "gateway %s is not an IPv%c address", gw,
		       family == AF_INET ? '4' : '6');
	if (link_local6(&g))
		return 0;
	for (s = n->addrs; s && *s; s++)
		if (ip_parse(*s, &a) == 0 && ip_covers(&a, &g))
			return 0;
	BAD_IF(n, "gateway %s is outside every subnet of its addresses", gw);
}

static int
check_addrs(const struct net_if *n, const char *const *list)
{
	struct ip_addr a;

	for (; list && *list; list++)
		if (ip_parse(*list, &a) < 0)
			BAD_IF(n, "%s is not an address/prefix", *list);
	return 0;
}

static int
check_routes(const struct net_if *n)
{
	struct ip_addr d;
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < n->nroutes; i++) {
		if (!n->routes[i].dst || ip_parse(n->routes[i].dst, &d) < 0)
			BAD_IF(n, "route %zu: dst must be an address/prefix", i);
		if (n->routes[i].via)
			rc = check_gateway(n, n->routes[i].via, d.family);
	}
	return rc;
}

static int
check_names(const struct config *c, const struct net_if *n)
{
	unsigned char mac[6];
	size_t i;

	if (strlen(net_name(n)) >= IFNAMSIZ ||
	    (n->host && strlen(n->host) >= IFNAMSIZ))
		BAD_IF(n, "names are at most %d characters", IFNAMSIZ - 1);
	if (n->kind != NET_VETH && !n->host)
		BAD_IF(n, "host must name the host interface");
	if (n->kind != NET_VETH && (n->bridge || n->host_addrs))
		BAD_IF(n, "bridge and host_addrs are for veth pairs");
	if (n->mac && mac_parse(n->mac, mac) < 0)
		BAD_IF(n, "mac %s is not like 02:00:00:00:00:01", n->mac);
	for (i = 0; &c->net[i] != n; i++)
		if (strcmp(net_name(&c->net[i]), net_name(n)) == 0)
			BAD_IF(n, "configured twice");
	return 0;
}

static int
check_if(const struct config *c, const struct net_if *n)
{
	int rc;

	if ((rc = check_names(c, n)) || (rc = check_addrs(n, n->addrs)) ||
	    (rc = check_addrs(n, n->host_addrs)) || (rc = check_routes(n)))
		return rc;
	if (n->gateway4 && (rc = check_gateway(n, n->gateway4, AF_INET)))
		return rc;
	if (n->gateway6 && (rc = check_gateway(n, n->gateway6, AF_INET6)))
		return rc;
	return 0;
}

/* Only keys a namespace of the container isolates: any other would be
 * written to the host's kernel. sysctl.c writes through the same path. */
static int
check_sysctl(const struct config *c, const struct sysctl *s)
{
	struct sysctl_path p;
	int rc = sysctl_path(s->key, c->namespaces, &p);

	if (rc == -EPERM && s->value)
		say("sysctl %s: no namespace of the container "
		    "isolates it: it would change the host", s->key);
	else if (rc < 0 || !s->value)
		say("sysctl %s: needs a key like "
		    "net.ipv4.ip_forward (no empty, \".\" or \"..\" part) and "
		    "a value", s->key ? s->key : "");
	return rc < 0 || !s->value ? -EINVAL : 0;
}

/* The network and naming part of the configuration. */
static int
check_net(const struct config *c)
{
	size_t i;
	int rc = 0;

	for (i = 0; rc == 0 && i < c->nnet; i++)
		rc = check_if(c, &c->net[i]);
	for (i = 0; rc == 0 && i < c->nsysctls; i++)
		rc = check_sysctl(c, &c->sysctls[i]);
	if (rc == 0 && ((c->hosts && strlen(c->hosts) > 65536) ||
			(c->resolv_conf && strlen(c->resolv_conf) > 65536))) {
		say("hosts and resolv_conf are at most 64 KiB");
		rc = -EINVAL;
	}
	return rc;
}

/* A signal init can receive (not SIGKILL, SIGSTOP or SIGCHLD, which it
 * never forwards), mapped to one it can send, each once. */
static int
check_signal_map(const struct config *c)
{
	const struct signal_map *m;
	size_t i, j;

	for (i = 0; i < c->nsignal_map; i++) {
		m = &c->signal_map[i];
		for (j = 0; j < i && c->signal_map[j].from != m->from; j++)
			;
		if (m->from < 1 || m->from > 64 || m->from == SIGKILL ||
		    m->from == SIGSTOP || m->from == SIGCHLD || m->to < 1 ||
		    m->to > 64 || j < i) {
			say("signal_map %zu: %d -> %d: each signal once, 1..64, "
			    "from no SIGKILL, SIGSTOP or SIGCHLD", i, m->from,
			    m->to);
			return -EINVAL;
		}
	}
	return 0;
}

/* digits, then at most one of the characters of suffixes */
static bool
number(const char *s, const char *suffixes)
{
	size_t n = strspn(s, "0123456789");

	if (n == 0 || n > 19)
		return false;
	return !s[n] || (!s[n + 1] && strchr(suffixes, s[n]));
}

static bool
max_or_number(const char *s, const char *suffixes)
{
	return strcmp(s, "max") == 0 || number(s, suffixes);
}

/* "QUOTA [PERIOD]", the quota possibly "max" */
static bool
cpu_max_ok(const char *s)
{
	const char *sp = strchr(s, ' ');
	char quota[24];
	size_t n = sp ? (size_t)(sp - s) : strlen(s);

	if (n >= sizeof(quota))
		return false;
	memcpy(quota, s, n);
	quota[n] = '\0';
	return max_or_number(quota, "") && (!sp || number(sp + 1, ""));
}

/* The cgroup limits' syntax, as the kernel takes it (the kernel checks
 * the ranges), before the launcher makes anything. */
static int
check_cgroup(const struct config *c)
{
	const char *p = c->cgroup_parent;

	if (c->memory_max && !max_or_number(c->memory_max, "KMGTkmgt")) {
		say("memory_max %s: not \"max\" or a size like 64M",
		    c->memory_max);
		return -EINVAL;
	}
	if (c->pids_max && !max_or_number(c->pids_max, "")) {
		say("pids_max %s: not \"max\" or a number",
		    c->pids_max);
		return -EINVAL;
	}
	if (c->cpu_max && !cpu_max_ok(c->cpu_max)) {
		say("cpu_max %s: not \"QUOTA [PERIOD]\" in "
		    "microseconds (QUOTA may be \"max\")", c->cpu_max);
		return -EINVAL;
	}
	if (p && (p[0] != '/' || strstr(p, "/..") || strlen(p) > 256)) {
		say("cgroup_parent %s: not an absolute path below "
		    "the cgroup2 root", p);
		return -EINVAL;
	}
	return 0;
}

/* with_rootfs: also that the rootfs is a directory (not for a machine
 * whose appliance runs without a container). */
int
config_check(const struct config *c, bool with_rootfs)
{
	LOG_AS("config");
	struct stat st;
	size_t i;

	CONFIG_RULES(RULE, c)
	for (i = 0; i < c->nmounts; i++) {
		if (!c->mounts[i].tmpfs == !c->mounts[i].source ||
		    (c->mounts[i].source && c->mounts[i].source[0] != '/') ||
		    !c->mounts[i].target || c->mounts[i].target[0] != '/') {
			say("mount %zu: a source or tmpfs, not both, and the "
			    "source and target must be absolute paths", i);
			return -EINVAL;
		}
	}
	if (check_net(c) < 0 || check_signal_map(c) < 0 ||
	    check_cgroup(c) < 0 || harden_check(c) < 0)
		return -EINVAL;
	if (!with_rootfs || (c->inherit & INHERIT_ROOT))
		return 0;
	if (stat(c->rootfs, &st) < 0) {
		say("rootfs %s: %s", c->rootfs, strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode)) {
		say("rootfs %s: %s", c->rootfs, strerror(ENOTDIR));
		return -ENOTDIR;
	}
	return 0;
}
