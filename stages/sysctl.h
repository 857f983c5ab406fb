/* SPDX-License-Identifier: MIT */
/* sysctl keys as paths under /proc/sys: what check.c accepts at start is
 * what sysctl.c writes, through one translation. */
#ifndef NSINIT_SYSCTL_H
#define NSINIT_SYSCTL_H

#include <stdbool.h>
#include <stddef.h>

struct config;

/* Where a key's file is: beneath the namespace's own directory of
 * /proc/sys that isolates it. */
struct sysctl_path {
	const char *dir;	/* "net", "kernel", "fs/mqueue" */
	char rest[240];		/* beneath it: "ipv4/ip_forward" */
};

/* 0; -EINVAL for no key like net.ipv4.ip_forward (an empty, "." or ".."
 * part once dots and slashes swap, or too long); -EPERM when no namespace
 * of namespaces (CLONE_NEW* flags) isolates it. */
int sysctl_path(const char *key, int namespaces, struct sysctl_path *p);

/* The default net.ipv4.ping_group_range of the container, in value:
 * false when none is to be written (see sysctl.c). */
bool ping_range(const struct config *c, char *value, size_t size);

#endif
