/* SPDX-License-Identifier: MIT */
/* modules.alias and modules.softdep: which module names a device's
 * modalias, or a module, asks for. The glob is our own (fnmatch(3) with
 * no flags: '*' crosses every character, '/' too): no allocation, and
 * linear in the pattern times the string at worst. */
#include <errno.h>
#include <string.h>

#include "lines.h"
#include "modalias.h"

#define BLANKS	" \t"

/* The ']' that closes the bracket expression at p ('['), or NULL: then
 * the '[' is an ordinary character. A ']' right after "[" or "[!" is a
 * member, not the end, and so is an escaped one ("\]"). */
static const char *
class_end(const char *p)
{
	p++;
	if (*p == '!' || *p == '^')
		p++;
	if (*p == ']')
		p++;
	while (*p && *p != ']') {
		if (*p == '\\' && p[1])
			p++;
		p++;
	}
	return *p ? p : NULL;
}

/* One member of a bracket expression at *pp, a '\' escaping the next
 * character; *pp moves past it. */
static unsigned char
member(const char **pp)
{
	const char *p = *pp;

	if (*p == '\\' && p[1])
		p++;
	*pp = p + 1;
	return (unsigned char)*p;
}

/* Whether c is in the bracket expression from p ('[') to end (']'). */
static bool
in_class(const char *p, const char *end, char c)
{
	bool negate = p[1] == '!' || p[1] == '^', in = false;
	unsigned char lo, hi, u = (unsigned char)c;

	p += 1 + negate;
	while (p < end) {
		lo = member(&p);
		if (p[0] == '-' && p + 1 < end) {
			p++;
			hi = member(&p);
			in |= u >= lo && u <= hi;
		} else {
			in |= u == lo;
		}
	}
	return in != negate;
}

/* Whether the one-character element at *pp ('?', a bracket expression,
 * an escaped or plain character) takes c; *pp moves past it. */
static bool
one(const char **pp, char c)
{
	const char *p = *pp, *end;

	if (*p == '?') {
		*pp = p + 1;
		return true;
	}
	if (*p == '[' && (end = class_end(p))) {
		*pp = end + 1;
		return in_class(p, end, c);
	}
	if (*p == '\\' && !*++p)
		return false;	/* a '\' that escapes nothing: no match */
	*pp = p + 1;
	return *p == c;
}

/* Whether s matches the glob pattern ('*', '?', "[a-z]", "[!x]", '\'
 * escapes; a trailing '\' matches nothing, as in glibc). Every element
 * but '*' takes one character: on a mismatch only the last '*' needs to
 * take one more, never an earlier one. */
bool
modalias_match(const char *pattern, const char *s)
{
	const char *p = pattern, *star = NULL, *back = NULL, *q;

	for (;;) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			star = p;
			back = s;
			continue;
		}
		if (!*s)
			return !*p;
		q = p;
		if (*p && one(&q, *s)) {
			p = q;
			s++;
			continue;
		}
		if (!star)
			return false;
		p = star;
		s = ++back;
	}
}

/* A module's name as the kernel takes one: letters, digits, '_', '-';
 * nothing that could be a path. */
bool
modalias_name_ok(const char *name)
{
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz"
			  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

	return n > 0 && !name[n] && n < MODALIAS_NAME;
}

/* The next blank-separated word of *p, cut in place; NULL after the last. */
static char *
word(char **p)
{
	char *w = *p + strspn(*p, BLANKS), *end;

	if (!*w)
		return NULL;
	end = w + strcspn(w, BLANKS);
	*p = *end ? end + 1 : end;
	*end = '\0';
	return w;
}

/* An "alias PATTERN MODULE" line, split in place: 0; 1 for a line that
 * is no alias (blank, a comment); -EINVAL for a malformed one. */
int
modalias_line(char *line, struct modalias *a)
{
	char *p = line, *w = word(&p);

	a->pattern = a->module = NULL;
	if (!w || *w == '#')
		return 1;
	if (strcmp(w, "alias") != 0)
		return -EINVAL;
	a->pattern = word(&p);
	a->module = word(&p);
	if (!a->module || word(&p) || !modalias_name_ok(a->module)) {
		a->pattern = a->module = NULL;
		return -EINVAL;
	}
	return 0;
}

struct scan {
	const char *const *s;
	size_t n;
	int (*found)(const char *module, void *arg);
	void *arg;
};

/* each_line's callback: a malformed line is skipped, as modprobe does. */
static int
scan_line(char *line, void *arg)
{
	struct scan *sc = arg;
	struct modalias a;
	size_t i;

	if (modalias_line(line, &a) != 0)
		return 0;
	for (i = 0; i < sc->n; i++)
		if (modalias_match(a.pattern, sc->s[i]))
			return sc->found(a.module, sc->arg);
	return 0;
}

/* found(module) for every line of modules.alias at fd whose pattern
 * matches one of the n strings s, in the file's order (a module may come
 * more than once); it stops the scan by returning non-zero. 0, found's
 * return, or read's -errno. */
int
modalias_scan(int fd, const char *const *s, size_t n,
	      int (*found)(const char *module, void *arg), void *arg)
{
	struct scan sc = { .s = s, .n = n, .found = found, .arg = arg };
	char line[MODALIAS_LINE];

	return each_line(fd, line, sizeof(line), scan_line, &sc);
}

struct softdep {
	const char *name;
	char (*pre)[MODALIAS_NAME];
	size_t max;
};

/* Module names treat '-' and '_' as one. */
static bool
same_name(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if ((*a == '-' ? '_' : *a) != (*b == '-' ? '_' : *b))
			return false;
	return *a == *b;
}

/* each_line's callback: the count of names before the module (from 0),
 * or -errno; 0 for another module's line, so the scan goes on. */
static int
softdep_line(char *line, void *arg)
{
	struct softdep *sd = arg;
	char *p = line, *w = word(&p);
	bool pre = false;
	int n = 0;

	if (!w || strcmp(w, "softdep") != 0 || !(w = word(&p)) ||
	    !same_name(w, sd->name))
		return 0;
	while ((w = word(&p))) {
		if (!strcmp(w, "pre:") || !strcmp(w, "post:")) {
			pre = w[1] == 'r';
			continue;
		}
		if (!pre)
			continue;
		if (!modalias_name_ok(w))
			return -EINVAL;
		if ((size_t)n >= sd->max)
			return -E2BIG;
		memcpy(sd->pre[n++], w, strlen(w) + 1);
	}
	return n ? n : -ENOENT;
}

/* The names (modules or aliases) to load before the module called name,
 * from the first line of modules.softdep at fd that names it: their
 * count, 0 when there are none, -E2BIG when more than max, -EINVAL when
 * one is not a name, or read's -errno. */
int
modalias_softdep(int fd, const char *name, char (*pre)[MODALIAS_NAME],
		 size_t max)
{
	struct softdep sd = { .name = name, .pre = pre, .max = max };
	char line[MODALIAS_LINE];
	int rc = each_line(fd, line, sizeof(line), softdep_line, &sd);

	return rc == -ENOENT ? 0 : rc;
}
