/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/fmt.c: the conversions nsinit's messages use give
 * what C's printf gives, a short buffer cuts and terminates, and the
 * fd writer writes the whole text. */
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "unit.h"
#include "util.h"

static char got[512];

static int
sn(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static int
dp(int fd, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

/* fmt into got (size bytes of it) gives want and returns its length
 * (len, as the text was before it was cut) */
static int
is_n(size_t size, const char *want, int len, const char *fmt, ...)
{
	va_list ap;
	int n;

	memset(got, 'X', sizeof(got));
	va_start(ap, fmt);
	n = fmt_vsnprintf(got, size, fmt, ap);
	va_end(ap);
	if (n != len || strcmp(got, want)) {
		fprintf(stderr, "  \"%s\": got %d \"%s\", want %d \"%s\"\n",
			fmt, n, got, len, want);
		return 0;
	}
	return 1;
}

#define is(want, ...) is_n(sizeof(got), want, (int)strlen(want), __VA_ARGS__)

static int
strings_take_width_left_justification_and_precision(void)
{
	CHECK(is("init: mounts: x", "init: %s: %s", "mounts", "x"));
	CHECK(is("caps          net", "%-13s %s", "caps", "net"));
	CHECK(is("readonly_root yes", "%-13s %s", "readonly_root", "yes"));
	CHECK(is("a_name_longer_than_13 z", "%-13s %s",
		 "a_name_longer_than_13", "z"));
	CHECK(is("   ab|", "%5s|", "ab"));
	CHECK(is("abc", "%.*s", 3, "abcdef"));
	CHECK(is("ab", "%.*s", 5, "ab"));
	CHECK(is("", "%.*s", 0, "abc"));
	CHECK(is("(null)", "%s", (char *)NULL));
	CHECK(is("x", "%c", 'x'));
	CHECK(is("100%", "%d%%", 100));
	return 1;
}

static int
integers_in_every_length_and_base(void)
{
	CHECK(is("0 -1 2147483647 -2147483648", "%d %d %d %d", 0, -1,
		 INT_MAX, INT_MIN));
	CHECK(is("4294967295", "%u", UINT_MAX));
	CHECK(is("-9223372036854775808 18446744073709551615", "%lld %llu",
		 LLONG_MIN, ULLONG_MAX));
	CHECK(is("-5 5", "%ld %lu", -5L, 5UL));
	CHECK(is("123456", "%zu", (size_t)123456));
	CHECK(is("-3", "%zd", (ssize_t)-3));
	CHECK(is("-1 255 65535", "%hhd %hhu %hu", 255, 255, 65535));
	CHECK(is("7 -7", "%jd %td", (intmax_t)7, (ptrdiff_t)-7));
	CHECK(is("0a 00ff 0000002a 00FF ffffffff", "%02x %04x %08x %04X %x",
		 10u, 255u, 42u, 255u, 0xffffffffu));
	CHECK(is("0022 755 0", "%04o %o %o", 022u, 0755u, 0u));
	CHECK(is("   42|42   |-0042|  -42", "%5d|%-5d|%05d|%*d", 42, 42, -42,
		 5, -42));
	CHECK(is("00042 042", "%.5d %.3u", 42, 42u));
	CHECK(is("", "%.0d", 0));
	return 1;
}

static int
an_unknown_conversion_is_copied_as_it_stands(void)
{
	CHECK(is("a %q b", "a %q b"));
	CHECK(is("end %", "end %"));
	CHECK(is("%5q 3", "%5q %d", 3));
	return 1;
}

static int
a_short_buffer_cuts_the_text_and_terminates_it(void)
{
	CHECK(is_n(4, "abc", 6, "%s%s", "abc", "def"));
	CHECK(is_n(1, "", 2, "%d", 42));
	CHECK(is_n(6, "ab   ", 13, "%-13s", "ab"));
	memset(got, 'X', sizeof(got));
	CHECK(sn(got, 0, "abc%d", 12) == 5 && got[0] == 'X');
	return 1;
}

static int
the_fd_writer_writes_a_text_longer_than_its_buffer_whole(void)
{
	char big[1000], back[1100];
	int p[2], n;
	ssize_t r;

	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	CHECK(pipe(p) == 0);
	n = dp(p[1], "<%s>%d", big, 7);
	close(p[1]);
	r = read(p[0], back, sizeof(back));
	close(p[0]);
	CHECK(n == 1002);
	CHECK(r == 1002);
	CHECK(back[0] == '<' && back[1000] == '>' && back[1001] == '7');
	CHECK(memcmp(back + 1, big, 999) == 0);
	return 1;
}

/* Against the host's C library (glibc's own printf: the host build
 * keeps it), every conversion above on a range of values. */
static int
agrees_with_the_c_library_on_many_values(void)
{
	static const char *const ifmt[] = {
		"%d", "%5d", "%-5d|", "%05d", "%u", "%x", "%02x", "%04x",
		"%08x", "%04X", "%04o", "%o", "%.3d", "%hhu", "%hd", "%+d",
		"% d", "%+5d", "%-+5d|", "%#x", "%#X", "%#o", "%#08x", "%#.3o",
		"%+05d", "% 05d",
	};
	static const int val[] = { 0, 1, -1, 7, 10, 42, 255, 256, -42, 4096,
		65535, 123456789, INT_MAX, INT_MIN };
	char want[64], mine[64];
	size_t i, j;

	for (i = 0; i < LEN(ifmt); i++) {
		for (j = 0; j < LEN(val); j++) {
			snprintf(want, sizeof(want), ifmt[i], val[j]);
			sn(mine, sizeof(mine), ifmt[i], val[j]);
			if (strcmp(want, mine)) {
				fprintf(stderr, "  %s of %d: %s, libc %s\n",
					ifmt[i], val[j], mine, want);
				return 0;
			}
		}
	}
	for (i = 0; i < 20; i++) {
		snprintf(want, i, "%-13s%s|%.*s", "abc", "de", 2, "fgh");
		sn(mine, i, "%-13s%s|%.*s", "abc", "de", 2, "fgh");
		CHECK(i == 0 || strcmp(want, mine) == 0);
	}
	return 1;
}

int
main(void)
{
	static const struct unit_test t[] = {
		T(strings_take_width_left_justification_and_precision),
		T(integers_in_every_length_and_base),
		T(an_unknown_conversion_is_copied_as_it_stands),
		T(a_short_buffer_cuts_the_text_and_terminates_it),
		T(the_fd_writer_writes_a_text_longer_than_its_buffer_whole),
		T(agrees_with_the_c_library_on_many_values),
	};

	return run_tests(t, LEN(t));
}
