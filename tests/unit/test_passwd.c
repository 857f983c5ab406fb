/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/passwd.c and lib/lines.c: ids, passwd(5) and
 * group(5) lines, group membership, and the line reader, fed through a
 * pipe. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lines.h"
#include "util.h"
#include "unit.h"
#include "passwd.h"


/* ids */

static int
decimal_ids_parse_to_their_value(void)
{
	unsigned id = 7;

	CHECK(parse_id("0", &id) == 0 && id == 0);
	CHECK(parse_id("1000", &id) == 0 && id == 1000);
	CHECK(parse_id("4294967294", &id) == 0 && id == 4294967294U);
	return 1;
}

static int
minus_one_as_an_id_is_out_of_range_because_the_kernel_reads_it_as_no_change(void)
{
	unsigned id = 7;

	CHECK(parse_id("4294967295", &id) == -ERANGE);
	CHECK(id == 7);
	return 1;
}

static int
ids_beyond_32_bits_are_out_of_range_and_never_wrap(void)
{
	unsigned id = 7;

	CHECK(parse_id("4294967296", &id) == -ERANGE);
	CHECK(parse_id("4294967299", &id) == -ERANGE);
	CHECK(parse_id("42949672950", &id) == -ERANGE);
	CHECK(parse_id("99999999999999999999999999", &id) == -ERANGE);
	CHECK(id == 7);
	return 1;
}

static int
empty_signed_spaced_and_hex_ids_are_invalid(void)
{
	static const char *const bad[] = {
		"", "-1", "+1", " 1", "1 ", "0x10", "1a", "1:2", "\t",
	};
	unsigned id = 7;
	size_t i;

	for (i = 0; i < LEN(bad); i++)
		CHECK(parse_id(bad[i], &id) == -EINVAL);
	CHECK(id == 7);
	return 1;
}

/* passwd lines */

static int
a_passwd_line_gives_name_uid_gid_and_home(void)
{
	char line[] = "app:x:1000:1001:App User:/home/app:/bin/sh";
	struct pwent pw;

	CHECK(passwd_line(line, &pw) == 0);
	CHECK(strcmp(pw.name, "app") == 0);
	CHECK(pw.uid == 1000 && pw.gid == 1001);
	CHECK(strcmp(pw.home, "/home/app") == 0);
	return 1;
}

static int
a_passwd_line_with_empty_gecos_home_and_shell_is_valid(void)
{
	char line[] = "svc:x:12:34:::";
	struct pwent pw;

	CHECK(passwd_line(line, &pw) == 0);
	CHECK(strcmp(pw.name, "svc") == 0 && pw.uid == 12 && pw.gid == 34);
	CHECK(strcmp(pw.home, "") == 0);
	return 1;
}

static int
a_passwd_line_with_fewer_or_more_than_seven_fields_is_invalid(void)
{
	char six[] = "app:x:1000:1000:app:/home/app";
	char eight[] = "app:x:1000:1000:app:/home/app:/bin/sh:extra";
	char one[] = "app";
	struct pwent pw;

	CHECK(passwd_line(six, &pw) == -EINVAL);
	CHECK(passwd_line(eight, &pw) == -EINVAL);
	CHECK(passwd_line(one, &pw) == -EINVAL);
	return 1;
}

static int
a_passwd_line_with_an_empty_name_is_invalid(void)
{
	char line[] = ":x:0:0:root:/root:/bin/sh";
	struct pwent pw;

	CHECK(passwd_line(line, &pw) == -EINVAL);
	return 1;
}

static int
a_passwd_line_whose_uid_or_gid_is_not_a_decimal_id_is_invalid(void)
{
	char uid_word[] = "a:x:root:0:::";
	char gid_empty[] = "a:x:0::::";
	char uid_neg[] = "a:x:-1:0:::";
	char gid_max[] = "a:x:0:4294967295:::";
	char nis[] = "+::::::";
	struct pwent pw;

	CHECK(passwd_line(uid_word, &pw) == -EINVAL);
	CHECK(passwd_line(gid_empty, &pw) == -EINVAL);
	CHECK(passwd_line(uid_neg, &pw) == -EINVAL);
	CHECK(passwd_line(gid_max, &pw) == -EINVAL);
	CHECK(passwd_line(nis, &pw) == -EINVAL);
	return 1;
}

static int
an_empty_line_is_not_a_passwd_entry(void)
{
	char empty[] = "";
	struct pwent pw;

	CHECK(passwd_line(empty, &pw) == -EINVAL);
	return 1;
}

/* group lines */

static int
a_group_line_gives_name_gid_and_members(void)
{
	char line[] = "wheel:x:10:app,bob";
	struct grent gr;

	CHECK(group_line(line, &gr) == 0);
	CHECK(strcmp(gr.name, "wheel") == 0 && gr.gid == 10);
	CHECK(strcmp(gr.members, "app,bob") == 0);
	return 1;
}

static int
a_group_line_without_members_has_an_empty_member_list(void)
{
	char line[] = "app:x:1000:";
	struct grent gr;

	CHECK(group_line(line, &gr) == 0);
	CHECK(strcmp(gr.name, "app") == 0 && gr.gid == 1000);
	CHECK(strcmp(gr.members, "") == 0);
	return 1;
}

static int
a_group_line_with_other_than_four_fields_or_a_bad_gid_is_invalid(void)
{
	char three[] = "wheel:x:10";
	char five[] = "wheel:x:10:app:more";
	char noname[] = ":x:10:app";
	char badgid[] = "wheel:x:ten:app";
	struct grent gr;

	CHECK(group_line(three, &gr) == -EINVAL);
	CHECK(group_line(five, &gr) == -EINVAL);
	CHECK(group_line(noname, &gr) == -EINVAL);
	CHECK(group_line(badgid, &gr) == -EINVAL);
	return 1;
}

/* membership */

static int
a_member_is_found_first_last_in_the_middle_or_alone(void)
{
	CHECK(member_of("app", "app"));
	CHECK(member_of("app,bob,carol", "app"));
	CHECK(member_of("app,bob,carol", "bob"));
	CHECK(member_of("app,bob,carol", "carol"));
	return 1;
}

static int
a_prefix_suffix_or_part_of_a_member_name_is_not_a_member(void)
{
	CHECK(!member_of("application", "app"));
	CHECK(!member_of("webapp", "app"));
	CHECK(!member_of("bob,apps,xapp", "app"));
	CHECK(!member_of("app", "application"));
	return 1;
}

static int
a_member_is_found_after_a_longer_name_that_contains_it(void)
{
	CHECK(member_of("apps,app", "app"));
	CHECK(member_of("xapp,app", "app"));
	CHECK(member_of("appapp,app", "app"));
	return 1;
}

static int
an_empty_name_or_an_empty_list_has_no_members(void)
{
	CHECK(!member_of("", "app"));
	CHECK(!member_of("app,,bob", ""));
	CHECK(!member_of("", ""));
	return 1;
}

/* the line reader */

#define MAXLINES 16

struct seen {
	char line[MAXLINES][64];
	int n;
	int stop_at;	/* return 5 at this line (1-based), 0: never */
};

static int
collect(char *line, void *arg)
{
	struct seen *s = arg;

	if (s->n == MAXLINES)
		return -ENOSPC;
	snprintf(s->line[s->n], sizeof(s->line[0]), "%s", line);
	s->n++;
	return s->n == s->stop_at ? 5 : 0;
}

/* each_line over data with a buffer of size bytes (heap, so that ASan
 * sees every byte written past its end). */
static int
read_lines(const char *data, size_t len, size_t size, struct seen *s)
{
	char *buf = malloc(size);
	int fd = pipe_of(data, len), rc;

	if (!buf || fd < 0) {
		free(buf);
		return -999;
	}
	rc = each_line(fd, buf, size, collect, s);
	close(fd);
	free(buf);
	return rc;
}

#define READ(data, size, s) read_lines(data, sizeof(data) - 1, size, s)

static int
every_line_is_passed_in_order_without_its_newline(void)
{
	struct seen s = { 0 };

	CHECK(READ("root:x:0:\napp:x:1000:\n\nlast\n", 64, &s) == 0);
	CHECK(s.n == 4);
	CHECK(strcmp(s.line[0], "root:x:0:") == 0);
	CHECK(strcmp(s.line[1], "app:x:1000:") == 0);
	CHECK(strcmp(s.line[2], "") == 0);
	CHECK(strcmp(s.line[3], "last") == 0);
	return 1;
}

static int
a_last_line_without_a_newline_is_still_passed(void)
{
	struct seen s = { 0 };

	CHECK(READ("one\ntwo", 64, &s) == 0);
	CHECK(s.n == 2);
	CHECK(strcmp(s.line[1], "two") == 0);
	return 1;
}

static int
an_empty_file_passes_no_line(void)
{
	struct seen s = { 0 };

	CHECK(READ("", 64, &s) == 0);
	CHECK(s.n == 0);
	return 1;
}

static int
lines_that_straddle_reads_through_a_small_buffer_arrive_whole(void)
{
	struct seen s = { 0 };

	/* 8 bytes: at most 6 characters and the newline per line */
	CHECK(READ("abc\ndefgh\nij\nklmnop\nq\n", 8, &s) == 0);
	CHECK(s.n == 5);
	CHECK(strcmp(s.line[0], "abc") == 0);
	CHECK(strcmp(s.line[1], "defgh") == 0);
	CHECK(strcmp(s.line[2], "ij") == 0);
	CHECK(strcmp(s.line[3], "klmnop") == 0);
	CHECK(strcmp(s.line[4], "q") == 0);
	return 1;
}

static int
a_line_longer_than_the_buffer_is_skipped_whole_and_the_next_one_is_read(void)
{
	struct seen s = { 0 };

	CHECK(READ("ok\nabcdefg\nafter\nxxxxxxxxxxxxxxxxxxxxxxx\nend\n", 8,
		   &s) == 0);
	CHECK(s.n == 3);
	CHECK(strcmp(s.line[0], "ok") == 0);
	CHECK(strcmp(s.line[1], "after") == 0);
	CHECK(strcmp(s.line[2], "end") == 0);
	return 1;
}

static int
no_tail_of_a_too_long_line_is_taken_for_an_entry(void)
{
	struct seen s = { 0 };

	/* a comment long enough to be cut, whose tail would parse as root */
	CHECK(READ("#pad:root:x:0:0:::\nend\n", 8, &s) == 0);
	CHECK(s.n == 1);
	CHECK(strcmp(s.line[0], "end") == 0);
	return 1;
}

static int
a_too_long_last_line_without_a_newline_is_skipped(void)
{
	struct seen s = { 0 };

	CHECK(READ("ok\nabcdefghijklmnop", 8, &s) == 0);
	CHECK(s.n == 1);
	CHECK(strcmp(s.line[0], "ok") == 0);
	return 1;
}

static int
a_line_with_a_nul_byte_is_skipped(void)
{
	struct seen s = { 0 };

	CHECK(READ("root\0app:x:1000:\nnext\n", 64, &s) == 0);
	CHECK(s.n == 1);
	CHECK(strcmp(s.line[0], "next") == 0);
	return 1;
}

static int
the_callbacks_nonzero_result_stops_the_reading_and_is_returned(void)
{
	struct seen s = { .stop_at = 2 };

	CHECK(READ("a\nb\nc\nd\n", 64, &s) == 5);
	CHECK(s.n == 2);
	return 1;
}

static int
a_read_error_is_returned_as_minus_errno(void)
{
	struct seen s = { 0 };
	char buf[16];
	int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	CHECK(fd >= 0);
	CHECK(each_line(fd, buf, sizeof(buf), collect, &s) == -EISDIR);
	close(fd);
	CHECK(s.n == 0);
	return 1;
}

/* A file read with a bound: up to max bytes it reads as without one,
 * one byte more is -EFBIG, even where a read returns it all at once. */
static int
a_bounded_read_stops_with_efbig_one_byte_past_the_bound(void)
{
	static const char data[] = "root:x:0:\napp:x:1000:\n";
	size_t len = sizeof(data) - 1;
	struct seen s = { 0 };
	char buf[64];
	int fd;

	fd = pipe_of(data, len);
	CHECK(fd >= 0);
	CHECK(each_line_max(fd, buf, sizeof(buf), len, collect, &s) == 0);
	close(fd);
	CHECK(s.n == 2);
	s.n = 0;
	fd = pipe_of(data, len);
	CHECK(fd >= 0);
	CHECK(each_line_max(fd, buf, sizeof(buf), len - 1, collect, &s) ==
	      -EFBIG);
	close(fd);
	CHECK(s.n == 0);
	/* through a small buffer, the lines before the bound were seen */
	s.n = 0;
	fd = pipe_of(data, len);
	CHECK(fd >= 0);
	CHECK(each_line_max(fd, buf, 12, 15, collect, &s) == -EFBIG);
	close(fd);
	CHECK(s.n == 1);
	return 1;
}

static const struct unit_test tests[] = {
	T(decimal_ids_parse_to_their_value),
	T(minus_one_as_an_id_is_out_of_range_because_the_kernel_reads_it_as_no_change),
	T(ids_beyond_32_bits_are_out_of_range_and_never_wrap),
	T(empty_signed_spaced_and_hex_ids_are_invalid),
	T(a_passwd_line_gives_name_uid_gid_and_home),
	T(a_passwd_line_with_empty_gecos_home_and_shell_is_valid),
	T(a_passwd_line_with_fewer_or_more_than_seven_fields_is_invalid),
	T(a_passwd_line_with_an_empty_name_is_invalid),
	T(a_passwd_line_whose_uid_or_gid_is_not_a_decimal_id_is_invalid),
	T(an_empty_line_is_not_a_passwd_entry),
	T(a_group_line_gives_name_gid_and_members),
	T(a_group_line_without_members_has_an_empty_member_list),
	T(a_group_line_with_other_than_four_fields_or_a_bad_gid_is_invalid),
	T(a_member_is_found_first_last_in_the_middle_or_alone),
	T(a_prefix_suffix_or_part_of_a_member_name_is_not_a_member),
	T(a_member_is_found_after_a_longer_name_that_contains_it),
	T(an_empty_name_or_an_empty_list_has_no_members),
	T(every_line_is_passed_in_order_without_its_newline),
	T(a_last_line_without_a_newline_is_still_passed),
	T(an_empty_file_passes_no_line),
	T(lines_that_straddle_reads_through_a_small_buffer_arrive_whole),
	T(a_line_longer_than_the_buffer_is_skipped_whole_and_the_next_one_is_read),
	T(no_tail_of_a_too_long_line_is_taken_for_an_entry),
	T(a_too_long_last_line_without_a_newline_is_skipped),
	T(a_line_with_a_nul_byte_is_skipped),
	T(the_callbacks_nonzero_result_stops_the_reading_and_is_returned),
	T(a_read_error_is_returned_as_minus_errno),
	T(a_bounded_read_stops_with_efbig_one_byte_past_the_bound),
};

int
main(void)
{
	return run_tests(tests, LEN(tests));
}
