/* SPDX-License-Identifier: MIT */
/* str.h: strtoul, strtol, strstr. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"

/* c's value as a digit of base 36, or 36 when it is none */
static int
digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)(c | 0x20);
	return c >= 'a' && c <= 'z' ? c - 'a' + 10 : 36;
}

/* Space, a sign, a base's prefix, digits: *v the magnitude (*over when
 * it passed ULONG_MAX); the end, or s itself when there was no digit. */
static const char *
scan(const char *s, int base, unsigned long *v, bool *neg, bool *over)
{
	const char *p = s, *first;
	unsigned long d;

	*v = 0;
	*neg = *over = false;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		return s;
	}
	while (isspace((unsigned char)*p))
		p++;
	*neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if ((base == 0 || base == 16) && p[0] == '0' &&
	    (p[1] | 0x20) == 'x' && digit(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	for (first = p; (d = (unsigned long)digit(*p)) < (unsigned)base; p++) {
		if (*v > (ULONG_MAX - d) / (unsigned)base)
			*over = true;
		else
			*v = *v * (unsigned)base + d;
	}
	return p == first ? s : p;
}

unsigned long
str_toul(const char *s, char **end, int base)
{
	unsigned long v;
	bool neg, over;
	const char *p = scan(s, base, &v, &neg, &over);

	if (end)
		*end = (char *)p;
	if (over) {
		errno = ERANGE;
		return ULONG_MAX;
	}
	return neg ? 0UL - v : v;
}

long
str_tol(const char *s, char **end, int base)
{
	unsigned long v;
	bool neg, over;
	const char *p = scan(s, base, &v, &neg, &over);

	if (end)
		*end = (char *)p;
	if (over || v > (unsigned long)LONG_MAX + neg) {
		errno = ERANGE;
		return neg ? LONG_MIN : LONG_MAX;
	}
	return neg ? (long)(0UL - v) : (long)v;
}

char *
str_str(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (;; text++) {
		if (strncmp(text, word, n) == 0)
			return (char *)text;
		if (!*text)
			return NULL;
	}
}

#ifndef __GLIBC__
/* In the static binary (musl), these definitions replace libc's, as
 * fmt.c's do; the host's unit tests and fuzzers keep glibc's. */
unsigned long
strtoul(const char *restrict s, char **restrict end, int base)
{
	return str_toul(s, end, base);
}

long
strtol(const char *restrict s, char **restrict end, int base)
{
	return str_tol(s, end, base);
}

char *
strstr(const char *text, const char *word)
{
	return str_str(text, word);
}
#endif
