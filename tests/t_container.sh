# SPDX-License-Identifier: MIT
# The container setup sequence, seen from inside (the probe) and from
# outside (the host's mounts, names and processes). Configs: configs.sh.
. "$TOP/tests/configs.sh"

# --- the binary ---------------------------------------------------------

test_init_is_a_static_binary_without_a_dynamic_section() {
	use_config base
	local out
	out=$(readelf -d "$INIT")
	expect_match "$out" 'no dynamic section' "readelf -d"
	readelf -lW "$INIT" | grep -q INTERP && fail "init has a program interpreter"
	return 0
}

test_help_prints_the_usage_and_exits_0() {
	use_config base
	run_init "$INIT" --help
	expect_eq "$STATUS" 0 "status"
	expect_match "$OUT" '^usage: init .*--print-config.*-- CMD' "usage"
	expect_eq "$ERR" "" "stderr"
}

test_an_unknown_option_prints_the_usage_on_stderr_and_exits_255() {
	use_config base
	run_init "$INIT" --frobnicate
	expect_eq "$STATUS" 255 "status"
	expect_eq "$OUT" "" "stdout"
	expect_match "$ERR" '^usage: init ' "usage on stderr"
}

test_version_prints_the_version() {
	use_config base
	run_init "$INIT" --version
	expect_eq "$STATUS" 0 "status"
	expect_match "$OUT" '^nsinit [0-9]+\.[0-9]+' "version"
}

test_print_config_shows_the_compiled_in_values_with_caps_by_name() {
	use_config base
	run_init "$INIT" --print-config
	expect_eq "$STATUS" 0 "status"
	expect_line "$OUT" "rootfs +$CROOT" "rootfs"
	expect_line "$OUT" "hostname +nsinit-test" "hostname"
	expect_line "$OUT" "domainname +example.test" "domainname"
	expect_line "$OUT" "namespaces +mount pid uts ipc net cgroup" "namespaces"
	expect_line "$OUT" "caps +net_bind_service kill" "caps"
	expect_line "$OUT" "umask +0027" "umask"
	expect_line "$OUT" "workdir +/etc" "workdir"
}

test_a_config_that_breaks_a_rule_fails_to_compile_with_the_rules_message() {
	config_text rule-uts namespaces='CLONE_NEWNS | CLONE_NEWPID' \
		hostname='"nsinit-test"' |
		build_refused rule-uts 'hostname and domainname need CLONE_NEWUTS'
}

# An end outside the enum indexed a table out of bounds at the end.
test_a_boot_end_outside_the_enum_fails_to_compile() {
	config_text rule-end | sed 's/^\t\.grace_ms = 1000,/&\n\t.boot = { .on_exit = (enum boot_end)7 },/' |
		build_refused rule-end 'boot.on_exit must be one of END_POWEROFF'
	config_text rule-fail | sed 's/^\t\.grace_ms = 1000,/&\n\t.boot = { .on_failure = (enum boot_end)-1 },/' |
		build_refused rule-fail 'boot.on_failure must be one of END_POWEROFF'
}

# --- the process and its namespaces -------------------------------------

test_a_command_after_the_double_dash_runs_instead_of_the_configured_one() {
	use_config base
	run_init "$INIT" -- /bin/echo replaced command
	expect_eq "$STATUS" 0 "status"
	expect_eq "$OUT" "replaced command" "output"
	run_init "$INIT"
	expect_eq "$OUT" "hostname=nsinit-test" "output of the configured command"
	host_clean "$CROOT"
}

test_the_appliance_is_pid_2_with_init_as_pid_1() {
	use_config base
	probe pid ppid
	expect_eq "$(answer pid)" 2 "pid"
	expect_eq "$(answer ppid)" 1 "ppid"
	host_clean "$CROOT"
}

test_the_appliance_runs_in_new_namespaces_and_keeps_the_hosts_user_namespace() {
	local ns inside outside
	use_config base
	probe stat:/proc/self/ns/{mnt,pid,uts,ipc,net,cgroup,user}
	for ns in mnt pid uts ipc net cgroup; do
		inside=$(answer "stat:/proc/self/ns/$ns")
		outside=$(readlink "/proc/self/ns/$ns")
		expect_match "$inside" "^l ->$ns:\[[0-9]+\]$" "$ns namespace inside"
		[ "$inside" != "l ->$outside" ] || fail "$ns namespace is the host's: $outside"
	done
	expect_eq "$(answer stat:/proc/self/ns/user)" "l ->$(readlink /proc/self/ns/user)" \
		"user namespace (not configured)"
	host_clean "$CROOT"
}

test_the_exit_status_of_the_appliance_is_the_exit_status_of_init() {
	use_config base
	run_init "$INIT" -- /bin/sh -c 'exit 42'
	expect_eq "$STATUS" 42 "status"
	host_clean "$CROOT"
}

test_an_appliance_killed_by_a_signal_gives_128_plus_the_signal() {
	use_config base
	run_init "$INIT" -- /bin/sh -c 'kill -TERM $$'
	expect_eq "$STATUS" 143 "status"
	host_clean "$CROOT"
}

# --- names ----------------------------------------------------------------

test_hostname_and_domainname_are_set_inside_and_the_hosts_are_unchanged() {
	local host domain
	host=$(hostname)
	domain=$(cat /proc/sys/kernel/domainname)
	use_config base
	probe hostname domainname
	expect_eq "$(answer hostname)" nsinit-test "hostname inside"
	expect_eq "$(answer domainname)" example.test "domainname inside"
	expect_eq "$(hostname)" "$host" "host's hostname"
	expect_eq "$(cat /proc/sys/kernel/domainname)" "$domain" "host's domainname"
}

# --- mounts -----------------------------------------------------------------

test_proc_is_mounted_nosuid_nodev_noexec() {
	use_config base
	probe mount:/proc
	expect_match "$(answer mount:/proc)" '^proc rw,nosuid,nodev,noexec(,|$)' "/proc"
	host_clean "$CROOT"
}

test_sys_is_mounted_read_only() {
	use_config base
	probe mount:/sys write:/sys/kernel/uevent_helper
	expect_match "$(answer mount:/sys)" '^sysfs ro,nosuid,nodev,noexec(,|$)' "/sys"
	expect_eq "$(answer write:/sys/kernel/uevent_helper)" "Read-only file system" \
		"writing to /sys"
	host_clean "$CROOT"
}

test_dev_is_a_small_tmpfs_with_the_usual_device_nodes() {
	local n want
	use_config base
	probe mount:/dev stat:/dev/{null,zero,full,random,urandom,tty}
	expect_match "$(answer mount:/dev)" '^tmpfs rw,nosuid,noexec(,|$)' "/dev"
	for n in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
		want="c ${n#*:} 0666"
		expect_eq "$(answer "stat:/dev/${n%%:*}")" "$want" "/dev/${n%%:*}"
	done
	host_clean "$CROOT"
}

test_dev_has_the_fd_stdio_core_and_ptmx_symlinks() {
	use_config base
	probe stat:/dev/{fd,stdin,stdout,stderr,core,ptmx}
	expect_eq "$OUT" "stat:/dev/fd=l ->/proc/self/fd
stat:/dev/stdin=l ->/proc/self/fd/0
stat:/dev/stdout=l ->/proc/self/fd/1
stat:/dev/stderr=l ->/proc/self/fd/2
stat:/dev/core=l ->/proc/kcore
stat:/dev/ptmx=l ->pts/ptmx" "symlinks"
	host_clean "$CROOT"
}

test_dev_pts_is_a_new_devpts_instance_with_mode_620_gid_5_and_ptmx_666() {
	local line
	use_config base
	run_init "$INIT" -- /bin/sh -c 'grep "^devpts /dev/pts " /proc/mounts; /usr/bin/probe stat:/dev/pts/ptmx'
	expect_eq "$STATUS" 0 "status"
	line=$(head -n 1 <<<"$OUT")
	expect_match "$line" '^devpts /dev/pts devpts ' "/dev/pts in /proc/mounts"
	expect_match "$line" '[ ,]gid=5[ ,]' "gid"
	expect_match "$line" '[ ,]mode=620[ ,]' "mode"
	expect_match "$line" '[ ,]ptmxmode=666[ ,]' "ptmxmode"
	expect_match "$line" '[ ,]nosuid[ ,]' "nosuid"
	expect_eq "$(answer stat:/dev/pts/ptmx)" "c 5:2 0666" "/dev/pts/ptmx"
	host_clean "$CROOT"
}

test_dev_pts_is_not_the_hosts_devpts_instance() {
	use_config base
	probe stat:/dev/pts/0 stat:/dev/pts/1 stat:/dev/pts/2
	# a new instance starts empty; the test holds no pty of its own open
	expect_eq "$OUT" "stat:/dev/pts/0=missing
stat:/dev/pts/1=missing
stat:/dev/pts/2=missing" "ptys of the host"
	host_clean "$CROOT"
}

test_dev_shm_and_dev_mqueue_are_mounted() {
	use_config base
	probe mount:/dev/shm mount:/dev/mqueue stat:/dev/shm write:/dev/shm/x
	expect_match "$(answer mount:/dev/shm)" '^tmpfs rw,nosuid,nodev,noexec(,|$)' "/dev/shm"
	expect_match "$(answer mount:/dev/mqueue)" '^mqueue rw,nosuid,nodev,noexec(,|$)' "/dev/mqueue"
	expect_eq "$(answer stat:/dev/shm)" "d 1777" "/dev/shm mode"
	expect_eq "$(answer write:/dev/shm/x)" ok "writing to /dev/shm"
	host_clean "$CROOT"
}

test_the_root_is_read_only_with_readonly_root() {
	use_config base
	probe write:/x write:/tmp/x
	expect_eq "$(answer write:/x)" "Read-only file system" "writing to /"
	expect_eq "$(answer write:/tmp/x)" "Read-only file system" "writing to /tmp"
	[ ! -e "$CROOT/x" ] || fail "$CROOT/x was created"
	host_clean "$CROOT"
}

# An appliance with a rootfs of its own that it may write to.
use_writable() {
	WROOT=$TOP/build/tests/writable/rootfs
	build_rootfs "$WROOT"
	use_config writable rootfs="\"$WROOT\"" readonly_root=false \
		path='PATH=/opt/app/bin:/bin'
}

test_the_root_is_writable_without_readonly_root() {
	use_writable
	probe write:/x
	expect_eq "$(answer write:/x)" ok "writing to /"
	expect_eq "$(cat "$WROOT/x")" x "the byte, seen from the host"
	host_clean "$WROOT"
}

# --- process attributes -----------------------------------------------------

test_the_umask_is_the_configured_one() {
	use_config base
	probe umask
	expect_eq "$(answer umask)" 0027 "umask"
	host_clean "$CROOT"
}

# A config that leaves .umask out (the man page's minimal example) gives
# the appliance 022, not 0 (files 0666, directories 0777); 0 only when
# asked for, as UMASK(0). --print-config shows the one in force.
test_a_config_without_a_umask_gives_022_and_0_only_when_asked_for() {
	container_rootfs
	APP_PROBE='"umask"' appliance_config umask_left_out
	run_init "$INIT"
	expect_eq "$(answer umask)" 0022 "umask left out"
	expect_line "$("$INIT" --print-config)" "umask +0022 \\(default\\)" "--print-config"
	APP_PROBE='"umask"' appliance_config umask_zero '.umask = UMASK(0),'
	run_init "$INIT"
	expect_eq "$(answer umask)" 0000 "UMASK(0)"
	expect_line "$("$INIT" --print-config)" "umask +0000" "--print-config"
	host_clean "$CROOT"
}

test_the_working_directory_is_the_configured_one() {
	use_config base
	probe cwd
	expect_eq "$(answer cwd)" /etc "cwd"
	host_clean "$CROOT"
}

test_the_loopback_interface_is_up_with_its_address() {
	local flags
	use_config base
	run_init "$INIT" -- /bin/sh -c 'ip -o link show lo; ip -o -4 addr show lo'
	expect_eq "$STATUS" 0 "status"
	flags=$(sed -n 's/^1: lo: <\([^>]*\)>.*/\1/p' <<<"$OUT")
	expect_match ",$flags," ',UP,' "lo flags"
	expect_match "$OUT" $'\n1: +lo +inet 127\\.0\\.0\\.1/8 ' "lo address"
	host_clean "$CROOT"
}

test_path_from_the_configured_environment_is_searched_inside_the_container() {
	use_writable
	mkdir -p "$WROOT/opt/app/bin"
	printf '#!/bin/sh\necho "found by PATH as $0"\n' >"$WROOT/opt/app/bin/nsinit-test-tool"
	chmod 0755 "$WROOT/opt/app/bin/nsinit-test-tool"
	! command -v nsinit-test-tool >/dev/null || fail "the host has nsinit-test-tool"
	run_init "$INIT" -- nsinit-test-tool
	expect_eq "$STATUS" 0 "status"
	expect_eq "$OUT" "found by PATH as /opt/app/bin/nsinit-test-tool" "output"
	host_clean "$WROOT"
}

test_a_configured_environment_without_home_gets_roots_home_from_passwd() {
	use_config base
	probe env:HOME env:PATH
	expect_eq "$(answer env:HOME)" /root "HOME"
	expect_eq "$(answer env:PATH)" /usr/sbin:/usr/bin:/sbin:/bin "PATH"
	host_clean "$CROOT"
}

# --- capabilities -----------------------------------------------------------

test_root_keeps_exactly_the_configured_capabilities_and_none_inheritable() {
	use_config base
	probe capbnd capprm capeff capinh capamb
	expect_eq "$(answer capbnd)" $BASE_CAPS_HEX "bounding"
	expect_eq "$(answer capprm)" $BASE_CAPS_HEX "permitted"
	expect_eq "$(answer capeff)" $BASE_CAPS_HEX "effective"
	expect_eq "$(answer capinh)" 0000000000000000 "inheritable"
	expect_eq "$(answer capamb)" 0000000000000000 "ambient"
	host_clean "$CROOT"
}

use_app() {
	use_config app user='"app"' workdir='"/home/app"' ambient_caps=true
}

test_a_non_root_user_with_ambient_caps_keeps_the_configured_capabilities() {
	use_app
	probe uid capbnd capprm capeff capinh capamb
	expect_eq "$(answer uid)" 1000,1000,1000 "uid"
	expect_eq "$(answer capbnd)" $BASE_CAPS_HEX "bounding"
	expect_eq "$(answer capprm)" $BASE_CAPS_HEX "permitted"
	expect_eq "$(answer capeff)" $BASE_CAPS_HEX "effective"
	expect_eq "$(answer capinh)" $BASE_CAPS_HEX "inheritable"
	expect_eq "$(answer capamb)" $BASE_CAPS_HEX "ambient"
	host_clean "$CROOT"
}

test_a_non_root_user_without_ambient_caps_has_no_capabilities_after_exec() {
	use_config app-noambient user='"app"' workdir='"/home/app"'
	probe uid capbnd capprm capeff capinh capamb
	expect_eq "$(answer uid)" 1000,1000,1000 "uid"
	expect_eq "$(answer capbnd)" $BASE_CAPS_HEX "bounding"
	expect_eq "$(answer capprm)" 0000000000000000 "permitted"
	expect_eq "$(answer capeff)" 0000000000000000 "effective"
	expect_eq "$(answer capinh)" 0000000000000000 "inheritable"
	expect_eq "$(answer capamb)" 0000000000000000 "ambient"
	host_clean "$CROOT"
}

# --- the user ---------------------------------------------------------------

test_a_user_name_gives_its_uid_gid_and_groups_from_the_containers_files() {
	use_app
	probe uid gid groups
	expect_eq "$(answer uid)" 1000,1000,1000 "uid"
	expect_eq "$(answer gid)" 1000,1000,1000 "gid"
	expect_eq "$(answer groups)" 10,29 "supplementary groups"
	host_clean "$CROOT"
}

test_a_user_without_home_in_the_environment_gets_the_home_from_passwd() {
	use_app
	probe env:HOME cwd
	expect_eq "$(answer env:HOME)" /home/app "HOME"
	expect_eq "$(answer cwd)" /home/app "cwd"
	host_clean "$CROOT"
}

test_a_numeric_user_is_a_uid_even_when_a_user_has_that_number_as_name() {
	use_config user-2000 user='"2000"'
	probe uid gid groups
	expect_eq "$(answer uid)" 2000,2000,2000 "uid (the user named 2000 has 3000)"
	expect_eq "$(answer gid)" 2000,2000,2000 "gid"
	expect_eq "$(answer groups)" "" "supplementary groups"
	host_clean "$CROOT"
}

test_a_numeric_uid_and_gid_give_that_uid_and_gid() {
	use_config user-1000-29 user='"1000:29"'
	probe uid gid
	expect_eq "$(answer uid)" 1000,1000,1000 "uid"
	expect_eq "$(answer gid)" 29,29,29 "gid"
	host_clean "$CROOT"
}

test_a_user_and_group_name_give_the_users_uid_and_the_groups_gid() {
	use_config user-app-wheel user='"app:wheel"'
	probe uid gid groups
	expect_eq "$(answer uid)" 1000,1000,1000 "uid"
	expect_eq "$(answer gid)" 10,10,10 "gid"
	expect_eq "$(answer groups)" 10,29 "supplementary groups"
	host_clean "$CROOT"
}

# --- tty ----------------------------------------------------------------------

test_with_tty_the_appliance_has_a_pty_as_stdio_and_controlling_terminal() {
	use_config tty tty=true
	probe isatty0 isatty1 isatty2 ctty stat:/dev/console
	expect_eq "$(answer isatty0),$(answer isatty1),$(answer isatty2)" 1,1,1 "isatty 0,1,2"
	expect_eq "$(answer ctty)" 1 "/dev/tty opens"
	expect_match "$(answer stat:/dev/console)" '^c 136:[0-9]+ ' "/dev/console"
	host_clean "$CROOT"
}

test_with_tty_the_appliance_is_the_foreground_process_group() {
	use_config tty tty=true
	probe pid pgid tcpgrp
	expect_eq "$(answer pgid)" "$(answer pid)" "pgid"
	expect_eq "$(answer tcpgrp)" "$(answer pgid)" "foreground process group"
	host_clean "$CROOT"
}

test_with_tty_the_output_and_the_exit_status_come_through_without_a_terminal() {
	use_config tty tty=true
	run_init "$INIT" -- /bin/sh -c 'echo through the pty; exit 3'
	expect_eq "$STATUS" 3 "status"
	expect_eq "$OUT" "through the pty" "output"
	host_clean "$CROOT"
}

# --- bind mounts --------------------------------------------------------------

# The bind appliance: sources in $BSRC on the host, a rootfs of its own.
use_binds() {
	BROOT=$TOP/build/tests/binds/rootfs
	BSRC=$TOP/build/tests/binds/src
	build_rootfs "$BROOT"
	rm -rf --one-file-system "$BSRC"
	mkdir -p "$BSRC/ro/sub" "$BSRC/rw"
	echo data >"$BSRC/ro/file"
	use_config binds rootfs="\"$BROOT\"" mounts="
	{ .source = \"$BSRC/ro\", .target = \"/mnt/ro\", .readonly = true },
	{ .source = \"$BSRC/rw\", .target = \"/srv/new/dir\" },
	{ .source = \"$BSRC/missing\", .target = \"/mnt/optional\",
	  .optional = true },"
}

test_a_read_only_bind_mount_cannot_be_written() {
	use_binds
	probe stat:/mnt/ro/file write:/mnt/ro/file write:/mnt/ro/new
	expect_eq "$(answer stat:/mnt/ro/file)" "f 0644" "the bound file"
	expect_eq "$(answer write:/mnt/ro/file)" "Read-only file system" "writing a file"
	expect_eq "$(answer write:/mnt/ro/new)" "Read-only file system" "creating a file"
	expect_eq "$(cat "$BSRC/ro/file")" data "the source file"
	host_clean "$BROOT"
}

test_a_read_only_bind_mount_is_read_only_in_its_submounts_too() {
	use_binds
	# the submount exists in a private mount namespace of the test only
	run_init unshare --mount --propagation private sh -c '
		mount -t tmpfs -o size=64k tmpfs "$1/ro/sub" && shift && exec "$@"' \
		sh "$BSRC" "$INIT" -- /usr/bin/probe mount:/mnt/ro/sub write:/mnt/ro/sub/x
	expect_eq "$STATUS" 0 "status"
	expect_match "$(answer mount:/mnt/ro/sub)" '^tmpfs ro(,|$)' "the submount"
	expect_eq "$(answer write:/mnt/ro/sub/x)" "Read-only file system" "writing to the submount"
	host_clean "$BROOT"
	host_clean "$BSRC"
}

test_a_writable_bind_mount_writes_through_to_the_host() {
	use_binds
	probe write:/srv/new/dir/x
	expect_eq "$(answer write:/srv/new/dir/x)" ok "writing"
	expect_eq "$(cat "$BSRC/rw/x")" x "the byte, seen from the host"
	host_clean "$BROOT"
}

test_a_missing_bind_target_is_created_in_the_rootfs() {
	use_binds
	[ ! -e "$BROOT/srv/new" ] || fail "the rootfs already has /srv/new"
	probe stat:/srv/new/dir
	expect_eq "$(answer stat:/srv/new/dir)" "d 0755" "the target inside"
	[ -d "$BROOT/srv/new/dir" ] || fail "no $BROOT/srv/new/dir on the host"
	host_clean "$BROOT"
}

test_a_missing_optional_bind_source_is_skipped_with_one_warning_line() {
	use_binds
	probe stat:/mnt/optional
	expect_eq "$(answer stat:/mnt/optional)" missing "the target inside"
	expect_eq "$(wc -l <<<"$ERR")" 1 "lines on stderr"
	expect_match "$ERR" "^init: binds: $BSRC/missing: .*skipped" "the warning"
	host_clean "$BROOT"
}

# late_mount_inside PROPAGATION_SLAVE BIND_PROPAGATION: runs an appliance
# with $LSRC bound on /mnt/bound and, once it runs, mounts a tmpfs on
# $LSRC/late "on the host"; sets OUT to what the appliance sees there. The
# host is a private mount namespace of the test's own, where $LSRC is a
# shared mount; fifos in the source order the two sides, without sleeps.
late_mount_inside() {
	local root=$TOP/build/tests/late-$1-$2/rootfs
	LSRC=$TOP/build/tests/late-$1-$2/src
	build_rootfs "$root"
	rm -rf --one-file-system "$LSRC"
	mkdir -p "$LSRC/late"
	mkfifo "$LSRC/ready" "$LSRC/go"
	use_config "late-$1-$2" rootfs="\"$root\"" propagation_slave="$1" mounts="
	{ .source = \"$LSRC\", .target = \"/mnt/bound\", .propagation = $2 },"
	run_init unshare --mount --propagation private sh -c '
		src=$1; shift
		mount --bind "$src" "$src" && mount --make-shared "$src" || exit 90
		"$@" &
		read x <"$src/ready"
		mount -t tmpfs -o size=64k late "$src/late" || exit 91
		echo go >"$src/go"
		wait $!' sh "$LSRC" "$INIT" -- /bin/sh -c '
		echo ready >/mnt/bound/ready && read x </mnt/bound/go &&
		exec /usr/bin/probe mount:/mnt/bound/late'
	expect_eq "$STATUS" 0 "status"
	host_clean "$root"
	host_clean "$LSRC"
}

test_a_host_mount_made_under_a_bind_source_appears_inside_with_propagation_slave() {
	late_mount_inside true 0
	expect_match "$(answer mount:/mnt/bound/late)" '^tmpfs ' "the late mount, inside"
}

test_a_host_mount_made_under_a_private_bind_source_stays_outside() {
	late_mount_inside true MS_PRIVATE
	expect_eq "$(answer mount:/mnt/bound/late)" none "the late mount, inside"
}

test_a_host_mount_made_under_a_bind_source_stays_outside_by_default() {
	late_mount_inside false 0
	expect_eq "$(answer mount:/mnt/bound/late)" none "the late mount, inside"
}

test_a_host_mount_made_under_a_slave_bind_source_appears_inside_a_private_root() {
	late_mount_inside false MS_SLAVE
	expect_match "$(answer mount:/mnt/bound/late)" '^tmpfs ' "the late mount, inside"
}

# --- without the launcher -------------------------------------------------------

test_init_runs_as_pid_1_in_namespaces_that_someone_else_made() {
	local host
	host=$(hostname)
	use_config base
	run_init unshare --fork --pid --mount --uts --ipc --net "$INIT" -- \
		/usr/bin/probe pid ppid hostname
	expect_eq "$STATUS" 0 "status"
	expect_eq "$OUT" "pid=2
ppid=1
hostname=nsinit-test" "probe"
	expect_eq "$(hostname)" "$host" "host's hostname"
	host_clean "$CROOT"
}
