/* SPDX-License-Identifier: MIT */
/* The machine's bounded waits (a device, a path, the interface), until a
 * deadline, each uevent a moment to look again and to load what the
 * device asks for; and the watchdog's feeding, which they do: a long wait
 * is progress. Init feeds it here, from each setup row (init.c) and from
 * the supervision loop's timer, never from a signal handler or a thread,
 * so that an init stuck in the kernel is reset all the same. */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <linux/watchdog.h>

#include "boot.h"

/* Nothing when no watchdog is open, or init gave up on purpose. */
void
watchdog_feed(void)
{
	if (watchdog_fed())
		(void)ioctl(state.wd.fd, WDIOC_KEEPALIVE, 0);
}

/* A wait of ms, cut to the feeding interval: the waits feed in between. */
int
watchdog_slice(int ms)
{
	return watchdog_fed() && (unsigned)ms > state.wd.feed_ms ?
	       (int)state.wd.feed_ms : ms;
}

/* One uevent: a device the kernel added gets its modules (coldplug done
 * late). Only the kernel's own messages count (sender port 0): another
 * process could name any modalias. */
static void
uevent(int fd)
{
	char buf[2048], *p, *end, *alias = NULL;
	struct sockaddr_nl from;
	socklen_t len = sizeof(from);
	bool add = false;
	ssize_t n;

	n = recvfrom(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT,
		     (struct sockaddr *)&from, &len);
	if (n <= 0 || from.nl_pid != 0)
		return;
	buf[n] = '\0';
	for (p = buf, end = buf + n; p < end; p += strlen(p) + 1) {
		if (strcmp(p, "ACTION=add") == 0)
			add = true;
		else if (strncmp(p, "MODALIAS=", 9) == 0)
			alias = p + 9;
	}
	if (add && alias && *alias)
		modules_uevent(alias);
}

/* Wait until look(arg) finds what it looks for (> 0) or fails (< 0):
 * each uevent is a moment to look again. -ETIMEDOUT after timeout_ms. */
int
wait_for(int (*look)(void *arg), void *arg, unsigned timeout_ms)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = 1 };
	struct pollfd p = { .events = POLLIN };
	struct timespec end;
	int left, rc, events = 0;

	/* listening before the first look: no event falls in between */
	p.fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
		      NETLINK_KOBJECT_UEVENT);
	if (p.fd < 0 || bind(p.fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		events = -errno;	/* no events: look once */
	deadline_in(&end, timeout_ms);
	while ((rc = look(arg)) == 0) {
		left = ms_left(&end);
		if (events < 0 || left <= 0) {
			rc = -ETIMEDOUT;
			break;
		}
		/* a long wait is progress: the watchdog is fed through it */
		watchdog_feed();
		if (poll(&p, 1, watchdog_slice(left)) > 0)
			uevent(p.fd);
	}
	if (p.fd >= 0)
		close(p.fd);
	return rc < 0 ? rc : 0;
}

static int
exists(void *path)
{
	return access(path, F_OK) == 0;
}

/* devtmpfs makes a device's node before the kernel announces the device:
 * after each uevent the node is there or not yet. */
int
wait_path(const char *path, unsigned timeout_ms)
{
	return wait_for(exists, (void *)path, timeout_ms);
}
