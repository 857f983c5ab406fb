/* SPDX-License-Identifier: MIT */
/* bootfloor: the least a machine's /init can do before its appliance, for
 * the benchmark (bench/boot.sh). As /init: mounts devtmpfs on /dev and
 * proc on /proc, forks, execs /app, waits for it, prints the status line
 * nsinit prints, powers off. Nothing else: what nsinit takes beyond this
 * between the kernel's "Run /init" and the appliance is its own. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

int
main(void)
{
	int st = 0, fd;
	pid_t pid;

	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mount("proc", "/proc", "proc", 0, NULL);
	pid = fork();
	if (pid == 0) {
		execl("/app", "/app", (char *)NULL);
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, &st, 0) < 0)
		;
	fd = open("/dev/console", O_WRONLY | O_NOCTTY);
	dprintf(fd, "nsinit-status: appliance=%d end=poweroff\n",
		WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	tcdrain(fd);
	sync();
	reboot(RB_POWER_OFF);
	return 0;
}
