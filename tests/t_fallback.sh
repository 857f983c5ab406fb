# SPDX-License-Identifier: MIT
# The fallbacks for kernels older than the calls nsinit prefers (5.10 has
# no mount_setattr and no CLOSE_RANGE_CLOEXEC), each exercised on this
# kernel with the calls answering as the old kernel would (tests/enosys.c).
# A mount made under the rootfs is made in a private mount namespace of
# the test, so that the host never sees it.
# run: alone
. "$TOP/tests/configs.sh"

# fb_table CALLS: the container's mount table, as init started under
# enosys CALLS ("none": as it is) shows it from inside: mount point,
# options, type, superblock options (ids and device numbers vary by
# run), in TABLE.
fb_table() {
	local wrap=(enosys "$1")
	[ "$1" != none ] || wrap=()
	run_init "${wrap[@]}" unshare --mount --propagation private sh -c '
		mount -t tmpfs -o size=64k tmpfs "$1/var" &&
		mkdir "$1/var/sub" && mount -t tmpfs -o size=64k tmpfs "$1/var/sub" &&
		mount -t tmpfs -o size=64k tmpfs "$2/sub" && shift 2 && exec "$@"' \
		sh "$FB_ROOT" "$FB_SRC/ro" "$INIT" -- /bin/cat /proc/self/mountinfo
	expect_eq "$STATUS" 0 "status"
	TABLE=$(awk '{ $1 = $2 = $3 = ""; print }' <<<"$OUT")
}

# The base appliance (read-only root) on a rootfs of its own ($FB_ROOT:
# the bind's target is made in it) with a read-only, nosuid, noexec bind
# whose source has a submount.
fb_binds() {
	FB_SRC=$TOP/build/tests/fallback/src
	FB_ROOT=$TOP/build/tests/fallback/rootfs
	build_rootfs "$FB_ROOT"
	rm -rf --one-file-system "$FB_SRC"
	mkdir -p "$FB_SRC/ro/sub"
	use_config fallback rootfs="\"$FB_ROOT\"" mounts="
	{ .source = \"$FB_SRC/ro\", .target = \"/mnt/ro\", .readonly = true,
	  .nosuid = true, .noexec = true },"
}

test_without_mount_setattr_the_container_s_mount_table_is_the_same_as_with_it() {
	local with
	fb_binds
	fb_table none
	with=$TABLE
	fb_table mount_setattr
	expect_eq "$TABLE" "$with" "the mount table without mount_setattr"
	host_clean "$FB_ROOT"
	host_clean "$FB_SRC"
}

test_without_mount_setattr_the_root_and_the_mounts_under_it_are_read_only_and_nodev() {
	use_config base
	run_init enosys mount_setattr unshare --mount --propagation private sh -c '
		mount -t tmpfs -o size=64k tmpfs "$1/var" &&
		mkdir "$1/var/sub" && mount -t tmpfs -o size=64k tmpfs "$1/var/sub" &&
		shift && exec "$@"' \
		sh "$CROOT" "$INIT" -- /usr/bin/probe mount:/ mount:/var mount:/var/sub \
		write:/x write:/var/sub/x
	expect_eq "$STATUS" 0 "status"
	expect_match "$(answer mount:/)" '^[^ ]+ ro,nodev(,|$)' "the root"
	expect_match "$(answer mount:/var)" '^tmpfs ro,nodev(,|$)' "the submount"
	expect_match "$(answer mount:/var/sub)" '^tmpfs ro,nodev(,|$)' "the submount's submount"
	expect_eq "$(answer write:/x)" "Read-only file system" "writing to the root"
	expect_eq "$(answer write:/var/sub/x)" "Read-only file system" "writing to the submount"
	host_clean "$CROOT"
}

test_without_mount_setattr_a_bind_is_read_only_nosuid_nodev_noexec_in_its_submounts_too() {
	fb_binds
	run_init enosys mount_setattr unshare --mount --propagation private sh -c '
		mount -t tmpfs -o size=64k tmpfs "$1/sub" && shift && exec "$@"' \
		sh "$FB_SRC/ro" "$INIT" -- /usr/bin/probe mount:/mnt/ro \
		mount:/mnt/ro/sub write:/mnt/ro/sub/x
	expect_eq "$STATUS" 0 "status"
	expect_match "$(answer mount:/mnt/ro)" '^[^ ]+ ro,nosuid,nodev,noexec(,|$)' "the bind"
	expect_match "$(answer mount:/mnt/ro/sub)" '^tmpfs ro,nosuid,nodev,noexec(,|$)' "its submount"
	expect_eq "$(answer write:/mnt/ro/sub/x)" "Read-only file system" "writing to the submount"
	host_clean "$FB_SRC"
}

test_without_mount_setattr_the_masks_are_read_only_and_in_place() {
	use_config base
	run_init enosys mount_setattr "$INIT" -- /usr/bin/probe mount:/proc/acpi \
		mount:/proc/keys mount:/proc/sys write:/proc/sys/kernel/hostname
	expect_eq "$STATUS" 0 "status"
	expect_match "$(answer mount:/proc/acpi)" '^tmpfs ro,' "/proc/acpi"
	expect_match "$(answer mount:/proc/keys)" '^tmpfs ro,' "/proc/keys"
	expect_match "$(answer mount:/proc/sys)" '^proc ro,' "/proc/sys"
	expect_eq "$(answer write:/proc/sys/kernel/hostname)" "Read-only file system" \
		"writing to /proc/sys"
}

# A mount covered by another on the same place is reached by no path, so
# no remount reaches it: it would stay writable (and the appliance could
# uncover it), where mount_setattr's AT_RECURSIVE makes it read-only.
test_without_mount_setattr_a_covered_mount_under_the_root_is_refused_with_one_line() {
	use_config base
	run_init enosys mount_setattr unshare --mount --propagation private sh -c '
		mount -t tmpfs -o size=64k tmpfs "$1/home" &&
		mount -t tmpfs -o size=64k tmpfs "$1/home" && shift && exec "$@"' \
		sh "$CROOT" "$INIT" -- /bin/true
	expect_one_error_line 255 "^init: rootfs: .*covered by another.*cannot reach, refused$"
	host_clean "$CROOT"
}

test_with_mount_setattr_a_covered_mount_under_the_root_is_read_only() {
	run_init "$PROBE" sys:mount_setattr
	[ "$(answer sys:mount_setattr)" != "error: Function not implemented" ] ||
		skip "no mount_setattr here"
	use_config base
	run_init unshare --mount --propagation private sh -c '
		mount -t tmpfs -o size=64k tmpfs "$1/home" &&
		mount -t tmpfs -o size=64k tmpfs "$1/home" && shift && exec "$@"' \
		sh "$CROOT" "$INIT" -- /usr/bin/probe mount:/home
	expect_eq "$STATUS" 0 "status"
	expect_match "$(answer mount:/home)" '^tmpfs ro,nodev(,|$)' "the top mount"
	host_clean "$CROOT"
}

test_without_close_range_no_fd_of_the_caller_reaches_the_appliance() {
	use_config base
	run_init enosys close_range "$INIT" -- /usr/bin/probe fds 7</dev/null 9>"$TEST_DIR/f"
	expect_eq "$STATUS" 0 "status"
	expect_eq "$(answer fds)" 0,1,2 "the appliance's fds"
}

test_without_close_range_cloexec_no_fd_of_init_reaches_the_appliance() {
	use_config base
	run_init enosys close_range_cloexec "$INIT" -- /usr/bin/probe fds 9</dev/null
	expect_eq "$STATUS" 0 "status"
	expect_eq "$(answer fds)" 0,1,2 "the appliance's fds"
}

test_enosys_makes_the_named_calls_answer_enosys_and_leaves_the_others() {
	run_init enosys fsopen,clone3 "$PROBE" sys:fsopen sys:clone3 sys:getppid
	expect_eq "$STATUS" 0 "status"
	expect_eq "$(answer sys:fsopen)" "error: Function not implemented" "fsopen"
	expect_eq "$(answer sys:clone3)" "error: Function not implemented" "clone3"
	expect_eq "$(answer sys:getppid)" ok "getppid"
}
