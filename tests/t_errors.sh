# SPDX-License-Identifier: MIT
# What a new user runs into: each failure is one clear line on stderr, exit
# 255 when nsinit itself failed (127/126 when the command did), and nothing
# left behind on the host. Configs: configs.sh.
. "$TOP/tests/configs.sh"

test_an_unknown_user_fails_with_one_line_and_255_and_leaves_nothing_behind() {
	use_config user-unknown user='"nosuch"'
	run_init "$INIT"
	expect_one_error_line 255 "^init: user: nosuch: no such user in the container's /etc/passwd$"
	expect_eq "$OUT" "" "stdout"
	host_clean "$CROOT"
}

test_an_unknown_group_fails_with_one_line_and_255() {
	use_config group-unknown user='"app:nosuch"'
	run_init "$INIT"
	expect_one_error_line 255 "^init: user: nosuch: no such group in the container's /etc/group$"
	host_clean "$CROOT"
}

# As a podman ENTRYPOINT the runtime may grant fewer capabilities than
# config.h keeps: one line names the one that cannot be kept, and why,
# not libcap-ng's number.
test_a_capability_the_caller_did_not_grant_is_named_in_one_line_and_255() {
	use_config base
	run_init setpriv --bounding-set=-kill "$INIT"
	expect_one_error_line 255 '^init: caps: keep cap_kill: not in the bounding set this runtime granted$'
	run_init setpriv --bounding-set=-sys_module "$INIT"
	expect_eq "$STATUS" 0 "status with every kept capability granted ($ERR)"
	host_clean "$CROOT"
}

test_a_missing_workdir_fails_with_one_line_naming_it_and_255() {
	use_config workdir-missing workdir='"/nonexistent/dir"'
	run_init "$INIT"
	expect_one_error_line 255 '^init: workdir: /nonexistent/dir: No such file or directory$'
	expect_eq "$OUT" "" "stdout"
	host_clean "$CROOT"
}

test_a_command_that_is_not_found_exits_127_with_one_line() {
	use_config base
	run_init "$INIT" -- nsinit-no-such-command arg
	expect_one_error_line 127 '^init: exec: nsinit-no-such-command: command not found$'
	host_clean "$CROOT"
}

test_a_command_path_that_does_not_exist_exits_127_with_one_line() {
	use_config base
	run_init "$INIT" -- /usr/bin/nsinit-no-such-command
	expect_one_error_line 127 '^init: exec: /usr/bin/nsinit-no-such-command: command not found$'
	host_clean "$CROOT"
}

test_a_file_that_is_not_executable_exits_126_with_one_line() {
	use_config base
	run_init "$INIT" -- /etc/passwd
	expect_one_error_line 126 '^init: exec: /etc/passwd: Permission denied$'
	host_clean "$CROOT"
}

test_a_missing_bind_source_fails_with_one_line_naming_it_and_leaves_nothing_behind() {
	local root=$TOP/build/tests/bind-missing/rootfs
	build_rootfs "$root"
	use_config bind-missing rootfs="\"$root\"" mounts="
	{ .source = \"/nonexistent/nsinit-source\", .target = \"/mnt/data\" },"
	run_init "$INIT"
	expect_one_error_line 255 '^init: binds: /nonexistent/nsinit-source: No such file or directory$'
	expect_eq "$OUT" "" "stdout"
	host_clean "$root"
}

# An appliance with the configured command /bin/sh and a rootfs of its own.
use_own_sh() {
	OROOT=$TOP/build/tests/own-sh/rootfs
	build_rootfs "$OROOT"
	use_config own-sh rootfs="\"$OROOT\"" argv='"/bin/sh", "-c", "echo hello",'
}

test_a_rootfs_that_does_not_exist_fails_with_one_line_and_255() {
	use_own_sh
	rm -rf --one-file-system "$OROOT"
	run_init "$INIT"
	expect_one_error_line 255 "^init: config: rootfs $OROOT: No such file or directory$"
	[ ! -e "$OROOT" ] || fail "$OROOT was created"
}

test_a_rootfs_that_is_a_file_fails_with_one_line_and_255() {
	use_own_sh
	rm -rf --one-file-system "$OROOT"
	echo not a directory >"$OROOT"
	run_init "$INIT"
	expect_one_error_line 255 "^init: config: rootfs $OROOT: Not a directory$"
	rm -f "$OROOT"
}

test_a_rootfs_without_bin_sh_exits_127_with_one_line() {
	use_own_sh
	run_init "$INIT"
	expect_eq "$OUT" hello "the appliance, before /bin/sh is removed"
	rm "$OROOT/bin/sh"
	run_init "$INIT"
	expect_one_error_line 127 '^init: exec: /bin/sh: command not found$'
	host_clean "$OROOT"
}

test_running_as_non_root_fails_with_one_line_and_255() {
	local root=$TEST_OTHERS_DIR/root	# nobody must reach it
	build_rootfs "$root"
	use_config non-root rootfs="\"$root\""
	others_init
	run_init setpriv --reuid=65534 --regid=65534 --clear-groups "$INIT"
	expect_one_error_line 255 '^init: launcher: create namespaces: Operation not permitted'
	expect_eq "$OUT" "" "stdout"
	host_clean "$root"
}

# -O0 folds nothing, so init.c leaves the rules of rules.h to config_check
# at start: a debug build must accept the demo config.h.
test_a_build_at_O0_accepts_the_demo_config() {
	local dir=$TEST_DIR/o0
	make -s O="$dir" CFLAGS='-O0 -g' >&2 || fail "make CFLAGS='-O0 -g' failed"
	run_init "$dir/init" --print-config
	expect_eq "$STATUS" 0 "status of --print-config ($ERR)"
	expect_match "$OUT" $'^rootfs +[^\n]+\nnamespaces ' "the printed config"
}

# Built at -O0, a config that breaks a rule (a compile error when optimised:
# t_container.sh) is refused at start with config_check's one line.
test_at_O0_a_broken_rule_fails_at_start_with_one_line_and_255() {
	local dir=$TEST_DIR/rule
	mkdir -p "$dir"
	cat >"$dir/config.h" <<-EOF
	static const char *const argv_[] = { "/bin/true", NULL };
	static const struct config config = {
		.rootfs = "$ROOTFS", .namespaces = CLONE_NEWNS | CLONE_NEWPID,
		.hostname = "nouts", .argv = argv_,
	};
	EOF
	make -s CONFIG="$dir/config.h" O="$dir" CFLAGS='-O0 -g' >&2 ||
		fail "make CFLAGS='-O0 -g' failed"
	run_init "$dir/init"
	expect_one_error_line 255 '^init: config: hostname and domainname need CLONE_NEWUTS$'
}
