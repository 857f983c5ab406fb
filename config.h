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

static const struct config config = {
	/* directory on the host, relative to where init starts */
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
};
