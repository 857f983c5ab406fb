/* The launcher: the host side of a container. It clones the configured
 * namespaces, does what must be done from outside (pty, uid/gid maps),
 * lets the child go, and then relays the terminal, forwards signals and
 * exits with the container's status. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "nsinit.h"

/* What a user sends to the launcher reaches the container's init. */
static const int forwarded[] = {
	SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2, SIGWINCH,
};

static struct termios saved_tio;
static bool tio_saved;

static void
restore_terminal(void)
{
	if (tio_saved)
		(void)tcsetattr(0, TCSAFLUSH, &saved_tio);
}

static void
fatal(const char *what, int err)
{
	say("launcher", "%s: %s", what, strerror(err));
	restore_terminal();
	exit(255);
}

struct launch {
	int master;		/* the pty's master side, or -1 */
	char pts[64];		/* its slave side's name */
	int sfd;		/* signalfd of the signals forwarded, and SIGCHLD */
	int report;		/* the container's setup failure comes this way */
	pid_t pid;		/* the container's init */
};

/* The pty for the container: the slave goes to the child, the launcher's
 * own terminal (if any) goes raw and gives its size to the pty. */
static void
open_pty(struct launch *l)
{
	struct termios raw;
	struct winsize ws;

	l->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (l->master < 0 || grantpt(l->master) < 0 ||
	    unlockpt(l->master) < 0 ||
	    ptsname_r(l->master, l->pts, sizeof(l->pts)) != 0)
		fatal("open a pty", errno);
	if (ioctl(0, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(l->master, TIOCSWINSZ, &ws);
	if (tcgetattr(0, &saved_tio) == 0) {
		tio_saved = true;
		raw = saved_tio;
		cfmakeraw(&raw);
		(void)tcsetattr(0, TCSAFLUSH, &raw);
	}
}

static void
write_map(pid_t pid, const char *file, const struct id_map *map, size_t n)
{
	char path[64], buf[512];
	size_t len = 0, i;
	int fd;

	for (i = 0; i < n && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"%u %u %u\n", map[i].inside,
					map[i].outside, map[i].count);
	if (len >= sizeof(buf))
		fatal(file, E2BIG);
	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
		fatal(path, errno);
	close(fd);
}

/* Copy what is there; false at end of file or error. */
static bool
pass(int from, int to)
{
	char buf[4096];
	ssize_t n = read(from, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;
	return write(to, buf, (size_t)n) == n;
}

/* The child's setup failure, if it sent one: printed once, here. */
static void
read_report(struct pollfd *p)
{
	struct report r;
	ssize_t n = read(p->fd, &r, sizeof(r));

	if (n == (ssize_t)sizeof(r)) {
		r.msg[sizeof(r.msg) - 1] = '\0';
		restore_terminal();
		(void)!write(2, r.msg, strlen(r.msg));
	} else if (n <= 0 && errno != EINTR) {
		close(p->fd);
		p->fd = -1;
	}
}

/* The container's init has ended, and with it its PID namespace: the
 * pipes end now, the drains cannot block. */
static int
drain(struct launch *l, int master)
{
	struct pollfd p = { .fd = l->report, .events = POLLIN };

	while (master >= 0 && pass(master, 1))
		;
	while (p.fd >= 0)
		read_report(&p);
	l->report = -1;
	return 0;
}

/* A signal for the container, or its end: the wait status, or -1. */
static int
handle_signal(struct launch *l, int master)
{
	struct signalfd_siginfo si;
	struct winsize ws;
	int st;

	if (read(l->sfd, &si, sizeof(si)) != sizeof(si))
		return -1;
	if (si.ssi_signo == SIGCHLD) {
		if (waitpid(l->pid, &st, WNOHANG) != l->pid)
			return -1;
		drain(l, master);
		return st;
	}
	if (si.ssi_signo == SIGWINCH && master >= 0 &&
	    ioctl(0, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(master, TIOCSWINSZ, &ws);
	(void)kill(l->pid, (int)si.ssi_signo);
	return -1;
}

/* Relay the terminal and the signals until the container ends. */
static int
wait_container(struct launch *l, bool tty)
{
	struct pollfd p[4] = {
		{ .fd = l->sfd, .events = POLLIN },
		{ .fd = l->report, .events = POLLIN },
		{ .fd = l->master, .events = POLLIN },
		{ .fd = tty ? 0 : -1, .events = POLLIN },
	};
	int st;

	for (;;) {
		if (poll(p, LEN(p), -1) < 0) {
			if (errno == EINTR)
				continue;
			fatal("poll", errno);
		}
		if (p[1].revents)
			read_report(&p[1]);
		l->report = p[1].fd;
		if (p[2].revents && !pass(l->master, 1))
			p[2].fd = -1;
		if (p[3].revents && !pass(0, l->master))
			p[3].fd = -1;
		if (p[0].revents && (st = handle_signal(l, p[2].fd)) >= 0)
			return st;
	}
}

/* The child: becomes the container's init once the launcher says go. */
static void
child(int go, int report, int slave)
{
	char c;

	state.report = report;
	state.console = slave;
	if (stage_pdeathsig(NULL) < 0)
		_exit(255);
	/* end of file: the launcher died before the go */
	if (read(go, &c, 1) != 1)
		_exit(255);
	close(go);
}

/* Clone the container's init: 0 in it, its pid in the launcher. */
static pid_t
start(const struct config *c, struct launch *l)
{
	int go[2], report[2], slave = -1;
	pid_t pid;

	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(report, O_CLOEXEC) < 0)
		fatal("pipe", errno);
	if (l->master >= 0 &&
	    (slave = open(l->pts, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
		fatal(l->pts, errno);
	/* like fork, but into the new namespaces; the child becomes PID 1 */
	pid = (pid_t)syscall(SYS_clone, SIGCHLD | c->namespaces, 0, 0, 0, 0);
	if (pid < 0) {
		int err = errno;

		say("launcher", "create namespaces: %s%s", strerror(err),
		    err == EPERM ? " (run as root, or configure a user "
		    "namespace)" : "");
		restore_terminal();
		exit(255);
	}
	if (pid == 0) {
		close(go[1]);
		close(report[0]);
		close(l->sfd);
		if (l->master >= 0)
			close(l->master);
		child(go[0], report[1], slave);
		return 0;
	}
	close(go[0]);
	close(report[1]);
	if (slave >= 0)
		close(slave);
	l->pid = pid;
	l->report = report[0];
	/* the child waits for the go: nothing of it has run yet */
	if (host_net_up(c, pid) < 0) {
		(void)kill(pid, SIGKILL);
		(void)waitpid(pid, NULL, 0);
		restore_terminal();
		exit(255);
	}
	if (c->namespaces & CLONE_NEWUSER) {
		write_map(pid, "uid_map", c->uid_map, c->uid_maps);
		write_map(pid, "gid_map", c->gid_map, c->gid_maps);
	}
	if (write(go[1], "g", 1) != 1)
		fatal("start the container", errno);
	close(go[1]);
	return pid;
}

/* reboot(2) in a PID namespace kills its init with SIGHUP for a restart,
 * SIGINT for power off and halt: nothing else can, init blocks both. */
static int
status_of(int st)
{
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	return WTERMSIG(st) == SIGINT ? 0 : 128 + WTERMSIG(st);
}

/* 0 in the container's init; 1 in the launcher once the container has
 * ended, with the status to exit with in *status. */
int
launch(const struct config *c, int *status)
{
	struct launch l = { .master = -1, .report = -1 };
	sigset_t set;
	size_t i;
	int st;

	if (c->tty)
		open_pty(&l);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	for (i = 0; i < LEN(forwarded); i++)
		sigaddset(&set, forwarded[i]);
	sigprocmask(SIG_BLOCK, &set, NULL);
	l.sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (l.sfd < 0)
		fatal("signalfd", errno);
	do {
		if (start(c, &l) == 0)
			return 0;	/* in the container's init */
		st = wait_container(&l, c->tty);
		host_net_down(c);
	} while (WIFSIGNALED(st) && WTERMSIG(st) == SIGHUP);
	restore_terminal();
	if (l.master >= 0)
		close(l.master);
	close(l.sfd);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	*status = status_of(st);
	return 1;
}
