# SPDX-License-Identifier: MIT
# User namespaces: uid/gid map ranges, and a launch by an unprivileged
# user (nobody, through setpriv) who maps its own ids to root inside.
# Checked from inside (the probe) and from outside (/proc of the host).
. "$TOP/tests/configs.sh"

NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# rootless_allowed: skips the test unless this kernel lets nobody make a
# user namespace.
rootless_allowed() {
	local f=/proc/sys/kernel/unprivileged_userns_clone
	[ ! -r $f ] || [ "$(cat $f)" != 0 ] || skip "$f is 0: no unprivileged user namespaces"
	[ "$(cat /proc/sys/user/max_user_namespaces)" != 0 ] ||
		skip "/proc/sys/user/max_user_namespaces is 0"
	"${NOBODY[@]}" unshare -U true 2>/dev/null ||
		skip "the kernel refuses nobody a user namespace (unshare -U)"
}

# userns_config NAME NAMESPACES UID_MAP [C FIELDS]: the probe's appliance in
# a user namespace with UID_MAP as both maps, on a rootfs of the test's
# own ($URoot); sets INIT. Both in $TEST_OTHERS_DIR, where nobody reaches
# them.
userns_config() {
	local name=$1 ns=$2 map=$3 extra=${4:-}
	URoot=$TEST_OTHERS_DIR/root
	build_rootfs "$URoot" >/dev/null
	config_build "userns_$name" <<-EOF
	static const char *const argv_[] = { "/usr/bin/probe", "uid", NULL };
	static const char *const env_[] = { "PATH=/usr/bin:/bin", NULL };
	static const struct id_map map_[] = { $map };
	static const int caps_[] = { CAP_KILL };
	static const struct config config = {
		.rootfs = "$URoot",
		.namespaces = CLONE_NEWUSER | $ns,
		.uid_map = map_, .uid_maps = LEN(map_),
		.gid_map = map_, .gid_maps = LEN(map_),
		.hostname = "rootless",
		.argv = argv_, .envp = env_,
		.caps = caps_, .ncaps = LEN(caps_),
		.readonly_root = true,
		.grace_ms = 1000,
		$extra
	};
	EOF
	others_init
	"${NOBODY[@]}" test -x "$INIT" -a -r "$URoot/usr/bin/probe" ||
		skip "nobody cannot reach $INIT or $URoot: a path component is not traversable"
}

SELF='{ .inside = 0, .outside = ID_SELF, .count = 1 }'
ALL_NS='CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET'

# idline PID FIELD: "Uid:" or "Gid:" of /proc/PID/status, tabs as spaces.
idline() { grep "^$2" "/proc/$1/status" | tr -s '\t' ' '; }

test_a_rootless_launch_is_root_inside_and_nobody_outside() {
	local launcher line app
	rootless_allowed
	userns_config self "$ALL_NS" "$SELF"
	talk_to "${NOBODY[@]}" "$INIT" -- /bin/sh -c 'probe uid gid; read -r x'
	launcher=$LAUNCHER
	IFS= read -r -t 20 -u 4 line || fail "no line from the container: $(cat "$TEST_DIR/err")"
	expect_eq "$line" "uid=0,0,0" "uid inside"
	IFS= read -r -t 20 -u 4 line
	expect_eq "$line" "gid=0,0,0" "gid inside"
	app=$(pgrep -P "$(pgrep -P "$launcher")")
	expect_eq "$(idline "$app" Uid:)" "Uid: 65534 65534 65534 65534" "the appliance's uids outside"
	expect_eq "$(idline "$app" Gid:)" "Gid: 65534 65534 65534 65534" "the appliance's gids outside"
	expect_eq "$(tr -s ' ' <"/proc/$app/uid_map")" " 0 65534 1" "its uid_map"
	expect_eq "$(cat "/proc/$app/setgroups")" "deny" "setgroups, denied by the unprivileged launcher"
	echo >&3
	exec 3>&-
	wait "$launcher" || fail "status $?: $(cat "$TEST_DIR/err")"
	expect_eq "$(cat "$TEST_DIR/err")" "" "stderr (its own network and IPC namespaces: nothing skipped)"
	host_clean "$URoot"
}

test_a_rootless_container_gets_the_host_s_device_nodes_bound() {
	rootless_allowed
	userns_config self "$ALL_NS" "$SELF"
	run_init "${NOBODY[@]}" "$INIT" -- /usr/bin/probe stat:/dev/null stat:/dev/zero \
		stat:/dev/urandom write:/dev/null
	expect_eq "$STATUS" 0 "status ($ERR)"
	expect_eq "$OUT" $'stat:/dev/null=c 1:3 0666\nstat:/dev/zero=c 1:5 0666\nstat:/dev/urandom=c 1:9 0666\nwrite:/dev/null=ok' "device nodes"
	expect_match "$(probe_mount_dev)" "devtmpfs" "the nodes come from the host's devtmpfs"
	host_clean "$URoot"
}

# mountinfo of the container's /dev/null, from inside.
probe_mount_dev() {
	"${NOBODY[@]}" "$INIT" -- /usr/bin/probe mount:/dev/null 2>/dev/null </dev/null
}

test_a_rootless_container_skips_sysfs_and_mqueue_with_a_line_each() {
	rootless_allowed
	userns_config noipc 'CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS' "$SELF"
	run_init "${NOBODY[@]}" "$INIT" -- /usr/bin/probe mount:/sys mount:/dev/mqueue mount:/proc
	expect_eq "$STATUS" 0 "status"
	expect_eq "$(wc -l <<<"$ERR")" 2 "lines on stderr"
	expect_line "$ERR" "init: mounts: sysfs on /sys: skipped: a user namespace may mount it only with its own network namespace" "sysfs line"
	expect_line "$ERR" "init: mounts: mqueue on /dev/mqueue: skipped: a user namespace may mount it only with its own IPC namespace" "mqueue line"
	expect_line "$OUT" "mount:/sys=none" "/sys"
	expect_line "$OUT" "mount:/dev/mqueue=none" "/dev/mqueue"
	expect_line "$OUT" "mount:/proc=proc .*" "/proc, which stays required"
	host_clean "$URoot"
}

test_an_unprivileged_launcher_cannot_map_another_uid_and_leaves_nothing_behind() {
	rootless_allowed
	userns_config root "$ALL_NS" '{ .inside = 0, .outside = 0, .count = 1 }'
	run_init "${NOBODY[@]}" "$INIT"
	expect_one_error_line 255 '^init: launcher: /proc/[0-9]+/uid_map: Operation not permitted \(unprivileged: map only ID_SELF, count 1\)$'
	pgrep -u 65534 -f "$INIT" && fail "a process of the container is left"
	host_clean "$URoot"
}

# As root, a range: root inside is 100000 outside, and setgroups stays
# allowed (the launcher has CAP_SETGID).
test_a_uid_range_maps_root_inside_to_its_first_id_outside() {
	local launcher line app
	userns_config range "$ALL_NS" '{ .inside = 0, .outside = 100000, .count = 65536 }'
	talk_to "$INIT" -- /bin/sh -c 'probe uid groups; read -r x'
	launcher=$LAUNCHER
	IFS= read -r -t 20 -u 4 line || fail "no line from the container: $(cat "$TEST_DIR/err")"
	expect_eq "$line" "uid=0,0,0" "uid inside"
	IFS= read -r -t 20 -u 4 line
	expect_eq "$line" "groups=" "no host groups inside"
	app=$(pgrep -P "$(pgrep -P "$launcher")")
	expect_eq "$(idline "$app" Uid:)" "Uid: 100000 100000 100000 100000" "the appliance's uids outside"
	expect_eq "$(cat "/proc/$app/setgroups")" "allow" "setgroups"
	echo >&3
	exec 3>&-
	wait "$launcher" || fail "status $?: $(cat "$TEST_DIR/err")"
	host_clean "$URoot"
}
