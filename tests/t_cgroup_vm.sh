# SPDX-License-Identifier: MIT
# tier: vm
# The container's cgroup limits (cgroup v2), in a QEMU guest whose init
# mounts cgroup2 on /sys/fs/cgroup and runs the appliance in a container:
# the controllers are the guest kernel's, whatever this host has.

KDIR=$TOP/build/qemu

# vm_limits NAME LIMITS APP: boots a guest whose init runs the shell script
# APP in a container with the cgroup fields LIMITS; sets CONSOLE and
# APP_STATUS (the appliance's status, from init's status line).
vm_limits() {
	local name=$1 limits=$2
	"$TOP/busybox-test/kernel.sh" "$KDIR" >/dev/null
	MACHINE_NS='CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWCGROUP' \
	MACHINE_BOOT='.container = true, .cgroup2 = true, .debug_exit = true' \
	APP=$3 machine_config "cgroup_vm_$name" "$limits"
	KDIR=$KDIR "$TOP/busybox-test/initramfs.sh" "$TEST_DIR/initrd.cpio" "$INIT" \
		-- "$PROBE:/usr/bin/probe" >/dev/null
	KDIR=$KDIR "$TOP/busybox-test/boot.sh" -t 90 -l "$TEST_DIR/console" \
		"$TEST_DIR/initrd.cpio" >/dev/null 2>&1 || :
	CONSOLE=$(tr -d '\r' <"$TEST_DIR/console")
	grep -q 'Kernel panic' <<<"$CONSOLE" && fail "the guest panicked: $CONSOLE"
	APP_STATUS=$(sed -n 's/^nsinit-status: appliance=\([0-9]*\) .*/\1/p' <<<"$CONSOLE")
	[ -n "$APP_STATUS" ] || fail "no status line from the guest: $CONSOLE"
}

test_the_limits_are_visible_in_the_container_s_own_cgroup() {
	vm_limits visible '.memory_max = "32M", .pids_max = "20", .cpu_max = "50000 100000",' \
		'echo "cgroup $(cat /proc/self/cgroup)"
		 cd /sys/fs/cgroup && for f in cpu.max memory.max pids.max; do echo "$f $(cat $f)"; done
		 [ -e memory.swap.max ] && echo "memory.swap.max $(cat memory.swap.max)" || echo "no swap accounting"'
	expect_eq "$APP_STATUS" 0 "the appliance's status"
	grep -qx "no swap accounting" <<<"$CONSOLE" ||
		expect_line "$CONSOLE" "memory.swap.max 0" "memory.swap.max (memory_max covers swap)"
	expect_line "$CONSOLE" "cgroup 0::/" "its cgroup is the root of its cgroup namespace"
	expect_line "$CONSOLE" "cpu.max 50000 100000" "cpu.max"
	expect_line "$CONSOLE" "memory.max 33554432" "memory.max"
	expect_line "$CONSOLE" "pids.max 20" "pids.max"
}

# 20 processes in the cgroup: init, the probe and 18 forks.
test_a_fork_bomb_stops_at_pids_max() {
	vm_limits forks '.pids_max = "20",' 'exec probe forks:200'
	expect_eq "$APP_STATUS" 0 "the appliance's status"
	expect_line "$CONSOLE" "forks:200=18" "forks that succeeded"
}

test_a_memory_hog_is_killed_at_memory_max() {
	vm_limits memory '.memory_max = "16M",' 'exec probe alloc:64'
	expect_eq "$APP_STATUS" 137 "the appliance's status (SIGKILL from the OOM killer)"
	grep -q 'alloc:64=64' <<<"$CONSOLE" && fail "the hog got its 64 MiB: $CONSOLE"
	return 0
}
