/* SPDX-License-Identifier: MIT */
/* The launcher: the host side of a container. It clones the configured
 * namespaces, does what must be done from outside (pty, uid/gid maps),
 * lets the child go, and then relays the terminal, forwards signals and
 * exits with the container's status. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/sched.h>

#include "host.h"
#include "lap.h"
#include "signals.h"
#include "ttyfilter.h"

/* Everything the launcher holds for its container, in launch()'s frame. */
struct launch {
	const struct config *c;
	struct termios saved_tio, raw_tio;	/* the caller's terminal */
	bool tio_saved;
	struct host_cgroup cg;
	struct host_net net;
	int master;		/* the pty's master side, non-blocking, or -1 */
	char pts[64];		/* its slave side's name */
	bool relay[3];		/* without .tty: fd i is a terminal, which the
				 * appliance gets as a pipe that we relay */
	bool one_out;		/* fds 1 and 2 are the same terminal: one pipe
				 * for both keeps the order they were written in */
	int to;			/* the caller's input goes here: the master, or
				 * the appliance's stdin pipe; -1: nowhere */
	int from[2];		/* to our fds 1 and 2: the master (to 1), or the
				 * appliance's stdout and stderr pipes; or -1 */
	bool filter[2];		/* fd 1, 2 is a terminal: strings dropped */
	struct tty_filter tf[2];	/* their states, per start */
	int sfd;		/* signalfd of every signal (every_signal) */
	int report;		/* open while the container's init sets up: its
				 * failure comes this way; -1 once it is closed */
	pid_t pid;		/* the container's init */
	char in[4096];		/* the caller's input, not yet taken by the pty */
	size_t inlen;
};

static void
restore_terminal(const struct launch *l)
{
	if (l->tio_saved)
		(void)tcsetattr(0, TCSAFLUSH, &l->saved_tio);
}

/* A failure of the launcher, said: -1 goes back up to launch(), which
 * gives it to its caller (init.c: 255, or the machine's failure policy). */
static int
fatal(const char *what, int err)
{
	say("%s: %s", what, strerror(err));
	return -1;
}

/* The pty for the container: the slave goes to the child, the launcher's
 * own terminal (if any) goes raw and gives its size to the pty. */
static int
open_pty(struct launch *l)
{
	struct winsize ws;

	/* non-blocking: an appliance that stops reading its terminal must
	 * not stop the launcher in a write, deaf to its signals */
	l->master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
	if (l->master < 0 || grantpt(l->master) < 0 ||
	    unlockpt(l->master) < 0 ||
	    ptsname_r(l->master, l->pts, sizeof(l->pts)) != 0)
		return fatal("open a pty", errno);
	l->to = l->from[0] = l->master;
	if (ioctl(0, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(l->master, TIOCSWINSZ, &ws);
	if (tcgetattr(0, &l->saved_tio) == 0) {
		l->tio_saved = true;
		l->raw_tio = l->saved_tio;
		cfmakeraw(&l->raw_tio);
		(void)tcsetattr(0, TCSAFLUSH, &l->raw_tio);
	}
	return 0;
}

static int
write_proc(pid_t pid, const char *file, const char *text)
{
	char path[64];
	int rc;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	rc = write_file_at(AT_FDCWD, path, 0, text);
	if (rc < 0)
		say("%s: %s%s", path, strerror(-rc),
		    rc == -EPERM && geteuid() && strstr(file, "_map") ?
		    " (unprivileged: map only ID_SELF, count 1)" : "");
	return rc;
}

/* ID_SELF is the launcher's own id: what an unprivileged launcher may map. */
static int
write_map(pid_t pid, const char *file, const struct id_map *map, size_t n,
	  unsigned self)
{
	char buf[512];
	size_t len = 0, i;

	for (i = 0; i < n && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len,
					"%u %u %u\n", map[i].inside,
					map[i].outside == ID_SELF ? self :
					map[i].outside, map[i].count);
	if (len >= sizeof(buf)) {
		say("%s: %s", file, strerror(E2BIG));
		return -E2BIG;
	}
	return write_proc(pid, file, buf);
}

/* Without CAP_SETGID here, the kernel takes a gid map only once
 * setgroups(2) is denied in the new namespace: else a process could drop
 * a group that was there to deny it access. */
static int
write_maps(const struct config *c, pid_t pid)
{
	int rc;

	rc = write_map(pid, "uid_map", c->uid_map, c->uid_maps, geteuid());
	if (rc == 0 && !cap_effective(CAP_SETGID))
		rc = write_proc(pid, "setgroups", "deny");
	if (rc == 0)
		rc = write_map(pid, "gid_map", c->gid_map, c->gid_maps,
			       getegid());
	return rc;
}

/* Without .tty, the caller's terminals stay out of the container: the
 * kernel lets any holder of a terminal's fd set its modes, its size (a
 * SIGWINCH to the caller's job), stop its output or change its keys, and
 * nothing done afterwards undoes a signal sent. Fds 0-2 that are
 * terminals are relayed through pipes instead; the others (files, pipes,
 * sockets) are passed as they are. */
static void
find_terminals(struct launch *l)
{
	struct stat o, e;
	int fd;

	for (fd = 0; fd < 3; fd++)
		l->relay[fd] = isatty(fd);
	l->one_out = l->relay[1] && l->relay[2] && fstat(1, &o) == 0 &&
		     fstat(2, &e) == 0 && o.st_rdev == e.st_rdev;
}

static int
nonblocking(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? fl : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* A pipe for relayed fd i: the appliance's end in child[i], ours
 * non-blocking (an appliance that stops reading must not stop the
 * launcher in a write, deaf to its signals). */
static int
relay_pipe(struct launch *l, int i, int child[3])
{
	int p[2];

	if (pipe2(p, O_CLOEXEC) < 0 || nonblocking(p[i == 0]) < 0)
		return fatal("pipe for a relayed terminal", errno);
	child[i] = p[i != 0];
	if (i == 0)
		l->to = p[1];
	else
		l->from[i - 1] = p[0];
	return 0;
}

/* The pipes of one start (a restart gets new ones): child[i] is the
 * appliance's fd i, or -1 where it keeps the caller's. */
static int
make_relay(struct launch *l, int child[3])
{
	int i;

	for (i = 0; i < 3; i++) {
		child[i] = -1;
		if (l->relay[i] && !(i == 2 && l->one_out) &&
		    relay_pipe(l, i, child) < 0)
			return -1;
	}
	memset(l->tf, 0, sizeof(l->tf));
	if (l->one_out)
		child[2] = child[1];
	return 0;
}

static void
close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* Our ends of the relay pipes: with .tty they are the master, which
 * stays for the next start. */
static void
close_relay(struct launch *l)
{
	if (l->master >= 0) {
		l->to = l->from[0] = l->master;
		return;
	}
	close_fd(&l->to);
	close_fd(&l->from[0]);
	close_fd(&l->from[1]);
}

/* In the child: the relay pipes become fds 0-2, and none of our ends
 * stays open in it (the write end of stdin's pipe would keep the
 * appliance from ever reading its end). */
static void
take_relay(struct launch *l, int child[3])
{
	int i;

	close_relay(l);
	for (i = 0; i < 3; i++)
		if (child[i] >= 0 && dup2(child[i], i) < 0)
			_exit(255);
	for (i = 0; i < 3; i++)
		if (child[i] > 2 && !(i == 2 && l->one_out))
			close(child[i]);
}

/* Output i to our fd 1 + i, through the filter when that is a terminal
 * (ttyfilter.h: a title, the clipboard, a query whose answer would come
 * as input after the launcher): 1 when some was passed on, 0 when there
 * is none now, -1 at its end (a pipe's 0, a pty's EIO once every slave
 * is closed) or when ours is gone. */
static int
relay_out(struct launch *l, int i)
{
	char buf[4096], out[sizeof(buf) + 1];
	ssize_t n = read(l->from[i], buf, sizeof(buf));
	size_t len = (size_t)n;

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return -1;
	if (!l->filter[i])
		return write_all(1 + i, buf, len) == 0 ? 1 : -1;
	len = tty_filter(&l->tf[i], buf, len, out);
	return write_all(1 + i, out, len) == 0 ? 1 : -1;
}

/* One output's turn: at its end, a pipe is closed (the appliance's
 * further writes get EPIPE, as on the caller's own closed pipe). */
static void
pass_out(struct launch *l, int i)
{
	if (relay_out(l, i) >= 0)
		return;
	if (l->master < 0)
		close(l->from[i]);
	l->from[i] = -1;
}

/* The caller's input, as much as the buffer takes; false at its end. */
static bool
take_input(struct launch *l)
{
	ssize_t n = read(0, l->in + l->inlen, sizeof(l->in) - l->inlen);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n <= 0)
		return false;	/* 0: end of file; else an error, as good */
	l->inlen += (size_t)n;
	return true;
}

/* What the pty or pipe takes of the buffered input, without blocking;
 * false when it takes nothing more (the container is gone, or closed its
 * stdin): input is dropped. */
static bool
give_input(struct launch *l)
{
	ssize_t n = write(l->to, l->in, l->inlen);

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return true;
	if (n < 0) {
		l->inlen = 0;
		return false;
	}
	memmove(l->in, l->in + n, l->inlen - (size_t)n);
	l->inlen -= (size_t)n;
	return true;
}

/* The child's setup failure, if it sent one: printed once, here. The
 * pipe's end (read 0: init spawned the appliance, or died) closes it. */
static void
read_report(const struct launch *l, struct pollfd *p)
{
	struct report r;
	ssize_t n = read(p->fd, &r, sizeof(r));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n == (ssize_t)sizeof(r)) {
		r.msg[sizeof(r.msg) - 1] = '\0';
		restore_terminal(l);
		(void)!write(2, r.msg, strlen(r.msg));
		return;
	}
	/* end of file, an error, or a short report (never written: a
	 * report is one write below PIPE_BUF) */
	close(p->fd);
	p->fd = -1;
}

/* The container's init has ended, and with it its PID namespace: the
 * pipes end now, the drains cannot block. */
static int
drain(struct launch *l)
{
	struct pollfd p = { .fd = l->report, .events = POLLIN };
	int i;

	for (i = 0; i < 2; i++)
		while (l->from[i] >= 0 && relay_out(l, i) > 0)
			;
	while (p.fd >= 0)
		read_report(l, &p);
	l->report = -1;
	return 0;
}

/* Signals that stop a process at a terminal: the container stops, and
 * the launcher with it, as the caller's job control expects; SIGCONT,
 * forwarded as any other, resumes both. Raised again on the launcher,
 * so the kernel decides as for any process: an ignored one, or one to an
 * orphaned process group, or to the machine's init, does nothing. */
static void
stop_too(const struct launch *l, int sig)
{
	sigset_t one;

	sigemptyset(&one);
	sigaddset(&one, sig);
	restore_terminal(l);
	(void)kill(getpid(), sig);
	sigprocmask(SIG_UNBLOCK, &one, NULL);	/* stopped here, until SIGCONT */
	sigprocmask(SIG_BLOCK, &one, NULL);
	if (l->tio_saved)
		(void)tcsetattr(0, TCSAFLUSH, &l->raw_tio);
}

/* SIGTERM or SIGINT while the container's init still sets up (its report
 * pipe is open): init reads its signals only once the appliance runs,
 * and a setup that hangs (on a mount source, say) would never end.
 * Killing init ends its PID namespace; the rest goes as on any failed
 * start: -1. */
static int
interrupted(struct launch *l, int sig)
{
	restore_terminal(l);
	say("setup interrupted by %s",
	    sig == SIGINT ? "SIGINT" : "SIGTERM");
	(void)kill(l->pid, SIGKILL);
	while (waitpid(l->pid, NULL, 0) < 0 && errno == EINTR)
		;
	host_net_down(l->c, &l->net);
	cgroup_remove(&l->cg);
	return -1;
}

/* A signal for the container, or its end: 1 with the wait status in *st,
 * 0 to go on, -1 when setup was interrupted. Every signal but SIGCHLD is
 * forwarded to the container's init, which passes it on to the
 * appliance; only SIGTERM and SIGINT during setup end the launcher. */
static int
handle_signal(struct launch *l, int *st)
{
	struct signalfd_siginfo si;
	struct winsize ws;
	int sig;

	if (read(l->sfd, &si, sizeof(si)) != sizeof(si))
		return 0;
	sig = (int)si.ssi_signo;
	if (sig == SIGCHLD) {
		if (waitpid(l->pid, st, WNOHANG) != l->pid)
			return 0;
		drain(l);
		return 1;
	}
	/* our own write to a closed stdout: not the container's business */
	if (sig == SIGPIPE && si.ssi_pid == (uint32_t)getpid())
		return 0;
	if ((sig == SIGTERM || sig == SIGINT) && l->report >= 0)
		return interrupted(l, sig);
	if (sig == SIGWINCH && l->master >= 0 &&
	    ioctl(0, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(l->master, TIOCSWINSZ, &ws);
	(void)kill(l->pid, sig);
	if (sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU)
		stop_too(l, sig);
	return 0;
}

/* The end of the caller's input reaches a relayed stdin once the
 * buffer is given: the pipe closes, the appliance reads its end of file
 * (a pty has none to give: there the input just stops). */
static void
input_ended(struct launch *l)
{
	if (l->master < 0 && l->inlen == 0)
		close_fd(&l->to);
}

/* Relay the terminal and the signals until the container ends: its wait
 * status, or -1 when the launcher gives up. The caller's input goes
 * through a fixed buffer: stdin is read only while it has room, the pty
 * or pipe written only while it holds something. */
static int
wait_container(struct launch *l)
{
	enum { SIG, REPORT, OUT, ERR, IN, TO };
	struct pollfd p[] = {
		[SIG] = { .fd = l->sfd, .events = POLLIN },
		[REPORT] = { .fd = l->report, .events = POLLIN },
		[OUT] = { .events = POLLIN },
		[ERR] = { .events = POLLIN },
		[IN] = { .fd = -1, .events = POLLIN },
		[TO] = { .fd = -1, .events = POLLOUT },
	};
	bool input = l->to >= 0;
	int st, rc;

	for (;;) {
		p[OUT].fd = l->from[0];
		p[ERR].fd = l->from[1];
		p[IN].fd = input && l->inlen < sizeof(l->in) ? 0 : -1;
		p[TO].fd = l->inlen ? l->to : -1;
		if (poll(p, LEN(p), -1) < 0) {
			if (errno == EINTR)
				continue;
			return fatal("poll", errno);
		}
		if (p[REPORT].revents)
			read_report(l, &p[REPORT]);
		l->report = p[REPORT].fd;
		if (p[OUT].revents)
			pass_out(l, 0);
		if (p[ERR].revents)
			pass_out(l, 1);
		if (p[IN].revents && !take_input(l))
			input = false;
		if (p[TO].revents && !give_input(l))
			input = false;
		if (!input)
			input_ended(l);
		if (p[SIG].revents && (rc = handle_signal(l, &st)) != 0)
			return rc < 0 ? -1 : st;
	}
}

/* The parent-death signal, set in the child as init's first stage does. */
static void
pdeathsig(void)
{
	LOG_AS("pdeathsig");

	if (stage_pdeathsig(NULL) < 0)
		_exit(255);
}

/* In a new user namespace the child still has the launcher's ids, which
 * the maps need not contain (root's, for one, when 0 inside is 100000
 * outside: files it made would fail with EOVERFLOW). It becomes the
 * namespace's root, with none of the host's groups where setgroups is
 * allowed; the id change took the parent-death signal away. */
static void
become_root(void)
{
	if ((setgroups(0, NULL) < 0 && errno != EPERM) ||
	    setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0) {
		say("become root in the user namespace: %s%s",
		    strerror(errno), errno == EINVAL ? " (uid_map and "
		    "gid_map must map 0 inside)" : "");
		_exit(255);
	}
	pdeathsig();
}

/* The child: becomes the container's init once the launcher says go. */
static void
child(const struct config *cfg, int go, int report, int slave)
{
	char c;

	state.report = report;
	state.console = slave;
	pdeathsig();
	/* end of file: the launcher died before the go */
	if (read(go, &c, 1) != 1)
		_exit(255);
	lap("init", "go");	/* from the launcher's last step before the clone */
	close(go);
	if (cfg->namespaces & CLONE_NEWUSER)
		become_root();
}

/* Like fork, but into the new namespaces and, with cgfd, into the
 * container's cgroup: the child starts there, and its new cgroup
 * namespace has that cgroup as its root. */
static pid_t
clone_into(int namespaces, int cgfd)
{
	struct clone_args a = {
		.flags = (unsigned)namespaces,
		.exit_signal = SIGCHLD,
	};

	if (cgfd >= 0) {
		a.flags |= CLONE_INTO_CGROUP;
		a.cgroup = (unsigned)cgfd;
	}
	return (pid_t)syscall(SYS_clone3, &a, sizeof(a));
}

/* A failure between the clone and the go: the child has run nothing of
 * the container yet, it goes, and what was made for it on the host: -1. */
static pid_t
abandon(struct launch *l, pid_t pid)
{
	(void)kill(pid, SIGKILL);
	(void)waitpid(pid, NULL, 0);
	cgroup_remove(&l->cg);
	return -1;
}

/* Clone the container's init: 0 in it, its pid in the launcher, -1 when
 * the launcher gives up (said, and nothing of the start left). */
static pid_t
start(const struct config *c, struct launch *l)
{
	int go[2], report[2], slave = -1, cgfd, relayed[3], i;
	pid_t pid;

	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(report, O_CLOEXEC) < 0)
		return fatal("pipe", errno);
	if (make_relay(l, relayed) < 0)
		return -1;
	if (l->master >= 0 &&
	    (slave = open(l->pts, O_RDWR | O_NOCTTY | O_CLOEXEC)) < 0)
		return fatal(l->pts, errno);
	lap("launcher", "pipes");
	if (cgroup_make(c, &l->cg, &cgfd) < 0)
		return -1;
	lap("launcher", "cgroup");
	/* the child becomes PID 1 */
	pid = clone_into(c->namespaces, cgfd);
	if (cgfd >= 0)
		close(cgfd);
	if (pid < 0) {
		int err = errno;

		cgroup_remove(&l->cg);
		say("create namespaces: %s%s", strerror(err),
		    err == EPERM ? " (run as root, or configure a user "
		    "namespace)" : "");
		return -1;
	}
	if (pid == 0) {
		close(go[1]);
		close(report[0]);
		close(l->sfd);
		take_relay(l, relayed);
		if (l->master >= 0)
			close(l->master);
		child(c, go[0], report[1], slave);
		return 0;
	}
	close(go[0]);
	close(report[1]);
	if (slave >= 0)
		close(slave);
	for (i = 0; i < 3; i++)
		if (relayed[i] >= 0 && !(i == 2 && l->one_out))
			close(relayed[i]);
	l->pid = pid;
	l->report = report[0];
	lap("launcher", "clone");
	/* the child waits for the go: nothing of it has run yet */
	if (host_net_up(c, &l->net, pid) < 0)
		return abandon(l, pid);
	lap("launcher", "net");
	if ((c->namespaces & CLONE_NEWUSER) && write_maps(c, pid) < 0)
		return abandon(l, pid);
	lap("launcher", "maps");
	if (write(go[1], "g", 1) != 1) {
		say("start the container: %s", strerror(errno));
		return abandon(l, pid);
	}
	lap("launcher", "go");
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

/* After reboot(2) restarted the container: the next start waits as
 * init's restart policy would (nsinit.h), so that a container rebooting
 * in a loop cannot make the launcher build namespaces and veth pairs as
 * fast as it can. Meanwhile SIGTERM and SIGINT end the launcher (there is
 * no container to pass them to): false; other signals are dropped. */
static bool
pause_restart(struct launch *l, unsigned *delay, const struct timespec *ran)
{
	struct pollfd p = { .fd = l->sfd, .events = POLLIN };
	struct signalfd_siginfo si;
	struct timespec end;
	int ms;

	*delay = restart_after(l->c, *delay, ran);
	deadline_in(&end, *delay);
	*delay = restart_doubled(l->c, *delay);
	while ((ms = ms_left(&end)) > 0) {
		if (poll(&p, 1, ms) <= 0 ||
		    read(l->sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
			return false;
	}
	return true;
}

/* The launcher gives up: the caller's terminal as it was, 255 to exit
 * with (its caller decides: the machine's init must not exit). */
static int
gave_up(const struct launch *l, int *status)
{
	restore_terminal(l);
	*status = 255;
	return -1;
}

/* 0 in the container's init; 1 in the launcher once the container has
 * ended, with the status to exit with in *status; -1 when the launcher
 * gave up (said), with 255 there. */
int
launch(const struct config *c, int *status)
{
	LOG_AS("launcher");
	struct launch l = { .c = c, .master = -1, .report = -1, .to = -1,
			    .from = { -1, -1 } };
	unsigned delay = RESTART_MIN_MS;
	struct timespec ran;
	sigset_t set;
	pid_t pid;
	int st;

	if (c->tty && open_pty(&l) < 0)
		return gave_up(&l, status);
	if (!c->tty)
		find_terminals(&l);
	l.filter[0] = !c->tty_strings && isatty(1);
	l.filter[1] = !c->tty_strings && isatty(2);
	every_signal(&set);
	sigprocmask(SIG_BLOCK, &set, NULL);
	l.sfd = signalfd(-1, &set, SFD_CLOEXEC);
	if (l.sfd < 0) {
		(void)fatal("signalfd", errno);
		return gave_up(&l, status);
	}
	lap("launcher", "signals");
	do {
		clock_gettime(CLOCK_MONOTONIC, &ran);
		pid = start(c, &l);
		if (pid == 0)
			return 0;	/* in the container's init */
		if (pid < 0 || (st = wait_container(&l)) < 0)
			return gave_up(&l, status);
		close_relay(&l);
		lap("launcher", "wait");
		host_net_down(c, &l.net);
		lap("launcher", "net-down");
		cgroup_remove(&l.cg);
		lap("launcher", "cgroup-rm");
	} while (WIFSIGNALED(st) && WTERMSIG(st) == SIGHUP &&
		 pause_restart(&l, &delay, &ran));
	restore_terminal(&l);
	if (l.master >= 0)
		close(l.master);
	close(l.sfd);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	*status = status_of(st);
	return 1;
}
