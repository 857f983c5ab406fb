/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/ttyfilter.c: control strings are dropped whole,
 * whatever their form and wherever the reads split them; text, UTF-8 and
 * CSI sequences pass unchanged. */
#include <string.h>

#include "ttyfilter.h"
#include "unit.h"
#include "util.h"

/* in, given in pieces of every size from 1 to its length, comes out as
 * want each time. */
static int
filters_to(const char *in, const char *want)
{
	size_t n = strlen(in), piece, i, len;
	char out[256];

	for (piece = 1; piece <= n; piece++) {
		struct tty_filter f = { 0 };

		for (i = len = 0; i < n; i += piece)
			len += tty_filter(&f, in + i, n - i < piece ? n - i : piece,
					  out + len);
		if (len != strlen(want) || memcmp(out, want, len) != 0) {
			fprintf(stderr, "  pieces of %zu: got \"%.*s\", want \"%s\"\n",
				piece, (int)len, out, want);
			return 0;
		}
	}
	return 1;
}

static int
osc_title_and_clipboard_are_dropped_with_bel_or_st(void)
{
	CHECK(filters_to("a\033]0;title\007B", "aB"));
	CHECK(filters_to("a\033]52;c;SGVsbG8=\033\\b", "ab"));
	CHECK(filters_to("\033]2;t\x9cok", "ok"));
	return 1;
}

static int
dcs_sos_pm_and_apc_are_dropped_and_bel_does_not_end_them(void)
{
	CHECK(filters_to("\033P+q544e\033\\x", "x"));
	CHECK(filters_to("\033Pq\007 still\033\\x", "x"));
	CHECK(filters_to("\033Xs\033\\\033^p\033\\\033_a\033\\x", "x"));
	return 1;
}

static int
c1_introducers_are_dropped_standalone_and_as_utf8(void)
{
	CHECK(filters_to("x\x9d" "0;t\007y", "xy"));
	CHECK(filters_to("x\xc2\x9d" "0;t\007y", "xy"));
	CHECK(filters_to("x\xc2\x90q\xc2\x9cy", "xy"));
	return 1;
}

static int
text_utf8_and_csi_pass_unchanged(void)
{
	CHECK(filters_to("\033[31mred\033[0m\r\n", "\033[31mred\033[0m\r\n"));
	/* 0x9d and 0x90 as continuation bytes: U+045D, U+0150, U+00A9 */
	CHECK(filters_to("\xd1\x9d \xc5\x90 \xc2\xa9 \xe2\x80\x9d", "\xd1\x9d \xc5\x90 \xc2\xa9 \xe2\x80\x9d"));
	CHECK(filters_to("\033x\033\033[1m", "\033x\033\033[1m"));
	return 1;
}

/* A UTF-8 terminal starts decoding again at any byte that is not a
 * continuation: after a cut-short sequence, c2 9d is U+009D, OSC. What a
 * lead byte left unfinished must not hide the introducer behind it. */
static int
a_cut_short_utf8_sequence_hides_no_introducer(void)
{
	CHECK(filters_to("\xc2\xc2\x9d" "52;c;cHduZWQ=\007y", "\xc2y"));
	CHECK(filters_to("\xe2\xc2\x90$qm\033\\y", "\xe2y"));
	CHECK(filters_to("\xf0\xc2\x9d" "0;t\007y", "\xf0y"));
	CHECK(filters_to("\xe2\x80\xc2\x9f" "a\x9cy", "\xe2\x80y"));
	return 1;
}

static int
an_esc_in_a_string_starts_no_text_but_st(void)
{
	CHECK(filters_to("\033]0;a\033]0;b\007c", "c"));
	CHECK(filters_to("\033]0;a\033\033\\c", "c"));
	return 1;
}

int
main(void)
{
	static const struct unit_test t[] = {
		T(osc_title_and_clipboard_are_dropped_with_bel_or_st),
		T(dcs_sos_pm_and_apc_are_dropped_and_bel_does_not_end_them),
		T(c1_introducers_are_dropped_standalone_and_as_utf8),
		T(text_utf8_and_csi_pass_unchanged),
		T(a_cut_short_utf8_sequence_hides_no_introducer),
		T(an_esc_in_a_string_starts_no_text_but_st),
	};

	return run_tests(t, LEN(t));
}
