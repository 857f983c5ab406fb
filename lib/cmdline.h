/* SPDX-License-Identifier: MIT */
/* The kernel command line's nsinit.* words: boot-mode overrides of config.h.
 * Pure: the caller reads /proc/cmdline into a buffer, cmdline_parse splits
 * it in place and points into it. The kernel's own words are ignored. */
#ifndef NSINIT_CMDLINE_H
#define NSINIT_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

#define CMDLINE_ARGS	32	/* words after "--": the kernel passes no more */
#define CMDLINE_HOST	64	/* nsinit.hostname: at most, like HOST_NAME_MAX */
#define CMDLINE_MOUNTS	8	/* nsinit.mount= words */
#define CMDLINE_MOUNT_LEN 256	/* ...each shorter than this */
#define CMDLINE_ENV	16	/* nsinit.env.NAME= words */

/* What the command line asked for. Strings point into the parsed buffer;
 * each is NULL, each number -1, when its key was not given. */
struct cmdline {
	const char *hostname;	/* nsinit.hostname: letters, digits, '-', '.' */
	const char *ip;		/* nsinit.ip: "ADDR/PREFIX", IPv4 or IPv6, checked */
	const char *gw;		/* nsinit.gw: an IPv4 or IPv6 address, checked */
	const char *ifname;	/* nsinit.if: a valid interface name */
	const char *root;	/* nsinit.root: "/dev/...", LABEL=, UUID=, PARTUUID=,
				 * or "9p:TAG" */
	const char *overlay;	/* nsinit.overlay: "tmpfs", a device as for root,
				 * or "none" */
	const char *stdio[3];	/* nsinit.stdin=, nsinit.stdout=, nsinit.stderr=:
				 * absolute paths */
	int rescue;		/* nsinit.rescue[=1|0]: a shell, not the appliance */
	int verbose;		/* nsinit.verbose[=N]: 0..3, bare means 1 */
	int exit;		/* nsinit.exit=: an enum boot_end (end.h) */
	const char *mounts[CMDLINE_MOUNTS]; /* nsinit.mount=SOURCE:/TARGET[:OPTIONS],
				 * each word one more, checked for its shape;
				 * a SOURCE not a path, not NAME=..., not
				 * tmpfs or overlay is a 9p tag */
	int nmounts;
	const char *cwd;	/* nsinit.cwd: an absolute path */
	const char *user;	/* nsinit.user: "name", "uid" or "uid:gid" */
	const char *env[CMDLINE_ENV]; /* nsinit.env.NAME=VALUE: "NAME=VALUE",
				 * each word one more, a later NAME after */
	int nenv;
	int argc;		/* words after "--", or -1 when there was no "--" */
	char *argv[CMDLINE_ARGS + 1]; /* those words, NULL-terminated */
};

/* 0, or -EINVAL with a one-line reason naming the word in why (when
 * whylen > 0); on failure cl is partly filled and must not be used. */
int cmdline_parse(char *buf, struct cmdline *cl, char *why, size_t whylen);

/* A virtio-9p mount tag: 1 to 63 letters, digits, '_', '.', '-'. */
bool cmdline_tag_ok(const char *tag);

#endif
