/* SPDX-License-Identifier: MIT */
/* The appliance nsinit runs: data only, included once, by init.c.
 * Copy it, edit it, and build with `make CONFIG=my.h O=out`. */

/* What the demo appliance runs: a look at what nsinit set up for it. */
static const char *const appliance_argv[] = {
	"/bin/sh", "-c",
	"echo \"$(hostname): I am $(id -un) in $(pwd), PID $$ under PID 1\"; "
	"grep -E '^Cap(Eff|Bnd|Amb)' /proc/self/status; "
	"ip -o -4 addr show lo | awk '{print \"loopback:\", $4}'; "
	"touch /x 2>&1 | sed 's/^/root filesystem: /'; "
	"mount | grep -E ' on /(proc|dev|sys|etc/host-os-release) '",
	NULL,
};

static const char *const appliance_env[] = {
	"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
	NULL,
};

static const struct bind_mount appliance_mounts[] = {
	{
		.source = "/etc/os-release",	/* host path */
		.target = "/etc/host-os-release", /* created inside when missing */
		.readonly = true,
		.nosuid = true, .nodev = true, .noexec = true,
		.optional = true,		/* skip, with a warning, if missing */
	},
};

/* Capabilities kept: everything else leaves the bounding set too. */
static const int appliance_caps[] = {
	CAP_NET_BIND_SERVICE,
};

/* Booted as the machine's init (make demo): the NIC's drivers. */
static const char *const machine_modules[] = {
	"virtio_pci", "virtio_net", NULL,
};

static const struct config config = {
	/* directory on the host, relative to where init starts ("/" when it
	 * is the machine's init: make demo puts it at /build/rootfs) */
	.rootfs = "build/rootfs",
	.namespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC |
		      CLONE_NEWNET | CLONE_NEWCGROUP,
	.hostname = "nsinit-demo",
	.domainname = "example",
	.argv = appliance_argv,
	.envp = appliance_env,
	.user = "app",			/* a name, "uid" or "uid:gid" */
	.workdir = "/home/app",
	.umask = 022,
	.mounts = appliance_mounts,
	.nmounts = LEN(appliance_mounts),
	.tty = false,			/* true: a pty of its own */
	.caps = appliance_caps,
	.ncaps = LEN(appliance_caps),
	.ambient_caps = true,		/* so that "app" keeps them after exec */
	.readonly_root = true,
	.grace_ms = 3000,
	.restart = RESTART_NO,		/* or RESTART_ON_FAILURE, RESTART_ALWAYS */
	.boot = {			/* only as the machine's init */
		.modules = machine_modules,
		.iface = "eth0",
		.address = "10.0.2.15/24",
		.gateway = "10.0.2.2",
		.wait_ms = 5000,	/* for eth0 (and a root device) */
		.container = true,	/* the appliance in a container, as above */
		.on_exit = END_POWEROFF,
		.on_failure = END_POWEROFF, /* or END_RESCUE: a shell */
		.verbose = 1,		/* timings on the console */
	},
};
