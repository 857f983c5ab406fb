/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/moddep.c: modules.dep lines, module names, the load
 * order for a name, and modules.builtin, read through a pipe. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "moddep.h"
#include "util.h"
#include "unit.h"


/* Lines of Debian bookworm's modules.dep, linux-image-6.1.0-57-amd64. */
static const char debian_dep[] =
	"kernel/drivers/net/ethernet/intel/e1000/e1000.ko:\n"
	"kernel/drivers/block/virtio_blk.ko: kernel/drivers/virtio/virtio.ko "
		"kernel/drivers/virtio/virtio_ring.ko\n"
	"kernel/drivers/md/dm-raid.ko: kernel/drivers/md/raid456.ko "
		"kernel/lib/libcrc32c.ko "
		"kernel/crypto/async_tx/async_raid6_recov.ko "
		"kernel/crypto/async_tx/async_memcpy.ko "
		"kernel/crypto/async_tx/async_pq.ko kernel/lib/raid6/raid6_pq.ko "
		"kernel/crypto/async_tx/async_xor.ko kernel/crypto/xor.ko "
		"kernel/crypto/async_tx/async_tx.ko kernel/drivers/md/md-mod.ko "
		"kernel/drivers/md/dm-mod.ko\n"
	"kernel/drivers/net/net_failover.ko: kernel/net/core/failover.ko\n"
	"kernel/drivers/net/virtio_net.ko: kernel/drivers/net/net_failover.ko "
		"kernel/net/core/failover.ko kernel/drivers/virtio/virtio.ko "
		"kernel/drivers/virtio/virtio_ring.ko\n"
	"kernel/drivers/virtio/virtio.ko: kernel/drivers/virtio/virtio_ring.ko\n"
	"kernel/drivers/virtio/virtio_pci.ko: kernel/drivers/virtio/virtio.ko "
		"kernel/drivers/virtio/virtio_pci_legacy_dev.ko "
		"kernel/drivers/virtio/virtio_pci_modern_dev.ko "
		"kernel/drivers/virtio/virtio_ring.ko\n"
	"kernel/drivers/virtio/virtio_ring.ko:\n"
	"kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko kernel/fs/mbcache.ko "
		"kernel/fs/jbd2/jbd2.ko\n"
	"kernel/net/core/failover.ko:\n";

/* And of its modules.builtin. */
static const char debian_builtin[] =
	"kernel/arch/x86/crypto/libblake2s-x86_64.ko\n"
	"kernel/drivers/tty/serial/8250/8250.ko\n"
	"kernel/drivers/tty/serial/8250/8250_base.ko\n"
	"kernel/net/unix/unix.ko\n";

static char paths[16][MODDEP_PATH];

/* moddep_resolve over data, into the first max slots of paths. */
static int
resolve(const char *data, const char *name, size_t max)
{
	int fd = pipe_of(data, strlen(data)), rc;

	if (fd < 0)
		return -999;
	memset(paths, 0, sizeof(paths));
	rc = moddep_resolve(fd, name, paths, max);
	close(fd);
	return rc;
}

static int
builtin(const char *data, const char *name)
{
	int fd = pipe_of(data, strlen(data)), rc;

	if (fd < 0)
		return -999;
	rc = moddep_builtin(fd, name);
	close(fd);
	return rc;
}

static int
a_line_splits_into_the_module_and_its_dependencies(void)
{
	char line[] = "kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko "
		      "kernel/fs/mbcache.ko kernel/fs/jbd2/jbd2.ko";
	struct moddep d;

	CHECK(moddep_line(line, &d) == 0);
	CHECK(!strcmp(d.module, "kernel/fs/ext4/ext4.ko"));
	CHECK(!strcmp(moddep_next(&d.deps), "kernel/lib/crc16.ko"));
	CHECK(!strcmp(moddep_next(&d.deps), "kernel/fs/mbcache.ko"));
	CHECK(!strcmp(moddep_next(&d.deps), "kernel/fs/jbd2/jbd2.ko"));
	CHECK(moddep_next(&d.deps) == NULL);
	CHECK(moddep_next(&d.deps) == NULL);
	return 1;
}

static int
a_module_without_dependencies_has_none(void)
{
	char line[] = "kernel/net/core/failover.ko:";
	struct moddep d;

	CHECK(moddep_line(line, &d) == 0);
	CHECK(!strcmp(d.module, "kernel/net/core/failover.ko"));
	CHECK(moddep_next(&d.deps) == NULL);
	return 1;
}

static int
compressed_modules_and_extra_blanks_are_accepted(void)
{
	char line[] = "updates/dkms/zfs.ko.zst:\tupdates/dkms/spl.ko.xz  "
		      "kernel/lib/zlib_deflate/zlib_deflate.ko.gz ";
	struct moddep d;

	CHECK(moddep_line(line, &d) == 0);
	CHECK(!strcmp(moddep_next(&d.deps), "updates/dkms/spl.ko.xz"));
	CHECK(!strcmp(moddep_next(&d.deps),
		      "kernel/lib/zlib_deflate/zlib_deflate.ko.gz"));
	CHECK(moddep_next(&d.deps) == NULL);
	return 1;
}

static int
lines_that_are_not_module_paths_are_rejected(void)
{
	const char *bad[] = {
		"", ":", "kernel/fs/ext4/ext4.ko", "kernel/fs/ext4/ext4: x.ko",
		"kernel/fs/.ko:", "kernel/fs/ext4.ko.bz2:", "a b.ko: c.ko",
		"a.ko: b.ko: c.ko", "a.ko: x:/b.ko", "a.ko: kernel/fs/",
		"a.ko: b.ko.",
		"# a comment",
	};
	struct moddep d;
	char line[64];
	size_t i;

	for (i = 0; i < LEN(bad); i++) {
		snprintf(line, sizeof(line), "%s", bad[i]);
		CHECK(moddep_line(line, &d) == -EINVAL);
		CHECK(d.deps == NULL);
	}
	return 1;
}

static int
names_match_the_file_name_without_its_suffix_dashes_as_underscores(void)
{
	CHECK(moddep_match("kernel/drivers/net/virtio_net.ko", "virtio_net"));
	CHECK(moddep_match("kernel/drivers/net/virtio_net.ko", "virtio-net"));
	CHECK(moddep_match("kernel/drivers/md/dm-mod.ko.xz", "dm_mod"));
	CHECK(moddep_match("kernel/drivers/md/dm-mod.ko.zst", "dm-mod"));
	CHECK(moddep_match("kernel/fs/ext4/ext4.ko.gz", "ext4"));
	CHECK(moddep_match("ext4.ko", "ext4"));
	CHECK(!moddep_match("kernel/fs/ext4/ext4.ko", "ext"));
	CHECK(!moddep_match("kernel/fs/ext4/ext4.ko", "ext4.ko"));
	CHECK(!moddep_match("kernel/fs/ext4/ext4.ko", "kernel/fs/ext4/ext4"));
	CHECK(!moddep_match("kernel/fs/ext4/ext4.ko", "EXT4"));
	CHECK(!moddep_match("kernel/fs/ext4/ext4", "ext4"));
	CHECK(!moddep_match("kernel/fs/.ko", ""));
	return 1;
}

static int
virtio_net_loads_its_dependencies_last_to_first_then_itself(void)
{
	CHECK(resolve(debian_dep, "virtio_net", 16) == 5);
	CHECK(!strcmp(paths[0], "kernel/drivers/virtio/virtio_ring.ko"));
	CHECK(!strcmp(paths[1], "kernel/drivers/virtio/virtio.ko"));
	CHECK(!strcmp(paths[2], "kernel/net/core/failover.ko"));
	CHECK(!strcmp(paths[3], "kernel/drivers/net/net_failover.ko"));
	CHECK(!strcmp(paths[4], "kernel/drivers/net/virtio_net.ko"));
	return 1;
}

static int
a_module_without_dependencies_is_loaded_alone(void)
{
	CHECK(resolve(debian_dep, "e1000", 16) == 1);
	CHECK(!strcmp(paths[0], "kernel/drivers/net/ethernet/intel/e1000/e1000.ko"));
	CHECK(resolve(debian_dep, "failover", 1) == 1);	/* the last line */
	return 1;
}

static int
the_name_may_be_spelled_with_dashes_or_underscores(void)
{
	CHECK(resolve(debian_dep, "dm_raid", 16) == 12);
	CHECK(!strcmp(paths[0], "kernel/drivers/md/dm-mod.ko"));
	CHECK(!strcmp(paths[11], "kernel/drivers/md/dm-raid.ko"));
	CHECK(resolve(debian_dep, "virtio-pci", 16) == 5);
	return 1;
}

static int
a_name_that_modules_dep_does_not_know_is_enoent(void)
{
	CHECK(resolve(debian_dep, "veth", 16) == -ENOENT);
	CHECK(resolve(debian_dep, "virtio_", 16) == -ENOENT);
	CHECK(resolve(debian_dep, "", 16) == -ENOENT);
	CHECK(resolve("", "ext4", 16) == -ENOENT);
	return 1;
}

static int
too_small_an_array_is_e2big_and_exactly_enough_fits(void)
{
	CHECK(resolve(debian_dep, "virtio_net", 4) == -E2BIG);
	CHECK(resolve(debian_dep, "virtio_net", 5) == 5);
	CHECK(resolve(debian_dep, "e1000", 0) == -E2BIG);
	return 1;
}

static int
a_malformed_line_for_the_name_is_einval_and_others_are_skipped(void)
{
	CHECK(resolve("garbage\nkernel/a.ko: b\nkernel/c.ko:\n", "a", 16) ==
	      -EINVAL);
	CHECK(resolve("garbage\nkernel/a.ko: b\nkernel/c.ko:\n", "c", 16) == 1);
	return 1;
}

static int
a_path_longer_than_a_slot_is_enametoolong(void)
{
	char dep[2 * MODDEP_PATH + 16];

	memset(dep, 'a', sizeof(dep));
	memcpy(dep, "x.ko: ", 6);
	memcpy(dep + 6 + MODDEP_PATH, ".ko\n", 5);
	CHECK(resolve(dep, "x", 16) == -ENAMETOOLONG);
	return 1;
}

static int
the_first_line_naming_the_module_wins(void)
{
	CHECK(resolve("updates/e1000.ko:\nkernel/e1000.ko: kernel/x.ko\n",
		      "e1000", 16) == 1);
	CHECK(!strcmp(paths[0], "updates/e1000.ko"));
	return 1;
}

static int
builtin_modules_are_found_by_name_and_others_are_enoent(void)
{
	CHECK(builtin(debian_builtin, "8250") == 0);
	CHECK(builtin(debian_builtin, "8250-base") == 0);
	CHECK(builtin(debian_builtin, "unix") == 0);
	CHECK(builtin(debian_builtin, "ext4") == -ENOENT);
	CHECK(builtin(debian_builtin, "8250_pci") == -ENOENT);
	CHECK(builtin("", "unix") == -ENOENT);
	return 1;
}

static int
a_read_error_is_returned(void)
{
	CHECK(moddep_resolve(-1, "ext4", paths, 16) == -EBADF);
	CHECK(moddep_builtin(-1, "ext4") == -EBADF);
	return 1;
}

static const struct unit_test tests[] = {
	T(a_line_splits_into_the_module_and_its_dependencies),
	T(a_module_without_dependencies_has_none),
	T(compressed_modules_and_extra_blanks_are_accepted),
	T(lines_that_are_not_module_paths_are_rejected),
	T(names_match_the_file_name_without_its_suffix_dashes_as_underscores),
	T(virtio_net_loads_its_dependencies_last_to_first_then_itself),
	T(a_module_without_dependencies_is_loaded_alone),
	T(the_name_may_be_spelled_with_dashes_or_underscores),
	T(a_name_that_modules_dep_does_not_know_is_enoent),
	T(too_small_an_array_is_e2big_and_exactly_enough_fits),
	T(a_malformed_line_for_the_name_is_einval_and_others_are_skipped),
	T(a_path_longer_than_a_slot_is_enametoolong),
	T(the_first_line_naming_the_module_wins),
	T(builtin_modules_are_found_by_name_and_others_are_enoent),
	T(a_read_error_is_returned),
};

int
main(void)
{
	return run_tests(tests, LEN(tests));
}
