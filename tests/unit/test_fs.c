/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/fs.c's pure parts: the flags of mount_setattr's
 * fallback (a bind remount sets every per-mount flag at once) and the
 * mount points below a mount, as its walk of mountinfo reads them. */
#include <string.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <linux/mount.h>

#include "fs.h"
#include "util.h"
#include "unit.h"

#define BASE (MS_REMOUNT | MS_BIND)

static int
a_remount_keeps_the_flags_the_mount_has_and_adds_the_asked_ones(void)
{
	CHECK(fs_remount_flags(ST_NOSUID | ST_RELATIME, MOUNT_ATTR_RDONLY, 0) ==
	      (BASE | MS_NOSUID | MS_RDONLY | MS_RELATIME));
	CHECK(fs_remount_flags(ST_NODEV | ST_NOEXEC | ST_NOATIME,
			       MOUNT_ATTR_NOSUID, 0) ==
	      (BASE | MS_NODEV | MS_NOEXEC | MS_NOSUID | MS_NOATIME));
	return 1;
}

static int
a_remount_clears_only_the_flags_asked_to_clear(void)
{
	CHECK(fs_remount_flags(ST_RDONLY | ST_NODEV | ST_RELATIME, 0,
			       MOUNT_ATTR_RDONLY) ==
	      (BASE | MS_NODEV | MS_RELATIME));
	return 1;
}

/* no atime flag in a remount means relatime: strictatime must be said */
static int
a_mount_without_an_atime_flag_stays_strictatime(void)
{
	CHECK(fs_remount_flags(0, MOUNT_ATTR_NODEV, 0) ==
	      (BASE | MS_NODEV | MS_STRICTATIME));
	CHECK(fs_remount_flags(ST_NODIRATIME, 0, 0) ==
	      (BASE | MS_NODIRATIME | MS_STRICTATIME));
	return 1;
}

static int
nosymfollow_is_kept(void)
{
	CHECK(fs_remount_flags(0x2000 | ST_RELATIME, 0, 0) ==
	      (BASE | MS_NOSYMFOLLOW | MS_RELATIME));
	return 1;
}

static int
a_mount_point_below_the_top_is_relative_to_it(void)
{
	CHECK(strcmp(fs_below("/srv/root", "/srv/root/mnt/sub"), "mnt/sub") == 0);
	CHECK(strcmp(fs_below("/srv/root", "/srv/root"), ".") == 0);
	CHECK(strcmp(fs_below("/", "/mnt"), "mnt") == 0);
	CHECK(strcmp(fs_below("/", "/"), ".") == 0);
	return 1;
}

static int
a_mount_point_that_only_shares_a_prefix_with_the_top_is_not_below_it(void)
{
	CHECK(fs_below("/srv/root", "/srv/root2/mnt") == NULL);
	CHECK(fs_below("/srv/root", "/srv") == NULL);
	CHECK(fs_below("/srv/root", "/other") == NULL);
	return 1;
}

int
main(void)
{
	static const struct unit_test tests[] = {
		T(a_remount_keeps_the_flags_the_mount_has_and_adds_the_asked_ones),
		T(a_remount_clears_only_the_flags_asked_to_clear),
		T(a_mount_without_an_atime_flag_stays_strictatime),
		T(nosymfollow_is_kept),
		T(a_mount_point_below_the_top_is_relative_to_it),
		T(a_mount_point_that_only_shares_a_prefix_with_the_top_is_not_below_it),
	};

	return run_tests(tests, LEN(tests));
}
