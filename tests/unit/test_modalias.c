/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/modalias.c: the glob, modules.alias lines, a scan of
 * a file against a machine's modaliases, modules.softdep, read through a
 * pipe. */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "modalias.h"
#include "util.h"
#include "unit.h"

/* Lines as depmod writes them, from the .modinfo of Debian bookworm's
 * linux-image-6.1.0-57-amd64 modules. */
static const char debian_alias[] =
	"# Aliases extracted from modules themselves.\n"
	"alias pci:v00008086d000025ABsv*sd*bc*sc*i* i6300esb\n"
	"alias pci:v00008086d0000100Esv*sd*bc*sc*i* e1000\n"
	"alias pci:v00001AF4d*sv*sd*bc*sc*i* virtio_pci\n"
	"alias virtio:d00000001v* virtio_net\n"
	"alias virtio:d00000002v* virtio_blk\n"
	"alias fs-ext4 ext4\n"
	"alias crypto-crc32c crc32c_generic\n"
	"alias crypto-crc32c crc32c_intel\n"
	"alias cpu:type:x86,ven*fam*mod*:feature:*0094* crc32c_intel\n";

/* What QEMU's machine with a virtio NIC and disk shows in sysfs. */
static const char *const machine[] = {
	"pci:v00001AF4d00001000sv00001AF4sd00000001bc02sc00i00",
	"pci:v00001AF4d00001001sv00001AF4sd00000002bc01sc00i00",
	"virtio:d00000002v00001AF4",
	"platform:serial8250",
	"acpi:PNP0A03:",
};

static int
glob_agrees_with_fnmatch(void)
{
	static const char *const cases[][2] = {
		{ "virtio:d00000001v*", "virtio:d00000001v00001AF4" },
		{ "virtio:d00000001v*", "virtio:d00000002v00001AF4" },
		{ "pci:v00001AF4d*sv*sd*bc*sc*i*", machine[0] },
		{ "pci:v00008086d*sv*sd*bc*sc*i*", machine[0] },
		{ "a?c", "abc" }, { "a?c", "ac" }, { "*", "" }, { "", "" },
		{ "", "x" }, { "**a**", "bab" }, { "*a", "aaab" },
		{ "[a-c]x", "bx" }, { "[a-c]x", "dx" }, { "[!a-c]x", "dx" },
		{ "[^a]", "a" }, { "[]]", "]" }, { "[!]]", "]" }, { "[a-]", "-" },
		{ "[", "[" }, { "[ab", "[ab" }, { "\\*", "*" }, { "\\*", "x" },
		{ "*:feature:*0094*", "cpu:type:x86,ven0000"
		  "fam0006mod003D:feature:,0000,0001,0094,00E0" },
		{ "usb:v*p*d*dc*dsc*dp*ic09isc*ip*in*", "usb:v1D6Bp0002d0601dc09"
		  "dsc00dp01ic09isc00ip00in00" },
		{ "a*b*c*d", "aXbXcXdXd" }, { "a*b*c*d", "aXbXcX" },
	};
	size_t i;

	/* a trailing '\' matches nothing, as in glibc (and kmod); musl's
	 * fnmatch takes it as itself, so it is not asked here */
	CHECK(!modalias_match("a\\", "a\\"));
	for (i = 0; i < LEN(cases); i++) {
		bool want = fnmatch(cases[i][0], cases[i][1], 0) == 0;

		if (modalias_match(cases[i][0], cases[i][1]) != want) {
			fprintf(stderr, "  '%s' on '%s'\n", cases[i][0],
				cases[i][1]);
			CHECK(!"modalias_match differs from fnmatch");
		}
	}
	return 1;
}

static int
an_alias_line_splits_into_its_pattern_and_module(void)
{
	char line[] = "alias  pci:v00001AF4d*sv*sd*bc*sc*i*\tvirtio_pci ";
	struct modalias a;

	CHECK(modalias_line(line, &a) == 0);
	CHECK(!strcmp(a.pattern, "pci:v00001AF4d*sv*sd*bc*sc*i*"));
	CHECK(!strcmp(a.module, "virtio_pci"));
	return 1;
}

static int
comments_and_blank_lines_are_no_aliases(void)
{
	char c[] = "# Aliases extracted from modules themselves.", b[] = " \t";
	struct modalias a;

	CHECK(modalias_line(c, &a) == 1 && !a.pattern);
	CHECK(modalias_line(b, &a) == 1);
	return 1;
}

static int
malformed_lines_and_names_that_are_paths_are_rejected(void)
{
	static const char *const bad[] = {
		"alias", "alias virtio:*", "alias virtio:* a b",
		"options virtio_net napi_tx=1", "alias virtio:* ../../x",
		"alias virtio:* a/b", "alias x aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	char line[128];
	struct modalias a;
	size_t i;

	for (i = 0; i < LEN(bad); i++) {
		snprintf(line, sizeof(line), "%s", bad[i]);
		CHECK(modalias_line(line, &a) == -EINVAL);
		CHECK(!a.pattern && !a.module);
	}
	return 1;
}

struct got {
	char names[8][MODALIAS_NAME];
	int n;
};

static int
collect(const char *module, void *arg)
{
	struct got *g = arg;

	if (g->n == 8)
		return -E2BIG;
	snprintf(g->names[g->n++], MODALIAS_NAME, "%s", module);
	return 0;
}

static int
scan(const char *data, const char *const *s, size_t n, struct got *g)
{
	int fd = pipe_of(data, strlen(data)), rc;

	if (fd < 0)
		return -999;
	memset(g, 0, sizeof(*g));
	rc = modalias_scan(fd, s, n, collect, g);
	close(fd);
	return rc;
}

static int
a_machine_s_modaliases_find_its_drivers_in_the_file_s_order(void)
{
	struct got g;

	CHECK(scan(debian_alias, machine, LEN(machine), &g) == 0);
	CHECK(g.n == 2);
	CHECK(!strcmp(g.names[0], "virtio_pci"));
	CHECK(!strcmp(g.names[1], "virtio_blk"));
	return 1;
}

static int
an_alias_that_matches_nothing_finds_nothing(void)
{
	const char *const none[] = { "pci:v0000FFFFd0000FFFFsv0sd0bc0sc0i0" };
	struct got g;

	CHECK(scan(debian_alias, none, 1, &g) == 0 && g.n == 0);
	CHECK(scan(debian_alias, none, 0, &g) == 0 && g.n == 0);
	return 1;
}

static int
one_name_may_be_served_by_several_modules(void)
{
	const char *const crc[] = { "crypto-crc32c" };
	struct got g;

	CHECK(scan(debian_alias, crc, 1, &g) == 0 && g.n == 2);
	CHECK(!strcmp(g.names[0], "crc32c_generic"));
	CHECK(!strcmp(g.names[1], "crc32c_intel"));
	return 1;
}

static int
malformed_lines_are_skipped_and_found_s_return_stops_the_scan(void)
{
	const char data[] = "alias virtio:* ../x\nalias virtio:*\n"
			    "garbage\nalias virtio:* a\nalias virtio:* b\n"
			    "alias virtio:* c\n";
	const char *const v[] = { "virtio:d00000001v00001AF4" };
	char nine[10 * 20 + 1] = "";
	struct got g;
	int i;

	CHECK(scan(data, v, 1, &g) == 0 && g.n == 3);
	CHECK(!strcmp(g.names[0], "a") && !strcmp(g.names[2], "c"));
	for (i = 0; i < 9; i++)
		strcat(nine, "alias virtio:* m\n");
	CHECK(scan(nine, v, 1, &g) == -E2BIG && g.n == 8);
	return 1;
}

static const char debian_softdep[] =
	"# Soft dependencies extracted from modules themselves.\n"
	"softdep crc32c_intel pre: crc32c_generic\n"
	"softdep ext4 pre: crypto-crc32c\n"
	"softdep drm post: x pre: a b post: y\n";

static int
softdep(const char *data, const char *name, size_t max,
	char (*pre)[MODALIAS_NAME])
{
	int fd = pipe_of(data, strlen(data)), rc;

	if (fd < 0)
		return -999;
	rc = modalias_softdep(fd, name, pre, max);
	close(fd);
	return rc;
}

static int
softdeps_before_a_module_are_its_pre_names_only(void)
{
	char pre[4][MODALIAS_NAME];

	CHECK(softdep(debian_softdep, "ext4", 4, pre) == 1);
	CHECK(!strcmp(pre[0], "crypto-crc32c"));
	CHECK(softdep(debian_softdep, "crc32c-intel", 4, pre) == 1);
	CHECK(!strcmp(pre[0], "crc32c_generic"));
	CHECK(softdep(debian_softdep, "drm", 4, pre) == 2);
	CHECK(!strcmp(pre[0], "a") && !strcmp(pre[1], "b"));
	CHECK(softdep(debian_softdep, "virtio_net", 4, pre) == 0);
	CHECK(softdep("softdep x post: y\n", "x", 4, pre) == 0);
	return 1;
}

static int
softdeps_beyond_the_room_or_not_names_are_refused(void)
{
	char pre[2][MODALIAS_NAME];

	CHECK(softdep(debian_softdep, "drm", 1, pre) == -E2BIG);
	CHECK(softdep("softdep x pre: ../y\n", "x", 2, pre) == -EINVAL);
	CHECK(modalias_softdep(-1, "x", pre, 2) == -EBADF);
	CHECK(modalias_scan(-1, machine, 1, collect, NULL) == -EBADF);
	return 1;
}

static const struct unit_test tests[] = {
	T(glob_agrees_with_fnmatch),
	T(an_alias_line_splits_into_its_pattern_and_module),
	T(comments_and_blank_lines_are_no_aliases),
	T(malformed_lines_and_names_that_are_paths_are_rejected),
	T(a_machine_s_modaliases_find_its_drivers_in_the_file_s_order),
	T(an_alias_that_matches_nothing_finds_nothing),
	T(one_name_may_be_served_by_several_modules),
	T(malformed_lines_are_skipped_and_found_s_return_stops_the_scan),
	T(softdeps_before_a_module_are_its_pre_names_only),
	T(softdeps_beyond_the_room_or_not_names_are_refused),
};

int
main(void)
{
	return run_tests(tests, LEN(tests));
}
