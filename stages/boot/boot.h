/* SPDX-License-Identifier: MIT */
/* The machine's init (PID 1 of the initial PID namespace): the rows of
 * init.c's machine_setup table and what they and init.c's boot() share:
 * the console, the bounded waits, block devices, modules, the watchdog
 * and the end of the machine. */
#ifndef NSINIT_BOOT_H
#define NSINIT_BOOT_H

#include "nsinit.h"

stage_fn stage_boot;		/* mounts.c: devtmpfs, console, proc, sys, ... */
/* cmdline.c: nsinit.* words of /proc/cmdline into c */
int edit_cmdline(struct config *c);
stage_fn stage_modules;		/* modules.c: with their dependencies */
/* modules.c: with .boot.modules_auto, the modules of one alias
 * ("fs-ext4") after stage_modules; nothing matching is no error */
void modules_for(const struct config *c, const char *alias);
void modules_seal(void);	/* none any more: the initramfs is going */
void modules_uevent(const char *modalias); /* a device came: its modules */
stage_fn stage_watchdog;	/* watchdog.c: open it, set its timeout */
stage_fn stage_network;		/* net.c: the machine's interface */
stage_fn stage_root;		/* root.c: the real root, over the initramfs */
stage_fn stage_machine_mounts;	/* fstab.c: .boot.mounts */
void fstab_modules(const struct config *c); /* ...their filesystems' modules */
const char *boot_9p(const struct config *c, const char *options, char *buf,
		    size_t size);	/* ...a 9p share's options, its modules */
stage_fn stage_stdio;		/* stdio.c: the appliance's fds 0-2 */

void boot_console(void);	/* fds 0-2 on /dev/console, if they are not open */
void boot_stdio_give(void);	/* stdio.c: onto fds 0-2, in the appliance */
void boot_stdio_drain(void);	/* stdio.c: before the machine ends */
int boot_no_modprobe(void);	/* kernel.modprobe off, before a container */
/* blkdev.c: the device spec names ("/dev/vda", "LABEL=root",
 * "UUID=...", "PARTUUID=..."), once it is there: its path in dev and, if
 * its bytes say, its filesystem type in type (else ""); reported, as a
 * warning when optional and it did not appear (-ETIMEDOUT) */
int boot_find_dev(const char *spec, unsigned timeout_ms, bool optional,
		  char *dev, size_t size, char *type, size_t tsize);
/* ...and the type to mount it with: the configured one (field), or the
 * one found; NULL, said, when there is none */
const char *boot_fstype(const char *spec, const char *configured,
			const char *probed, const char *field);
void end_machine(const struct config *c, enum boot_end how, int status)
	__attribute__((noreturn));
/* end.c: before the first untrusted code runs (the switch to a
 * disk, the appliance): the rescue shell held, the modules sealed */
void boot_seal(const struct config *c);
/* wait.c: until look(arg) finds what it looks for (> 0, then 0) or
 * fails (< 0); -ETIMEDOUT after timeout_ms; a path (a device's node) */
int wait_for(int (*look)(void *arg), void *arg, unsigned timeout_ms);
int wait_path(const char *path, unsigned timeout_ms);
/* wait.c: feed the watchdog (nothing when none is open or init gave
 * up); a wait of ms cut to the feeding interval */
void watchdog_feed(void);
int watchdog_slice(int ms);
/* A watchdog init holds (watchdog.c opened it) and still feeds. */
static inline bool
watchdog_fed(void)
{
	return state.wd.fd >= 0 && !state.wd.gave_up;
}
/* watchdog.c: a periodic timerfd of the feeding interval for supervise,
 * or -1; the magic close on a clean end */
int watchdog_timer(void);
void watchdog_disarm(void);
/* stop feeding it, with one line saying why: true if one was open */
bool watchdog_give_up(const char *why);
/* an appliance ended with status: true when the policy gives up now */
bool watchdog_ended(const struct config *c, int status);

#endif
