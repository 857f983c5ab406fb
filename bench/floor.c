/* SPDX-License-Identifier: MIT */
/* floor: the least a container start can cost, for the benchmark.
 *   floor ROOTFS CMD [ARG...]
 * Clones into new mount, PID, UTS, IPC and network namespaces, makes
 * ROOTFS the root with pivot_root, mounts /proc, execs CMD and waits for
 * it: nothing else. Exit status: CMD's, 128+N for signal N, 255 when the
 * setup failed. What nsinit and its peers take beyond this is theirs;
 * this much is the kernel's. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char stack[64 * 1024] __attribute__((aligned(16)));
static char **cmd;
static const char *root;

static int
die(const char *what)
{
	perror(what);
	return 255;
}

static int
child(void *unused)
{
	(void)unused;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return die("make / private");
	if (mount(root, root, NULL, MS_BIND | MS_REC, NULL) < 0)
		return die(root);
	if (chdir(root) < 0)
		return die(root);
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return die("pivot_root");
	if (umount2(".", MNT_DETACH) < 0)
		return die("detach the old root");
	if (chdir("/") < 0)
		return die("/");
	if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		  NULL) < 0)
		return die("/proc");
	execv(cmd[0], cmd);
	return die(cmd[0]) - 128;	/* 127 */
}

int
main(int argc, char **argv)
{
	int st;
	pid_t pid;

	if (argc < 3) {
		fprintf(stderr, "usage: floor ROOTFS CMD [ARG...]\n");
		return 255;
	}
	root = argv[1];
	cmd = argv + 2;
	pid = clone(child, stack + sizeof(stack),
		    CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC |
		    CLONE_NEWNET | SIGCHLD, NULL);
	if (pid < 0)
		return die("clone");
	if (waitpid(pid, &st, 0) < 0)
		return die("waitpid");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
