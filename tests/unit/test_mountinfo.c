/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/mountinfo.c: mountinfo lines as the kernel
 * writes them, with optional fields and escaped mount points. */
#include <string.h>

#include "mountinfo.h"
#include "util.h"
#include "unit.h"

static char buf[512];
static struct mountinfo m;

static int
parse(const char *line)
{
	strcpy(buf, line);
	return mountinfo_line(buf, &m);
}

static int
a_line_with_optional_fields_gives_ids_mount_point_and_type(void)
{
	CHECK(parse("36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 "
		    "shared:7 - ext3 /dev/root rw,errors=continue") == 0);
	CHECK(m.id == 36 && m.parent == 35);
	CHECK(strcmp(m.mountpoint, "/mnt/parent") == 0);
	CHECK(strcmp(m.fstype, "ext3") == 0);
	return 1;
}

static int
a_line_without_optional_fields_parses(void)
{
	CHECK(parse("25 1 0:23 / /proc rw,nosuid - proc proc rw") == 0);
	CHECK(strcmp(m.mountpoint, "/proc") == 0);
	CHECK(strcmp(m.fstype, "proc") == 0);
	return 1;
}

static int
escaped_space_tab_newline_and_backslash_are_undone(void)
{
	CHECK(parse("40 25 0:5 / /a\\040b\\011c\\012d\\134e rw - tmpfs x rw") == 0);
	CHECK(strcmp(m.mountpoint, "/a b\tc\nd\\e") == 0);
	return 1;
}

static int
a_backslash_that_is_no_escape_stays(void)
{
	CHECK(parse("40 25 0:5 / /a\\9b\\04 rw - tmpfs x rw") == 0);
	CHECK(strcmp(m.mountpoint, "/a\\9b\\04") == 0);
	return 1;
}

static int
lines_of_another_shape_are_refused(void)
{
	CHECK(parse("") < 0);
	CHECK(parse("36 35 98:0 /mnt1 /mnt/parent rw") < 0);
	CHECK(parse("36 35 98:0 /mnt1 /mnt/parent rw master:1 ext3") < 0);
	CHECK(parse("36 35 98:0 /mnt1 /mnt/parent rw -") < 0);
	CHECK(parse("x 35 98:0 / / rw - ext3 /dev/root rw") < 0);
	CHECK(parse("36 -1 98:0 / / rw - ext3 /dev/root rw") < 0);
	return 1;
}

int
main(void)
{
	static const struct unit_test t[] = {
		T(a_line_with_optional_fields_gives_ids_mount_point_and_type),
		T(a_line_without_optional_fields_parses),
		T(escaped_space_tab_newline_and_backslash_are_undone),
		T(a_backslash_that_is_no_escape_stays),
		T(lines_of_another_shape_are_refused),
	};

	return run_tests(t, LEN(t));
}
