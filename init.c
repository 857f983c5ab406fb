/* SPDX-License-Identifier: MIT */
/* nsinit: one static binary, three situations (see nsinit(8)):
 *   launcher   not PID 1: make the namespaces, start init in them, wait
 *   container  PID 1 of a new PID namespace: set up, run the appliance
 *   boot       PID 1 of the machine: bring it up, run the appliance (or a
 *              container), bring it down; never exit
 * The whole setup is the stage tables below; supervise() is the rest.
 * Everything else is below this file: the situations' own stages in
 * stages/launcher, stages/container and stages/boot, what they share in
 * stages/, what knows no configuration in lib/ (tests/layers.sh). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>	/* config.h's .seccomp_deny names SYS_* */
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>

#include "lap.h"
#include "procfs.h"
#include "nsinit.h"
#include "boot/boot.h"
#include "container/container.h"
#include "launcher/host.h"
#include "rules.h"
#include "signals.h"

#include CONFIG_H

/* A broken rule of rules.h in config.h is a compile error that says which:
 * the compiler folds each rule on the constant config and drops the call
 * to the undefined, error-attributed function when the rule holds. Without
 * optimisation nothing is folded and every rule would fail: there the
 * rules are left to config_check (check.c), which runs the same ones at
 * start. */
#ifndef __OPTIMIZE__
#define BUILD_RULE(ok, msg)
#else
#define CAT2(a, b) a##b
#define CAT(a, b) CAT2(a, b)
#define BUILD_RULE(ok, msg) BUILD_RULE_AS(ok, msg, CAT(rule_, __COUNTER__))
#define BUILD_RULE_AS(ok, msg, fn)					\
	do {								\
		extern void fn(void)					\
			__attribute__((error("config.h: " msg)));	\
		if (!(ok))						\
			fn();						\
	} while (0);
#endif

/* A row of a stage table: the name is the label of the stage's lines
 * ("init: NAME: ...") and of the launcher's report of its failure, unique
 * in its table. Its function is stage_NAME (edit_NAME for an edit), or,
 * where another table has a NAME row that does something else,
 * stage_machine_NAME or stage_appliance_NAME (tests/layers.sh checks). */
struct stage {
	const char *name;
	stage_fn *run;
	int (*edit)(struct config *);	/* instead of run: a row that changes
					 * the configuration (boot mode only) */
	unsigned flags;
	unsigned unless;	/* INHERIT_* bits of .inherit that skip it */
};
#define TIMED	1	/* boot mode: timed apart, not counted as setup */

/* In the container's init, in this order. Every failure is fatal: the
 * launcher reports it and exits 255. With INHERIT_ROOT (someone else's
 * container, as its ENTRYPOINT) only what needs no privilege is left. */
#define ROOT INHERIT_ROOT
static const struct stage setup[] = {
	{ "console",   stage_console },                         /* first: later errors reach the pty */
	{ "pdeathsig", stage_pdeathsig, .unless = ROOT },       /* no launcher */
	{ "nodump",    stage_nodump },                          /* before the container can see us */
	{ "rootfs",    stage_rootfs,   .unless = ROOT },
	{ "mounts",    stage_mounts,   .unless = ROOT },
	{ "dev",       stage_dev,      .unless = ROOT },        /* needs the console fd, before pivot */
	{ "binds",     stage_binds,    .unless = ROOT },        /* host sources: before pivot */
	{ "etc",       stage_etc,      .unless = ROOT },        /* over the image and binds, in rootfd */
	{ "pivot",     stage_pivot,    .unless = ROOT },        /* the host is out of reach after it */
	{ "sysctl",    stage_sysctl,   .unless = ROOT },        /* the container's own /proc: after pivot */
	{ "mask",      stage_mask,     .unless = ROOT },        /* after sysctl: /proc/sys goes read-only */
	{ "oom",       stage_oom },                             /* the appliance inherits it */
	{ "loopback",  stage_loopback, .unless = ROOT },
	{ "net",       stage_net,      .unless = ROOT },        /* links the launcher brought in before the go */
	{ "hostname",  stage_hostname, .unless = ROOT },
	{ "user",      stage_user,     .unless = INHERIT_USER }, /* the container's /etc: after pivot */
};

/* The appliance's user when it runs on the machine itself; a container
 * resolves it in its own root. */
static int
stage_machine_user(const struct config *c)
{
	return c->boot.container ? 0 : stage_user(c);
}

/* As the machine's init, before the appliance. A failure goes to the
 * configured policy (rescue shell, power off, reboot): PID 1 of the
 * machine never exits, that would panic the kernel. */
static const struct stage machine_setup[] = {
	{ "boot",      stage_boot },           /* first: errors need the console */
	{ "cmdline",   .edit = edit_cmdline }, /* needs /proc; may change the rest */
	{ "modules",   stage_modules, .flags = TIMED },
	{ "watchdog",  stage_watchdog },       /* its driver may be a module; fed
						* through the waits that follow */
	{ "network",   stage_network },        /* needs the NIC's modules */
	{ "hostname",  stage_hostname },
	{ "root",      stage_root },           /* needs the disk's modules */
	{ "mounts",    stage_machine_mounts }, /* in the final root */
	{ "user",      stage_machine_user },   /* the final root's /etc */
	{ "stdio",     stage_stdio },          /* may be on a mount */
};

/* In the appliance's own process, between fork and exec. */
static const struct stage appliance[] = {
	{ "caps",      stage_caps, .unless = INHERIT_CAPS }, /* the bounding set: needs CAP_SETPCAP, still root */
	{ "rlimits",   stage_rlimits },   /* raising one needs CAP_SYS_RESOURCE */
	{ "user",      stage_appliance_user, .unless = INHERIT_USER },
	{ "caps-sets", stage_caps_sets, .unless = INHERIT_CAPS }, /* the other sets, as the user */
	{ "workdir",   stage_workdir, .unless = INHERIT_WORKDIR }, /* as the user */
	{ "apparmor",  stage_apparmor },  /* before no_new_privs narrows it */
	{ "nonewprivs", stage_nonewprivs },
	{ "seccomp",   stage_seccomp },   /* last: it refuses mounts */
};

/* Tell the launcher, which prints the line, and give up. */
static void
fail(const char *stage, int err)
{
	struct report r = { .err = err };

	if (state.report >= 0) {
		snprintf(r.stage, sizeof(r.stage), "%s", stage);
		snprintf(r.msg, sizeof(r.msg), "%s", last_error());
		(void)!write(state.report, &r, sizeof(r));
	}
	_exit(255);
}

/* The label goes back to the caller's once the table is done; table
 * names the rows' timing lines (make TIMINGS=1). */
static void
run(const char *table, const struct stage *s, size_t n,
    const struct config *c)
{
	const char *was = log_stage(NULL);
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		if (c->inherit & s[i].unless)
			continue;
		log_stage(s[i].name);
		if ((rc = s[i].run(c)) < 0)
			fail(s[i].name, rc);
		lap(table, s[i].name);
	}
	log_stage(was);
}

/* The appliance's process group gets the foreground of init's controlling
 * terminal, whichever of fds 0-2 it is (the launcher's pty, or one a
 * runtime gave, as podman run -it): job control works in it, and Ctrl-C
 * reaches the appliance. tcgetpgrp fails on a terminal that is not ours. */
static void
take_terminal(void)
{
	int fd;

	for (fd = 0; fd < 3; fd++) {
		if (tcgetpgrp(fd) >= 0) {
			(void)tcsetpgrp(fd, getpid()); /* SIGTTOU is blocked here */
			return;
		}
	}
}

/* The appliance's process: its own process group (in the foreground of
 * the terminal), its user and capabilities, nothing of init's but fds 0-2
 * and the passed ones, an empty signal mask, default dispositions. */
static void
start_appliance(const struct config *c)
{
	sigset_t none;

	lap("init", "fork");	/* from the last setup row */
	setpgid(0, 0);
	boot_stdio_give();
	take_terminal();
	run("appliance", appliance, LEN(appliance), c);
	if (!(c->inherit & INHERIT_UMASK))
		umask(umask_of(c));
	fds_from(state.procfd, 3 + c->pass_fds, false);
	log_hold(false);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	log_stage("exec");
	exec_appliance(c);
}

/* init after setup: PID 1 with the appliance as its child. It never
 * allocates and only waits on its signals and its one timer, which
 * measures the grace period or the delay before a restart. It lives here
 * with the tables: each start runs the appliance table (spawn), and the
 * machine's signals end the machine, which only this file decides. */
struct supervisor {
	const struct config *c;
	pid_t app;		/* 0 while it is not running */
	pid_t group;		/* the last appliance's process group */
	bool killing;		/* the grace period is over */
	int status;		/* the last appliance's, as init will exit */
	bool quit;		/* asked to stop: no restart */
	enum { RUNNING, DRAINING, WAITING } phase;
	unsigned delay;		/* before the next restart */
	struct timespec started;	/* the appliance's last start */
	int tfd;
	bool machine;		/* PID 1 of the machine: signals end it */
	int end;		/* the enum boot_end a signal asked for, or -1 */
};

/* As the machine's init, these signals end the machine, after the
 * appliance and everything else (the others go to the appliance). */
static const struct {
	int sig;
	enum boot_end end;
} machine_signals[] = {
	{ SIGINT,  END_REBOOT },	/* Ctrl-Alt-Del, after RB_DISABLE_CAD */
	{ SIGTERM, END_REBOOT },
	{ SIGUSR1, END_HALT },
	{ SIGUSR2, END_POWEROFF },
	{ SIGPWR,  END_POWEROFF },
};

static void
arm(int tfd, unsigned ms)
{
	struct itimerspec t = {
		.it_value = { .tv_sec = ms / 1000,
			      .tv_nsec = (long)(ms % 1000) * 1000000 + 1 },
	};

	timerfd_settime(tfd, 0, &t, NULL);
}

static int
exit_code(const struct config *c, int st)
{
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	size_t i;

	for (i = 0; i < c->nsuccess; i++)
		if (c->success_codes[i] == code)
			return 0;
	return code;
}

static bool
restarts(const struct supervisor *s)
{
	return !s->quit && (s->c->restart == RESTART_ALWAYS ||
			    (s->c->restart == RESTART_ON_FAILURE && s->status));
}

static void
spawn(struct supervisor *s)
{
	pid_t pid;

	/* PID 1 does not give up on a busy machine: wait and try again */
	while ((pid = fork()) < 0) {
		warn("fork: %s, trying again", strerror(errno));
		(void)usleep(100000);
	}
	if (pid == 0)
		start_appliance(s->c);
	(void)setpgid(pid, pid);	/* as the child does: no race on kill */
	/* the launcher learns of the first start only; later starts report
	 * their own failures on stderr */
	if (state.report >= 0) {
		close(state.report);
		state.report = -1;
		log_hold(false);
	}
	s->app = s->group = pid;
	s->phase = RUNNING;
	clock_gettime(CLOCK_MONOTONIC, &s->started);
	s->killing = false;
}

/* init's own children, from the kernel's list (its task's children in a
 * procfs numbered as init is), sig to each: as a subreaper, every orphan
 * of the appliance is one. Read in pieces into a buffer on this frame. */
static void
kill_children(int sig)
{
	char buf[512];
	long pid = 0;
	ssize_t n, i;
	char path[32];
	int fd;

	/* pids in our own numbering: a /proc of an ancestor PID namespace
	 * would name other processes (init has one thread: task/PID) */
	snprintf(path, sizeof(path), "task/%d/children", (int)getpid());
	fd = procfs_self_pids(path, O_RDONLY);

	while (fd >= 0 && (n = read(fd, buf, sizeof(buf))) > 0) {
		for (i = 0; i < n; i++) {
			if (buf[i] >= '0' && buf[i] <= '9') {
				pid = pid * 10 + (buf[i] - '0');
				continue;
			}
			if (pid > 0)
				(void)kill((pid_t)pid, sig);
			pid = 0;
		}
	}
	if (pid > 0)
		(void)kill((pid_t)pid, sig);
	if (fd >= 0)
		close(fd);
}

/* sig to every process left: as PID 1, all of its PID namespace (the
 * machine's, or the container's); as a subreaper (INHERIT_ROOT, not PID
 * 1), only the appliance's process group and init's children, never
 * kill(-1), which would reach everything the caller may signal. */
static void
kill_rest(const struct supervisor *s, int sig)
{
	if (getpid() == 1) {
		(void)kill(-1, sig);
		return;
	}
	if (s->group)
		(void)kill(-s->group, sig);
	kill_children(sig);
}

/* The appliance has ended: everyone else gets SIGTERM, then SIGKILL when
 * the grace period is over. */
static void
appliance_ended(struct supervisor *s, int st)
{
	lap("init", "appliance");	/* from the last setup row */
	s->app = 0;
	s->status = exit_code(s->c, st);
	s->delay = restart_after(s->c, s->delay, &s->started);
	if (s->machine && watchdog_ended(s->c, s->status))
		s->quit = true;		/* the hardware resets the machine */
	s->phase = DRAINING;
	kill_rest(s, SIGTERM);
	arm(s->tfd, s->c->grace_ms);
}

/* Reap all that has ended; true when nothing is left to reap. */
static bool
reap(struct supervisor *s)
{
	pid_t pid;
	int st;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if (pid == s->app)
			appliance_ended(s, st);
	if (pid < 0 && errno == ECHILD)
		return true;
	/* a subreaper's new orphans are its children only now */
	if (s->killing && getpid() != 1)
		kill_rest(s, SIGKILL);
	return false;
}

static void
timer_fired(struct supervisor *s)
{
	if (s->phase == WAITING) {
		spawn(s);
		s->delay = restart_doubled(s->c, s->delay);
		return;
	}
	warn("grace period (%u ms) over: SIGKILL to %s", s->c->grace_ms,
	     s->app ? "the appliance and every process left" :
	     "every process left");
	s->killing = true;
	kill_rest(s, SIGKILL);
}

/* What the appliance gets for sig: .signal_map's choice, or sig itself. */
static int
mapped(const struct config *c, int sig)
{
	size_t i;

	for (i = 0; i < c->nsignal_map; i++)
		if (c->signal_map[i].from == sig)
			return c->signal_map[i].to;
	return sig;
}

static void
forward(struct supervisor *s, int sig)
{
	size_t i;

	for (i = 0; s->machine && i < LEN(machine_signals); i++) {
		if (machine_signals[i].sig == sig) {
			s->end = (int)machine_signals[i].end;
			sig = SIGTERM;
			break;
		}
	}
	if (s->app)
		(void)kill(s->c->signal_group ? -s->app : s->app,
			   mapped(s->c, sig));
	/* a stop is what init received, whatever the appliance gets */
	if (sig == SIGTERM || sig == SIGINT) {
		s->quit = true;
		if (s->phase == RUNNING)
			arm(s->tfd, s->c->grace_ms);
	}
}

/* PID 1 stays for as long as the appliance runs, in the loop below,
 * whose calls need much less than a page of stack: the stack pages that
 * setup went through beneath it (mountinfo lines, netlink messages,
 * paths) go back to the kernel, so that they do not count as PID 1's
 * resident memory (a call that goes deeper later finds zeroed pages).
 * madvise skips what is not mapped, and says so with ENOMEM. */
#define STACK_TRIM (1024 * 1024)

static __attribute__((noinline)) void
trim_stack(void)
{
	uintptr_t page = (uintptr_t)getauxval(AT_PAGESZ);
	uintptr_t here = (uintptr_t)__builtin_frame_address(0) & ~(page - 1);

	/* this frame's page and the one below, madvise's own, stay */
	(void)madvise((void *)(here - STACK_TRIM), STACK_TRIM - page,
		      MADV_DONTNEED);
}

/* Returns the status init exits with. */
static int
supervise(struct supervisor *sp, const sigset_t *all)
{
	struct supervisor s = *sp;
	struct signalfd_siginfo si;
	struct pollfd p[3];
	uint64_t ticks;

	p[0].fd = signalfd(-1, all, SFD_CLOEXEC);
	p[1].fd = s.tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	p[2].fd = watchdog_timer();	/* -1 without one: poll skips it */
	p[0].events = p[1].events = p[2].events = POLLIN;
	spawn(&s);
	trim_stack();
	for (;;) {
		if (poll(p, 3, -1) < 0)
			continue;
		if (p[2].revents && read(p[2].fd, &ticks, sizeof(ticks)) > 0)
			watchdog_feed();
		if (p[1].revents && read(s.tfd, &ticks, sizeof(ticks)) > 0)
			timer_fired(&s);
		if (!p[0].revents || read(p[0].fd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo != SIGCHLD) {
			forward(&s, (int)si.ssi_signo);
			if (s.phase == WAITING && s.quit)
				break;
			continue;
		}
		if (!reap(&s) || s.phase != DRAINING)
			continue;
		if (!restarts(&s))
			break;
		s.phase = WAITING;
		arm(s.tfd, s.delay);
	}
	close(p[0].fd);
	close(s.tfd);
	if (p[2].fd >= 0)
		close(p[2].fd);
	*sp = s;
	return s.status;
}

/* SIGTERM or SIGINT to init without a launcher, while it sets up: one
 * line and 255, at once or when the wait it is in ends (a wait the kernel
 * makes only killable, as an automount's, ends for SIGKILL alone). Only
 * write and _exit: it runs in the middle of any stage. */
static void
setup_interrupted(int sig)
{
	static const char term[] = "init: init: setup interrupted by SIGTERM\n",
			  intr[] = "init: init: setup interrupted by SIGINT\n";

	if (sig == SIGINT)
		(void)!write(2, intr, sizeof(intr) - 1);
	else
		(void)!write(2, term, sizeof(term) - 1);
	_exit(255);
}

/* Whether setup can be interrupted: a launcher kills init for that (it
 * cannot hear its signals before the appliance runs); without one,
 * SIGTERM and SIGINT end setup here, and go back to being blocked, with
 * their default dispositions, before the appliance is forked. */
static void
interruptible(bool on)
{
	struct sigaction sa = { .sa_handler = on ? setup_interrupted : SIG_DFL };
	sigset_t stop;

	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	if (!on)
		sigprocmask(SIG_BLOCK, &stop, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	if (on)
		sigprocmask(SIG_UNBLOCK, &stop, NULL);
}

/* What only a launcher gives: a user namespace's maps, an interface of
 * the host, cgroup limits. Started alone, init refuses a config that asks
 * for one rather than run without it (and the network stages would
 * otherwise configure whatever namespace init was started in). */
static const char *
launcher_only(const struct config *c)
{
	if (c->namespaces & CLONE_NEWUSER)
		return "a user namespace (.namespaces CLONE_NEWUSER)";
	if (c->nnet)
		return "an interface of the host (.net)";
	if (c->memory_max || c->pids_max || c->cpu_max)
		return "a cgroup limit (.memory_max, .pids_max, .cpu_max)";
	return NULL;
}

/* Without a launcher (someone else made the namespaces), a mount
 * namespace of its own keeps the host's mounts out of reach, the UTS and
 * IPC ones the host's names, and the network and cgroup ones (when the
 * config asks for them) the host's interfaces, sysctls and cgroups. That
 * takes CAP_SYS_ADMIN, which a runtime seldom grants: the line says so,
 * and what does without it. Setup reads our own mounts and fds in /proc:
 * where the caller mounted none, a procfs of ours, once nothing
 * propagates out. */
static void
own_namespaces(const struct config *c)
{
	const char *needs = launcher_only(c);
	int rc;

	if (needs) {
		say("%s needs the launcher, and init is PID 1 of namespaces "
		    "someone else made: refused", needs);
		_exit(255);
	}
	if (unshare(CLONE_NEWNS | (c->namespaces & (CLONE_NEWUTS |
		    CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWCGROUP))) < 0) {
		if (errno == EPERM && !cap_effective(CAP_SYS_ADMIN))
			say("unshare: %s: needs CAP_SYS_ADMIN, which init was "
			    "not given (an entrypoint's configuration has "
			    "INHERIT_ROOT)", strerror(errno));
		else
			say("unshare: %s", strerror(errno));
		_exit(255);
	}
	if (mount(NULL, "/", NULL, MS_REC | MS_SLAVE, NULL) < 0) {
		say("make / slave: %s", strerror(errno));
		_exit(255);
	}
	if ((rc = procfs_attach()) < 0) {
		say("a procfs on /proc: %s", strerror(-rc));
		_exit(255);
	}
}

/* PID 1 of a new PID namespace, or, with INHERIT_ROOT, of someone else's
 * container as it is (or the subreaper of the appliance where init is
 * not PID 1, as tini -s). */
static void
container(const struct config *c)
{
	bool alone = state.report < 0;
	sigset_t all;
	mode_t was;
	int status;

	log_stage("init");
	every_signal(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	default_signals();
	if (alone)
		interruptible(true);
	was = umask(0);	/* modes of device nodes and targets as written */
	log_hold(!alone);
	if (alone && !(c->inherit & INHERIT_ROOT))
		own_namespaces(c);
	/* orphans come to init, not to whoever started it */
	if (getpid() != 1 && prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0) {
		say("subreaper: %s", strerror(errno));
		_exit(255);
	}
	run("setup", setup, LEN(setup), c);
	umask(was);	/* the appliance's, with INHERIT_UMASK */
	if (alone)
		interruptible(false);
	/* from here on, failures are the appliance's: init does not bail out */
	status = supervise(&(struct supervisor){ .c = c, .delay = RESTART_MIN_MS,
						 .end = -1 }, &all);
	lap("init", "exit");
	exit(status);
}

/* A setup failure of the machine: its policy, or, once a watchdog is
 * open and .boot.watchdog.give_up_on_setup says so, no more feeding. */
static void
setup_failed(const struct config *c, const char *row)
{
	state.failed = row;	/* for the status line */
	if (c->boot.watchdog.give_up_on_setup)
		(void)watchdog_give_up("setup failed");
	end_machine(c, c->boot.on_failure, 255);
}

/* The machine's setup table; with nsinit.verbose, how long it took, the
 * TIMED rows apart (one only, modules, as the status line has it); with
 * nsinit.verbose=2, each row's time too, as it ends. */
static void
machine_up(struct config *c)
{
	const struct stage *s = machine_setup;
	struct timespec t0, t;
	long long apart_us = 0;
	const char *apart = "";
	size_t i;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < LEN(machine_setup); i++) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		log_stage(s[i].name);
		watchdog_feed();
		rc = s[i].edit ? s[i].edit(c) : s[i].run(c);
		if (rc < 0)
			setup_failed(c, s[i].name);
		if (s[i].flags & TIMED) {
			apart_us += since_us(&t);
			apart = s[i].name;
		}
		if (c->boot.verbose >= 2)
			info("nsinit-time: machine %s=%lldus", s[i].name,
			     since_us(&t));
	}
	log_stage("boot");
	if (c->boot.verbose)
		info("nsinit-time: setup=%lldus %s=%lldus (not counted)",
		     since_us(&t0) - apart_us, apart, apart_us);
}

/* PID 1 of the machine: every way out is end_machine, never exit. */
static void
boot(struct config *c)
{
	struct supervisor s = { .c = c, .delay = RESTART_MIN_MS, .end = -1,
				.machine = true };
	sigset_t all;
	int status, rc;

	log_stage("boot");
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	umask(022);
	(void)reboot(RB_DISABLE_CAD);	/* Ctrl-Alt-Del becomes SIGINT */
	machine_up(c);
	if (c->boot.rescue)
		end_machine(c, END_RESCUE, 0);
	/* the rootfs of a container is there only now, after switch_root */
	if (config_check(c, c->boot.container) < 0)
		setup_failed(c, "config");
	if (c->boot.next_init) {
		watchdog_disarm();	/* the next init opens it again */
		execl(c->boot.next_init, c->boot.next_init, (char *)NULL);
		say("exec %s: %s", c->boot.next_init, strerror(errno));
		end_machine(c, c->boot.on_failure, 255);
	}
	if (c->boot.on_exit == END_RESTART)
		c->restart = RESTART_ALWAYS;
	/* the kernel would run /sbin/modprobe as root of the machine, from
	 * a path the appliance may write, unless it could load modules
	 * itself anyway */
	if ((c->boot.container || !caps_keep(c, CAP_SYS_MODULE)) &&
	    boot_no_modprobe() < 0)
		setup_failed(c, "modprobe");
	/* the first untrusted code runs below (a container, the appliance):
	 * from here on PID 1 runs nothing by path */
	boot_seal(c);
	if (c->boot.container) {
		rc = launch(c, &status);
		if (rc == 0)
			container(c);	/* in the container's init */
		/* a launcher that gave up (said) is a failure of the
		 * machine's: its policy, never an exit */
		end_machine(c, rc < 0 ? c->boot.on_failure : c->boot.on_exit,
			    status);
	}
	status = supervise(&s, &all);
	end_machine(c, s.end >= 0 ? (enum boot_end)s.end : c->boot.on_exit,
		    status);
}

/* PID 1: the machine's init only when the kernel says so (pidns.h); a
 * situation nothing can prove is one line and 255, never boot mode. */
static bool
initial_pid_ns(void)
{
	int rc = pidns_initial();

	if (rc < 0) {
		say("PID 1, but no procfs could say of which PID namespace "
		    "(%s): refused rather than taken for the machine's init",
		    strerror(-rc));
		exit(255);
	}
	return rc == 1;
}

static void
usage(int fd)
{
	dprintf(fd, "usage: init [--help | --version | --print-config] "
		"[-- CMD [ARG...]]\n"
		"Runs the appliance compiled in from config.h in new "
		"namespaces;\nCMD replaces its command.\n");
}

int
main(int argc, char **argv)
{
	struct config c = config;
	int status;

	lap("launcher", "main");	/* twice: before and after the copy */
	CONFIG_RULES(BUILD_RULE, &config)
	state_init();
	/* the kernel's init takes no options: its argv is the command line's */
	if (getpid() == 1 && initial_pid_ns())
		boot(&c);
	if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		usage(1);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--version") == 0) {
		/* "nsinit 0.1", and "(abc1234)" or "(abc1234, modified)"
		 * when built from a git checkout (Makefile) */
		printf("nsinit %s%s%s%s\n", NSINIT_VERSION,
		       *NSINIT_COMMIT ? " (" : "", NSINIT_COMMIT,
		       *NSINIT_COMMIT ? ")" : "");
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--print-config") == 0) {
		print_config(&c);
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "--") == 0 && argc > 2)
		c.argv = (const char *const *)argv + 2;
	else if (argc > 1) {
		usage(2);
		return 255;
	}
	if (config_check(&c, true) < 0)
		return 255;
	/* nothing of the caller's reaches the container but what is passed
	 * (a leaked host directory fd was CVE-2024-21626) */
	fds_from(-1, 3 + c.pass_fds, true);
	/* before the clone: init must not be the host's file (CVE-2019-5736) */
	if (!c.no_exe_copy && exe_sealed(argv) < 0)
		return 255;
	lap("launcher", "config");
	/* with INHERIT_ROOT nothing is made: init is the appliance's
	 * supervisor where it is started, PID 1 or not */
	if (getpid() != 1 && !(c.inherit & INHERIT_ROOT) && launch(&c, &status))
		return status;
	container(&c);
}
