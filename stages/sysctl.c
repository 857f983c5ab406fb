/* SPDX-License-Identifier: MIT */
/* sysctls inside the container, written through its own procfs: the
 * mount the mounts stage made, reached by its fd (never by the path
 * "/proc", which the image could have led elsewhere). The
 * net.* files belong to the network namespace of whoever opens them:
 * ours. Only keys that a namespace of the container isolates are taken
 * (sysctl_path, which check.c asks at start and set_one again here), each
 * resolved beneath that namespace's own directory, so that nothing here
 * changes the host. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/openat2.h>

#include "nsinit.h"
#include "sysctl.h"

/* The keys a namespace isolates: the namespace's directory under
 * /proc/sys and what the rest of the key begins with (then one file of
 * that directory, not a path further down). */
static const struct {
	const char *dir;
	const char *leaf;	/* "": anything beneath dir */
	int ns;
} namespaced[] = {
	{ .dir = "net", .leaf = "", .ns = CLONE_NEWNET },
	{ .dir = "kernel", .leaf = "shm", .ns = CLONE_NEWIPC },
	{ .dir = "kernel", .leaf = "msg", .ns = CLONE_NEWIPC },
	{ .dir = "kernel", .leaf = "sem", .ns = CLONE_NEWIPC },
	{ .dir = "fs/mqueue", .leaf = "", .ns = CLONE_NEWIPC },
};

/* Every part of a path is a name: not empty, not "." nor "..". */
static bool
names_only(const char *path)
{
	const char *p = path, *end;
	size_t n;

	for (;;) {
		end = strchr(p, '/');
		n = end ? (size_t)(end - p) : strlen(p);
		if (n == 0 || (p[0] == '.' && (n == 1 || (n == 2 && p[1] == '.'))))
			return false;
		if (!end)
			return true;
		p = end + 1;
	}
}

/* "net.ipv4.conf.eth0/1.forwarding" is net/ipv4/conf/eth0.1/forwarding,
 * as sysctl(8) reads it: dots and slashes swap. The check is made on the
 * path so swapped, the one the kernel resolves: a key checked before the
 * swap ("net.//.kernel.x" has no "..") walked out of its namespace. */
int
sysctl_path(const char *key, int namespaces, struct sysctl_path *p)
{
	char path[sizeof(p->rest) + 16];
	size_t i, n, len;

	if (!key || (n = strlen(key)) == 0 || n >= sizeof(path))
		return -EINVAL;
	for (i = 0; i <= n; i++)
		path[i] = key[i] == '.' ? '/' : key[i] == '/' ? '.' : key[i];
	if (!names_only(path))
		return -EINVAL;
	for (i = 0; i < LEN(namespaced); i++) {
		len = strlen(namespaced[i].dir);
		if (strncmp(path, namespaced[i].dir, len) || path[len] != '/' ||
		    strncmp(path + len + 1, namespaced[i].leaf,
			    strlen(namespaced[i].leaf)) ||
		    (namespaced[i].leaf[0] && strchr(path + len + 1, '/')) ||
		    !(namespaces & namespaced[i].ns))
			continue;
		if (strlen(path + len + 1) >= sizeof(p->rest))
			return -EINVAL;
		p->dir = namespaced[i].dir;
		strcpy(p->rest, path + len + 1);
		return 0;
	}
	return -EPERM;
}

static int
write_key(const struct config *c, int sys, const struct sysctl *s)
{
	struct sysctl_path p;
	int dir, rc;

	rc = sysctl_path(s->key, c->namespaces, &p);
	if (rc < 0)
		return rc;
	dir = openat2_in(sys, p.dir, O_PATH | O_DIRECTORY, RESOLVE_KERNFS);
	if (dir < 0)
		return dir;
	rc = write_file_at(dir, p.rest, RESOLVE_KERNFS, s->value);
	close(dir);
	return rc;
}

static int
set_one(const struct config *c, int sys, const struct sysctl *s)
{
	int rc = write_key(c, sys, s);

	if (rc < 0)
		say("%s = %s: %s", s->key, s->value, strerror(-rc));
	return rc;
}

#define PING_KEY "net.ipv4.ping_group_range"
#define GID_T_MAX 2147483647u	/* the highest the kernel takes here */

/* ping without CAP_NET_RAW, as Docker has it since 20.10: in a network
 * namespace of its own (made by the launcher: without one, the caller's
 * namespace may be the host's), unless the configuration sets it, every
 * gid of the container may open ICMP echo sockets. That is all of them,
 * or, in a user namespace, where the kernel refuses an end that is not
 * mapped, the gid_map range holding the lowest gid inside: contiguous
 * outside too, it covers no host gid the container does not have.
 * false: nothing to write. */
bool
ping_range(const struct config *c, char *value, size_t size)
{
	struct sysctl_path p, q;
	const struct id_map *low = NULL;
	unsigned hi;
	size_t i;

	if (!(c->namespaces & CLONE_NEWNET) || state.report < 0)
		return false;
	(void)sysctl_path(PING_KEY, CLONE_NEWNET, &p);
	for (i = 0; i < c->nsysctls; i++)
		if (sysctl_path(c->sysctls[i].key, c->namespaces, &q) == 0 &&
		    !strcmp(q.dir, p.dir) && !strcmp(q.rest, p.rest))
			return false;
	if (!(c->namespaces & CLONE_NEWUSER)) {
		snprintf(value, size, "0 %u", GID_T_MAX);
		return true;
	}
	for (i = 0; i < c->gid_maps; i++)
		if (c->gid_map[i].count &&
		    (!low || c->gid_map[i].inside < low->inside))
			low = &c->gid_map[i];
	if (!low || low->inside > GID_T_MAX)
		return false;
	hi = low->count - 1 > GID_T_MAX - low->inside ? GID_T_MAX :
	     low->inside + (low->count - 1);
	snprintf(value, size, "%u %u", low->inside, hi);
	return true;
}

/* The default ping range first, then the configured keys. A kernel
 * without IPv4 has no ping_group_range: nothing to open ping to. */
static int
set_all(const struct config *c, int sys)
{
	char range[32];
	struct sysctl ping = { .key = PING_KEY, .value = range };
	size_t i;
	int rc = 0;

	if (ping_range(c, range, sizeof(range))) {
		rc = write_key(c, sys, &ping);
		if (rc == -ENOENT)
			rc = 0;
		else if (rc < 0)
			say("%s = %s: %s", ping.key, ping.value,
			    strerror(-rc));
	}
	for (i = 0; rc == 0 && i < c->nsysctls; i++)
		rc = set_one(c, sys, &c->sysctls[i]);
	return rc;
}

int
stage_sysctl(const struct config *c)
{
	char range[32];
	int sys, rc;

	if (!c->nsysctls && !ping_range(c, range, sizeof(range)))
		return 0;
	if (state.procfd < 0) {	/* the mounts stage's procfs, when set */
		say("/proc/sys: not the container's procfs");
		return -ENODEV;
	}
	sys = openat2_in(state.procfd, "sys", O_PATH | O_DIRECTORY,
			 RESOLVE_KERNFS);
	if (sys < 0) {
		say("/proc/sys: %s", strerror(-sys));
		return sys;
	}
	rc = set_all(c, sys);
	close(sys);
	return rc;
}
