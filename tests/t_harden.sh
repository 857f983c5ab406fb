# SPDX-License-Identifier: MIT
# Hardening: each test reproduces an attack that a container runtime once
# fell to (the CVE in its name) and shows it failing. Configs: configs.sh
# for the rootfs, the config text here.
. "$TOP/tests/configs.sh"

# harden_config NAME [C TEXT]: appliance_config (configs.sh) on $CROOT,
# or $HROOT when set, in the namespaces $HNS when set. Without .caps, the
# default capability set.
harden_config() {
	container_rootfs
	APP_ROOT=${HROOT:-$CROOT} APP_NS=${HNS:-} \
		appliance_config "harden_$1" "${2:-}"
}

# symlink_rootfs: a writable rootfs of these tests in $HROOT.
symlink_rootfs() {
	HROOT=$TOP/build/tests/harden/rootfs
	build_rootfs "$HROOT" >/dev/null
}

# --- init: its binary and its memory ------------------------------------------

test_cve_2019_5736_the_host_binary_cannot_be_written_through_proc_1_exe() {
	local before
	harden_config exe '
	static const int caps_[] = { CAP_DAC_OVERRIDE, CAP_SYS_PTRACE };
	.caps = caps_, .ncaps = LEN(caps_),'
	# a copy: should the attack work, it must not break the build's binary
	cp "$INIT" "$TEST_DIR/init"
	before=$(sha256sum <"$TEST_DIR/init")
	probe_with "$TEST_DIR/init" stat:/proc/1/exe write:/proc/1/exe
	expect_match "$(answer stat:/proc/1/exe)" '^l ->/memfd:nsinit \(deleted\)$' \
		"/proc/1/exe (a sealed copy, not the host's file)"
	expect_match "$(answer write:/proc/1/exe)" '^(Operation not permitted|Text file busy)$' \
		"writing to /proc/1/exe"
	expect_eq "$(sha256sum <"$TEST_DIR/init")" "$before" "the host binary's sha256"
	# the launcher is outside the container's PID namespace: not there to try
	expect_eq "$(answer pid)" 2 "pid (only init and the appliance are visible)"
	host_clean "$CROOT"
}

# probe_with INIT KEY...: probe, with another binary than $INIT.
probe_with() {
	local init=$1
	shift
	run_init "$init" -- /usr/bin/probe pid "$@"
	[ "$STATUS" = 0 ] || fail "probe $*: status $STATUS: $ERR"
}

test_cve_2016_9962_root_with_cap_sys_ptrace_cannot_ptrace_init() {
	harden_config ptrace '
	static const int caps_[] = { CAP_SYS_PTRACE };
	.caps = caps_, .ncaps = LEN(caps_),'
	probe ptrace:1
	expect_eq "$(answer ptrace:1)" "error: Operation not permitted" "PTRACE_ATTACH to init"
	host_clean "$CROOT"
}

# Launched by a user (rootless), the container's root is that same user
# with CAP_SYS_PTRACE in the container's user namespace: only init's own
# non-dumpable flag keeps it out (a launcher running as root switches
# uid in the namespace, and the kernel then makes init non-dumpable too).
test_cve_2016_9962_init_is_not_dumpable_for_root_of_a_rootless_container() {
	setpriv --reuid=1000 --regid=1000 --clear-groups unshare -U true 2>/dev/null ||
		skip "no user namespaces for unprivileged users here"
	HROOT=$TEST_OTHERS_DIR/root	# uid 1000 must reach it
	build_rootfs "$HROOT" >/dev/null
	HNS="CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWIPC | CLONE_NEWNET | CLONE_NEWUSER" \
	harden_config ptrace-rootless '
	static const int caps_[] = { CAP_SYS_PTRACE };
	static const struct id_map ids_[] = { { 0, ID_SELF, 1 } };
	.uid_map = ids_, .uid_maps = 1, .gid_map = ids_, .gid_maps = 1,
	.caps = caps_, .ncaps = LEN(caps_),
	.seccomp_deny = (const int[]){ 0 }, .nseccomp_deny = 0,'
	others_init
	# without the seccomp filter: only init's own protection is left
	run_init setpriv --reuid=1000 --regid=1000 --clear-groups "$INIT" -- \
		/usr/bin/probe uid capeff ptrace:1 read:/proc/1/environ
	expect_eq "$STATUS" 0 "status"
	expect_eq "$(answer uid)" 0,0,0 "uid inside"
	expect_eq "$(answer capeff)" 0000000000080000 "CAP_SYS_PTRACE inside"
	expect_eq "$(answer ptrace:1)" "error: Operation not permitted" "PTRACE_ATTACH to init"
	expect_eq "$(answer read:/proc/1/environ)" "error: Permission denied" "init's environ"
	host_clean "$HROOT"
}

# --- the working directory and fds --------------------------------------------

test_cve_2024_21626_a_leaked_fd_and_a_workdir_under_proc_self_fd_do_not_escape() {
	harden_config leak '
	.pass_fds = 1,
	.workdir = "/proc/self/fd/3",'
	# fd 3 is passed on: a directory of the host
	run_init "$INIT" -- /usr/bin/probe cwd 3<"$TOP"
	expect_one_error_line 255 '^init: workdir: /proc/self/fd/3: '
	host_clean "$CROOT"
}

# --- mounts ---------------------------------------------------------------------

test_cve_2021_30465_symlinked_mount_targets_stay_inside_the_rootfs() {
	local host=$TEST_DIR/host
	symlink_rootfs
	mkdir -p "$host/vol" "$HROOT$host/vol" "$TEST_DIR/src"
	echo bound >"$TEST_DIR/src/data"
	ln -s "$host/vol" "$HROOT/vol"	# absolute: the host's path
	harden_config symlinks "
	static const struct bind_mount mounts_[] = { { .source = \"$TEST_DIR/src\", .target = \"/vol\" } };
	.mounts = mounts_, .nmounts = LEN(mounts_),"
	probe "mount:$host/vol" read:/vol/data
	expect_match "$(answer "mount:$host/vol")" '^[a-z0-9]+ ' "the bind, inside the rootfs"
	expect_eq "$(answer read:/vol/data)" 6 "the bound file, through the symlink"
	expect_eq "$(find "$host" -mindepth 2)" "" "the host's directories (untouched)"
	host_clean "$HROOT"
	host_clean "$host"
}

# CVE-2019-16884, CVE-2019-19921, CVE-2025-52881: an image whose /proc
# leads elsewhere, here through /dev/pts, which nsinit's /dev covers later,
# got procfs mounted where no mask reached it, and the appliance a writable
# /proc/sys. A kernel filesystem goes only on a directory of the image
# reached without any symlink; anything else is one line and 255.
test_cve_2019_16884_a_proc_sys_or_dev_symlink_in_the_image_is_refused() {
	local d fstype
	for d in proc sys dev; do
		symlink_rootfs
		rm -rf "${HROOT:?}/$d" "$HROOT/dev/pts"
		mkdir -p "$HROOT/q/p"
		if [ $d = dev ]; then
			ln -s /q/p "$HROOT/dev"
		else
			ln -s /q "$HROOT/dev/pts"
			ln -s /dev/pts/p "$HROOT/$d"
		fi
		harden_config "symlinked-$d"
		run_init "$INIT" -- /usr/bin/probe mount:/q/p mount:/q/p/sys
		case $d in proc) fstype=proc ;; sys) fstype=sysfs ;; dev) fstype=tmpfs ;; esac
		expect_one_error_line 255 \
			"^init: (mounts|dev): mount $fstype on /$d: a symlink on the way, refused\$"
		expect_eq "$(find "$HROOT/q" -mindepth 2)" "" "the image's /q/p (nothing made)"
		host_clean "$HROOT"
	done
}

# The same kind of image in boot mode: a root disk whose /proc leads into
# the container's rootfs would get the machine's own procfs, unmasked, into
# the container. switch_root moves /dev, /proc, /sys and /run by fd onto
# the disk's own directories, none through a symlink: t_boot.sh,
# test_a_root_disk_with_a_symlinked_proc_is_refused_before_the_switch.

# Device nodes the image brings do not work ("b 7 0" was a host loop
# device): the copy of the rootfs is nodev, and so is a bind mount unless
# it asks for devices; the /dev nsinit makes works.
test_device_nodes_of_the_image_and_of_a_bind_source_do_not_open() {
	symlink_rootfs
	mknod "$HROOT/zero" c 1 5
	mkdir -p "$TEST_DIR/src"
	mknod "$TEST_DIR/src/zero" c 1 5
	harden_config nodev "
	static const struct bind_mount mounts_[] = { { .source = \"$TEST_DIR/src\", .target = \"/vol\" }, { .source = \"$TEST_DIR/src\", .target = \"/voldev\", .dev = true } };
	.mounts = mounts_, .nmounts = LEN(mounts_),"
	probe read:/zero read:/vol/zero read:/voldev/zero read:/dev/zero
	expect_eq "$(answer read:/zero)" "error: Permission denied" "a node of the image"
	expect_eq "$(answer read:/vol/zero)" "error: Permission denied" "a node of a bind"
	expect_eq "$(answer read:/voldev/zero)" 65536 "a node of a bind with .dev"
	expect_eq "$(answer read:/dev/zero)" 65536 "nsinit's own /dev/zero"
	host_clean "$HROOT"
}

# A kernel filesystem mounted under the rootfs (the host's procfs here)
# is not carried into the container by the recursive copy of the rootfs,
# and with a read-only root the image's other submounts are read-only too.
test_a_procfs_under_the_rootfs_stays_out_and_submounts_are_read_only() {
	symlink_rootfs
	mkdir -p "$HROOT/mproc" "$HROOT/sub"
	harden_config under-rootfs
	# the mounts in a private mount namespace: nothing of them on the host
	run_init unshare -m --propagation private sh -c '
		mount -t proc proc "$1/mproc" && mount -t tmpfs tmpfs "$1/sub" &&
		exec "$2" -- /usr/bin/probe mount:/mproc stat:/mproc/1 write:/sub/x
	' sh "$HROOT" "$INIT"
	expect_eq "$STATUS" 0 "status ($ERR)"
	expect_eq "$(answer mount:/mproc)" none "the host's procfs under the rootfs"
	expect_eq "$(answer stat:/mproc/1)" missing "the host's PID 1"
	expect_eq "$(answer write:/sub/x)" "Read-only file system" "a submount of the image"
	host_clean "$HROOT"
}

# CVE-2025-31133: a /dev/null that is not the null device, here a symlink
# and another device bound where /dev/null was, must not be bound over
# the masked paths.
test_cve_2025_31133_masking_refuses_a_dev_null_that_is_not_the_null_device() {
	mkdir -p "$TEST_DIR/dev"
	ln -s /proc/sys/kernel/core_pattern "$TEST_DIR/dev/null"
	harden_config null-symlink "
	static const struct bind_mount mounts_[] = { { .source = \"$TEST_DIR/dev\", .target = \"/dev\" } };
	.mounts = mounts_, .nmounts = LEN(mounts_),"
	run_init "$INIT"
	expect_one_error_line 255 '^init: mask: /dev/null: not the null device \(1:3\)'
	host_clean "$CROOT"
	harden_config null-zero '
	static const struct bind_mount mounts_[] = { { .source = "/dev/zero", .target = "/dev/null" } };
	.mounts = mounts_, .nmounts = LEN(mounts_),'
	run_init "$INIT"
	expect_one_error_line 255 '^init: mask: /dev/null: not the null device \(1:3\)'
	host_clean "$CROOT"
}

test_cve_2025_52565_the_console_is_the_launchers_pty_with_a_dev_pts_symlink() {
	local host=$TEST_DIR/host
	symlink_rootfs
	mkdir -p "$host/pts" "$HROOT$host/pts"
	ln -s "$host/pts" "$HROOT/dev/pts"
	harden_config pts-symlink '.tty = true,'
	run_init "$INIT" -- /bin/sh -c 'stat -L -c "%t:%T" /dev/console /proc/self/fd/0'
	expect_eq "$STATUS" 0 "status"
	expect_match "$(sed -n 1p <<<"$OUT")" '^88:[0-9a-f]+$' "/dev/console, a pty (136)"
	expect_eq "$(sed -n 2p <<<"$OUT")" "$(sed -n 1p <<<"$OUT")" "the console is stdin's pty"
	expect_eq "$(find "$host" -mindepth 2)" "" "the host's directory (untouched)"
	host_clean "$HROOT"
}

# --- the user and capabilities ---------------------------------------------------

# CVE-2016-3697, a numeric user looked up as a name: t_container.sh,
# test_a_numeric_user_is_a_uid_even_when_a_user_has_that_number_as_name.

DEFAULT_CAPS_HEX=00000000200405fb	# chown dac_override fowner fsetid kill setgid
					# setuid setpcap net_bind_service sys_chroot audit_write

test_cve_2022_29162_the_default_capabilities_leave_inheritable_and_ambient_empty() {
	harden_config default-caps
	probe capbnd capprm capeff capinh capamb
	expect_eq "$(answer capbnd)" $DEFAULT_CAPS_HEX "bounding (the default set)"
	expect_eq "$(answer capeff)" $DEFAULT_CAPS_HEX "effective"
	expect_eq "$(answer capinh)" 0000000000000000 "inheritable"
	expect_eq "$(answer capamb)" 0000000000000000 "ambient"
	run_init "$INIT" --print-config
	expect_line "$OUT" "caps +chown dac_override .* audit_write \(default\)" "print-config"
	host_clean "$CROOT"
}

test_an_empty_capability_list_keeps_none() {
	harden_config no-caps '.caps = (const int[]){ 0 }, .ncaps = 0,'
	probe capbnd capeff
	expect_eq "$(answer capbnd)" 0000000000000000 "bounding"
	expect_eq "$(answer capeff)" 0000000000000000 "effective"
	host_clean "$CROOT"
}

test_shocker_open_by_handle_at_fails_with_eperm_even_with_cap_dac_read_search() {
	harden_config shocker '
	static const int caps_[] = { CAP_DAC_READ_SEARCH };
	.caps = caps_, .ncaps = LEN(caps_),'
	probe openbyhandle
	expect_eq "$(answer openbyhandle)" "error: Operation not permitted" "open_by_handle_at"
	harden_config default-caps
	probe capbnd openbyhandle
	expect_eq "$(answer openbyhandle)" "error: Operation not permitted" \
		"open_by_handle_at with the default set"
	host_clean "$CROOT"
}

# --- /proc and /sys ----------------------------------------------------------------

# The default lists, for what this kernel has (nsinit.conf(5) lists them).
MASKED_FILES='/proc/kcore /proc/keys /proc/latency_stats /proc/timer_list
	/proc/timer_stats /proc/sched_debug'
MASKED_DIRS='/proc/acpi /proc/asound /proc/scsi /sys/firmware
	/sys/devices/virtual/powercap'
READONLY='/proc/bus /proc/fs /proc/irq /proc/sys /proc/sysrq-trigger'

test_masked_paths_give_nothing_and_read_only_paths_refuse_writes() {
	local keys=() p n=0
	for p in $MASKED_FILES; do [ ! -e "$p" ] || keys+=("read:$p"); done
	for p in $MASKED_DIRS; do [ ! -e "$p" ] || keys+=("mount:$p" "stat:$p"); done
	for p in $READONLY; do [ ! -e "$p" ] || keys+=("mount:$p"); done
	harden_config default-caps
	probe "${keys[@]}" write:/proc/sys/kernel/core_pattern
	for p in $MASKED_FILES; do
		[ ! -e "$p" ] || expect_eq "$(answer "read:$p")" 0 "bytes of $p"
	done
	for p in $MASKED_DIRS; do
		[ -e "$p" ] || continue
		expect_match "$(answer "mount:$p")" '^tmpfs ro,' "$p"
		expect_eq "$(answer "stat:$p")" "d 0555" "$p, empty"
		n=$((n + 1))
	done
	for p in $READONLY; do
		[ ! -e "$p" ] || expect_match "$(answer "mount:$p")" '^proc ro,' "$p"
	done
	expect_eq "$(answer write:/proc/sys/kernel/core_pattern)" "Read-only file system" \
		"core_pattern"
	[ $n -gt 0 ] && [ -e /proc/keys ] || fail "nothing of the lists on this kernel"
	host_clean "$CROOT"
}

test_configured_masked_paths_replace_the_default_list() {
	harden_config mask-own '
	static const char *const masked_[] = { "/proc/cpuinfo", "/proc/no-such-file", NULL };
	.masked_paths = masked_, .readonly_paths = (const char *const[]){ NULL },'
	probe read:/proc/cpuinfo read:/proc/timer_list mount:/proc/sys
	expect_eq "$(answer read:/proc/cpuinfo)" 0 "bytes of /proc/cpuinfo"
	[ "$(answer read:/proc/timer_list)" != 0 ] || fail "/proc/timer_list is masked"
	expect_eq "$(answer mount:/proc/sys)" none "/proc/sys (no read-only list)"
	host_clean "$CROOT"
}

# --- seccomp and no_new_privs ---------------------------------------------------------

test_the_seccomp_filter_refuses_mounts_and_keyrings_with_eperm_even_with_cap_sys_admin() {
	harden_config seccomp '
	static const int caps_[] = { CAP_SYS_ADMIN };
	.caps = caps_, .ncaps = LEN(caps_),'
	probe nonewprivs sys:mount sys:umount2 sys:fsopen sys:keyctl sys:add_key sys:getppid
	local s
	expect_eq "$(answer nonewprivs)" 1 "no_new_privs"
	for s in mount umount2 fsopen keyctl add_key; do
		expect_eq "$(answer "sys:$s")" "error: Operation not permitted" "$s"
	done
	expect_eq "$(answer sys:getppid)" ok "getppid"
	run_init "$INIT" -- /bin/sh -c 'unshare -m true 2>/dev/null; mount -t tmpfs none /tmp'
	expect_match "$ERR" '[Pp]ermission denied|not permitted' "mount(8) inside"
	host_clean "$CROOT"
}

test_a_configured_seccomp_list_replaces_the_default_one() {
	harden_config seccomp-own '
	static const int caps_[] = { CAP_SYS_ADMIN };
	static const int deny_[] = { SYS_getppid };
	.caps = caps_, .ncaps = LEN(caps_),
	.seccomp_deny = deny_, .nseccomp_deny = LEN(deny_),'
	probe sys:getppid sys:mount
	expect_eq "$(answer sys:getppid)" "error: Operation not permitted" "getppid"
	expect_eq "$(answer sys:mount)" "error: Bad address" "mount (the kernel's own answer)"
	host_clean "$CROOT"
}

test_allow_new_privs_without_cap_sys_admin_cannot_install_the_filter() {
	harden_config new-privs '.allow_new_privs = true,'
	run_init "$INIT"
	expect_one_error_line 255 '^init: seccomp: install the filter: Permission denied \(allow_new_privs needs CAP_SYS_ADMIN'
	harden_config new-privs-nofilter '
	.allow_new_privs = true, .seccomp_deny = (const int[]){ 0 }, .nseccomp_deny = 0,'
	probe nonewprivs
	expect_eq "$(answer nonewprivs)" 0 "no_new_privs"
	host_clean "$CROOT"
}

# --- limits and AppArmor ------------------------------------------------------------------

test_rlimits_and_oom_score_adj_come_from_the_configuration() {
	harden_config limits '
	static const struct rlim rlimits_[] = { { RLIMIT_NOFILE, 256, 512 }, { RLIMIT_CORE, 0, 0 } };
	.rlimits = rlimits_, .nrlimits = LEN(rlimits_),
	.oom_score_adj = &(const int){ 500 },'
	run_init "$INIT" -- /bin/sh -c 'ulimit -Sn; ulimit -Hn; ulimit -Hc; cat /proc/self/oom_score_adj /proc/1/oom_score_adj'
	expect_eq "$STATUS" 0 "status"
	expect_eq "$(echo $OUT)" "256 512 0 500 500" "nofile soft, hard; core hard; oom_score_adj of the appliance and init"
	host_clean "$CROOT"
}

test_an_apparmor_profile_where_apparmor_is_not_enabled_is_a_clear_error() {
	[ "$(cat /sys/module/apparmor/parameters/enabled 2>/dev/null)" != Y ] ||
		skip "AppArmor is enabled here"
	harden_config apparmor '.apparmor_profile = "nsinit-test",'
	run_init "$INIT"
	expect_one_error_line 255 '^init: apparmor: nsinit-test: AppArmor is not enabled on this kernel$'
	host_clean "$CROOT"
}
