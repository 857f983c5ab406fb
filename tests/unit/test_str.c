/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/str.c: strtoul, strtol and strstr give what the
 * host's C library gives (value, end, errno) on inputs made to reach
 * every branch: space, signs, prefixes, bases, overflow, no digits. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"
#include "unit.h"
#include "util.h"

static const char *const inputs[] = {
	"", " ", "0", "7", "40\n", "  42abc", "\t-17", "+9", "-", "+", "-0",
	"0x", "0x1f", "0X1F", "0xg", "0x 1", "-0x10", "0777", "08", "09a",
	"z", "Zz", "1e3", "ff", "FF", "12345678901234567890",
	"18446744073709551615", "18446744073709551616",
	"99999999999999999999999", "-18446744073709551615",
	"-18446744073709551616", "9223372036854775807", "9223372036854775808",
	"-9223372036854775808", "-9223372036854775809", "4294967295",
	"4294967296", "2147483647", "2147483648", "-2147483648",
	"-2147483649", "0xffffffffffffffff", "0x10000000000000000",
	" \v\f\r\n 5", "1 2", "0b101", "101", "zzzzzzzzzzzzzz", "\xff" "1",
};

static const int bases[] = { 0, 2, 8, 10, 16, 36, 1, 37, -1 };

static int
strtoul_and_strtol_agree_with_the_c_library(void)
{
	size_t i, j;

	for (i = 0; i < LEN(inputs); i++) {
		for (j = 0; j < LEN(bases); j++) {
			const char *s = inputs[i];
			int b = bases[j], e1, e2;
			char *end1, *end2;
			unsigned long u1, u2;
			long l1, l2;

			errno = 0;
			u1 = strtoul(s, &end1, b);
			e1 = errno;
			errno = 0;
			u2 = str_toul(s, &end2, b);
			e2 = errno;
			if (u1 != u2 || (e1 != EINVAL && end1 != end2) ||
			    e1 != e2) {
				fprintf(stderr, "  strtoul \"%s\" %d: %lu %td %d,"
					" libc %lu %td %d\n", s, b, u2,
					end2 - s, e2, u1, end1 - s, e1);
				return 0;
			}
			errno = 0;
			l1 = strtol(s, &end1, b);
			e1 = errno;
			errno = 0;
			l2 = str_tol(s, &end2, b);
			e2 = errno;
			if (l1 != l2 || (e1 != EINVAL && end1 != end2) ||
			    e1 != e2) {
				fprintf(stderr, "  strtol \"%s\" %d: %ld %td %d,"
					" libc %ld %td %d\n", s, b, l2,
					end2 - s, e2, l1, end1 - s, e1);
				return 0;
			}
		}
	}
	CHECK(str_toul("12", NULL, 10) == 12 && str_tol("-3", NULL, 10) == -3);
	return 1;
}

static int
strstr_agrees_with_the_c_library(void)
{
	static const char *const texts[] = { "", "a", "abc", "/a/../b",
		"root:x:0:0:root:/root:/bin/sh", "aaab", "ababac", "xyz/.." };
	static const char *const words[] = { "", "a", "abc", "/..", "root",
		"aab", "abac", "zz", "xyz/..x", "c" };
	size_t i, j;

	for (i = 0; i < LEN(texts); i++) {
		for (j = 0; j < LEN(words); j++) {
			if (strstr(texts[i], words[j]) !=
			    str_str(texts[i], words[j])) {
				fprintf(stderr, "  \"%s\" in \"%s\"\n",
					words[j], texts[i]);
				return 0;
			}
		}
	}
	return 1;
}

int
main(void)
{
	static const struct unit_test t[] = {
		T(strtoul_and_strtol_agree_with_the_c_library),
		T(strstr_agrees_with_the_c_library),
	};

	return run_tests(t, LEN(t));
}
