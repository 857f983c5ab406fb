/* SPDX-License-Identifier: MIT */
/* blkid.h: filesystems and partition tables by their on-disk structures
 * (ext4's superblock, the FAT boot sector, squashfs's magic, GPT, MBR). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "blkid.h"

static uint16_t
le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | (unsigned)p[1] << 8);
}

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t
le64(const unsigned char *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* A label field of n bytes: up to its first NUL, trailing blanks cut. */
static void
label(char *out, size_t size, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n && i + 1 < size && p[i]; i++)
		out[i] = (char)p[i];
	while (i > 0 && out[i - 1] == ' ')
		i--;
	out[i] = '\0';
}

/* The mixed-endian text of a GUID (and of ext4's UUID, which is stored
 * big-endian: then be is true). */
static void
guid(char *out, size_t size, const unsigned char *p, bool be)
{
	snprintf(out, size, "%08x-%04x-%04x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 be ? (unsigned)p[0] << 24 | (unsigned)p[1] << 16 |
		      (unsigned)p[2] << 8 | p[3] : (unsigned)le32(p),
		 be ? (unsigned)p[4] << 8 | p[5] : (unsigned)le16(p + 4),
		 be ? (unsigned)p[6] << 8 | p[7] : (unsigned)le16(p + 6),
		 p[8], p[9], p[10], p[11], p[12], p[13], p[14], p[15]);
}

/* ext2/3/4: the superblock at 1024, magic 0xEF53 at its byte 56. */
static int
ext(const unsigned char *buf, size_t len, struct blkid *id)
{
	const unsigned char *sb = buf + 1024;
	uint32_t compat, incompat;

	if (len < 1024 + 0x88 || le16(sb + 0x38) != 0xEF53)
		return -ENOENT;
	compat = le32(sb + 0x5C);
	incompat = le32(sb + 0x60);
	/* extents, 64bit, flex_bg: ext4; a journal alone: ext3 */
	strcpy(id->type, incompat & 0x2C0 ? "ext4" : compat & 0x4 ? "ext3" :
	       "ext2");
	guid(id->uuid, sizeof(id->uuid), sb + 0x68, true);
	label(id->label, sizeof(id->label), sb + 0x78, 16);
	return 0;
}

/* FAT12/16/32: the boot sector's signature, a sane sector size, and the
 * type name where each kind keeps it; the volume id is the UUID. */
static int
fat(const unsigned char *buf, size_t len, struct blkid *id)
{
	const unsigned char *ext;
	uint16_t bps;
	uint32_t vol;

	if (len < 512 || buf[510] != 0x55 || buf[511] != 0xAA)
		return -ENOENT;
	bps = le16(buf + 11);
	if (bps < 512 || bps > 4096 || (bps & (bps - 1)))
		return -ENOENT;
	if (memcmp(buf + 0x52, "FAT32   ", 8) == 0)
		ext = buf + 0x40;	/* FAT32's extended BPB */
	else if (memcmp(buf + 0x36, "FAT1", 4) == 0)
		ext = buf + 0x24;
	else
		return -ENOENT;
	if (ext[2] != 0x29)
		return -ENOENT;		/* no volume id and label */
	strcpy(id->type, "vfat");
	vol = le32(ext + 3);
	snprintf(id->uuid, sizeof(id->uuid), "%04X-%04X",
		 (unsigned)(vol >> 16), (unsigned)(vol & 0xffff));
	label(id->label, sizeof(id->label), ext + 7, 11);
	if (strcmp(id->label, "NO NAME") == 0)
		id->label[0] = '\0';
	return 0;
}

int
blkid_fs(const unsigned char *buf, size_t len, struct blkid *id)
{
	memset(id, 0, sizeof(*id));
	if (len >= 4 && memcmp(buf, "hsqs", 4) == 0) {
		strcpy(id->type, "squashfs");	/* no UUID, no label */
		return 0;
	}
	if (ext(buf, len, id) == 0 || fat(buf, len, id) == 0)
		return 0;
	memset(id, 0, sizeof(*id));
	return -ENOENT;
}

/* GPT: the header at LBA 1 (512-byte sectors, or 4096), its entries where
 * it says; entry n's unique GUID at byte 16 of it. */
static int
gpt(const unsigned char *buf, size_t len, unsigned n, char *out, size_t size)
{
	static const size_t sectors[] = { 512, 4096 };
	const unsigned char *h, *e;
	uint64_t lba, off;
	uint32_t count, esize;
	size_t i;
	static const unsigned char zero[16];

	for (i = 0; i < 2; i++) {
		if (len < 2 * sectors[i])
			continue;
		h = buf + sectors[i];
		if (memcmp(h, "EFI PART", 8) != 0)
			continue;
		lba = le64(h + 72);
		count = le32(h + 80);
		esize = le32(h + 84);
		if (n == 0 || n > count || esize < 128 || esize > 4096 ||
		    lba > len / sectors[i])
			return -ENOENT;
		off = lba * sectors[i] + (uint64_t)(n - 1) * esize;
		if (off > len || len - off < 32)
			return -ENOENT;
		e = buf + off;
		if (memcmp(e, zero, 16) == 0)
			return -ENOENT;	/* an unused entry */
		guid(out, size, e + 16, false);
		return 0;
	}
	return -ENOENT;
}

int
blkid_partuuid(const unsigned char *buf, size_t len, unsigned n, char *out,
	       size_t size)
{
	const unsigned char *p;

	if (gpt(buf, len, n, out, size) == 0)
		return 0;
	/* MBR: the disk signature and the number of a primary partition */
	if (len < 512 || buf[510] != 0x55 || buf[511] != 0xAA || n < 1 || n > 4)
		return -ENOENT;
	p = buf + 446 + 16 * (n - 1);
	if (p[4] == 0 || le32(buf + 440) == 0)
		return -ENOENT;	/* an empty slot, or no signature */
	snprintf(out, size, "%08x-%02x", (unsigned)le32(buf + 440), n);
	return 0;
}

enum blkid_by
blkid_spec(const char *spec, const char **value)
{
	static const struct {
		const char *prefix;
		enum blkid_by by;
	} kinds[] = {
		{ "LABEL=", BY_LABEL },
		{ "UUID=", BY_UUID },
		{ "PARTUUID=", BY_PARTUUID },
	};
	size_t i, n;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		n = strlen(kinds[i].prefix);
		if (strncmp(spec, kinds[i].prefix, n) == 0) {
			*value = spec + n;
			return kinds[i].by;
		}
	}
	*value = spec;
	return BY_PATH;
}

bool
blkid_same(enum blkid_by by, const char *want, const char *have)
{
	if (!*have)
		return false;
	return by == BY_LABEL ? strcmp(want, have) == 0 :
				strcasecmp(want, have) == 0;
}
