/* SPDX-License-Identifier: MIT */
/* The machine's hardware watchdog (.boot.watchdog). Opening it starts it:
 * from then on init feeds it from the places where it makes progress
 * (wait.c: each setup stage, each wake-up of a bounded wait, the
 * supervision loop's timer). A clean end disarms it with the magic close;
 * when the policy gives up, init stops feeding it and the hardware resets
 * the board. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#include <linux/watchdog.h>

#include "boot.h"

/* The magic close: 'V', then close. A driver that cannot stop (nowayout)
 * keeps counting: the kernel says so in its log. */
void
watchdog_disarm(void)
{
	LOG_AS("watchdog");

	if (!watchdog_fed())
		return;
	if (write(state.wd.fd, "V", 1) != 1)
		say("magic close: %s", strerror(errno));
	close(state.wd.fd);
	state.wd.fd = -1;
}

int
watchdog_timer(void)
{
	struct itimerspec t = { .it_value = { .tv_nsec = 1 } };
	int fd;

	if (!watchdog_fed())
		return -1;
	t.it_interval.tv_sec = state.wd.feed_ms / 1000;
	t.it_interval.tv_nsec = (long)(state.wd.feed_ms % 1000) * 1000000;
	fd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC);
	if (fd >= 0 && timerfd_settime(fd, 0, &t, NULL) < 0) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		LOG_AS("watchdog");
		say("timerfd: %s: not fed, the hardware will reset", strerror(errno));
	}
	return fd;
}

bool
watchdog_give_up(const char *why)
{
	LOG_AS("watchdog");

	if (!watchdog_fed())
		return false;
	state.wd.gave_up = true;
	say("%s: not fed any more, the hardware resets the machine", why);
	return true;
}

/* The policy: give_up_after failures in a row, the last within window_s
 * of the first; a success, or a failure past the window, starts over. */
bool
watchdog_ended(const struct config *c, int status)
{
	const struct watchdog *w = &c->boot.watchdog;
	char why[80];

	if (!w->give_up_after || !watchdog_fed())
		return false;
	if (status == 0) {
		state.wd.failures = 0;
		return false;
	}
	if (state.wd.failures == 0 ||
	    (w->window_s &&
	     since_us(&state.wd.first) / 1000000 >= (long long)w->window_s)) {
		state.wd.failures = 0;
		clock_gettime(CLOCK_MONOTONIC, &state.wd.first);
	}
	if (++state.wd.failures < w->give_up_after)
		return false;
	snprintf(why, sizeof(why), "the appliance failed %u times in a row",
		 state.wd.failures);
	return watchdog_give_up(why);
}

/* After the modules: the driver may be one, and its device appears when
 * it has probed. A watchdog init cannot set up is disarmed again. */
int
stage_watchdog(const struct config *c)
{
	const struct watchdog *w = &c->boot.watchdog;
	int rc, t = (int)w->timeout;

	if (!w->device)
		return 0;
	rc = wait_path(w->device, c->boot.wait_ms);
	if (rc < 0) {
		say("%s: %s", w->device, rc == -ETIMEDOUT ?
		    "no such device appeared in time" : strerror(-rc));
		return rc;
	}
	state.wd.fd = open(w->device, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (state.wd.fd < 0) {
		rc = -errno;
		say("open %s: %s", w->device, strerror(errno));
		return rc;
	}
	/* running from here on */
	if (w->timeout && ioctl(state.wd.fd, WDIOC_SETTIMEOUT, &t) < 0) {
		rc = -errno;
		say("%s: set the timeout to %u s: %s", w->device, w->timeout,
		    strerror(errno));
	} else if ((rc = ioctl(state.wd.fd, WDIOC_GETTIMEOUT, &t)) < 0 ||
		   t <= 0) {
		rc = rc < 0 ? -errno : -EINVAL;
		say("%s: read the timeout: %s", w->device, strerror(-rc));
	}
	if (rc < 0) {
		watchdog_disarm();
		return rc;
	}
	state.wd.feed_ms = (unsigned)t * 1000 / 3;
	watchdog_feed();
	info("nsinit-watchdog: %s timeout=%ds fed every %ums", w->device, t,
	     state.wd.feed_ms);
	return 0;
}
