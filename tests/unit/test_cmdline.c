/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/cmdline.c: the kernel's quoting, "--", and each
 * nsinit.* key with good and bad values. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cmdline.h"
#include "end.h"
#include "util.h"
#include "unit.h"


static char buf[4096], why[128];
static struct cmdline cl;

/* Parse a copy of s, as read from /proc/cmdline. */
static int
parse(const char *s)
{
	snprintf(buf, sizeof(buf), "%s", s);
	memset(why, 'x', sizeof(why));
	return cmdline_parse(buf, &cl, why, sizeof(why));
}

/* It failed with exactly this reason. */
static int
fails(const char *s, const char *reason)
{
	int rc = parse(s);

	if (rc != -EINVAL || strcmp(why, reason)) {
		fprintf(stderr, "  %s: got %d \"%s\"\n", s, rc, why);
		return 0;
	}
	return 1;
}

static int
a_debian_command_line_without_nsinit_words_sets_nothing(void)
{
	CHECK(parse("BOOT_IMAGE=/vmlinuz-6.1.0-57-amd64 root=UUID=1f2e "
		    "ro quiet console=ttyS0,115200 panic=-1\n") == 0);
	CHECK(why[0] == '\0');
	CHECK(!cl.hostname && !cl.ip && !cl.gw && !cl.ifname && !cl.root);
	CHECK(cl.rescue == -1 && cl.verbose == -1 && cl.exit == -1);
	CHECK(cl.argc == -1 && cl.argv[0] == NULL);
	return 1;
}

static int
every_key_is_read_from_among_the_kernels_words(void)
{
	CHECK(parse("console=ttyS0 nsinit.hostname=web-1.lan quiet "
		    "nsinit.ip=10.0.2.15/24 nsinit.gw=10.0.2.2 nsinit.if=eth0 "
		    "nsinit.root=/dev/vda1 nsinit.rescue nsinit.verbose=2 "
		    "nsinit.exit=reboot\n") == 0);
	CHECK(!strcmp(cl.hostname, "web-1.lan"));
	CHECK(!strcmp(cl.ip, "10.0.2.15/24"));
	CHECK(!strcmp(cl.gw, "10.0.2.2"));
	CHECK(!strcmp(cl.ifname, "eth0"));
	CHECK(!strcmp(cl.root, "/dev/vda1"));
	CHECK(cl.rescue == 1 && cl.verbose == 2 && cl.exit == END_REBOOT);
	return 1;
}

static int
ipv6_addresses_and_gateways_are_accepted(void)
{
	CHECK(parse("nsinit.ip=fd00::15/64 nsinit.gw=fe80::1") == 0);
	CHECK(!strcmp(cl.ip, "fd00::15/64") && !strcmp(cl.gw, "fe80::1"));
	CHECK(parse("nsinit.ip=::ffff:10.0.0.1/128") == 0);
	return 1;
}

static int
quotes_group_a_value_or_a_whole_word_and_are_removed(void)
{
	CHECK(parse("nsinit.root=\"/dev/disk/by-label/my disk\" x") == 0);
	CHECK(!strcmp(cl.root, "/dev/disk/by-label/my disk"));
	CHECK(parse("\"nsinit.root=/dev/disk/by-label/my disk\"") == 0);
	CHECK(!strcmp(cl.root, "/dev/disk/by-label/my disk"));
	CHECK(parse("nsinit.host\"name=a\"b") == 0);
	CHECK(!strcmp(cl.hostname, "ab"));
	return 1;
}

static int
words_after_a_double_dash_are_the_appliances_argv_verbatim(void)
{
	CHECK(parse("quiet -- /bin/app --port=80 nsinit.rescue=7 \"a b\" -- "
		    "x=y\n") == 0);
	CHECK(cl.argc == 6);
	CHECK(!strcmp(cl.argv[0], "/bin/app"));
	CHECK(!strcmp(cl.argv[1], "--port=80"));
	CHECK(!strcmp(cl.argv[2], "nsinit.rescue=7"));
	CHECK(!strcmp(cl.argv[3], "a b"));
	CHECK(!strcmp(cl.argv[4], "--"));
	CHECK(!strcmp(cl.argv[5], "x=y"));
	CHECK(cl.argv[6] == NULL && cl.rescue == -1);
	return 1;
}

static int
a_double_dash_with_nothing_after_it_is_an_empty_argv(void)
{
	CHECK(parse("ro -- \n") == 0);
	CHECK(cl.argc == 0 && cl.argv[0] == NULL);
	return 1;
}

static int
thirty_two_words_after_the_dash_fit_and_thirty_three_do_not(void)
{
	char s[256] = "--";
	int i;

	for (i = 0; i < CMDLINE_ARGS; i++)
		strcat(s, " w");
	CHECK(parse(s) == 0 && cl.argc == CMDLINE_ARGS);
	CHECK(cl.argv[CMDLINE_ARGS] == NULL);
	strcat(s, " last");
	CHECK(fails(s, "last: more than 32 words after --"));
	return 1;
}

static int
the_last_of_a_repeated_key_wins(void)
{
	CHECK(parse("nsinit.verbose=3 nsinit.verbose=0 nsinit.rescue "
		    "nsinit.rescue=0") == 0);
	CHECK(cl.verbose == 0 && cl.rescue == 0);
	return 1;
}

static int
bare_switches_mean_on(void)
{
	CHECK(parse("nsinit.verbose nsinit.rescue=1") == 0);
	CHECK(cl.verbose == 1 && cl.rescue == 1);
	return 1;
}

static int
every_exit_policy_has_its_boot_end(void)
{
	CHECK(parse("nsinit.exit=poweroff") == 0 && cl.exit == END_POWEROFF);
	CHECK(parse("nsinit.exit=restart") == 0 && cl.exit == END_RESTART);
	CHECK(parse("nsinit.exit=rescue") == 0 && cl.exit == END_RESCUE);
	CHECK(parse("nsinit.exit=halt") == 0 && cl.exit == END_HALT);
	CHECK(fails("nsinit.exit=panic", "nsinit.exit=panic: "
		    "not poweroff, reboot, halt, restart or rescue"));
	return 1;
}

static int
a_bad_address_is_named_with_its_reason(void)
{
	CHECK(fails("quiet nsinit.ip=10.0.0.300/24",
		    "nsinit.ip=10.0.0.300/24: not an address"));
	CHECK(fails("nsinit.ip=10.0.0.1", "nsinit.ip=10.0.0.1: not ADDR/PREFIX"));
	CHECK(fails("nsinit.ip=10.0.0.1/33",
		    "nsinit.ip=10.0.0.1/33: prefix not 0..32"));
	CHECK(fails("nsinit.ip=fd00::1/129",
		    "nsinit.ip=fd00::1/129: prefix not 0..128"));
	CHECK(fails("nsinit.ip=10.0.0.1/", "nsinit.ip=10.0.0.1/: prefix not 0..32"));
	CHECK(fails("nsinit.ip=10.0.0.1/-1", "nsinit.ip=10.0.0.1/-1: prefix not 0..32"));
	CHECK(fails("nsinit.ip=10.0.0.1/0024",
		    "nsinit.ip=10.0.0.1/0024: prefix not 0..32"));
	CHECK(fails("nsinit.ip=/24", "nsinit.ip=/24: not an address"));
	CHECK(fails("nsinit.gw=fe80::1%eth0", "nsinit.gw=fe80::1%eth0: not an address"));
	CHECK(fails("nsinit.gw=", "nsinit.gw=: not an address"));
	return 1;
}

static int
host_names_are_letters_digits_dashes_and_dots_up_to_64(void)
{
	char s[128] = "nsinit.hostname=";

	memset(s + 16, 'a', 64);
	CHECK(parse(s) == 0 && strlen(cl.hostname) == 64);
	strcat(s, "a");
	CHECK(parse(s) == -EINVAL);
	CHECK(fails("nsinit.hostname=a_b", "nsinit.hostname=a_b: "
		    "not a host name (1 to 64 letters, digits, '-', '.')"));
	CHECK(parse("nsinit.hostname=") == -EINVAL);
	CHECK(parse("nsinit.hostname=\"a b\"") == -EINVAL);
	return 1;
}

static int
interface_names_follow_the_kernels_rules(void)
{
	CHECK(parse("nsinit.if=enp0s31f6.10000") == 0);	/* 15: the most */
	CHECK(fails("nsinit.if=enp0s31f6.100000", "nsinit.if=enp0s31f6.100000: "
		    "not an interface name"));
	CHECK(parse("nsinit.if=a/b") == -EINVAL);
	CHECK(parse("nsinit.if=eth0:1") == -EINVAL);
	CHECK(parse("nsinit.if=..") == -EINVAL);
	CHECK(parse("nsinit.if=\"a b\"") == -EINVAL);
	return 1;
}

static int
the_root_is_a_device_under_dev_that_cannot_leave_it(void)
{
	CHECK(parse("nsinit.root=/dev/mapper/vg-root") == 0);
	CHECK(parse("nsinit.root=/dev/..x") == 0);	/* a name, not ".." */
	CHECK(fails("nsinit.root=/dev/../etc/shadow",
		    "nsinit.root=/dev/../etc/shadow: not a /dev path, LABEL=, "
		    "UUID= or PARTUUID="));
	CHECK(parse("nsinit.root=/dev/x/..") == -EINVAL);
	CHECK(parse("nsinit.root=/dev/") == -EINVAL);
	CHECK(parse("nsinit.root=/etc/shadow") == -EINVAL);
	CHECK(fails("nsinit.root", "nsinit.root: needs a value"));
	return 1;
}

static int
the_root_may_be_named_by_label_uuid_or_partuuid(void)
{
	CHECK(parse("nsinit.root=UUID=0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f0") == 0);
	CHECK(!strcmp(cl.root, "UUID=0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f0"));
	CHECK(parse("nsinit.root=UUID=CAFE-0042") == 0);
	CHECK(parse("nsinit.root=PARTUUID=1234abcd-02") == 0);
	CHECK(parse("nsinit.root=\"LABEL=my root\"") == 0);
	CHECK(!strcmp(cl.root, "LABEL=my root"));
	CHECK(parse("nsinit.root=UUID=") == -EINVAL);
	CHECK(parse("nsinit.root=UUID=xyz") == -EINVAL);
	CHECK(parse("nsinit.root=PARTUUID=0123456789-0123456789-0123456789-0123") == -EINVAL);
	CHECK(parse("nsinit.root=LABEL=") == -EINVAL);
	CHECK(parse("nsinit.root=LABEL=0123456789012345678901234567890123456789012345678901234567890123") == -EINVAL);
	return 1;
}

static int
each_mount_word_adds_one_of_source_target_and_options(void)
{
	CHECK(parse("nsinit.mount=LABEL=data:/data:ro,size=1M "
		    "nsinit.mount=tmpfs:/scratch") == 0);
	CHECK(cl.nmounts == 2);
	CHECK(!strcmp(cl.mounts[0], "LABEL=data:/data:ro,size=1M"));
	CHECK(!strcmp(cl.mounts[1], "tmpfs:/scratch"));
	CHECK(fails("nsinit.mount=/data", "nsinit.mount=/data: not "
		    "SOURCE:/TARGET[:OPTIONS]"));
	CHECK(parse("nsinit.mount=:/data") == -EINVAL);
	CHECK(parse("nsinit.mount=tmpfs:data") == -EINVAL);
	CHECK(parse("nsinit.mount") == -EINVAL);
	memset(buf, 'a', 300);	/* a source of 288 bytes: refused, not cut */
	memcpy(buf, "nsinit.mount=", 13);
	memcpy(buf + 290, ":/data", 7);
	CHECK(cmdline_parse(buf, &cl, why, sizeof(why)) == -EINVAL);
	CHECK(parse("nsinit.mount=a:/1 nsinit.mount=a:/2 nsinit.mount=a:/3 "
		    "nsinit.mount=a:/4 nsinit.mount=a:/5 nsinit.mount=a:/6 "
		    "nsinit.mount=a:/7 nsinit.mount=a:/8") == 0);
	CHECK(fails("nsinit.mount=a:/1 nsinit.mount=a:/2 nsinit.mount=a:/3 "
		    "nsinit.mount=a:/4 nsinit.mount=a:/5 nsinit.mount=a:/6 "
		    "nsinit.mount=a:/7 nsinit.mount=a:/8 nsinit.mount=a:/9",
		    "nsinit.mount=a:/9: more than 8 of them"));
	return 1;
}

static int
a_9p_share_is_a_root_and_a_mount_source_by_its_tag(void)
{
	CHECK(parse("nsinit.root=9p:host-root nsinit.overlay=tmpfs "
		    "nsinit.mount=work_1:/home/me/src "
		    "nsinit.mount=overlay:/home/me/src") == 0);
	CHECK(!strcmp(cl.root, "9p:host-root") && !strcmp(cl.overlay, "tmpfs"));
	CHECK(cl.nmounts == 2 && !strcmp(cl.mounts[0], "work_1:/home/me/src"));
	CHECK(fails("nsinit.root=9p:", "nsinit.root=9p:: not 9p:TAG (1 to 63 "
		    "letters, digits, '_', '.', '-')"));
	CHECK(parse("nsinit.root=9p:a/b") == -EINVAL);
	CHECK(parse("nsinit.root=9p:0123456789012345678901234567890123456789"
		    "012345678901234567890123") == -EINVAL);	/* 64 */
	CHECK(fails("nsinit.mount=a+b:/x", "nsinit.mount=a+b:/x: not a 9p tag "
		    "(letters, digits, '_', '.', '-')"));
	CHECK(parse("nsinit.mount=/dev/vdb:/x nsinit.mount=LABEL=a+b:/y") == 0);
	CHECK(parse("nsinit.overlay=LABEL=state nsinit.overlay=none") == 0);
	CHECK(!strcmp(cl.overlay, "none"));
	CHECK(fails("nsinit.overlay=disk", "nsinit.overlay=disk: not tmpfs, "
		    "none or a device"));
	CHECK(parse("nsinit.overlay=9p:x") == -EINVAL);
	return 1;
}

static int
stdio_words_name_the_appliances_own_files(void)
{
	CHECK(parse("nsinit.stdin=/run/io/stdin nsinit.stdout=/dev/hvc0 "
		    "nsinit.stderr=/dev/ttyS1") == 0);
	CHECK(!strcmp(cl.stdio[0], "/run/io/stdin"));
	CHECK(!strcmp(cl.stdio[1], "/dev/hvc0"));
	CHECK(!strcmp(cl.stdio[2], "/dev/ttyS1"));
	CHECK(fails("nsinit.stdout=hvc0", "nsinit.stdout=hvc0: not an "
		    "absolute path"));
	CHECK(parse("nsinit.stderr=/") == -EINVAL);
	CHECK(parse("nsinit.stdin=/run/../etc/shadow") == -EINVAL);
	CHECK(parse("nsinit.stdin") == -EINVAL);
	return 1;
}

static int
cwd_user_and_env_words_say_how_the_appliance_runs(void)
{
	CHECK(parse("nsinit.cwd=/work nsinit.user=1000:1000 "
		    "nsinit.env.HOME=/work nsinit.env.A_1=x=y") == 0);
	CHECK(!strcmp(cl.cwd, "/work") && !strcmp(cl.user, "1000:1000"));
	CHECK(cl.nenv == 2 && !strcmp(cl.env[0], "HOME=/work"));
	CHECK(!strcmp(cl.env[1], "A_1=x=y"));
	CHECK(parse("nsinit.user=app") == 0 && !strcmp(cl.user, "app"));
	CHECK(fails("nsinit.cwd=work", "nsinit.cwd=work: not an absolute path"));
	CHECK(fails("nsinit.user=a/b",
		    "nsinit.user=a/b: not a user name, uid or uid:gid"));
	CHECK(parse("nsinit.user=-x") == -EINVAL);
	CHECK(parse("nsinit.user=") == -EINVAL);
	CHECK(fails("nsinit.env.1X=y", "nsinit.env.1X=y: not env.NAME=VALUE"));
	CHECK(parse("nsinit.env.X") == -EINVAL);
	CHECK(parse("nsinit.env.=y") == -EINVAL);
	CHECK(parse("nsinit.env.A-B=y") == -EINVAL);
	return 1;
}

static int
switches_take_only_their_own_values(void)
{
	CHECK(fails("nsinit.rescue=yes", "nsinit.rescue=yes: not 0 or 1"));
	CHECK(fails("nsinit.rescue=", "nsinit.rescue=: not 0 or 1"));
	CHECK(fails("nsinit.verbose=4", "nsinit.verbose=4: not 0..3"));
	CHECK(fails("nsinit.verbose=10", "nsinit.verbose=10: not 0..3"));
	return 1;
}

static int
an_unknown_nsinit_key_is_an_error_but_other_prefixes_are_the_kernels(void)
{
	CHECK(fails("nsinit.hostnam=x", "nsinit.hostnam=x: unknown key"));
	CHECK(fails("nsinit.", "nsinit.: unknown key"));
	CHECK(fails("nsinit.ip.x=1", "nsinit.ip.x=1: unknown key"));
	CHECK(parse("nsinitx.ip=bad NSINIT.ip=bad init=/nsinit") == 0);
	return 1;
}

static int
an_unclosed_quote_in_an_nsinit_word_is_an_error_naming_the_word(void)
{
	CHECK(fails("quiet nsinit.hostname=\"a b", "nsinit.hostname=a b: "
		    "no closing quote"));
	CHECK(fails("quiet nsinit.hostname=\"a\n", "nsinit.hostname=a: "
		    "no closing quote"));
	CHECK(fails("\"nsinit.rescue", "nsinit.rescue: no closing quote"));
	return 1;
}

/* The kernel's rule: the quote runs to the end of the line, taking every
 * word after it into this one (the issue: one stray quote stopped a boot). */
static int
an_unclosed_quote_in_another_word_runs_to_the_end_of_the_line(void)
{
	CHECK(parse("nsinit.hostname=web some.opt=\"x quiet\n") == 0);
	CHECK(!strcmp(cl.hostname, "web") && why[0] == '\0');
	CHECK(parse("some.opt=\"x nsinit.rescue=7 -- a\n") == 0);
	CHECK(cl.rescue == -1 && cl.argc == -1);
	CHECK(parse("ro -- a \"b c\n") == 0);
	CHECK(cl.argc == 2 && !strcmp(cl.argv[1], "b c"));
	CHECK(parse("ro -- \"x") == 0);
	CHECK(cl.argc == 1 && !strcmp(cl.argv[0], "x"));
	/* the line's own newline only: the kernel's line has none */
	CHECK(parse("ro -- \"x\n\n") == 0);
	CHECK(cl.argc == 1 && !strcmp(cl.argv[0], "x\n"));
	return 1;
}

static int
the_reason_is_one_line_and_cut_to_the_buffer(void)
{
	char small[12];

	CHECK(fails("nsinit.hostname=\"a\nb\"", "nsinit.hostname=a?b: "
		    "not a host name (1 to 64 letters, digits, '-', '.')"));
	snprintf(buf, sizeof(buf), "nsinit.ip=300.1.1.1/8");
	CHECK(cmdline_parse(buf, &cl, small, sizeof(small)) == -EINVAL);
	CHECK(!strcmp(small, "nsinit.ip=3"));
	snprintf(buf, sizeof(buf), "nsinit.ip=300.1.1.1/8");
	CHECK(cmdline_parse(buf, &cl, NULL, 0) == -EINVAL);
	return 1;
}

static int
an_empty_or_blank_command_line_sets_nothing(void)
{
	CHECK(parse("") == 0 && cl.argc == -1);
	CHECK(parse(" \t\n") == 0 && cl.argc == -1);
	CHECK(parse("\"\"") == 0 && cl.argc == -1);
	return 1;
}

static const struct unit_test tests[] = {
	T(a_debian_command_line_without_nsinit_words_sets_nothing),
	T(every_key_is_read_from_among_the_kernels_words),
	T(ipv6_addresses_and_gateways_are_accepted),
	T(quotes_group_a_value_or_a_whole_word_and_are_removed),
	T(words_after_a_double_dash_are_the_appliances_argv_verbatim),
	T(a_double_dash_with_nothing_after_it_is_an_empty_argv),
	T(thirty_two_words_after_the_dash_fit_and_thirty_three_do_not),
	T(the_last_of_a_repeated_key_wins),
	T(bare_switches_mean_on),
	T(every_exit_policy_has_its_boot_end),
	T(a_bad_address_is_named_with_its_reason),
	T(host_names_are_letters_digits_dashes_and_dots_up_to_64),
	T(interface_names_follow_the_kernels_rules),
	T(the_root_is_a_device_under_dev_that_cannot_leave_it),
	T(the_root_may_be_named_by_label_uuid_or_partuuid),
	T(each_mount_word_adds_one_of_source_target_and_options),
	T(a_9p_share_is_a_root_and_a_mount_source_by_its_tag),
	T(stdio_words_name_the_appliances_own_files),
	T(cwd_user_and_env_words_say_how_the_appliance_runs),
	T(switches_take_only_their_own_values),
	T(an_unknown_nsinit_key_is_an_error_but_other_prefixes_are_the_kernels),
	T(an_unclosed_quote_in_an_nsinit_word_is_an_error_naming_the_word),
	T(an_unclosed_quote_in_another_word_runs_to_the_end_of_the_line),
	T(the_reason_is_one_line_and_cut_to_the_buffer),
	T(an_empty_or_blank_command_line_sets_nothing),
};

int
main(void)
{
	return run_tests(tests, LEN(tests));
}
