/* SPDX-License-Identifier: MIT */
/* init --print-config: what is compiled in, one field a line. */
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "capname.h"
#include "nsinit.h"

static const struct {
	int flag;
	const char *name;
} ns_names[] = {
	{ CLONE_NEWNS, "mount" }, { CLONE_NEWPID, "pid" },
	{ CLONE_NEWUTS, "uts" }, { CLONE_NEWIPC, "ipc" },
	{ CLONE_NEWNET, "net" }, { CLONE_NEWCGROUP, "cgroup" },
	{ CLONE_NEWUSER, "user" },
};

static const char *
or_none(const char *s)
{
	return s ? s : "(none)";
}

static void
print_list(const char *key, const char *const *v)
{
	printf("%-13s", key);
	for (; v && *v; v++)
		printf(" '%s'", *v);
	printf("\n");
}

static const char *
propagation(unsigned long p)
{
	return p == MS_SHARED ? " shared" : p == MS_SLAVE ? " slave" :
	       p == MS_PRIVATE ? " private" : "";
}

static void
print_mounts(const struct config *c)
{
	const struct bind_mount *m;
	size_t i;

	for (i = 0; i < c->nmounts; i++) {
		m = &c->mounts[i];
		if (m->tmpfs) {
			printf("%-13s %s (%s)%s%s%s%s%s\n", "tmpfs", m->target,
			       *m->tmpfs ? m->tmpfs : "no options",
			       m->readonly ? " ro" : " rw",
			       m->nosuid ? " nosuid" : "",
			       m->nodev || !m->dev ? " nodev" : "",
			       m->noexec ? " noexec" : "",
			       propagation(m->propagation));
			continue;
		}
		printf("%-13s %s -> %s%s%s%s%s%s%s\n", "bind", m->source,
		       m->target, m->readonly ? " ro" : " rw",
		       m->nosuid ? " nosuid" : "", m->nodev || !m->dev ? " nodev" : "",
		       m->noexec ? " noexec" : "", propagation(m->propagation),
		       m->optional ? " optional" : "");
	}
}

static void
print_ids(const char *key, const struct id_map *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%-13s %u %u %u\n", key, m[i].inside, m[i].outside,
		       m[i].count);
}

static void
print_harden(const struct config *c)
{
	const int *list;
	size_t i, n = seccomp_list(c, &list);
	const char *rule;
	int err;

	if (c->inherit & INHERIT_ROOT) {
		printf("%-13s (none: the runtime's)\n", "masked");
		printf("%-13s (none: the runtime's)\n", "read-only");
	} else {
		print_list("masked", masked_paths(c));
		print_list("read-only", readonly_paths(c));
	}
	printf("%-13s", "seccomp deny");
	for (i = 0; i < n; i++)
		printf(" %d", list[i]);
	printf("%s%s\n", n ? "" : " (no filter)", c->seccomp_deny ? "" :
	       " (default)");
	for (i = 0; n && (rule = seccomp_rule(c, i, &err)); i++)
		printf("%-13s %s: %s\n", "seccomp rule", rule, strerror(err));
	printf("%-13s %s\n", "no_new_privs", c->allow_new_privs ? "no" : "yes");
	printf("%-13s %s\n", "init", c->init_dumpable ? "dumpable" :
	       "not dumpable");
	printf("%-13s %s\n", "exe", c->no_exe_copy ? "the file on disk" :
	       "a sealed memfd copy");
	for (i = 0; i < c->nrlimits; i++)
		printf("%-13s %s %lu %lu\n", "rlimit",
		       or_none(rlimit_name(c->rlimits[i].resource)),
		       c->rlimits[i].soft, c->rlimits[i].hard);
	if (c->oom_score_adj)
		printf("%-13s %d\n", "oom_score_adj", *c->oom_score_adj);
	printf("%-13s %s\n", "apparmor", or_none(c->apparmor_profile));
}

static const char *const kinds[] = {
	[NET_VETH] = "veth", [NET_MOVE] = "moved", [NET_MACVLAN] = "macvlan",
};

static void
print_net(const struct config *c)
{
	const struct net_if *n;
	size_t i, r;

	for (i = 0; i < c->nnet; i++) {
		n = &c->net[i];
		printf("%-13s %s %s (host %s)", "net", kinds[n->kind],
		       n->name ? n->name : "eth0", or_none(n->host));
		if (n->mtu)
			printf(" mtu %u", n->mtu);
		if (n->bridge)
			printf(" bridge %s", n->bridge);
		printf("\n");
		print_list("  addrs", n->addrs);
		if (n->host_addrs)
			print_list("  host addrs", n->host_addrs);
		if (n->gateway4 || n->gateway6)
			printf("%-13s %s %s\n", "  gateways",
			       or_none(n->gateway4), or_none(n->gateway6));
		for (r = 0; r < n->nroutes; r++)
			printf("%-13s %s via %s\n", "  route",
			       or_none(n->routes[r].dst),
			       or_none(n->routes[r].via));
	}
	for (i = 0; i < c->nsysctls; i++)
		printf("%-13s %s = %s\n", "sysctl", c->sysctls[i].key,
		       c->sysctls[i].value);
	printf("%-13s %s, %s\n", "etc files",
	       c->hosts ? "/etc/hosts" : "-", c->resolv_conf ?
	       "/etc/resolv.conf" : "-");
}

static void
print_signal_map(const struct config *c)
{
	size_t i;

	printf("%-13s", "signal map");
	for (i = 0; i < c->nsignal_map; i++)
		printf(" %d->%d", c->signal_map[i].from, c->signal_map[i].to);
	printf("%s\n", c->nsignal_map ? "" : " (none: as received)");
}

static const char *const inherit_names[] = {
	"root", "env", "workdir", "user", "caps", "umask",
};

static void
print_inherit(const struct config *c)
{
	size_t i;

	printf("%-13s", "inherit");
	for (i = 0; i < LEN(inherit_names); i++)
		if (c->inherit & (1u << i))
			printf(" %s", inherit_names[i]);
	printf("%s\n", c->inherit ? "" : " (nothing)");
}

static const char *const restarts[] = {
	[RESTART_NO] = "no", [RESTART_ON_FAILURE] = "on failure",
	[RESTART_ALWAYS] = "always",
};

static void
print_pid1(const struct config *c)
{
	size_t i;

	printf("%-13s %s, backoff up to %u ms\n", "restart",
	       restarts[c->restart],
	       c->restart_max_ms ? c->restart_max_ms : 10000);
	printf("%-13s", "success");
	for (i = 0; i < c->nsuccess; i++)
		printf(" %d", c->success_codes[i]);
	printf("%s\n", c->nsuccess ? "" : " 0 only");
	printf("%-13s %s\n", "signals to", c->signal_group ?
	       "the appliance's process group" : "the appliance");
	print_signal_map(c);
	printf("%-13s %u\n", "pass_fds", c->pass_fds);
	printf("%-13s memory %s, pids %s, cpu %s\n", "cgroup",
	       or_none(c->memory_max), or_none(c->pids_max),
	       or_none(c->cpu_max));
	printf("%-13s %s\n", "cgroup parent",
	       c->cgroup_parent ? c->cgroup_parent : "(default)");
}

static void
print_watchdog(const struct watchdog *w)
{
	printf("%-13s %s", "boot watchdog", or_none(w->device));
	if (!w->device) {
		printf("\n");
		return;
	}
	if (w->timeout)
		printf(", timeout %u s", w->timeout);
	else
		printf(", the driver's timeout");
	if (w->give_up_after)
		printf(", gives up after %u failures in a row", w->give_up_after);
	if (w->give_up_after && w->window_s)
		printf(" within %u s", w->window_s);
	printf("%s\n", w->give_up_on_setup ? ", and on a setup failure" : "");
}

static void
print_boot(const struct config *c)
{
	const struct boot *b = &c->boot;
	size_t i;

	print_list("boot modules", b->modules);
	printf("%-13s %s\n", "boot auto", b->modules_auto ? "the modules the "
	       "hardware and the root's filesystem ask for (modules.alias)" :
	       "no");
	printf("%-13s %s %s via %s, wait %u ms\n", "boot net",
	       or_none(b->iface), or_none(b->address), or_none(b->gateway),
	       b->wait_ms);
	printf("%-13s %s (%s)%s%s%s%s\n", "boot root", or_none(b->root),
	       b->root_fstype ? b->root_fstype :
	       b->root && !strncmp(b->root, "9p:", 3) ? "9p" :
	       "as the device says",
	       b->overlay ? ", read-only under an overlay on " : "",
	       b->overlay ? b->overlay : "",
	       b->next_init ? ", then " : "", b->next_init ? b->next_init : "");
	for (i = 0; i < b->nmounts; i++)
		printf("%-13s %s on %s (%s) %s%s%s%s%s%s%s\n", "boot mount",
		       b->mounts[i].source, b->mounts[i].target,
		       b->mounts[i].fstype ? b->mounts[i].fstype :
		       b->mounts[i].flags & MS_BIND ? "bind" :
		       !strcmp(b->mounts[i].source, "tmpfs") ? "tmpfs" :
		       !strcmp(b->mounts[i].source, "overlay") ? "overlay" :
		       b->mounts[i].source[0] != '/' &&
		       !strchr(b->mounts[i].source, '=') ? "9p" :
		       "as it says",
		       b->mounts[i].flags & MS_RDONLY ? "ro" : "rw",
		       b->mounts[i].flags & MS_NOSUID ? ",nosuid" : "",
		       b->mounts[i].flags & MS_NODEV ? ",nodev" : "",
		       b->mounts[i].flags & MS_NOEXEC ? ",noexec" : "",
		       b->mounts[i].options ? "," : "",
		       b->mounts[i].options ? b->mounts[i].options : "",
		       b->mounts[i].optional ? ", optional" : "");
	printf("%-13s in %s, out %s, err %s\n", "boot stdio",
	       b->stdio[0] ? b->stdio[0] : "the console",
	       b->stdio[1] ? b->stdio[1] : "the console",
	       b->stdio[2] ? b->stdio[2] : "the console");
	printf("%-13s %s, on exit %s, on failure %s\n", "boot runs",
	       b->container ? "a container" : "the appliance directly",
	       end_name(b->on_exit), end_name(b->on_failure));
	printf("%-13s %s%s\n", "boot rescue",
	       b->rescue_shell ? b->rescue_shell : "/bin/sh",
	       b->rescue ? ", instead of the appliance" : "");
	printf("%-13s cgroup2 %s, isa-debug-exit %s, verbose %d\n",
	       "boot options", b->cgroup2 ? "yes" : "no",
	       b->debug_exit ? "yes" : "no", b->verbose);
	print_watchdog(&b->watchdog);
}

void
print_config(const struct config *c)
{
	const char *name;
	char num[16];
	const int *list;
	size_t i, n;

	printf("%-13s %s\n", "rootfs", c->inherit & INHERIT_ROOT ?
	       "(inherited: no setup)" : or_none(c->rootfs));
	printf("%-13s", "namespaces");
	for (i = 0; i < LEN(ns_names); i++)
		if (c->namespaces & ns_names[i].flag)
			printf(" %s", ns_names[i].name);
	printf("\n");
	print_inherit(c);
	print_ids("uid_map", c->uid_map, c->uid_maps);
	print_ids("gid_map", c->gid_map, c->gid_maps);
	printf("%-13s %s\n", "propagation",
	       c->propagation_slave ? "slave" : "private");
	printf("%-13s %s\n", "hostname", or_none(c->hostname));
	printf("%-13s %s\n", "domainname", or_none(c->domainname));
	print_list("argv", c->argv);
	if (c->inherit & INHERIT_ENV)
		printf("%-13s (inherited)\n", "env");
	else
		print_list("env", c->envp);
	printf("%-13s %s\n", "user", c->inherit & INHERIT_USER ?
	       "(inherited)" : c->user ? c->user : "root");
	printf("%-13s", "groups");
	for (i = 0; c->groups && i < c->ngroups; i++)
		printf(" %u", c->groups[i]);
	printf("%s\n", c->inherit & INHERIT_USER ? " (inherited)" :
	       !c->groups ? " the image's /etc/group, never 0" :
	       c->ngroups ? "" : " (none)");
	printf("%-13s %s\n", "workdir", c->inherit & INHERIT_WORKDIR ?
	       "(inherited)" : c->workdir ? c->workdir : "/");
	if (c->inherit & INHERIT_UMASK)
		printf("%-13s (inherited)\n", "umask");
	else
		printf("%-13s %04o%s\n", "umask", (unsigned)umask_of(c),
		       c->umask ? "" : " (default)");
	print_mounts(c);
	printf("%-13s %s\n", "tty", c->tty ? "yes" : "no");
	printf("%-13s %s\n", "tty_strings", c->tty_strings ? "passed" :
	       "dropped (OSC, DCS, SOS, PM, APC to a terminal)");
	printf("%-13s", "caps");
	n = c->inherit & INHERIT_CAPS ? 0 : caps_list(c, &list);
	for (i = 0; i < n; i++) {
		name = cap_name(list[i], num, sizeof(num));
		printf(" %s", name ? name : "?");
	}
	printf("%s\n", c->inherit & INHERIT_CAPS ? " (inherited, every set)" :
	       !n ? " (none)" : c->caps ? "" : " (default)");
	printf("%-13s %s\n", "ambient_caps", c->ambient_caps ? "yes" : "no");
	printf("%-13s %s\n", "readonly_root", c->readonly_root ? "yes" : "no");
	printf("%-13s %u ms\n", "grace", c->grace_ms);
	print_pid1(c);
	print_net(c);
	print_harden(c);
	print_boot(c);
	/* which config.h this is: its sha256, computed by the Makefile */
	printf("%-13s %s\n", "config sha256", NSINIT_CONFIG_SHA256);
}
