/* SPDX-License-Identifier: MIT */
/* Which files to hand finit_module, in which order, for one module name:
 * modules.dep answers, modules.builtin says when there is nothing to load.
 * Both come from the image: every path is checked to be a module's. */
#include <errno.h>
#include <string.h>

#include "moddep.h"
#include "util.h"
#include "lines.h"

#define BLANKS	" \t"

static const char *const suffixes[] = { ".ko", ".ko.xz", ".ko.zst", ".ko.gz" };

/* The length of the module name in a file name of len bytes: without its
 * suffix; 0 when it has none, or nothing before it. */
static size_t
stem_len(const char *base, size_t len)
{
	size_t i, n;

	for (i = 0; i < LEN(suffixes); i++) {
		n = strlen(suffixes[i]);
		if (len > n && !memcmp(base + len - n, suffixes[i], n))
			return len - n;
	}
	return 0;
}

/* The module name in a path of len bytes: where it starts, and its length
 * (0: not a module's path). */
static size_t
name_of(const char *path, size_t len, const char **name)
{
	const char *base = path + len;

	while (base > path && base[-1] != '/')
		base--;
	*name = base;
	return stem_len(base, len - (size_t)(base - path));
}

/* A ':' would make the path a line of its own: not in a path. */
static bool
is_module(const char *path, size_t len)
{
	const char *name;

	return !memchr(path, ':', len) && name_of(path, len, &name) > 0;
}

/* Module names treat '-' and '_' as one: the kernel and modprobe do. */
static char
fold(char c)
{
	return c == '-' ? '_' : c;
}

/* Whether path is the module called name ("virtio_net" or "virtio-net"). */
bool
moddep_match(const char *path, const char *name)
{
	const char *stem;
	size_t n = name_of(path, strlen(path), &stem), i;

	if (n == 0 || strlen(name) != n)
		return false;
	for (i = 0; i < n; i++)
		if (fold(stem[i]) != fold(name[i]))
			return false;
	return true;
}

/* Split a modules.dep line at its ':'. -EINVAL unless the module and every
 * dependency are modules' paths; d->module is still set when the module's
 * own path was good, so that a bad line can be told from a missing one. */
int
moddep_line(char *line, struct moddep *d)
{
	char *colon = strchr(line, ':'), *p;
	size_t n;

	d->module = d->deps = NULL;
	if (!colon || strcspn(line, BLANKS) < (size_t)(colon - line) ||
	    !is_module(line, (size_t)(colon - line)))
		return -EINVAL;
	*colon = '\0';
	d->module = line;
	for (p = colon + 1; *p; p += n) {
		p += strspn(p, BLANKS);
		n = strcspn(p, BLANKS);
		if (n && !is_module(p, n))
			return -EINVAL;
	}
	d->deps = colon + 1;
	return 0;
}

/* The next dependency from *deps, cut in place; NULL after the last. */
char *
moddep_next(char **deps)
{
	char *w = *deps + strspn(*deps, BLANKS), *end;

	if (!*w) {
		*deps = w;
		return NULL;
	}
	end = w + strcspn(w, BLANKS);
	*deps = *end ? end + 1 : end;
	*end = '\0';
	return w;
}

static size_t
count_words(const char *s)
{
	size_t n = 0;

	for (s += strspn(s, BLANKS); *s; s += strspn(s, BLANKS)) {
		s += strcspn(s, BLANKS);
		n++;
	}
	return n;
}

static int
put(char *slot, const char *path)
{
	size_t len = strlen(path);

	if (len >= MODDEP_PATH)
		return -ENAMETOOLONG;
	memcpy(slot, path, len + 1);
	return 0;
}

/* The dependencies from last to first, then the module: the count. */
static int
load_order(struct moddep *d, char (*paths)[MODDEP_PATH], size_t max)
{
	size_t n = count_words(d->deps), i = n;
	char *w;

	if (n >= max)
		return -E2BIG;
	while ((w = moddep_next(&d->deps)))
		if (put(paths[--i], w) < 0)
			return -ENAMETOOLONG;
	if (put(paths[n], d->module) < 0)
		return -ENAMETOOLONG;
	return (int)n + 1;
}

struct lookup {
	const char *name;
	char (*paths)[MODDEP_PATH];
	size_t max;
};

/* each_line's callback: non-zero (the count, or -errno) stops it. */
static int
resolve_line(char *line, void *arg)
{
	struct lookup *lk = arg;
	struct moddep d;
	int rc = moddep_line(line, &d);

	if (!d.module || !moddep_match(d.module, lk->name))
		return 0;
	return rc < 0 ? rc : load_order(&d, lk->paths, lk->max);
}

/* Fill paths[0..] with what to load for the module called name, in order;
 * the first line naming it wins. The count, or -ENOENT when modules.dep
 * does not know it, -E2BIG when more than max paths are needed, -EINVAL
 * when its line is malformed, -ENAMETOOLONG, or read's -errno. fd is read
 * from where it stands. */
int
moddep_resolve(int fd, const char *name, char (*paths)[MODDEP_PATH],
	       size_t max)
{
	struct lookup lk = { .name = name, .paths = paths, .max = max };
	char line[MODDEP_LINE];
	int rc = each_line(fd, line, sizeof(line), resolve_line, &lk);

	return rc == 0 ? -ENOENT : rc;
}

static int
builtin_line(char *line, void *arg)
{
	return moddep_match(line, arg);
}

/* 0 when modules.builtin lists the module called name (nothing to load),
 * -ENOENT when it does not, or read's -errno. */
int
moddep_builtin(int fd, const char *name)
{
	char line[MODDEP_LINE];
	int rc = each_line(fd, line, sizeof(line), builtin_line, (void *)name);

	return rc == 1 ? 0 : rc == 0 ? -ENOENT : rc;
}
