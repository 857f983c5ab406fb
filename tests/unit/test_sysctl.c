/* SPDX-License-Identifier: MIT */
/* Unit tests for stages/sysctl.c: which keys are a namespace's, as the
 * path the kernel resolves, and the default ping range. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "nsinit.h"
#include "sysctl.h"
#include "unit.h"

/* stages/state.c owns it (not built in here); ping_range asks whether a
 * launcher made the namespaces */
struct state state = { .rootfd = -1, .procfd = -1, .sysfd = -1,
		       .console = -1, .report = -1 };

#define NET_IPC (CLONE_NEWNET | CLONE_NEWIPC)

static struct sysctl_path p;

/* key is accepted as dir/rest. */
static int
is(const char *key, int ns, const char *dir, const char *rest)
{
	int rc;

	memset(&p, 0, sizeof(p));
	rc = sysctl_path(key, ns, &p);
	if (rc != 0 || strcmp(p.dir, dir) || strcmp(p.rest, rest)) {
		fprintf(stderr, "  %s: got %d %s %s\n", key, rc,
			p.dir ? p.dir : "-", p.rest);
		return 0;
	}
	return 1;
}

static int
refused(const char *key, int ns, int err)
{
	int rc = sysctl_path(key, ns, &p);

	if (rc != err) {
		fprintf(stderr, "  %s: got %d, not %d\n", key, rc, err);
		return 0;
	}
	return 1;
}

static int
keys_of_the_network_and_ipc_namespaces_are_paths_beneath_their_directory(void)
{
	CHECK(is("net.ipv4.ip_forward", NET_IPC, "net", "ipv4/ip_forward"));
	CHECK(is("net.ipv4.conf.eth0/1.forwarding", NET_IPC, "net",
		 "ipv4/conf/eth0.1/forwarding"));
	CHECK(is("kernel.shmmax", NET_IPC, "kernel", "shmmax"));
	CHECK(is("kernel.msgmnb", NET_IPC, "kernel", "msgmnb"));
	CHECK(is("kernel.sem", NET_IPC, "kernel", "sem"));
	CHECK(is("fs.mqueue.msg_max", NET_IPC, "fs/mqueue", "msg_max"));
	return 1;
}

static int
a_key_needs_its_namespace_in_the_configuration(void)
{
	CHECK(refused("net.ipv4.ip_forward", CLONE_NEWIPC, -EPERM));
	CHECK(refused("kernel.shmmax", CLONE_NEWNET, -EPERM));
	CHECK(refused("vm.swappiness", NET_IPC, -EPERM));
	CHECK(refused("kernel.core_pattern", NET_IPC, -EPERM));
	CHECK(refused("kernel.hostname", NET_IPC | CLONE_NEWUTS, -EPERM));
	/* a prefix of a word is not the word */
	CHECK(refused("network.x", NET_IPC, -EPERM));
	CHECK(refused("net", NET_IPC, -EPERM));
	CHECK(refused("fs.mqueuex.y", NET_IPC, -EPERM));
	/* the IPC keys are files of kernel/, not paths below */
	CHECK(refused("kernel.shm.x", NET_IPC, -EPERM));
	return 1;
}

/* The walk-arounds: ".." only appears once dots and slashes swap. */
static int
a_key_that_walks_out_of_its_namespace_is_refused(void)
{
	CHECK(refused("net.//.kernel.printk_ratelimit_burst", NET_IPC, -EINVAL));
	CHECK(refused("net.//.kernel.core_pattern", NET_IPC, -EINVAL));
	CHECK(refused("net.ipv4.//.//.kernel.core_pattern", NET_IPC, -EINVAL));
	CHECK(refused("kernel.shm/.//.core_pattern", NET_IPC, -EINVAL));
	CHECK(refused("fs.mqueue.//.//.//.vm.swappiness", NET_IPC, -EINVAL));
	CHECK(refused("net./.ipv4.ip_forward", NET_IPC, -EINVAL));
	CHECK(refused("net.ipv4./", NET_IPC, -EINVAL));
	CHECK(refused("net.ipv4.//", NET_IPC, -EINVAL));
	return 1;
}

static int
an_empty_part_is_refused(void)
{
	CHECK(refused("", NET_IPC, -EINVAL));
	CHECK(refused(NULL, NET_IPC, -EINVAL));
	CHECK(refused(".net.ipv4.ip_forward", NET_IPC, -EINVAL));
	CHECK(refused("net.ipv4.ip_forward.", NET_IPC, -EINVAL));
	CHECK(refused("net..ipv4.ip_forward", NET_IPC, -EINVAL));
	CHECK(refused("/net.ipv4", NET_IPC, -EPERM));	/* ".net/ipv4": a name */
	CHECK(refused(".", NET_IPC, -EINVAL));
	return 1;
}

static int
a_key_too_long_for_the_path_is_refused(void)
{
	char key[600];

	memset(key, 'a', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	memcpy(key, "net.", 4);
	CHECK(refused(key, NET_IPC, -EINVAL));
	key[4 + sizeof(p.rest)] = '\0';	/* one more than rest holds */
	CHECK(refused(key, NET_IPC, -EINVAL));
	key[4 + sizeof(p.rest) - 1] = '\0';
	CHECK(sysctl_path(key, NET_IPC, &p) == 0);
	CHECK(strlen(p.rest) == sizeof(p.rest) - 1);
	return 1;
}

static char range[32];

static int
ping_is_every_gid_in_a_network_namespace_the_launcher_made(void)
{
	struct config c = { .namespaces = CLONE_NEWNET };

	state.report = 9;
	CHECK(ping_range(&c, range, sizeof(range)));
	CHECK(!strcmp(range, "0 2147483647"));
	c.namespaces = CLONE_NEWIPC;
	CHECK(!ping_range(&c, range, sizeof(range)));
	/* without a launcher the caller's namespace may be the host's */
	c.namespaces = CLONE_NEWNET;
	state.report = -1;
	CHECK(!ping_range(&c, range, sizeof(range)));
	return 1;
}

static int
ping_is_left_alone_when_the_configuration_sets_it(void)
{
	static const struct sysctl own[] = {
		{ "net.ipv4.ip_forward", "1" },
		{ "net.ipv4.ping_group_range", "1 0" },
	};
	struct config c = { .namespaces = CLONE_NEWNET, .sysctls = own,
			    .nsysctls = 1 };

	state.report = 9;
	CHECK(ping_range(&c, range, sizeof(range)));
	c.nsysctls = 2;
	CHECK(!ping_range(&c, range, sizeof(range)));
	return 1;
}

static int
ping_in_a_user_namespace_is_the_range_of_the_lowest_mapped_gid(void)
{
	static const struct id_map self[] = { { 0, ID_SELF, 1 } };
	static const struct id_map two[] = {
		{ 1, 100000, 65536 }, { 0, 1000, 1 },
	};
	static const struct id_map all[] = { { 0, 0, 4294967295u } };
	static const struct id_map high[] = { { 2147483648u, 0, 10 } };
	struct config c = {
		.namespaces = CLONE_NEWNET | CLONE_NEWUSER,
		.gid_map = self, .gid_maps = 1,
	};

	state.report = 9;
	CHECK(ping_range(&c, range, sizeof(range)));
	CHECK(!strcmp(range, "0 0"));
	c.gid_map = two, c.gid_maps = 2;
	CHECK(ping_range(&c, range, sizeof(range)));
	CHECK(!strcmp(range, "0 0"));
	c.gid_maps = 1;
	CHECK(ping_range(&c, range, sizeof(range)));
	CHECK(!strcmp(range, "1 65536"));
	c.gid_map = all;
	CHECK(ping_range(&c, range, sizeof(range)));
	CHECK(!strcmp(range, "0 2147483647"));
	c.gid_map = high;
	CHECK(!ping_range(&c, range, sizeof(range)));
	return 1;
}

int
main(void)
{
	static const struct unit_test tests[] = {
		T(keys_of_the_network_and_ipc_namespaces_are_paths_beneath_their_directory),
		T(a_key_needs_its_namespace_in_the_configuration),
		T(a_key_that_walks_out_of_its_namespace_is_refused),
		T(an_empty_part_is_refused),
		T(a_key_too_long_for_the_path_is_refused),
		T(ping_is_every_gid_in_a_network_namespace_the_launcher_made),
		T(ping_is_left_alone_when_the_configuration_sets_it),
		T(ping_in_a_user_namespace_is_the_range_of_the_lowest_mapped_gid),
	};

	return run_tests(tests, LEN(tests));
}
