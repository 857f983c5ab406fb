/* SPDX-License-Identifier: MIT */
/* The unit tests' harness: a test is a function returning 1 when it
 * holds, named as a sentence; CHECK fails it with the condition's text. */
#ifndef NSINIT_UNIT_H
#define NSINIT_UNIT_H

#include <stdio.h>
#include <unistd.h>

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "  %s:%d: %s\n", __FILE__, __LINE__, #cond); \
		return 0; \
	} \
} while (0)

struct unit_test {
	const char *name;
	int (*fn)(void);
};

#define T(f) { #f, f }

/* One line per test, "ok" or "FAIL" and the name with spaces; 1 when
 * any failed. */
static inline int
run_tests(const struct unit_test *t, size_t n)
{
	int failed = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		int ok = t[i].fn();
		const char *c;

		printf("%s ", ok ? "ok" : "FAIL");
		for (c = t[i].name; *c; c++)
			putchar(*c == '_' ? ' ' : *c);
		putchar('\n');
		failed |= !ok;
	}
	return failed;
}

/* A pipe holding exactly len bytes of data, then end of file; -1 when
 * it cannot be made. */
static inline int
pipe_of(const char *data, size_t len)
{
	int p[2];

	if (pipe(p) < 0)
		return -1;
	if (write(p[1], data, len) != (ssize_t)len) {
		close(p[0]);
		close(p[1]);
		return -1;
	}
	close(p[1]);
	return p[0];
}

#endif
