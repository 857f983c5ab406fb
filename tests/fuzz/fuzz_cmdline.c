/* SPDX-License-Identifier: MIT */
/* libFuzzer target for lib/cmdline.c: any bytes as /proc/cmdline.
 * Beyond "no crash": every pointer stays in the buffer, every value kept
 * passes its own check again, the reason is one line, and what was parsed
 * parses again, quoted, to the same thing. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "blkid.h"
#include "cmdline.h"
#include "end.h"
#include "util.h"


static const char *lo, *hi;	/* the parsed buffer */

static void
check_inside(const char *s)
{
	if (s)
		CHECK(s >= lo && s + strlen(s) <= hi && !strchr(s, '"'));
}

static void
check_reason(int rc, const char *why, size_t whylen)
{
	const char *c;

	CHECK(rc == 0 || rc == -EINVAL);
	if (!whylen)
		return;
	CHECK(strlen(why) < whylen);
	CHECK((rc == 0) == (why[0] == '\0') || whylen == 1);
	for (c = why; *c; c++)
		CHECK((unsigned char)*c >= 0x20 && *c != 0x7f);
}

static void
check_address(const char *s, int with_prefix)
{
	char a[64];
	unsigned char b[16];
	const char *slash = with_prefix ? strchr(s, '/') : s + strlen(s);
	size_t n;

	CHECK(slash && (n = (size_t)(slash - s)) < sizeof(a));
	memcpy(a, s, n);
	a[n] = '\0';
	CHECK(inet_pton(AF_INET, a, b) == 1 || inet_pton(AF_INET6, a, b) == 1);
	if (with_prefix)
		CHECK(atoi(slash + 1) <= (strchr(a, ':') ? 128 : 32));
}

/* A /dev path that never goes up, or a device by identity with a value
 * blkid could print. */
static void
check_root(const char *root)
{
	const char *v;

	if (!strncmp(root, "9p:", 3)) {
		CHECK(cmdline_tag_ok(root + 3));
		CHECK(strspn(root + 3, "abcdefghijklmnopqrstuvwxyz"
			     "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") ==
		      strlen(root + 3));
		return;
	}
	switch (blkid_spec(root, &v)) {
	case BY_PATH:
		CHECK(!strncmp(root, "/dev/", 5) && !strstr(root, "/../"));
		CHECK(strlen(root) < 3 || strcmp(root + strlen(root) - 3, "/.."));
		break;
	case BY_LABEL:
		CHECK(*v && strlen(v) < 64);
		break;
	default:
		CHECK(*v && strlen(v) <= 36 &&
		      strspn(v, "0123456789abcdefABCDEF-") == strlen(v));
	}
}

static void
check_values(const struct cmdline *cl)
{
	int i;

	check_inside(cl->hostname);
	check_inside(cl->ip);
	check_inside(cl->gw);
	check_inside(cl->ifname);
	check_inside(cl->root);
	if (cl->hostname)
		CHECK(strlen(cl->hostname) - 1 < CMDLINE_HOST);
	if (cl->ip)
		check_address(cl->ip, 1);
	if (cl->gw)
		check_address(cl->gw, 0);
	if (cl->ifname)
		CHECK(*cl->ifname && strlen(cl->ifname) < 16);
	if (cl->root)
		check_root(cl->root);
	if (cl->overlay) {
		check_inside(cl->overlay);
		if (strcmp(cl->overlay, "tmpfs") && strcmp(cl->overlay, "none"))
			check_root(cl->overlay);
		CHECK(strncmp(cl->overlay, "9p:", 3));
	}
	for (i = 0; i < 3; i++) {
		check_inside(cl->stdio[i]);
		if (cl->stdio[i]) {
			CHECK(cl->stdio[i][0] == '/' && cl->stdio[i][1]);
			CHECK(!strstr(cl->stdio[i], "/../"));
		}
	}
	if (cl->cwd) {
		check_inside(cl->cwd);
		CHECK(cl->cwd[0] == '/');
	}
	if (cl->user) {
		check_inside(cl->user);
		CHECK(*cl->user && *cl->user != '-' && !strchr(cl->user, '/'));
	}
	CHECK(cl->nenv >= 0 && cl->nenv <= CMDLINE_ENV);
	for (i = 0; i < cl->nenv; i++) {
		check_inside(cl->env[i]);
		CHECK(strchr(cl->env[i], '=') > cl->env[i]);
	}
	CHECK(cl->nmounts >= 0 && cl->nmounts <= CMDLINE_MOUNTS);
	for (i = 0; i < cl->nmounts; i++) {
		const char *colon = strchr(cl->mounts[i], ':');

		check_inside(cl->mounts[i]);
		CHECK(colon && colon > cl->mounts[i] && colon[1] == '/');
	}
	CHECK(cl->rescue >= -1 && cl->rescue <= 1);
	CHECK(cl->verbose >= -1 && cl->verbose <= 3);
	CHECK(cl->exit >= -1 && cl->exit <= END_RESCUE);
	CHECK(cl->argc >= -1 && cl->argc <= CMDLINE_ARGS);
	CHECK(cl->argv[cl->argc < 0 ? 0 : cl->argc] == NULL);
	for (i = 0; i < cl->argc; i++) {
		CHECK(cl->argv[i]);
		check_inside(cl->argv[i]);
	}
}

/* Append "key=\"value\" " to the line being rebuilt. */
static void
put(char *s, size_t size, const char *key, const char *val)
{
	size_t n = strlen(s);

	if (val)
		snprintf(s + n, size - n, "%s=\"%s\" ", key, val);
}

/* Quote everything that was found and parse it again. */
static void
check_round_trip(const struct cmdline *cl, size_t size)
{
	static const char *const exits[] = {
		[END_POWEROFF] = "poweroff", [END_REBOOT] = "reboot",
		[END_HALT] = "halt", [END_RESTART] = "restart",
		[END_RESCUE] = "rescue",
	};
	size_t cap = 2 * size + 512;
	char *s = calloc(1, cap), verbose[2] = { 0 };
	struct cmdline again;
	int i;

	CHECK(s);
	put(s, cap, "nsinit.hostname", cl->hostname);
	put(s, cap, "nsinit.ip", cl->ip);
	put(s, cap, "nsinit.gw", cl->gw);
	put(s, cap, "nsinit.if", cl->ifname);
	put(s, cap, "nsinit.root", cl->root);
	put(s, cap, "nsinit.overlay", cl->overlay);
	put(s, cap, "nsinit.stdin", cl->stdio[0]);
	put(s, cap, "nsinit.stdout", cl->stdio[1]);
	put(s, cap, "nsinit.stderr", cl->stdio[2]);
	put(s, cap, "nsinit.rescue", cl->rescue < 0 ? NULL :
	    cl->rescue ? "1" : "0");
	verbose[0] = (char)('0' + cl->verbose);
	put(s, cap, "nsinit.verbose", cl->verbose < 0 ? NULL : verbose);
	put(s, cap, "nsinit.exit", cl->exit < 0 ? NULL : exits[cl->exit]);
	if (cl->argc >= 0)
		strcat(s, "--");
	for (i = 0; i < cl->argc; i++)
		snprintf(s + strlen(s), cap - strlen(s), " \"%s\"", cl->argv[i]);
	CHECK(cmdline_parse(s, &again, NULL, 0) == 0);
	CHECK(again.argc == cl->argc);
	for (i = 0; i < cl->argc; i++)
		CHECK(!strcmp(again.argv[i], cl->argv[i]));
	CHECK(again.rescue == cl->rescue && again.verbose == cl->verbose &&
	      again.exit == cl->exit);
#define SAME(f) CHECK(!cl->f == !again.f && (!cl->f || !strcmp(cl->f, again.f)))
	SAME(hostname);
	SAME(ip);
	SAME(gw);
	SAME(ifname);
	SAME(root);
	SAME(overlay);
	SAME(stdio[0]);
	SAME(stdio[1]);
	SAME(stdio[2]);
#undef SAME
	free(s);
}

/* A stray quote in a word of the kernel's changes nothing of ours: it
 * runs to the end of the line, as the kernel has it (only before "--":
 * after it, it would be one more word of the appliance). */
static void
check_stray_quote(const uint8_t *data, size_t size, const struct cmdline *cl)
{
	static const char stray[] = " some.opt=\"x";
	char *s = malloc(size + sizeof(stray));
	struct cmdline again;

	CHECK(s);
	memcpy(s, data, size);
	memcpy(s + size, stray, sizeof(stray));
	if (strlen(s) == size + sizeof(stray) - 1) {	/* no NUL in data */
		CHECK(cmdline_parse(s, &again, NULL, 0) == 0);
		CHECK(again.rescue == cl->rescue &&
		      again.verbose == cl->verbose && again.exit == cl->exit);
#define SAME(f) CHECK(!cl->f == !again.f && (!cl->f || !strcmp(cl->f, again.f)))
		SAME(hostname);
		SAME(ip);
		SAME(gw);
		SAME(ifname);
		SAME(root);
	SAME(overlay);
	SAME(stdio[0]);
	SAME(stdio[1]);
	SAME(stdio[2]);
#undef SAME
	}
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), why[48];
	struct cmdline cl;
	size_t whylen;
	int rc;

	CHECK(buf);
	memcpy(buf, data, size);
	buf[size] = '\0';
	lo = buf;
	hi = buf + size;
	whylen = size % 3 ? sizeof(why) : size % 7;	/* sometimes tiny */
	memset(why, 'x', sizeof(why));
	rc = cmdline_parse(buf, &cl, why, whylen);
	check_reason(rc, why, whylen);
	if (rc == 0) {
		check_values(&cl);
		check_round_trip(&cl, size);
		if (cl.argc < 0)
			check_stray_quote(data, size, &cl);
	}
	free(buf);
	return 0;
}
