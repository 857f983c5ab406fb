/* SPDX-License-Identifier: MIT */
/* libFuzzer target for nl_check_reply (lib/nl.c, lib/rtnl.c and lib/addr.c): any bytes as a
 * datagram from the kernel, in a buffer of exactly their size so that ASan
 * sees any read past it. The first 8 bytes choose seq and port (which the
 * fuzzer learns from the comparisons), the 9th the extended-ack room. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "rtnl.h"


int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t seq, port;
	size_t extlen, len;
	char ext[40];
	void *dgram;
	int r, again;

	if (size < 9)
		return 0;
	memcpy(&seq, data, 4);
	memcpy(&port, data + 4, 4);
	extlen = data[8] % sizeof(ext);
	len = size - 9;
	dgram = malloc(len ? len : 1);	/* malloc's alignment, as the rx buffer */
	CHECK(dgram);
	memcpy(dgram, data + 9, len);
	memset(ext, 'x', sizeof(ext));
	r = nl_check_reply(dgram, len, seq, port, extlen ? ext : NULL, extlen);
	CHECK(r == NL_MORE || (r <= 0 && r >= -4095));
	if (extlen) {
		CHECK(memchr(ext, '\0', extlen));
		CHECK(r != NL_MORE || ext[0] == '\0');
		CHECK(ext[extlen] == 'x');	/* nothing past the room given */
	}
	again = nl_check_reply(dgram, len, seq, port, NULL, 0);
	CHECK(again == r);	/* the text never changes the verdict */
	free(dgram);
	return 0;
}
