/* SPDX-License-Identifier: MIT */
/* What a block device's own bytes say it is, for root= and mounts by
 * identity: a filesystem's type, UUID and label (ext2/3/4, vfat,
 * squashfs), a partition's UUID (GPT, MBR). Pure: the caller reads the
 * device's first bytes into a buffer; every offset is checked against
 * what was read, since the disk is not nsinit's. Text as blkid(8) prints
 * it. */
#ifndef NSINIT_BLKID_H
#define NSINIT_BLKID_H

#include <stdbool.h>
#include <stddef.h>

#define BLKID_FS_BYTES	4096	/* what blkid_fs needs of the device */
#define BLKID_PT_BYTES	(34 * 512 + 4096)	/* blkid_partuuid: the GPT
						 * header and 128 entries */

struct blkid {
	char type[16];		/* "ext4", "vfat", "squashfs", or "" */
	char uuid[40];		/* "" when the filesystem has none */
	char label[64];
};

/* 0, or -ENOENT when buf holds no filesystem blkid_fs knows. */
int blkid_fs(const unsigned char *buf, size_t len, struct blkid *id);

/* The PARTUUID of partition n (1, 2, ...) of the disk whose first bytes
 * are buf: 0, or -ENOENT (no table, no such entry, or beyond buf). */
int blkid_partuuid(const unsigned char *buf, size_t len, unsigned n,
		   char *out, size_t size);

/* "LABEL=x", "UUID=x", "PARTUUID=x": which one, and its value. */
enum blkid_by { BY_PATH, BY_LABEL, BY_UUID, BY_PARTUUID };
enum blkid_by blkid_spec(const char *spec, const char **value);

/* UUIDs compare without case; labels as they are. */
bool blkid_same(enum blkid_by by, const char *want, const char *have);

#endif
