# SPDX-License-Identifier: MIT
# run: alone
# The container's cgroup (cgroup v2): made by the launcher before the
# container runs, limits in it, removed afterwards. Where it is made and
# removed is checked on this host, whatever its layout (the cgroup2 mount
# may be /sys/fs/cgroup/unified on a hybrid one), under a fixed name
# (nsinit-test): the file runs alone. The limits need their controllers
# on the unified hierarchy, which a hybrid host keeps for v1: they are
# checked in a QEMU guest (t_cgroup_vm.sh).
. "$TOP/tests/configs.sh"

# The first cgroup2 mount, as the launcher finds it.
cgroup2_mount() {
	awk '$0 ~ / - cgroup2 / { print $5; exit }' /proc/self/mountinfo
}

# cg_config NAME [C FIELDS]: a root appliance on $ROOTFS in its own cgroup
# namespace, the given fields added; sets INIT and CG2, the cgroup2 mount.
cg_config() {
	local name=$1 extra=${2:-}
	CG2=$(cgroup2_mount)
	[ -n "$CG2" ] || skip "no cgroup2 filesystem is mounted on this host"
	[ ! -e "$CG2/nsinit-test" ] || fail "$CG2/nsinit-test is there before the test"
	true_config "cgroup_$name" "$extra"
}

# nothing_left: no cgroup of the tests' parent is left on the host.
nothing_left() {
	[ ! -e "$CG2/nsinit-test" ] ||
		fail "left behind: $(find "$CG2/nsinit-test" -type d | tr '\n' ' ')"
}

test_the_container_runs_in_a_cgroup_of_its_own_that_is_removed_afterwards() {
	local launcher line leaf init
	cg_config own '.cgroup_parent = "/nsinit-test/own",'
	talk_to "$INIT" -- /bin/sh -c 'grep "^0::" /proc/self/cgroup; read -r x'
	launcher=$LAUNCHER
	IFS= read -r -t 20 -u 4 line || fail "no line from the container: $(cat "$TEST_DIR/err")"
	expect_eq "$line" "0::/" "its own cgroup, seen from inside (cgroup namespace)"
	leaf=$CG2/nsinit-test/own/$launcher
	init=$(pgrep -P "$launcher")
	expect_eq "$(grep '^0::' "/proc/$init/cgroup")" "0::/nsinit-test/own/$launcher" \
		"init's cgroup, seen from the host"
	expect_eq "$(wc -l <"$leaf/cgroup.procs")" 2 "processes in $leaf (init, the appliance)"
	echo >&3
	exec 3>&-
	wait "$launcher" || fail "status $?: $(cat "$TEST_DIR/err")"
	nothing_left
}

test_an_invalid_limit_is_refused_before_anything_is_made() {
	cg_config badvalue '.cgroup_parent = "/nsinit-test", .memory_max = "64Q",'
	run_init "$INIT"
	expect_one_error_line 255 '^init: config: memory_max 64Q: not "max" or a size like 64M$'
	nothing_left
}

# The parent is made, then a component of it turns out to be one of its
# interface files: what was made goes again.
test_a_cgroup_failure_after_the_parent_was_made_leaves_nothing_behind() {
	cg_config notdir '.cgroup_parent = "/nsinit-test/cgroup.procs",'
	run_init "$INIT"
	expect_one_error_line 255 "^init: cgroup: $CG2/nsinit-test/cgroup.procs: not a cgroup\$"
	nothing_left
	host_clean "$ROOTFS"
}

test_a_cgroup_without_a_cgroup2_mount_is_one_clear_line() {
	cg_config nomount '.cgroup_parent = "/nsinit-test",'
	run_init unshare -m --propagation private sh -c 'umount "$1" && exec "$2"' sh "$CG2" "$INIT"
	expect_one_error_line 255 '^init: cgroup: no cgroup2 filesystem is mounted: the container.s cgroup needs one$'
	nothing_left
}
