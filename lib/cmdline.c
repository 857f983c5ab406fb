/* SPDX-License-Identifier: MIT */
/* The kernel command line, split as the kernel splits it: words on
 * whitespace, double quotes grouping and removed, and everything after a
 * standalone "--" handed on as the appliance's argv. Only nsinit.* is read. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "blkid.h"
#include "cmdline.h"
#include "end.h"
#include "util.h"

#define PREFIX		"nsinit."
#define PREFIX_LEN	(sizeof(PREFIX) - 1)

_Static_assert(CMDLINE_ARGS == 32 && CMDLINE_HOST == 64,
	       "the messages below say 32 and 64");

/* The kernel's isspace(): the C locale's six. */
static bool
is_space(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* The next word from *pos, its quotes removed by moving the rest of it down
 * over them, NUL-terminated in place: the word never grows, so it never
 * leaves its own bytes. NULL at the end; *open when a quote is unclosed:
 * then, as for the kernel, the word runs to the end of the line. */
static char *
next_word(char **pos, bool *open)
{
	char *r = *pos, *o, *w;
	bool quoted = false;

	while (is_space(*r))
		r++;
	if (!*r)
		return NULL;
	w = o = r;
	for (; *r && (quoted || !is_space(*r)); r++) {
		if (*r == '"')
			quoted = !quoted;
		else
			*o++ = *r;
	}
	*pos = *r ? r + 1 : r;	/* before the NUL: o may be r */
	*o = '\0';
	*open = quoted;
	return w;
}

/* One line, whatever the word held: quoted newlines become '?'. */
static int
fail(char *why, size_t whylen, const char *word, const char *reason)
{
	char *c;

	if (!whylen)
		return -EINVAL;
	snprintf(why, whylen, "%s: %s", word, reason);
	for (c = why; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = '?';
	return -EINVAL;
}

/* The setters: NULL when the value is good, else why not. val is NULL for
 * a bare key ("nsinit.rescue"), "" for an empty one ("nsinit.rescue="). */
static const char *
set_hostname(struct cmdline *cl, const char *val)
{
	size_t n;

	if (!val)
		return "needs a value";
	n = strspn(val, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789-.");
	if (n == 0 || val[n] || n > CMDLINE_HOST)
		return "not a host name (1 to 64 letters, digits, '-', '.')";
	cl->hostname = val;
	return NULL;
}

/* inet_pton needs the address alone: copy it out rather than cut the word,
 * so that a failure can still name the word whole. */
static int
addr_family(const char *s, size_t len)
{
	unsigned char bytes[16];
	char a[INET6_ADDRSTRLEN];

	if (len == 0 || len >= sizeof(a))
		return -1;
	memcpy(a, s, len);
	a[len] = '\0';
	if (inet_pton(AF_INET, a, bytes) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, a, bytes) == 1)
		return AF_INET6;
	return -1;
}

/* Decimal, no sign, at most three digits: 0..max. */
static bool
prefix_ok(const char *s, unsigned max)
{
	unsigned v = 0;
	size_t n = 0;

	for (; s[n] >= '0' && s[n] <= '9' && n < 3; n++)
		v = v * 10 + (unsigned)(s[n] - '0');
	return n > 0 && !s[n] && v <= max;
}

static const char *
set_ip(struct cmdline *cl, const char *val)
{
	const char *slash;
	int family;

	if (!val)
		return "needs a value";
	slash = strchr(val, '/');
	if (!slash)
		return "not ADDR/PREFIX";
	family = addr_family(val, (size_t)(slash - val));
	if (family < 0)
		return "not an address";
	if (!prefix_ok(slash + 1, family == AF_INET ? 32 : 128))
		return family == AF_INET ? "prefix not 0..32" : "prefix not 0..128";
	cl->ip = val;
	return NULL;
}

static const char *
set_gw(struct cmdline *cl, const char *val)
{
	if (!val)
		return "needs a value";
	if (addr_family(val, strlen(val)) < 0)
		return "not an address";
	cl->gw = val;
	return NULL;
}

/* What the kernel's dev_valid_name() accepts. */
static const char *
set_if(struct cmdline *cl, const char *val)
{
	const char *c;

	if (!val)
		return "needs a value";
	if (!*val || strlen(val) >= IFNAMSIZ || !strcmp(val, ".") ||
	    !strcmp(val, ".."))
		return "not an interface name";
	for (c = val; *c; c++)
		if (*c == '/' || *c == ':' || is_space(*c))
			return "not an interface name";
	cl->ifname = val;
	return NULL;
}

/* A UUID as blkid prints one: hex digits and dashes. */
static bool
uuid_ok(const char *v)
{
	size_t n = strspn(v, "0123456789abcdefABCDEF-");

	return n > 0 && n <= 36 && !v[n];
}

/* An absolute path without a ".." component, which could leave where it
 * points. */
static bool
path_ok(const char *val, const char *in)
{
	const char *p;

	if (strncmp(val, in, strlen(in)) || !val[strlen(in)] ||
	    strlen(val) >= PATH_MAX)
		return false;
	for (p = val; (p = strstr(p, "/..")); p += 3)
		if (p[3] == '/' || p[3] == '\0')
			return false;
	return true;
}

/* A device under /dev, which nsinit mounts itself; or a device by
 * identity (blkid.h), a label of at most 63 bytes. */
static const char *
device_spec(const char *val)
{
	static const char bad[] = "not a /dev path, LABEL=, UUID= or PARTUUID=";
	const char *p;

	switch (blkid_spec(val, &p)) {
	case BY_LABEL:
		return *p && strlen(p) < 64 ? NULL : bad;
	case BY_UUID:
	case BY_PARTUUID:
		return uuid_ok(p) ? NULL : bad;
	case BY_PATH:
		break;
	}
	return path_ok(val, "/dev/") ? NULL : bad;
}

/* A virtio-9p mount tag, as QEMU's mount_tag= gives it. */
bool
cmdline_tag_ok(const char *tag)
{
	size_t n = strspn(tag, "abcdefghijklmnopqrstuvwxyz"
			  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-");

	return n > 0 && n < 64 && !tag[n];
}

static const char *
set_root(struct cmdline *cl, const char *val)
{
	if (!val)
		return "needs a value";
	cl->root = val;
	if (!strncmp(val, "9p:", 3))
		return cmdline_tag_ok(val + 3) ? NULL :
		       "not 9p:TAG (1 to 63 letters, digits, '_', '.', '-')";
	return device_spec(val);
}

static const char *
set_overlay(struct cmdline *cl, const char *val)
{
	if (!val)
		return "needs a value";
	cl->overlay = val;
	if (!strcmp(val, "tmpfs") || !strcmp(val, "none"))
		return NULL;
	return device_spec(val) ? "not tmpfs, none or a device" : NULL;
}

/* The appliance's fds 0, 1 and 2: a file or a device each. */
static const char *
set_stdio(struct cmdline *cl, int fd, const char *val)
{
	if (!val || !path_ok(val, "/"))
		return "not an absolute path";
	cl->stdio[fd] = val;
	return NULL;
}

static const char *
set_stdin(struct cmdline *cl, const char *val)
{
	return set_stdio(cl, 0, val);
}

static const char *
set_stdout(struct cmdline *cl, const char *val)
{
	return set_stdio(cl, 1, val);
}

static const char *
set_stderr(struct cmdline *cl, const char *val)
{
	return set_stdio(cl, 2, val);
}

/* Bare, or 0 or 1, for a switch. */
static int
switch_value(const char *val)
{
	if (!val || !strcmp(val, "1"))
		return 1;
	if (!strcmp(val, "0"))
		return 0;
	return -1;
}

static const char *
set_rescue(struct cmdline *cl, const char *val)
{
	cl->rescue = switch_value(val);
	return cl->rescue < 0 ? "not 0 or 1" : NULL;
}

static const char *
set_verbose(struct cmdline *cl, const char *val)
{
	if (!val)
		cl->verbose = 1;
	else if (val[0] >= '0' && val[0] <= '3' && !val[1])
		cl->verbose = val[0] - '0';
	else
		return "not 0..3";
	return NULL;
}

static const char *
set_exit(struct cmdline *cl, const char *val)
{
	int end = end_parse(val);

	if (end < 0)
		return "not poweroff, reboot, halt, restart or rescue";
	cl->exit = end;
	return NULL;
}

/* SOURCE:/TARGET[:OPTIONS], SOURCE without a colon; repeated, each word
 * is one more mount. */
static const char *
set_mount(struct cmdline *cl, const char *val)
{
	const char *colon = val ? strchr(val, ':') : NULL;

	char tag[64];
	size_t n;

	if (!colon || colon == val || colon[1] != '/')
		return "not SOURCE:/TARGET[:OPTIONS]";
	if (strlen(val) >= CMDLINE_MOUNT_LEN)
		return "longer than 255 bytes";
	n = (size_t)(colon - val);
	if (val[0] != '/' && !memchr(val, '=', n)) {
		if (n >= sizeof(tag))
			return "a 9p tag longer than 63 bytes";
		memcpy(tag, val, n);
		tag[n] = '\0';
		if (!cmdline_tag_ok(tag))
			return "not a 9p tag (letters, digits, '_', '.', '-')";
	}
	if (cl->nmounts == CMDLINE_MOUNTS)
		return "more than 8 of them";
	cl->mounts[cl->nmounts++] = val;
	return NULL;
}

/* The appliance's working directory: absolute, as config.h's. */
static const char *
set_cwd(struct cmdline *cl, const char *val)
{
	if (!val || val[0] != '/' || strlen(val) >= PATH_MAX)
		return "not an absolute path";
	cl->cwd = val;
	return NULL;
}

/* A user as config.h names one: a name of letters, digits, '.', '_',
 * '-', or "uid", or "uid:gid". */
static const char *
set_user(struct cmdline *cl, const char *val)
{
	size_t n = val ? strspn(val, "abcdefghijklmnopqrstuvwxyz"
				"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-:") : 0;

	if (!val || n == 0 || val[n] || n >= 64 || val[0] == '-')
		return "not a user name, uid or uid:gid";
	cl->user = val;
	return NULL;
}

/* "NAME=VALUE" after "env.": NAME a shell variable's name. */
static const char *
set_env(struct cmdline *cl, const char *word)
{
	size_t n = strspn(word, "abcdefghijklmnopqrstuvwxyz"
			  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");

	if (n == 0 || word[n] != '=' || (word[0] >= '0' && word[0] <= '9'))
		return "not env.NAME=VALUE";
	if (cl->nenv == CMDLINE_ENV)
		return "more than 16 of them";
	cl->env[cl->nenv++] = word;
	return NULL;
}

static const struct {
	const char *name;
	const char *(*set)(struct cmdline *cl, const char *val);
} keys[] = {
	{ .name = "hostname", .set = set_hostname },
	{ .name = "ip", .set = set_ip },
	{ .name = "gw", .set = set_gw },
	{ .name = "if", .set = set_if },
	{ .name = "root", .set = set_root },
	{ .name = "overlay", .set = set_overlay },
	{ .name = "stdin", .set = set_stdin },
	{ .name = "stdout", .set = set_stdout },
	{ .name = "stderr", .set = set_stderr },
	{ .name = "rescue", .set = set_rescue },
	{ .name = "verbose", .set = set_verbose },
	{ .name = "exit", .set = set_exit },
	{ .name = "mount", .set = set_mount },
	{ .name = "cwd", .set = set_cwd },
	{ .name = "user", .set = set_user },
};

/* key is the word after "nsinit."; the word stays whole for the message. */
static const char *
set_key(struct cmdline *cl, const char *key)
{
	const char *eq = strchr(key, '=');
	size_t len = eq ? (size_t)(eq - key) : strlen(key), i;

	if (strncmp(key, "env.", 4) == 0)
		return set_env(cl, key + 4);
	for (i = 0; i < LEN(keys); i++)
		if (strlen(keys[i].name) == len && !memcmp(keys[i].name, key, len))
			return keys[i].set(cl, eq ? eq + 1 : NULL);
	return "unknown key";
}

/* Later words win over earlier ones, as for the kernel's own parameters.
 * An unclosed quote is the kernel's business (it lets the word run to the
 * end of the line) except in a word of ours, which must mean one thing. */
int
cmdline_parse(char *buf, struct cmdline *cl, char *why, size_t whylen)
{
	const char *reason;
	char *pos = buf, *w;
	size_t n = strlen(buf);
	bool open;

	*cl = (struct cmdline){ .rescue = -1, .verbose = -1, .exit = -1,
				.argc = -1 };
	if (whylen)
		why[0] = '\0';
	/* /proc/cmdline ends the kernel's line with a newline it never had:
	 * not part of a word that an unclosed quote runs to the end */
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	while ((w = next_word(&pos, &open))) {
		if (open && cl->argc < 0 && !strncmp(w, PREFIX, PREFIX_LEN))
			return fail(why, whylen, w, "no closing quote");
		if (cl->argc >= 0) {
			if (cl->argc == CMDLINE_ARGS)
				return fail(why, whylen, w,
					    "more than 32 words after --");
			cl->argv[cl->argc++] = w;
		} else if (!strcmp(w, "--")) {
			cl->argc = 0;
		} else if (!strncmp(w, PREFIX, PREFIX_LEN) &&
			   (reason = set_key(cl, w + PREFIX_LEN))) {
			return fail(why, whylen, w, reason);
		}
	}
	return 0;
}
