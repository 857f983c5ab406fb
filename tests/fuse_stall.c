/* SPDX-License-Identifier: MIT */
/*
 * fuse_stall DIR FD CMD [ARG...]: a setup step held in the kernel, for
 * the tests of a signal during setup.
 *
 * Mounts on DIR a FUSE filesystem whose daemon is a grandchild of this
 * program (no child of CMD's, whom a launcher waiting for its children
 * would wait for too), then execs CMD. The daemon answers the kernel's
 * INIT and nothing else: the first other request (a lookup below DIR,
 * say the source of a bind mount) is never read nor answered, and the
 * daemon writes "PID\n" to FD to say a process is now stuck. It ends
 * on SIGTERM; its device fd closes with it, the kernel aborts the
 * connection and every waiter gets ENOTCONN. Speaks the protocol of
 * <linux/fuse.h> itself: no libfuse.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fuse.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

/* The kernel refuses a read into less than FUSE_MIN_READ_BUFFER (8 KiB). */
static char req[1 << 17];

static void die(const char *what)
{
	fprintf(stderr, "fuse_stall: %s: %s\n", what, strerror(errno));
	exit(99);
}

/* answer_init: the kernel's first request; the version is the lower of
 * both sides', no feature flag asked. */
static void answer_init(int dev, const struct fuse_in_header *in)
{
	const struct fuse_init_in *ii = (const void *)(in + 1);
	struct {
		struct fuse_out_header h;
		struct fuse_init_out o;
	} out = {
		.h = { .len = sizeof(out), .unique = in->unique },
		.o = { .major = FUSE_KERNEL_VERSION, .max_write = 4096,
		       .minor = ii->minor < FUSE_KERNEL_MINOR_VERSION ?
				ii->minor : FUSE_KERNEL_MINOR_VERSION },
	};

	if (write(dev, &out, sizeof(out)) != (ssize_t)sizeof(out))
		die("answer INIT");
}

/* serve: INIT answered, then the next request is left unread and only
 * its arrival reported on fd. Unread, it is still pending in the kernel,
 * whose wait for it is then killable (as autofs's): a request the daemon
 * has read is waited out uninterruptibly, SIGKILL or not. */
static void serve(int dev, int fd)
{
	const struct fuse_in_header *in = (const void *)req;
	struct pollfd p = { .fd = dev, .events = POLLIN };
	ssize_t n;

	do
		n = read(dev, req, sizeof(req));
	while (n < 0 && errno == EINTR);
	if (n < (ssize_t)sizeof(*in) || in->opcode != FUSE_INIT)
		die("read FUSE_INIT from /dev/fuse");
	answer_init(dev, in);
	while (poll(&p, 1, -1) < 0)
		if (errno != EINTR)
			die("poll /dev/fuse");
	dprintf(fd, "%d\n", (int)getpid());
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	char opts[128];
	pid_t pid;
	int dev, fd;

	if (argc < 4) {
		fputs("usage: fuse_stall DIR FD CMD [ARG...]\n", stderr);
		return 2;
	}
	fd = atoi(argv[2]);
	dev = open("/dev/fuse", O_RDWR | O_CLOEXEC);
	if (dev < 0)
		die("open /dev/fuse");
	snprintf(opts, sizeof(opts),
		 "fd=%d,rootmode=40000,user_id=0,group_id=0", dev);
	if (mount("nsinit-stall", argv[1], "fuse", MS_NOSUID | MS_NODEV, opts) < 0)
		die("mount fuse");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid == 0) {
		if (fork() == 0)
			serve(dev, fd);
		_exit(0);
	}
	waitpid(pid, NULL, 0);
	close(dev);
	close(fd);
	execvp(argv[3], argv + 3);
	die(argv[3]);
}
