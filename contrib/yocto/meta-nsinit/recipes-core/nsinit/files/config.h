/* SPDX-License-Identifier: MIT */
/* An example for an image: replace it with your own in a bbappend
 * (nsinit.conf(5)). As the machine's init of the image's root
 * filesystem, it runs /usr/bin/app as "app" in a container of "/",
 * and reboots the machine when it ends. */
static const char *const app_argv[] = { "/usr/bin/app", NULL };
static const char *const app_env[] = { "PATH=/usr/bin:/bin", NULL };

static const struct config config = {
	.rootfs = "/",
	.namespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC,
	.hostname = "appliance",
	.argv = app_argv,
	.envp = app_env,
	.user = "app",
	.grace_ms = 3000,
	.restart = RESTART_ON_FAILURE,
	.boot = {
		.modules_auto = true,
		.container = true,
		.on_exit = END_REBOOT,
		.on_failure = END_REBOOT,
	},
};
