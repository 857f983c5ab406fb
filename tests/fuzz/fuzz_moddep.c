/* SPDX-License-Identifier: MIT */
/* libFuzzer target for lib/moddep.c: any bytes as a modules.dep and as
 * a modules.builtin, read through a memfd. The first byte is the room for
 * paths, the first line the module's name. What comes back must be module
 * paths, in slots, ending with the module asked for. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "moddep.h"


#define SLOTS	32

static char paths[SLOTS + 1][MODDEP_PATH];	/* one more: a canary */

/* Whether path alone is a module's path, as a line would take it. */
static int
is_module(const char *path)
{
	size_t len = strlen(path);
	char *line = malloc(len + 2);
	struct moddep d;
	int ok;

	CHECK(line);
	memcpy(line, path, len);
	memcpy(line + len, ":", 2);
	ok = moddep_line(line, &d) == 0 && !strcmp(d.module, path);
	free(line);
	return ok;
}

/* The file name is name, then a module's suffix. */
static int
module_suffix(const char *path, const char *name)
{
	static const char *const suffixes[] = { ".ko", ".ko.xz", ".ko.zst",
						".ko.gz" };
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	size_t i;

	for (i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (!strcmp(base + strlen(name), suffixes[i]))
			return strlen(base) > strlen(name);
	return 0;
}

/* The name with every '-' and '_' swapped: the same module. */
static void
check_match(const char *path, const char *name)
{
	char swapped[64], *c;

	snprintf(swapped, sizeof(swapped), "%s", name);
	for (c = swapped; *c; c++)
		*c = *c == '-' ? '_' : *c == '_' ? '-' : *c;
	CHECK(moddep_match(path, name) == moddep_match(path, swapped));
	if (moddep_match(path, name))
		CHECK(*name && !strchr(name, '/') && module_suffix(path, name));
}

/* The first line of the file on its own. */
static void
check_line(const char *s)
{
	size_t len = strcspn(s, "\n");
	char *line = strndup(s, len), *w;
	struct moddep d;

	CHECK(line);
	if (moddep_line(line, &d) == 0) {
		CHECK(d.module == line && is_module(d.module));
		while ((w = moddep_next(&d.deps))) {
			CHECK(w > line && w + strlen(w) <= line + len);
			CHECK(*w && !strpbrk(w, " \t") && is_module(w));
		}
	}
	free(line);
}

static void
check_resolve(int fd, const char *name, size_t max)
{
	int rc, i;

	memset(paths[max], 0x5a, MODDEP_PATH);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	rc = moddep_resolve(fd, name, paths, max);
	for (i = 0; i < MODDEP_PATH; i++)
		CHECK(paths[max][i] == 0x5a);	/* never past the room */
	if (rc < 0) {
		CHECK(rc == -ENOENT || rc == -E2BIG || rc == -EINVAL ||
		      rc == -ENAMETOOLONG);
		return;
	}
	CHECK(rc >= 1 && (size_t)rc <= max);
	for (i = 0; i < rc; i++) {
		CHECK(memchr(paths[i], '\0', MODDEP_PATH));
		CHECK(is_module(paths[i]));
	}
	CHECK(moddep_match(paths[rc - 1], name));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *second, name[64];
	size_t max, n;
	int fd, rc;

	if (size < 1)
		return 0;
	max = data[0] % (SLOTS + 1);
	s = strndup((const char *)data + 1, size - 1);
	fd = memfd_create("fuzz", 0);
	CHECK(s && fd >= 0);
	CHECK(write(fd, data + 1, size - 1) == (ssize_t)(size - 1));
	snprintf(name, sizeof(name), "%.*s", (int)strcspn(s, "\n"), s);
	check_line(s);
	check_resolve(fd, name, max);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	rc = moddep_builtin(fd, name);
	CHECK(rc == 0 || rc == -ENOENT);
	n = strcspn(s, "\n");
	second = s + n + (s[n] != '\0');
	second[strcspn(second, "\n")] = '\0';
	check_match(second, name);
	close(fd);
	free(s);
	return 0;
}
