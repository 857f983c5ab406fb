# SPDX-License-Identifier: MIT
# The test fixtures themselves, without init: the busybox root filesystem
# builder, the probe, and the helpers that must be able to fail.

# A fresh root filesystem with the probe in $TEST_DIR/root.
fresh_rootfs() {
	R=$TEST_DIR/root
	build_rootfs "$R"
}

test_rootfs_links_every_busybox_applet_relatively_to_bin_busybox() {
	local applet link n=0
	fresh_rootfs
	for applet in $(busybox --list-full); do
		case $applet in linuxrc | bin/busybox) continue ;; esac
		link=$(readlink "$R/$applet") || fail "$applet is not a symlink"
		expect_match "$link" '^[^/]' "$applet link is relative"
		[ "$R/$applet" -ef "$R/bin/busybox" ] || fail "$applet -> $link is not busybox"
		n=$((n + 1))
	done
	[ "$n" -gt 200 ] || fail "only $n applets"
	[ ! -e "$R/linuxrc" ] || fail "linuxrc was installed"
	expect_eq "$(readlink "$R/bin/sh")" busybox "bin/sh"
}

test_rootfs_directories_have_sane_owners_and_modes() {
	local d
	fresh_rootfs
	for d in proc sys dev etc bin usr/bin run var home; do
		expect_eq "$(stat -c '%a %u:%g' "$R/$d")" "755 0:0" "/$d"
	done
	expect_eq "$(stat -c '%a %u:%g' "$R/tmp")" "1777 0:0" "/tmp"
	expect_eq "$(stat -c '%a %u:%g' "$R/root")" "700 0:0" "/root"
	expect_eq "$(stat -c '%a %u:%g' "$R/home/app")" "755 1000:1000" "/home/app"
	expect_eq "$(stat -c '%a %u:%g' "$R/etc/passwd")" "644 0:0" "/etc/passwd"
	expect_eq "$(stat -c '%a %u:%g' "$R/usr/bin/probe")" "755 0:0" "/usr/bin/probe"
}

test_rootfs_builder_rebuilds_from_scratch_when_run_twice() {
	fresh_rootfs
	touch "$R/stray"
	fresh_rootfs
	[ ! -e "$R/stray" ] || fail "a file from the previous build survived"
	[ ! -e "$R.tmp" ] || fail "$R.tmp was left behind"
	[ -x "$R/usr/bin/probe" ] || fail "no probe after the second build"
}

test_rootfs_builder_refuses_a_directory_with_a_mount_under_it() {
	fresh_rootfs
	mount -t tmpfs tmpfs "$R/tmp"
	local st=0
	build_rootfs "$R" || st=$?
	umount "$R/tmp"
	[ "$st" != 0 ] || fail "rootfs.sh rebuilt over a live mount"
	[ -x "$R/bin/busybox" ] || fail "the mounted tree was damaged"
}

test_probe_answers_uid_cwd_and_stat_in_argument_order_inside_a_chroot() {
	fresh_rootfs
	expect_eq "$(chroot "$R" /usr/bin/probe uid cwd stat:/bin/sh)" \
		"uid=0,0,0
cwd=/
stat:/bin/sh=l ->busybox" "probe output"
}

test_probe_reports_file_types_modes_and_missing_files() {
	fresh_rootfs
	mknod -m 0666 "$R/dev/null" c 1 3
	expect_eq "$(chroot "$R" /usr/bin/probe stat:/dev/null stat:/tmp \
		stat:/etc/passwd stat:/nope)" \
		"stat:/dev/null=c 1:3 0666
stat:/tmp=d 1777
stat:/etc/passwd=f 0644
stat:/nope=missing" "probe stat"
}

test_probe_reports_write_results_umask_and_environment() {
	fresh_rootfs
	expect_eq "$(umask 027; env -u BAR FOO='a b' chroot "$R" /usr/bin/probe \
		write:/tmp/x write:/nope/x umask env:FOO env:BAR)" \
		"write:/tmp/x=ok
write:/nope/x=No such file or directory
umask=0027
env:FOO=a b
env:BAR=" "probe output"
	expect_eq "$(cat "$R/tmp/x")" x "byte written by the probe"
}

# Needs /proc: run on the host, which also shows the runner leaks no fd.
test_probe_lists_open_fds_and_the_runner_leaks_none_to_tests() {
	build_probe
	expect_eq "$("$PROBE" fds 4</dev/null 7>/dev/null)" "fds=0,1,2,4,7" "probe fds"
}

test_probe_finds_a_mount_by_exact_mount_point_with_its_type_and_options() {
	local m="$TEST_DIR/a mount"
	mkdir -p "$m"
	build_probe
	# A private mount namespace: nothing of this reaches the host.
	expect_eq "$(unshare --mount --propagation private sh -c '
		mount -t tmpfs -o nosuid,nodev,noexec,size=1m tmpfs "$1"
		"$2" "mount:$1" "mount:$1/sub" mounts' sh "$m" "$PROBE" |
		sed 's/^mounts=[0-9][0-9]*$/mounts=N/')" \
		"mount:$m=tmpfs rw,nosuid,nodev,noexec,relatime
mount:$m/sub=none
mounts=N" "probe mount"
	host_clean "$TEST_DIR"
}

test_probe_rejects_an_unknown_key_with_status_2() {
	build_probe
	expect_status 2 "$PROBE" uid nonsense
	expect_eq "$("$PROBE" nonsense 2>/dev/null || :)" "" "stdout on an unknown key"
}

test_app_user_in_the_rootfs_has_uid_1000_and_groups_wheel_and_audio() {
	fresh_rootfs
	expect_eq "$(chroot "$R" /bin/sh -c 'id app')" \
		"uid=1000(app) gid=1000(app) groups=1000(app),10(wheel),29(audio)" "id app"
}

test_rootfs_has_a_user_and_a_group_whose_names_are_the_number_2000() {
	fresh_rootfs
	expect_eq "$(chroot "$R" /bin/sh -c 'grep "^2000:" /etc/passwd')" \
		"2000:x:3000:3000:numeric name:/home/2000:/bin/sh" "passwd entry"
	expect_eq "$(chroot "$R" /bin/sh -c 'grep "^2000:" /etc/group')" \
		"2000:x:3000:" "group entry"
}

test_expectations_fail_when_they_do_not_hold() {
	expect_status 1 bash -c '. tests/lib.sh; expect_eq a b "letters"'
	expect_status 1 bash -c '. tests/lib.sh; expect_match abc "^b" "letters"'
	expect_status 1 bash -c '. tests/lib.sh; expect_status 0 false'
	expect_status 0 bash -c '. tests/lib.sh; expect_status 3 sh -c "exit 3"'
}

test_host_clean_fails_while_a_mount_is_left_under_the_rootfs() {
	local st=0
	mkdir -p "$TEST_DIR/r/m"
	mount -t tmpfs tmpfs "$TEST_DIR/r/m"
	(host_clean "$TEST_DIR/r") 2>/dev/null || st=$?
	umount "$TEST_DIR/r/m"
	[ "$st" != 0 ] || fail "host_clean missed a mount"
	host_clean "$TEST_DIR/r"
}

test_host_clean_fails_while_a_process_has_its_cwd_in_the_rootfs() {
	local st=0 pid
	mkdir -p "$TEST_DIR/r"
	(cd "$TEST_DIR/r" && exec sleep 30) &
	pid=$!
	sleep 0.1
	(host_clean "$TEST_DIR/r") 2>/dev/null || st=$?
	kill "$pid"
	wait "$pid" 2>/dev/null || :
	[ "$st" != 0 ] || fail "host_clean missed process $pid"
	host_clean "$TEST_DIR/r"
}
