/* SPDX-License-Identifier: MIT */
/* fmt.h: printf's formatting, what nsinit's messages use of it. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "fmt.h"
#include "util.h"

/* Where the text goes: into buf; with fd >= 0, on to fd each time buf
 * is full and at the end. */
struct out {
	char *buf;
	size_t size, at;	/* buf's room (a NUL's too), what is in it */
	size_t len;		/* the whole text's length so far */
	int fd, err;		/* err: write_all's first failure */
};

/* One conversion's flags, width, precision (-1: none) and length: 'H'
 * for hh, 'L' for ll, else the letter, 0 for none. */
struct spec {
	bool left, zero, plus, space, alt;
	int width, prec;
	char len;
};

static void
flush(struct out *o)
{
	if (o->at && !o->err)
		o->err = write_all(o->fd, o->buf, o->at);
	o->at = 0;
}

static void
put(struct out *o, const char *s, size_t n)
{
	o->len += n;
	for (; n; n--, s++) {
		if (o->fd >= 0 && o->at == o->size)
			flush(o);
		if (o->at + (o->fd < 0) < o->size)
			o->buf[o->at++] = *s;
	}
}

static void
pad(struct out *o, char c, size_t n)
{
	for (; n; n--)
		put(o, &c, 1);
}

/* text (n characters) after pre (a sign) in the spec's field */
static void
field(struct out *o, const struct spec *s, const char *pre, const char *text,
      size_t n)
{
	size_t np = strlen(pre), w = (size_t)s->width;
	size_t fill = w > np + n ? w - np - n : 0;

	if (!s->left && !s->zero)
		pad(o, ' ', fill);
	put(o, pre, np);
	if (!s->left && s->zero)
		pad(o, '0', fill);
	put(o, text, n);
	if (s->left)
		pad(o, ' ', fill);
}

static int
number(const char **f, va_list *ap)
{
	int n = 0;

	if (**f == '*') {
		(*f)++;
		return va_arg(*ap, int);
	}
	for (; **f >= '0' && **f <= '9'; (*f)++)
		n = n * 10 + (**f - '0');
	return n;
}

/* After the '%': returns where the conversion's letter is. */
static const char *
parse(const char *f, struct spec *s, va_list *ap)
{
	memset(s, 0, sizeof(*s));
	for (;; f++) {
		if (*f == '-')
			s->left = true;
		else if (*f == '0')
			s->zero = true;
		else if (*f == '+')
			s->plus = true;
		else if (*f == ' ')
			s->space = true;
		else if (*f == '#')
			s->alt = true;
		else
			break;
	}
	s->width = number(&f, ap);
	if (s->width < 0) {	/* a negative '*' width: left-justified */
		s->left = true;
		s->width = -s->width;
	}
	s->prec = -1;
	if (*f == '.') {
		f++;
		s->prec = number(&f, ap);
		if (s->prec < 0)
			s->prec = -1;
	}
	if ((f[0] == 'h' || f[0] == 'l') && f[1] == f[0]) {
		s->len = f[0] == 'h' ? 'H' : 'L';
		f += 2;
	} else if (*f && strchr("hlzjt", *f)) {
		s->len = *f++;
	}
	return f;
}

static long long
signed_arg(char len, va_list *ap)
{
	switch (len) {
	case 'H': return (signed char)va_arg(*ap, int);
	case 'h': return (short)va_arg(*ap, int);
	case 'l': return va_arg(*ap, long);
	case 'L': return va_arg(*ap, long long);
	case 'z': return va_arg(*ap, ssize_t);
	case 'j': return va_arg(*ap, intmax_t);
	case 't': return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int);
	}
}

static unsigned long long
unsigned_arg(char len, va_list *ap)
{
	switch (len) {
	case 'H': return (unsigned char)va_arg(*ap, unsigned);
	case 'h': return (unsigned short)va_arg(*ap, unsigned);
	case 'l': return va_arg(*ap, unsigned long);
	case 'L': return va_arg(*ap, unsigned long long);
	case 'z': return va_arg(*ap, size_t);
	case 'j': return va_arg(*ap, uintmax_t);
	case 't': return (size_t)va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, unsigned);
	}
}

/* %d %i %u %x %X %o; a precision is the least number of digits; '#'
 * puts 0x (0X) before a hex number but 0, a 0 before an octal one */
static void
integer(struct out *o, struct spec *s, char conv, va_list *ap)
{
	const char *digit = conv == 'X' ? "0123456789ABCDEF" :
					  "0123456789abcdef";
	unsigned base = conv == 'o' ? 8 : conv == 'x' || conv == 'X' ? 16 : 10;
	char tmp[32], *end = tmp + sizeof(tmp), *p = end;
	const char *pre = "";
	unsigned long long v;
	long long x;

	if (conv == 'd' || conv == 'i') {
		x = signed_arg(s->len, ap);
		v = x < 0 ? -(unsigned long long)x : (unsigned long long)x;
		pre = x < 0 ? "-" : s->plus ? "+" : s->space ? " " : "";
	} else {
		v = unsigned_arg(s->len, ap);
		if (s->alt && v && base == 16)
			pre = conv == 'X' ? "0X" : "0x";
	}
	for (; v || (p == end && s->prec != 0); v /= base)
		*--p = digit[v % base];
	while (p > tmp && end - p < s->prec)
		*--p = '0';
	if (s->alt && base == 8 && (p == end || *p != '0'))
		*--p = '0';
	if (s->prec >= 0)
		s->zero = false;
	field(o, s, pre, p, (size_t)(end - p));
}

static void
format(struct out *o, const char *f, va_list *ap)
{
	const char *start, *t;
	struct spec s;
	char c;

	for (; *f; f++) {
		if (*f != '%') {
			put(o, f, 1);
			continue;
		}
		start = f;
		f = parse(f + 1, &s, ap);
		switch (*f) {
		case 'd': case 'i': case 'u': case 'x': case 'X': case 'o':
			integer(o, &s, *f, ap);
			break;
		case 'c':
			c = (char)va_arg(*ap, int);
			field(o, &s, "", &c, 1);
			break;
		case 's':
			t = va_arg(*ap, const char *);
			if (!t)
				t = "(null)";
			field(o, &s, "", t, s.prec < 0 ? strlen(t) :
			      strnlen(t, (size_t)s.prec));
			break;
		case '%':
			put(o, "%", 1);
			break;
		default:	/* not ours: as it stands */
			put(o, start, (size_t)(f - start) + (*f != '\0'));
			if (!*f)
				return;
		}
	}
}

int
fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .fd = -1 };
	va_list aq;

	va_copy(aq, ap);
	format(&o, fmt, &aq);
	va_end(aq);
	if (size)
		buf[o.at] = '\0';
	return (int)o.len;
}

int
fmt_vdprintf(int fd, const char *fmt, va_list ap)
{
	char buf[256];
	struct out o = { .buf = buf, .size = sizeof(buf), .fd = fd };
	va_list aq;

	va_copy(aq, ap);
	format(&o, fmt, &aq);
	va_end(aq);
	flush(&o);
	if (o.err) {
		errno = -o.err;
		return -1;
	}
	return (int)o.len;
}

#ifndef __GLIBC__
/* In the static binary (musl), these definitions replace libc's, as
 * stages/caps.c's syslog does, for nsinit's calls and libc's own (a
 * pty's name); printf, puts and putchar write at once, unbuffered. The
 * host's unit tests and fuzzers (glibc, sanitizers) keep glibc's. */
int
vsnprintf(char *restrict buf, size_t size, const char *restrict fmt,
	  va_list ap)
{
	return fmt_vsnprintf(buf, size, fmt, ap);
}

int
snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

int
vdprintf(int fd, const char *restrict fmt, va_list ap)
{
	return fmt_vdprintf(fd, fmt, ap);
}

int
dprintf(int fd, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vdprintf(fd, fmt, ap);
	va_end(ap);
	return n;
}

int
printf(const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vdprintf(1, fmt, ap);
	va_end(ap);
	return n;
}

/* what the compiler makes of printf("...\n") and printf("%c") */
int
puts(const char *s)
{
	return dprintf(1, "%s\n", s) < 0 ? EOF : 0;
}

int
putchar(int c)
{
	char ch = (char)c;

	return write_all(1, &ch, 1) < 0 ? EOF : (unsigned char)ch;
}
#endif
