# The container's cgroup (cgroup v2): made by the launcher before the
# container runs, limits in it, removed afterwards. Where it is made and
# removed is checked on this host, whatever its layout (the cgroup2 mount
# may be /sys/fs/cgroup/unified on a hybrid one). The limits need their
# controllers on the unified hierarchy, which a hybrid host keeps for v1:
# they are checked in a QEMU guest, with nsinit as its init mounting
# cgroup2 on /sys/fs/cgroup and running the appliance in a container.
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

# --- limits, in a QEMU guest ------------------------------------------------

KDIR=$TOP/build/qemu

# vm_limits NAME LIMITS APP: boots a guest whose init runs the shell script
# APP in a container with the cgroup fields LIMITS; sets CONSOLE and
# APP_STATUS (the appliance's status, from init's status line).
vm_limits() {
	local name=$1 limits=$2 app=$3
	app=${app//\\/\\\\}
	app=${app//\"/\\\"}
	app=${app//$'\n'/\\n}
	"$TOP/busybox-test/kernel.sh" "$KDIR" >/dev/null
	config_build "cgroup_vm_$name" <<-EOF
	static const char *const argv_[] = { "/bin/sh", "-c", "$app", NULL };
	static const char *const env_[] = { "PATH=/bin:/sbin:/usr/bin:/usr/sbin", NULL };
	static const struct config config = {
		.rootfs = "/",
		.namespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWCGROUP,
		.argv = argv_, .envp = env_,
		.grace_ms = 1000,
		.boot = { .container = true, .cgroup2 = true, .debug_exit = true },
		$limits
	};
	EOF
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
