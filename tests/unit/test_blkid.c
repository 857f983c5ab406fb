/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/blkid.c: the first bytes of images made by
 * mkfs.ext4, mkfs.vfat, mksquashfs and sfdisk (tests/fuzz/corpus/blkid,
 * made with the UUIDs and labels checked here; blkid(8) reads the same),
 * and bytes made to lie. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "blkid.h"
#include "util.h"
#include "unit.h"

static unsigned char buf[BLKID_PT_BYTES];
static size_t len;
static struct blkid id;

static int
image(const char *name)
{
	char path[128];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "tests/fuzz/corpus/blkid/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	len = n > 0 ? (size_t)n : 0;
	return n > 0 ? 0 : -1;
}

static int
ext4_gives_its_uuid_and_label(void)
{
	CHECK(image("ext4") == 0 && blkid_fs(buf, len, &id) == 0);
	CHECK(strcmp(id.type, "ext4") == 0);
	CHECK(strcmp(id.uuid, "0b1c2d3e-4f50-4172-8394-a5b6c7d8e9f0") == 0);
	CHECK(strcmp(id.label, "root") == 0);
	return 1;
}

static int
fat12_and_fat32_give_the_volume_id_and_label(void)
{
	CHECK(image("fat12") == 0 && blkid_fs(buf, len, &id) == 0);
	CHECK(!strcmp(id.type, "vfat") && !strcmp(id.uuid, "1234-ABCD"));
	CHECK(strcmp(id.label, "BOOT") == 0);
	CHECK(image("fat32") == 0 && blkid_fs(buf, len, &id) == 0);
	CHECK(!strcmp(id.type, "vfat") && !strcmp(id.uuid, "CAFE-0042"));
	CHECK(strcmp(id.label, "EFI") == 0);
	return 1;
}

static int
squashfs_has_a_type_and_no_uuid(void)
{
	CHECK(image("squashfs") == 0 && blkid_fs(buf, len, &id) == 0);
	CHECK(!strcmp(id.type, "squashfs") && !id.uuid[0] && !id.label[0]);
	return 1;
}

static int
gpt_gives_each_partitions_guid_and_nothing_past_them(void)
{
	char p[40];

	CHECK(image("gpt") == 0);
	CHECK(blkid_partuuid(buf, len, 1, p, sizeof(p)) == 0);
	CHECK(strcmp(p, "21c42501-be18-5642-abc0-aad01c7e1aa2") == 0);
	CHECK(blkid_partuuid(buf, len, 2, p, sizeof(p)) == 0);
	CHECK(strcmp(p, "1fa7a2c4-3f4c-3148-9eed-b39aad919e6e") == 0);
	CHECK(blkid_partuuid(buf, len, 3, p, sizeof(p)) == -ENOENT);
	CHECK(blkid_partuuid(buf, len, 0, p, sizeof(p)) == -ENOENT);
	CHECK(blkid_fs(buf, len, &id) == -ENOENT);	/* a table, no fs */
	return 1;
}

static int
gpt_entries_beyond_the_bytes_read_are_not_read(void)
{
	char p[40];

	CHECK(image("gpt") == 0);
	CHECK(blkid_partuuid(buf, 2 * 512 + 16, 1, p, sizeof(p)) == -ENOENT);
	buf[512 + 72] = 0xff;	/* the entries' LBA, far out */
	CHECK(blkid_partuuid(buf, len, 1, p, sizeof(p)) == -ENOENT);
	return 1;
}

static int
mbr_gives_signature_and_number_for_primary_partitions(void)
{
	char p[40];

	CHECK(image("mbr") == 0);
	CHECK(blkid_partuuid(buf, len, 1, p, sizeof(p)) == 0);
	CHECK(strcmp(p, "1234abcd-01") == 0);
	CHECK(blkid_partuuid(buf, len, 2, p, sizeof(p)) == 0);
	CHECK(strcmp(p, "1234abcd-02") == 0);
	CHECK(blkid_partuuid(buf, len, 3, p, sizeof(p)) == -ENOENT);
	CHECK(blkid_partuuid(buf, len, 5, p, sizeof(p)) == -ENOENT);
	return 1;
}

static int
a_short_or_foreign_buffer_is_no_filesystem(void)
{
	CHECK(image("ext4") == 0);
	CHECK(blkid_fs(buf, 1024 + 0x40, &id) == -ENOENT);
	memset(buf, 0, sizeof(buf));
	CHECK(blkid_fs(buf, sizeof(buf), &id) == -ENOENT);
	buf[510] = 0x55, buf[511] = 0xAA;	/* a signature alone */
	CHECK(blkid_fs(buf, sizeof(buf), &id) == -ENOENT);
	return 1;
}

static int
a_label_of_sixteen_bytes_without_nul_stays_in_bounds(void)
{
	CHECK(image("ext4") == 0);
	memset(buf + 1024 + 0x78, 'x', 16);
	CHECK(blkid_fs(buf, len, &id) == 0);
	CHECK(strlen(id.label) == 16);
	return 1;
}

static int
specs_name_their_kind_and_uuids_match_without_case(void)
{
	const char *v;

	CHECK(blkid_spec("LABEL=root", &v) == BY_LABEL && !strcmp(v, "root"));
	CHECK(blkid_spec("UUID=ab-CD", &v) == BY_UUID && !strcmp(v, "ab-CD"));
	CHECK(blkid_spec("PARTUUID=1-01", &v) == BY_PARTUUID);
	CHECK(blkid_spec("/dev/vda", &v) == BY_PATH && !strcmp(v, "/dev/vda"));
	CHECK(blkid_same(BY_UUID, "CAFE-0042", "cafe-0042"));
	CHECK(!blkid_same(BY_LABEL, "Root", "root"));
	CHECK(!blkid_same(BY_UUID, "", ""));
	return 1;
}

int
main(void)
{
	static const struct unit_test t[] = {
		T(ext4_gives_its_uuid_and_label),
		T(fat12_and_fat32_give_the_volume_id_and_label),
		T(squashfs_has_a_type_and_no_uuid),
		T(gpt_gives_each_partitions_guid_and_nothing_past_them),
		T(gpt_entries_beyond_the_bytes_read_are_not_read),
		T(mbr_gives_signature_and_number_for_primary_partitions),
		T(a_short_or_foreign_buffer_is_no_filesystem),
		T(a_label_of_sixteen_bytes_without_nul_stays_in_bounds),
		T(specs_name_their_kind_and_uuids_match_without_case),
	};

	return run_tests(t, LEN(t));
}
