# SPDX-License-Identifier: MIT
# Attacks by a hostile image on what init reads from it (/etc/passwd and
# /etc/group: no FIFO, device, link out of the root, huge file, or name
# mapped to root), by a sysctl key that walks out of its namespace, and
# ping without CAP_NET_RAW in the container's own network namespace.
. "$TOP/tests/configs.sh"

IMG_ROOT=$TOP/build/tests/attack-image/rootfs

# image_rootfs: a fresh writable busybox rootfs of these tests in $IMG_ROOT.
image_rootfs() {
	build_rootfs "$IMG_ROOT" >/dev/null
}

# image_config NAME [C TEXT]: appliance_config (configs.sh), the probe
# asked for uid and gid, on $IMG_ROOT (or $IMG_ON), in the namespaces
# $IMG_NS when set, running the array $IMG_ARGV names when set.
image_config() {
	APP_ROOT=${IMG_ON:-$IMG_ROOT} APP_NS=${IMG_NS:-} APP_ARGV=${IMG_ARGV:-} \
		APP_PROBE='"uid", "gid"' appliance_config "image_$1" "${2:-}"
}

# image_start [ARG...]: run_init of $INIT, which must return within 20 s:
# a hung start fails here, not at the runner's timeout.
image_start() {
	run_init timeout -k 2 20 "$INIT" "$@"
	[ "$STATUS" != 124 ] && [ "$STATUS" != 137 ] ||
		fail "the start hung: killed after 20 s"
}

# image_passwd TEXT: the image's /etc/passwd, a regular file again.
image_passwd() {
	rm -f "$IMG_ROOT/etc/passwd"
	printf '%s\n' "$1" >"$IMG_ROOT/etc/passwd"
}

# --- /etc/passwd and /etc/group -------------------------------------------------

test_the_unchanged_image_gives_app_its_ids() {
	image_rootfs
	image_config app '.user = "app",'
	image_start
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_eq "$(answer uid),$(answer gid)" 1000,1000,1000,1000,1000,1000 "uid, gid"
	host_clean "$IMG_ROOT"
}

# A FIFO as /etc/passwd hung the start for ever. It must not even be
# opened for reading: a writer waiting on the host side stays blocked in
# its open (an open with O_NONBLOCK would have let it through).
test_an_image_passwd_that_is_a_fifo_is_refused_and_never_opened() {
	local writer openat
	image_rootfs
	rm "$IMG_ROOT/etc/passwd"
	mkfifo -m 0644 "$IMG_ROOT/etc/passwd"
	image_config app '.user = "app",'
	openat=$(echo SYS_openat | cpp -P -include sys/syscall.h | tail -n 1)
	( exec 3>"$IMG_ROOT/etc/passwd"; echo opened >"$TEST_DIR/opened" ) &
	writer=$!
	# the writer is blocked in its open before init runs
	until read -r nr _ <"/proc/$writer/syscall" && [ "$nr" = "$openat" ]; do
		kill -0 "$writer" || fail "the writer ended"
	done
	image_start
	expect_one_error_line 255 '^init: user: /etc/passwd: not a regular file$'
	read -r nr _ <"/proc/$writer/syscall" || nr=gone
	expect_eq "$nr" "$openat" "the host's writer, still waiting for a reader"
	[ ! -e "$TEST_DIR/opened" ] || fail "the FIFO was opened for reading"
	kill "$writer"
	wait "$writer" || :
	host_clean "$IMG_ROOT"
}

# /dev/zero (c 1 5) as /etc/passwd spun init at 84 % CPU; any device's
# open would run its driver as host root. /etc/group likewise.
test_an_image_passwd_or_group_that_is_a_device_node_is_refused() {
	image_rootfs
	rm "$IMG_ROOT/etc/passwd"
	mknod -m 0644 "$IMG_ROOT/etc/passwd" c 1 5
	image_config app '.user = "app",'
	image_start
	expect_one_error_line 255 '^init: user: /etc/passwd: not a regular file$'
	host_clean "$IMG_ROOT"
	image_passwd 'app:x:1000:1000::/:/bin/sh'
	rm "$IMG_ROOT/etc/group"
	mknod -m 0644 "$IMG_ROOT/etc/group" c 1 5
	image_start
	expect_one_error_line 255 '^init: user: /etc/group: not a regular file$'
	host_clean "$IMG_ROOT"
}

# A symlink is followed inside the root: an absolute one names a path of
# the image, never the host's; a magic link (/proc/self/fd/N: here init's
# fd 3, a host file passed on) is refused; one within the image works.
test_an_image_passwd_symlink_is_resolved_inside_the_root_and_no_magic_link_is_followed() {
	local outside=$TEST_DIR/outside
	mkdir -p "$outside"
	echo 'app:x:4242:4242::/:/bin/sh' >"$outside/passwd"
	image_rootfs
	mv "$IMG_ROOT/etc/passwd" "$IMG_ROOT/etc/passwd.real"
	ln -s /etc/passwd.real "$IMG_ROOT/etc/passwd"
	image_config fd3 '.user = "app", .pass_fds = 1,'
	image_start 3<"$outside/passwd"
	expect_eq "$STATUS" 0 "status with a symlink within the image: $ERR"
	expect_eq "$(answer uid)" 1000,1000,1000 "uid from the image's file"
	ln -sfn "$outside/passwd" "$IMG_ROOT/etc/passwd"
	image_start 3<"$outside/passwd"
	expect_one_error_line 255 "^init: user: app: no such user in the container's /etc/passwd$"
	ln -sfn /proc/self/fd/3 "$IMG_ROOT/etc/passwd"
	image_start 3<"$outside/passwd"
	expect_one_error_line 255 '^init: user: /etc/passwd: (Symbolic link loop|Too many levels of symbolic links)$'
	host_clean "$IMG_ROOT"
}

# Bigger than 1 MiB, even with a good entry at its end.
test_an_image_passwd_larger_than_one_mib_is_refused() {
	image_rootfs
	{
		head -c $((1024 * 1024)) /dev/zero | tr '\0' '#'
		printf '\napp:x:1000:1000::/:/bin/sh\n'
	} >"$IMG_ROOT/etc/passwd"
	image_config app '.user = "app",'
	image_start
	expect_one_error_line 255 '^init: user: /etc/passwd: larger than 1 MiB$'
	host_clean "$IMG_ROOT"
}

# The configured user "app" is unprivileged; an image that maps the name
# to uid 0 (or the group name to gid 0) must not make it root.
test_an_image_that_maps_the_configured_user_or_group_name_to_0_is_refused() {
	image_rootfs
	image_passwd $'root:x:0:0::/root:/bin/sh\napp:x:0:0::/:/bin/sh'
	image_config app '.user = "app",'
	image_start
	expect_one_error_line 255 "^init: user: app: the container's /etc/passwd gives it uid 0 "
	host_clean "$IMG_ROOT"
	image_passwd 'app:x:1000:1000::/:/bin/sh'
	printf 'root:x:0:\nwheel:x:0:app\n' >"$IMG_ROOT/etc/group"
	image_config app-wheel '.user = "app:wheel",'
	image_start
	expect_one_error_line 255 "^init: user: wheel: the container's /etc/group gives it gid 0 "
	# asked for by number, root's ids are what was asked for
	image_config app-0 '.user = "app:0",'
	image_start
	expect_eq "$STATUS" 0 "status of app:0: $ERR"
	expect_eq "$(answer uid),$(answer gid)" 1000,1000,1000,0,0,0 "uid, gid of app:0"
	host_clean "$IMG_ROOT"
}

# --- sysctls ---------------------------------------------------------------------

# "net.//.kernel.printk_ratelimit_burst" is net/../kernel/... once dots
# and slashes swap: it wrote the host's kernel.printk_ratelimit_burst.
test_a_sysctl_key_that_walks_out_of_the_network_namespace_is_refused_at_start() {
	local f=/proc/sys/kernel/printk_ratelimit_burst before
	before=$(cat $f)
	# should the attack work, the host gets its value back
	trap "echo $before >$f || :" EXIT
	container_rootfs
	IMG_ON=$CROOT image_config sysctl-walk "
	static const struct sysctl sysctls_[] = { { \"net.//.kernel.printk_ratelimit_burst\", \"$((before + 1))\" } };
	.sysctls = sysctls_, .nsysctls = LEN(sysctls_),"
	image_start
	expect_one_error_line 255 '^init: config: sysctl net\.//\.kernel\.printk_ratelimit_burst: needs a key like net\.ipv4\.ip_forward'
	expect_eq "$(cat $f)" "$before" "the host's kernel.printk_ratelimit_burst"
	host_clean "$CROOT"
}

# --- ping ---------------------------------------------------------------------------

# As Docker: in its own network namespace the appliance (uid 1000, no
# capability at all) pings over ICMP echo sockets; the host's
# ping_group_range stays as it was.
test_an_appliance_without_cap_net_raw_pings_in_its_own_network_namespace() {
	local f=/proc/sys/net/ipv4/ping_group_range before
	before=$(cat $f)
	container_rootfs
	IMG_ON=$CROOT IMG_ARGV=ping_ image_config ping '
	static const char *const ping_[] = { "/bin/sh", "-c", "cat /proc/sys/net/ipv4/ping_group_range; probe uid capeff ping:127.0.0.1", NULL };
	.user = "app", .caps = (const int[]){ 0 }, .ncaps = 0,'
	image_start
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_eq "$OUT" $'0\t2147483647\nuid=1000,1000,1000\ncapeff=0000000000000000\nping:127.0.0.1=ok' \
		"inside: the range, the uid, no capability, ping"
	expect_eq "$(cat $f)" "$before" "the host's ping_group_range"
	# a configured value is kept: then ping needs CAP_NET_RAW again
	IMG_ON=$CROOT IMG_ARGV=ping_ image_config ping-own '
	static const char *const ping_[] = { "/bin/sh", "-c", "cat /proc/sys/net/ipv4/ping_group_range; probe ping:127.0.0.1", NULL };
	static const struct sysctl sysctls_[] = { { "net.ipv4.ping_group_range", "1 0" } };
	.sysctls = sysctls_, .nsysctls = LEN(sysctls_),
	.user = "app", .caps = (const int[]){ 0 }, .ncaps = 0,'
	image_start
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_eq "$OUT" $'1\t0\nping:127.0.0.1=error: Permission denied' "inside, configured"
	expect_eq "$(cat $f)" "$before" "the host's ping_group_range"
	host_clean "$CROOT"
}

# In a user namespace the range is the mapped gids of the lowest range.
# Root inside is uid 100000 outside: the rootfs goes where it can reach.
test_ping_in_a_user_namespace_covers_the_mapped_gids() {
	IMG_ROOT=$TEST_OTHERS_DIR/rootfs
	image_rootfs
	IMG_NS='CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS |
		CLONE_NEWIPC | CLONE_NEWNET' IMG_ARGV=ping_ image_config ping-userns '
	static const struct id_map map_[] = { { 0, 100000, 65536 } };
	static const char *const ping_[] = { "/bin/sh", "-c", "cat /proc/sys/net/ipv4/ping_group_range; probe uid ping:127.0.0.1", NULL };
	.uid_map = map_, .uid_maps = 1, .gid_map = map_, .gid_maps = 1,
	.user = "app", .caps = (const int[]){ 0 }, .ncaps = 0,'
	image_start
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_eq "$OUT" $'0\t65535\nuid=1000,1000,1000\nping:127.0.0.1=ok' "inside: the range, ping"
	host_clean "$IMG_ROOT"
}

# --- the situation: PID 1 of someone else's namespaces ----------------------

# situation_image: $IMG_ROOT with $INIT as /init and a module list whose
# one module is no module at all: an init that took itself for the
# machine's would try to load it, as root of the host.
situation_image() {
	local mods=$IMG_ROOT/lib/modules/$(uname -r)
	mkdir -p "$mods/kernel"
	echo "not a module" >"$mods/kernel/nsinit_attack.ko"
	echo "kernel/nsinit_attack.ko:" >"$mods/modules.dep"
	cp "$INIT" "$IMG_ROOT/init"
}

# situation_run [CMD...]: /init of the image run by CMD (default: none)
# as PID 1 of unshare --fork --pid --mount --uts --ipc --net, chrooted
# into the image, which is a mount point of its own as a runtime's rootfs
# is (run_init: OUT, ERR, STATUS).
situation_run() {
	run_init timeout -k 2 20 unshare --mount --propagation private sh -c '
		img=$1
		shift
		mount --bind "$img" "$img" &&
		exec unshare --fork --pid --mount --uts --ipc --net "$@" /init
	' sh "$IMG_ROOT" "$@"
}

# What the appliance sees of the kernel's filesystems, and its status.
SITUATION_APP='
static const char *const look_[] = { "/bin/sh", "-c", "grep -E \"^(devtmpfs|sysfs|proc) /(dev|sys|proc) \" /proc/mounts | sed -E \"s/^([^ ]+ [^ ]+ [^ ]+ [^, ]+).*/\\1/\"; exit 7", NULL };
.boot = { .modules = (const char *const[]){ "nsinit_attack", NULL } },'

# PID 1 of someone else's namespaces (nsinit(8)), an image without /proc
# (unshare --fork --pid --mount --uts --ipc --net --root=IMAGE /init): no
# procfs answers there, and init must not act as the machine's init
# (devtmpfs and sysfs read-write, the host's /proc/cmdline, the image's
# modules as host root, the status line): it proves its situation with a
# procfs of its own, which it never attaches, and runs the container.
test_pid_1_of_someone_else_s_namespaces_without_a_proc_is_a_container_not_the_machine() {
	image_rootfs
	IMG_ON=/ IMG_ARGV=look_ image_config noproc "$SITUATION_APP"
	situation_image
	situation_run --root="$IMG_ROOT"
	expect_eq "$STATUS" 7 "the appliance's status, through PID 1 ($ERR)"
	expect_eq "$OUT" $'proc /proc proc rw\nsysfs /sys sysfs ro' \
		"the container's kernel filesystems: no devtmpfs, sysfs read-only"
	grep -Eq 'nsinit-status|init: (modules|cmdline|boot):' <<<"$OUT$ERR" &&
		fail "init acted as the machine's: $ERR"
	host_clean "$IMG_ROOT"
}

# PID 1 without CAP_SYS_ADMIN (no procfs of its own) in an image without
# a mounted /proc: nothing can tell its situation, and that is one line
# and 255, never the machine's init.
test_pid_1_that_no_procfs_can_place_refuses_to_start_in_one_line() {
	image_rootfs
	IMG_ON=/ IMG_ARGV=look_ image_config noproc "$SITUATION_APP"
	situation_image
	situation_run setpriv --bounding-set=-sys_admin chroot "$IMG_ROOT"
	expect_one_error_line 255 "^init: init: PID 1, but no procfs could say of which PID namespace \\([^)]+\\): refused rather than taken for the machine's init$"
	grep -q 'nsinit-status' <<<"$OUT" && fail "init acted as the machine's: $OUT"
	host_clean "$IMG_ROOT"
}

# --- gid 0 and the image's groups --------------------------------------------

# The image's files give the configured user "app" gid 0 as its primary
# group, or make it a member of a group with gid 0: refused, one line
# (gid 0 comes only from config.h, by number: "app:0", .groups).
test_an_image_that_gives_the_user_gid_0_as_primary_or_supplementary_group_is_refused() {
	image_rootfs
	image_passwd $'root:x:0:0::/root:/bin/sh\napp:x:1000:0::/:/bin/sh'
	printf 'root:x:0:app\ndisk:x:6:app\n' >"$IMG_ROOT/etc/group"
	image_config app '.user = "app",'
	image_start
	expect_one_error_line 255 "^init: user: app: the container's /etc/passwd gives it gid 0 "
	image_passwd $'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh'
	image_start
	expect_one_error_line 255 "^init: user: app: the container's /etc/group makes it a member of root, gid 0 "
	host_clean "$IMG_ROOT"
}

# .groups pins the supplementary groups by number: the image's group file
# adds none (not disk, not root), and gid 0 is given only as asked.
test_pinned_groups_are_the_user_s_groups_whatever_the_image_s_group_file_says() {
	image_rootfs
	image_passwd $'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/:/bin/sh'
	printf 'root:x:0:app\ndisk:x:6:app\naudio:x:29:app\n' >"$IMG_ROOT/etc/group"
	IMG_ON=$IMG_ROOT APP_PROBE='"uid", "gid", "groups"' appliance_config image_pinned \
		'.user = "app", .groups = (const unsigned[]){ 29 }, .ngroups = 1,'
	image_start
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_eq "$(answer gid),$(answer groups)" 1000,1000,1000,29 "gid, groups"
	IMG_ON=$IMG_ROOT APP_PROBE='"groups"' appliance_config image_pinned_none \
		'.user = "app", .groups = (const unsigned[]){ 0 }, .ngroups = 0,'
	image_start
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_eq "$(answer groups)" "" "no supplementary group"
	host_clean "$IMG_ROOT"
}

# --- alone: what only a launcher gives ----------------------------------------

# Started alone (unshare --pid --fork, no --net) in a network namespace
# of the test's, standing for the host's: a config with CLONE_NEWNET gets
# a network namespace of init's own, and its sysctls land there, never in
# the namespace init was started in. Without the unshare, init set the
# "host's" rp_filter and brought its lo up (attack review).
test_alone_init_makes_its_own_network_namespace_and_leaves_the_callers_alone() {
	local was
	image_rootfs
	host_ns
	in_host ip link set lo down
	was=$(in_host cat /proc/sys/net/ipv4/conf/all/rp_filter)
	IMG_ARGV=rp_ image_config alone-net "
	static const char *const rp_[] = { \"/bin/sh\", \"-c\", \"cat /proc/sys/net/ipv4/conf/all/rp_filter\", NULL };
	.sysctls = (const struct sysctl[]){ { \"net.ipv4.conf.all.rp_filter\", \"$((2 - was))\" } }, .nsysctls = 1,"
	run_init in_host unshare --mount --propagation private --pid --fork "$INIT"
	expect_eq "$STATUS" 0 "status ($ERR)"
	expect_eq "$OUT" "$((2 - was))" "rp_filter inside"
	expect_eq "$(in_host cat /proc/sys/net/ipv4/conf/all/rp_filter)" "$was" "the caller's rp_filter"
	expect_match "$(in_host ip -o link show lo)" "state DOWN" "the caller's lo"
	host_clean "$IMG_ROOT"
}

# What a launcher alone can give is refused, one line: an interface of
# the host (the "host's" eth0 was renamed, addressed and routed), a user
# namespace (the appliance ran as real root), cgroup limits (none set).
test_alone_init_refuses_interfaces_user_namespaces_and_cgroup_limits() {
	local links
	image_rootfs
	host_ns
	in_host ip link add nsi-a0 type veth peer name nsi-a1
	links=$(host_links)
	image_config alone-veth '.net = (const struct net_if[]){ { .kind = NET_MOVE, .host = "nsi-a0", .name = "eth7", .addrs = (const char *const[]){ "192.0.2.5/24", NULL } } }, .nnet = 1,'
	run_init in_host unshare --mount --propagation private --pid --fork "$INIT"
	expect_one_error_line 255 "^init: init: an interface of the host \(\.net\) needs the launcher, and init is PID 1 of namespaces someone else made: refused$"
	expect_eq "$(host_links)" "$links" "the caller's links"
	expect_eq "$(in_host ip -o -4 addr show | grep -c 192.0.2.5 || :)" 0 "the caller's addresses"
	IMG_NS='CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID' image_config alone-user '
	static const struct id_map map_[] = { { 0, 100000, 65536 } };
	.uid_map = map_, .uid_maps = 1, .gid_map = map_, .gid_maps = 1,'
	run_init in_host unshare --mount --propagation private --pid --fork "$INIT"
	expect_one_error_line 255 "^init: init: a user namespace .* needs the launcher"
	image_config alone-cgroup '.memory_max = "64M", .pids_max = "10",'
	run_init in_host unshare --mount --propagation private --pid --fork "$INIT"
	expect_one_error_line 255 "^init: init: a cgroup limit .* needs the launcher"
	host_clean "$IMG_ROOT"
}
