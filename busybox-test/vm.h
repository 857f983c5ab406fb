/* SPDX-License-Identifier: MIT */
/* nsinit-vm's init (busybox-test/vm): the init of a throwaway test VM.
 *
 * The VM is the isolation: QEMU runs as the caller, with the caller's
 * rights on the shares and nothing else of the host. Inside, the command
 * runs as the caller would on a machine of its own: root keeps every
 * capability, no seccomp filter, setuid programs work (sudo, ping), so
 * that a kernel under test can be exercised whole.
 *
 * The runner gives the rest on the kernel command line: the mounts
 * (nsinit.mount=TAG:/DIR), the working directory, the user, the
 * environment, the stdio ports and the command after "--". */

static const char *const vm_argv[] = { "/bin/sh", NULL };

static const char *const vm_env[] = {
	"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
	NULL,
};

/* 0 .. CAP_LAST_CAP of the 6.1 kernels the project boots */
static const int vm_caps[] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
	20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37,
	38, 39, 40,
};

static const int vm_no_seccomp[] = { 0 };

static const struct config config = {
	.rootfs = "/",			/* these two: only for a container, */
	.namespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS, /* not here */
	.hostname = "nsinit-vm",
	.argv = vm_argv,
	.envp = vm_env,
	.umask = 022,
	.caps = vm_caps,
	.ncaps = LEN(vm_caps),
	.seccomp_deny = vm_no_seccomp,
	.nseccomp_deny = 0,		/* no filter */
	.allow_new_privs = true,
	.grace_ms = 2000,
	.boot = {
		/* what the machine's devices ask for (virtio-pci, 9p's
		 * transport, the consoles, a NIC with --net) and the
		 * filesystems the mounts name: the runner's initramfs holds
		 * just these */
		.modules = MODULES_AUTO,
		.wait_ms = 10000,
		/* the host's / over virtio-9p (tag "root", read-only), under
		 * a tmpfs: the command may write anywhere, the host's files
		 * never change but through a --rw share */
		.root = "9p:root",
		.overlay = "tmpfs",
		.cgroup2 = true,
		.on_exit = END_POWEROFF,
		.on_failure = END_POWEROFF,
	},
};
