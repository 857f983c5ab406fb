/* SPDX-License-Identifier: MIT */
/* libFuzzer target for lib/modalias.c: any bytes as a modules.alias and
 * as a modules.softdep, read through a memfd. The first line is a
 * device's modalias (and a module's name), the second a glob. What comes
 * back must be module names, each from a line whose pattern matches, and
 * softdeps must stay in their slots. The glob must agree with fnmatch
 * (the host's: glibc, or musl on a board's replay). */
#include <errno.h>
#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "modalias.h"

#define SLOTS	8

static char pre[SLOTS + 1][MODALIAS_NAME];	/* one more: a canary */

static int
found(const char *module, void *arg)
{
	CHECK(modalias_name_ok(module));
	return ++*(int *)arg == 1000;	/* bound the work on long files */
}

static void
check_softdep(int fd, const char *name, size_t max)
{
	int rc, i;

	memset(pre[max], 0x5a, MODALIAS_NAME);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	rc = modalias_softdep(fd, name, pre, max);
	for (i = 0; i < MODALIAS_NAME; i++)
		CHECK(pre[max][i] == 0x5a);	/* never past the room */
	if (rc < 0) {
		CHECK(rc == -E2BIG || rc == -EINVAL);
		return;
	}
	CHECK((size_t)rc <= max);
	for (i = 0; i < rc; i++)
		CHECK(modalias_name_ok(pre[i]));
}

/* The first line of the file on its own, as an alias line. */
static void
check_line(const char *s, const char *alias)
{
	char *line = strndup(s, strcspn(s, "\n"));
	struct modalias a;
	int rc;

	CHECK(line);
	rc = modalias_line(line, &a);
	CHECK(rc == 0 || rc == 1 || rc == -EINVAL);
	if (rc == 0) {
		CHECK(a.pattern && *a.pattern && !strpbrk(a.pattern, " \t"));
		CHECK(modalias_name_ok(a.module));
		(void)modalias_match(a.pattern, alias);
	}
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *glob;
	const char *alias;
	size_t n;
	int fd, count = 0, rc;

	if (size < 1)
		return 0;
	s = strndup((const char *)data + 1, size - 1);
	fd = memfd_create("fuzz", 0);
	CHECK(s && fd >= 0);
	CHECK(write(fd, data + 1, size - 1) == (ssize_t)(size - 1));
	n = strcspn(s, "\n");
	glob = s + n + (s[n] != '\0');
	s[n] = '\0';
	alias = s;
	glob[strcspn(glob, "\n")] = '\0';
	/* named classes ("[[:digit:]]") are fnmatch's, not ours: no
	 * modules.alias has them; nor an unclosed '[', which both take as a
	 * character but where glibc's range ending at the pattern's end
	 * ("[s-") matches nothing; nor a trailing '\\', nothing to glibc,
	 * itself to musl (the replay on the boards) */
	if (!strstr(glob, "[:") && !strstr(glob, "[=") && !strstr(glob, "[.") &&
	    !(*glob && glob[strlen(glob) - 1] == '\\') &&
	    !(strrchr(glob, '[') && (!strrchr(glob, ']') ||
				     strrchr(glob, '[') > strrchr(glob, ']'))))
		CHECK(modalias_match(glob, alias) ==
		      (fnmatch(glob, alias, 0) == 0));
	check_line(glob, alias);
	rc = modalias_scan(fd, &alias, 1, found, &count);
	CHECK(rc == 0 || rc == 1);
	check_softdep(fd, alias, data[0] % (SLOTS + 1));
	close(fd);
	free(s);
	return 0;
}
