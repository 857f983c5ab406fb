/* SPDX-License-Identifier: MIT */
/* The way down of the machine's init: never an exit, which would panic
 * the kernel, but power off, reboot, halt or a rescue shell, with the
 * status line before. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <sys/io.h>
#endif
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "interp.h"
#include "boot.h"

#define DEBUG_EXIT_PORT 0xf4	/* QEMU's -device isa-debug-exit,iobase=0xf4 */

/* The status for QEMU: it exits with (status << 1) | 1. An I/O port
 * exists on x86 only: elsewhere the status line is the channel. */
static void
debug_exit(int status)
{
	tcdrain(1);	/* or the last lines never leave the serial port */
#if defined(__x86_64__) || defined(__i386__)
	if (ioperm(DEBUG_EXIT_PORT, 4, 1) == 0)
		outb((unsigned char)status, DEBUG_EXIT_PORT);
	else
		warn("isa-debug-exit: %s", strerror(errno));
#else
	warn("isa-debug-exit: x86 only");
#endif
}

/* Everyone gets SIGTERM, then SIGKILL after the grace period; reaped. */
static void
stop_everything(unsigned grace_ms)
{
	struct timespec t0, left;
	sigset_t chld;
	long ms;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	(void)kill(-1, SIGTERM);
	for (;;) {
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
		if (errno == ECHILD)
			break;
		ms = (long)grace_ms - (long)(since_us(&t0) / 1000);
		watchdog_feed();	/* unless init gave up */
		if (ms <= 0) {
			(void)kill(-1, SIGKILL);
			while (waitpid(-1, NULL, 0) > 0)
				;
			break;
		}
		ms = watchdog_slice((int)ms);
		left.tv_sec = ms / 1000;
		left.tv_nsec = ms % 1000 * 1000000;
		(void)sigtimedwait(&chld, NULL, &left);
	}
}

static const char *
rescue_path(const struct config *c)
{
	return c->boot.rescue_shell ? c->boot.rescue_shell : "/bin/sh";
}

/* Whether a rescue shell may be asked for: by the policies, or instead of
 * the appliance. */
static bool
rescue_wanted(const struct config *c)
{
	return c->boot.on_exit == END_RESCUE ||
	       c->boot.on_failure == END_RESCUE || c->boot.rescue;
}

/* The rescue shell, held: a regular file of the initramfs, copied into a
 * sealed memfd (the file itself stays writable to whoever may write the
 * initramfs, a container of "/" among them), and an executable that runs
 * by itself: a script's or a dynamic binary's interpreter would be looked
 * up by path when it runs. -1, said, when it cannot be held. */
static int
hold_rescue(const char *sh)
{
	struct stat st;
	int fd, copy = -EINVAL;

	fd = open(sh, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		warn("rescue shell %s: %s: none from here on", sh,
		     strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		copy = sealed_copy(fd);
	close(fd);
	if (copy < 0) {
		warn("rescue shell %s: %s: none from here on", sh,
		     copy == -EINVAL ? "not a regular file" : strerror(-copy));
		return -1;
	}
	if (!elf_static(copy)) {
		warn("rescue shell %s: not a static executable (its "
		     "interpreter would be looked up by path): none from "
		     "here on", sh);
		close(copy);
		return -1;
	}
	return copy;
}

/* From here on untrusted code may run, or write: a disk's files after
 * switch_root, a container, the appliance. The machine's PID 1 then runs,
 * loads and reads by path nothing that code could have written: the
 * rescue shell it may need later is held now (run by fd), and no module
 * is loaded from a path any more. Once; a shell that cannot be held is
 * one line now, and no rescue shell later (the power goes off). */
void
boot_seal(const struct config *c)
{
	if (state.sealed)
		return;
	state.sealed = true;
	modules_seal();
	if (rescue_wanted(c))
		state.rescue_fd = hold_rescue(rescue_path(c));
}

/* A shell on the console, for a human to look around; then power off.
 * Before the seal it is run by its path; after it, only the held copy. */
static void
rescue(const struct config *c)
{
	const char *sh = rescue_path(c);
	sigset_t none;
	pid_t pid;

	if (state.sealed && state.rescue_fd < 0) {
		say("no rescue shell: %s was not held before %s", sh,
		    state.switched ? "the switch to the disk" :
		    "the appliance ran");
		return;
	}
	say("starting the rescue shell %s%s", sh,
	    state.switched ? " of the initramfs" : "");
	pid = fork();
	if (pid == 0) {
		setsid();
		(void)ioctl(0, TIOCSCTTY, 1);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (state.rescue_fd >= 0)
			syscall(SYS_execveat, state.rescue_fd, "",
				(char *const[]){ (char *)sh, NULL }, environ,
				AT_EMPTY_PATH);
		else
			execl(sh, sh, (char *)NULL);
		say("exec %s: %s", sh, strerror(errno));
		_exit(127);
	}
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* The way down: never returns, never exits (that would panic). A
 * watchdog is disarmed just before the end, or before a rescue shell
 * (a human at it); once init gave up on it, the way down stops short of
 * the end and waits for the hardware to reset the machine. */
void
end_machine(const struct config *c, enum boot_end how, int status)
{
	static const int cmd[] = {
		[END_POWEROFF] = RB_POWER_OFF, [END_REBOOT] = RB_AUTOBOOT,
		[END_HALT] = RB_HALT_SYSTEM,
	};

	log_stage("boot");	/* from a failed stage, or from the launcher */
	if (how == END_RESCUE && !state.wd.gave_up) {
		watchdog_disarm();
		rescue(c);
		how = END_POWEROFF;
	}
	if (how == END_RESTART)
		how = END_REBOOT;
	stop_everything(c->grace_ms);
	sync();
	(void)mount(NULL, "/", NULL, MS_REMOUNT | MS_RDONLY, NULL);
	if (state.wd.gave_up) {
		info("nsinit-status: appliance=%d end=watchdog", status);
		for (;;)
			pause();
	}
	boot_stdio_drain();
	/* a failed setup names its row: the appliance's own 255 is not it */
	if (state.failed)
		info("nsinit-failed: %s", state.failed);
	info("nsinit-status: appliance=%d end=%s", status, end_name(how));
	watchdog_disarm();
	if (c->boot.debug_exit)
		debug_exit(status);
	for (;;) {
		(void)reboot(cmd[how]);
		pause();
	}
}
