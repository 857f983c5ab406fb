/* SPDX-License-Identifier: MIT */
/* ttyfilter: an appliance's output on its way to a terminal, without the
 * control strings a terminal acts on beyond drawing: OSC (title,
 * clipboard, colour and clipboard queries), DCS (settings queries), SOS,
 * PM and APC. Each string is dropped whole, from its introducer (ESC ],
 * ESC P, ESC X, ESC ^, ESC _, or the C1 byte 0x9d, 0x90, 0x98, 0x9e,
 * 0x9f, standalone or as a UTF-8 character) to its end (ST: ESC \ or
 * 0x9c; BEL for OSC too). Everything else passes, CSI sequences (colour,
 * cursor) included. Since no introducer ever reaches the terminal, where
 * a string is taken to end only decides how much of the appliance's own
 * output is dropped, never what the terminal does. */
#ifndef NSINIT_TTYFILTER_H
#define NSINIT_TTYFILTER_H

#include <stddef.h>

/* The state between calls, zero at the start of a stream. */
struct tty_filter {
	unsigned char state;	/* enum in ttyfilter.c */
	unsigned char osc;	/* the string is an OSC: BEL ends it too */
	unsigned char cont;	/* UTF-8 continuation bytes still expected */
};

/* in[0..n) filtered into out, which must hold n + 1 bytes (a byte held
 * back from the call before comes out now); the length put in out. */
size_t tty_filter(struct tty_filter *f, const char *in, size_t n, char *out);

#endif
