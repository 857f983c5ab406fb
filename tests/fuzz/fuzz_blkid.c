/* SPDX-License-Identifier: MIT */
/* libFuzzer target for lib/blkid.c: any bytes as a device's first bytes.
 * Whatever comes back is a known type and NUL-terminated text, and the
 * same bytes give the same answer. */
#include <stdint.h>
#include <string.h>

#include "blkid.h"
#include "fuzz.h"

static int
known(const char *type)
{
	return !strcmp(type, "ext2") || !strcmp(type, "ext3") ||
	       !strcmp(type, "ext4") || !strcmp(type, "vfat") ||
	       !strcmp(type, "squashfs");
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct blkid a, b;
	char p[40], q[40];
	unsigned n;

	if (blkid_fs(data, size, &a) == 0) {
		CHECK(known(a.type));
		CHECK(memchr(a.uuid, 0, sizeof(a.uuid)));
		CHECK(memchr(a.label, 0, sizeof(a.label)));
		CHECK(blkid_fs(data, size, &b) == 0 && !memcmp(&a, &b, sizeof(a)));
	}
	for (n = 0; n < 6; n++) {
		if (blkid_partuuid(data, size, n, p, sizeof(p)) < 0)
			continue;
		CHECK(n > 0 && strlen(p) > 0 && strlen(p) < sizeof(p));
		CHECK(blkid_partuuid(data, size, n, q, sizeof(q)) == 0 &&
		      !strcmp(p, q));
	}
	return 0;
}
