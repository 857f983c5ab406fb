/* SPDX-License-Identifier: MIT */
/* ttyfilter.h: a byte at a time, with a state carried across calls: an
 * introducer may be split between two reads of a pipe. */
#include "ttyfilter.h"

enum {
	TEXT,		/* passing */
	ESC_HELD,	/* an ESC, held back until the next byte says */
	C2_HELD,	/* 0xc2, held back: C1 controls in UTF-8 start so */
	STRING,		/* in a control string: dropped */
	STRING_ESC,	/* an ESC in it: ST when a backslash follows */
};

#define ESC 0x1b
#define BEL 0x07
#define ST  0x9c

/* The C1 controls that open a string: DCS, SOS, OSC, PM, APC. */
static int
c1_opens(unsigned char b)
{
	return b == 0x90 || b == 0x98 || b == 0x9d || b == 0x9e || b == 0x9f;
}

/* The same after ESC, as 7-bit: P X ] ^ _. */
static int
esc_opens(unsigned char b)
{
	return b == 'P' || b == 'X' || b == ']' || b == '^' || b == '_';
}

static void
open_string(struct tty_filter *f, int osc)
{
	f->state = STRING;
	f->osc = (unsigned char)osc;
	f->cont = 0;
}

/* A byte of text: how many UTF-8 continuation bytes follow it. */
static void
count_utf8(struct tty_filter *f, unsigned char b)
{
	if (b >= 0x80 && b <= 0xbf)
		f->cont = f->cont ? f->cont - 1 : 0;
	else if (b >= 0xc0 && b <= 0xdf)
		f->cont = 1;
	else if (b >= 0xe0 && b <= 0xef)
		f->cont = 2;
	else if (b >= 0xf0 && b <= 0xf7)
		f->cont = 3;
	else
		f->cont = 0;
}

/* One byte in TEXT: put in out, or held, or the start of a string. */
static size_t
text(struct tty_filter *f, unsigned char b, char *out)
{
	/* a UTF-8 terminal decodes afresh at any byte that is not a
	 * continuation: a sequence cut short ends here, and what follows
	 * is read as new (c2 c2 9d is U+FFFD, then OSC) */
	if (b < 0x80 || b >= 0xc0)
		f->cont = 0;
	if (b == ESC) {
		f->state = ESC_HELD;
		return 0;
	}
	if (b == 0xc2 && !f->cont) {
		f->state = C2_HELD;
		return 0;
	}
	if (c1_opens(b) && !f->cont) {	/* a standalone 8-bit C1 */
		open_string(f, b == 0x9d);
		return 0;
	}
	count_utf8(f, b);
	*out = (char)b;
	return 1;
}

static size_t
step(struct tty_filter *f, unsigned char b, char *out)
{
	switch (f->state) {
	case ESC_HELD:
		if (esc_opens(b)) {
			open_string(f, b == ']');
			return 0;
		}
		f->state = TEXT;
		f->cont = 0;
		*out = ESC;
		return 1 + text(f, b, out + 1);
	case C2_HELD:
		if (c1_opens(b)) {
			open_string(f, b == 0x9d);
			return 0;
		}
		f->state = TEXT;
		f->cont = 1;
		*out = (char)0xc2;
		return 1 + text(f, b, out + 1);
	case STRING:
		if (b == ST || (b == BEL && f->osc))
			f->state = TEXT;
		else if (b == ESC)
			f->state = STRING_ESC;
		return 0;
	case STRING_ESC:
		if (b == '\\')
			f->state = TEXT;
		else if (b != ESC)
			f->state = STRING;
		return 0;
	default:
		return text(f, b, out);
	}
}

size_t
tty_filter(struct tty_filter *f, const char *in, size_t n, char *out)
{
	size_t i, len = 0;

	for (i = 0; i < n; i++)
		len += step(f, (unsigned char)in[i], out + len);
	return len;
}
