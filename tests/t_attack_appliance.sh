# SPDX-License-Identifier: MIT
# Attacks by the appliance on its caller and its host: each test runs the
# attack as the appliance (root without CAP_SYS_ADMIN, or uid 1000 without
# capabilities, unless it says otherwise), checks the refusal and that the
# host is unchanged. Where the kernel alone would allow the attack here, a
# run without the seccomp filter shows it first. Configs: configs.sh.
. "$TOP/tests/configs.sh"

# attack_config NAME [C TEXT]: appliance_config (configs.sh) on $CROOT.
attack_config() {
	container_rootfs
	appliance_config "attack_$1" "${2:-}"
}

# The appliances the findings name.
USER_NO_CAPS='.user = "1000", .caps = (const int[]){ 0 }, .ncaps = 0,'
NO_FILTER='.seccomp_deny = (const int[]){ 0 }, .nseccomp_deny = 0,'

# under_pty CMD [ARG...]: runs CMD as a caller at a terminal would: in a
# session of its own whose controlling terminal is a new pty, which is
# also CMD's stdin and stderr; CMD's stdout goes to a file. When CMD has
# ended, what is waiting to be read on the terminal (what the caller's
# shell would read next) goes to $TEST_DIR/typed. Sets OUT, STATUS,
# TYPED and TTY (what the terminal showed).
under_pty() {
	[ -x /usr/bin/python3 ] || skip "no /usr/bin/python3 for a pty"
	STATUS=0
	/usr/bin/python3 - "$TEST_DIR" "$@" <<-'EOF' || STATUS=$?
	import os, pty, sys
	d, cmd = sys.argv[1], sys.argv[2:]
	pid, master = pty.fork()
	if pid == 0:
	    # the caller's shell: runs CMD, then reads what waits for it
	    out = os.open(d + "/out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
	    child = os.fork()
	    if child == 0:
	        os.dup2(out, 1)
	        os.execvp(cmd[0], cmd)
	    st = os.waitpid(child, 0)[1]
	    os.set_blocking(0, False)
	    try:
	        typed = os.read(0, 4096)	# a whole line, or nothing
	    except BlockingIOError:
	        typed = b""
	    with open(d + "/typed", "wb") as f:
	        f.write(typed)
	    os._exit(os.waitstatus_to_exitcode(st) & 255)
	with open(d + "/tty", "wb") as f:
	    while True:	# until the session's last holder of the pty ends
	        try:
	            data = os.read(master, 4096)
	        except OSError:
	            break
	        if not data:
	            break
	        f.write(data)
	sys.exit(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
	EOF
	OUT=$(tr -d '\r' <"$TEST_DIR/out")
	TYPED=$(cat "$TEST_DIR/typed")
	TTY=$(tr -d '\r' <"$TEST_DIR/tty")
	printf '$ (at a pty) %s\n%s\n[terminal]\n%s\n[typed]\n%s\n[status %s]\n' \
		"$*" "$OUT" "$TTY" "$TYPED" "$STATUS" >&2
}

# --- the caller's terminal (CVE-2017-5226) ----------------------------------

test_cve_2017_5226_without_a_pty_the_appliance_is_not_in_the_callers_session() {
	attack_config user-nocaps "$USER_NO_CAPS"
	under_pty "$INIT" -- /usr/bin/probe uid sid ctty "tiocsti:echo INJECTED"
	expect_eq "$STATUS" 0 "status"
	expect_eq "$(answer uid)" 1000,1000,1000 "uid"
	# in its PID namespace, init (1) leads the session; the caller's
	# session leader would not be visible (0)
	expect_eq "$(answer sid)" 1 "the appliance's session"
	expect_eq "$(answer ctty)" 0 "a controlling terminal"
	expect_eq "$(answer "tiocsti:echo INJECTED")" "error: Operation not permitted" \
		"TIOCSTI into the caller's terminal"
	expect_eq "$TYPED" "" "input waiting for the caller's shell"
	host_clean "$CROOT"
}

# Started as PID 1 by someone else (no launcher), init makes the session.
test_cve_2017_5226_init_started_without_the_launcher_leads_a_session_of_its_own() {
	attack_config root
	under_pty unshare --fork --pid --mount --uts --ipc --net "$INIT" -- \
		/usr/bin/probe sid ctty "tiocsti:echo INJECTED"
	expect_eq "$STATUS" 0 "status"
	expect_eq "$(answer sid)" 1 "the appliance's session"
	expect_eq "$(answer ctty)" 0 "a controlling terminal"
	expect_eq "$(answer "tiocsti:echo INJECTED")" "error: Operation not permitted" \
		"TIOCSTI into the caller's terminal"
	expect_eq "$TYPED" "" "input waiting for the caller's shell"
	host_clean "$CROOT"
}

# A process group leader cannot make a session: init then refuses to run
# the appliance in its caller's session (setsid(1) around it would do).
test_cve_2017_5226_init_leading_a_process_group_of_its_callers_session_refuses_to_start() {
	[ -x /usr/bin/python3 ] || skip "no /usr/bin/python3 to exec init as a group leader"
	attack_config root
	run_init unshare --fork --pid --mount --uts --ipc --net /usr/bin/python3 -c \
		'import os, sys; os.setpgid(0, 0); os.execv(sys.argv[1], sys.argv[1:])' \
		"$INIT" -- /usr/bin/probe sid
	expect_one_error_line 255 '^init: console: a session of its own: Operation not permitted \(init leads a process group of its caller.s session\)$'
	host_clean "$CROOT"
}

# With CAP_SYS_ADMIN the kernel allows TIOCSTI on any terminal, the
# session notwithstanding: only the filter refuses it, whatever the high
# bits of the request (the kernel takes the low 32).
test_cve_2017_5226_the_filter_refuses_tiocsti_and_tioclinux_even_with_cap_sys_admin() {
	attack_config sys-admin '
	static const int caps_[] = { CAP_SYS_ADMIN };
	.caps = caps_, .ncaps = LEN(caps_),'
	under_pty "$INIT" -- /usr/bin/probe sid "tiocsti:echo INJECTED" \
		"tiocsti64:echo INJECTED64" tioclinux
	expect_eq "$STATUS" 0 "status"
	expect_eq "$(answer sid)" 1 "the appliance's session"
	expect_eq "$(answer "tiocsti:echo INJECTED")" "error: Operation not permitted" \
		"TIOCSTI"
	expect_eq "$(answer "tiocsti64:echo INJECTED64")" "error: Operation not permitted" \
		"TIOCSTI with the request's high bits set"
	expect_eq "$(answer tioclinux)" "error: Operation not permitted" "TIOCLINUX"
	expect_eq "$TYPED" "" "input waiting for the caller's shell"
	host_clean "$CROOT"
}

# --- namespaces -------------------------------------------------------------

NS_USER_NET=0x50000000	# CLONE_NEWUSER | CLONE_NEWNET

# attack_namespaces UID: the appliance of $INIT, running as UID, tries new
# namespaces every way and must still fork, spawn and run a busybox pipeline.
attack_namespaces() {
	probe uid "unshare:$NS_USER_NET" unshare:0x20000 "clone:$NS_USER_NET" \
		clone3:0 "clone3:$NS_USER_NET" sys:setns forks:3 spawn:/bin/true
	expect_eq "$(answer uid)" "$1,$1,$1" "uid"
	expect_eq "$(answer "unshare:$NS_USER_NET")" "error: Operation not permitted" \
		"unshare(CLONE_NEWUSER|CLONE_NEWNET)"
	expect_eq "$(answer unshare:0x20000)" "error: Operation not permitted" \
		"unshare(CLONE_NEWNS)"
	expect_eq "$(answer "clone:$NS_USER_NET")" "error: Operation not permitted" \
		"clone(CLONE_NEWUSER|CLONE_NEWNET)"
	expect_eq "$(answer clone3:0)" "error: Function not implemented" "clone3"
	expect_eq "$(answer "clone3:$NS_USER_NET")" "error: Function not implemented" \
		"clone3(CLONE_NEWUSER|CLONE_NEWNET)"
	expect_eq "$(answer sys:setns)" "error: Operation not permitted" "setns"
	expect_eq "$(answer forks:3)" 3 "fork (clone without namespace flags)"
	expect_eq "$(answer spawn:/bin/true)" 0 "musl's posix_spawn"
	run_init "$INIT" -- /bin/sh -c 'echo one | cat; /bin/true && echo "$(echo two)"'
	expect_eq "$STATUS" 0 "busybox sh: status"
	expect_eq "$(echo $OUT)" "one two" "busybox sh: a pipeline, a command, a substitution"
}

test_the_appliance_cannot_make_namespaces_as_uid_1000_or_as_root_without_cap_sys_admin() {
	# the attack, as the kernel alone answers it here
	attack_config user-nocaps-nofilter "$USER_NO_CAPS $NO_FILTER"
	probe "unshare:$NS_USER_NET" "clone:$NS_USER_NET"
	[ "$(answer "unshare:$NS_USER_NET")" = ok ] ||
		skip "this kernel refuses uid 1000 a user namespace anyway"
	expect_eq "$(answer "clone:$NS_USER_NET")" ok "clone, without the filter"
	attack_config user-nocaps "$USER_NO_CAPS"
	attack_namespaces 1000
	attack_config root
	attack_namespaces 0
	host_clean "$CROOT"
}

test_with_cap_sys_admin_kept_the_appliance_may_make_namespaces() {
	attack_config sys-admin '
	static const int caps_[] = { CAP_SYS_ADMIN };
	.caps = caps_, .ncaps = LEN(caps_),'
	probe "unshare:$NS_USER_NET" "clone:$NS_USER_NET" "clone3:$NS_USER_NET"
	expect_eq "$(answer "unshare:$NS_USER_NET")" ok "unshare"
	expect_eq "$(answer "clone:$NS_USER_NET")" ok "clone"
	expect_eq "$(answer "clone3:$NS_USER_NET")" ok "clone3"
	run_init "$INIT" --print-config
	if grep -q 'seccomp rule *\(unshare\|setns\|clone\)' <<<"$OUT"; then
		fail "print-config shows namespace rules: $OUT"
	fi
	host_clean "$CROOT"
}

test_personality_is_limited_to_harmless_values() {
	local p
	attack_config user-nocaps "$USER_NO_CAPS"
	probe personality:0x400000 personality:0x40000 personality:0x100000 \
		personality:0 personality:0x8 personality:0x20000 personality:0x20008 \
		personality:0xffffffff
	# READ_IMPLIES_EXEC, ADDR_NO_RANDOMIZE, MMAP_PAGE_ZERO
	for p in 0x400000 0x40000 0x100000; do
		expect_eq "$(answer personality:$p)" "error: Operation not permitted" \
			"personality($p)"
	done
	for p in 0 0x8 0x20000 0x20008 0xffffffff; do
		expect_eq "$(answer personality:$p)" ok "personality($p)"
	done
	host_clean "$CROOT"
}

# --- sockets ------------------------------------------------------------------

test_af_vsock_and_af_alg_sockets_are_refused_as_if_the_kernel_had_none() {
	attack_config user-nocaps-nofilter "$USER_NO_CAPS $NO_FILTER"
	probe socket:40
	[ "$(answer socket:40)" = ok ] || skip "no AF_VSOCK in this kernel"
	attack_config user-nocaps "$USER_NO_CAPS"
	probe socket:40 socket:38 socketpair:40 socketpair:38 socket:1 socketpair:1
	local k
	for k in socket:40 socket:38 socketpair:40 socketpair:38; do
		expect_eq "$(answer $k)" "error: Address family not supported by protocol" "$k"
	done
	expect_eq "$(answer socket:1)" ok "an AF_UNIX socket"
	expect_eq "$(answer socketpair:1)" ok "an AF_UNIX socketpair"
	host_clean "$CROOT"
}

# --- the deny-list ---------------------------------------------------------------

# sys:NAME calls with arguments 0: the kernel's own answer is never EPERM
# for these here, even with the capabilities they would need.
test_the_deny_list_refuses_adjtimex_kcmp_pidfd_getfd_process_madvise_and_quotactl_fd() {
	local s calls='quotactl_fd adjtimex pidfd_getfd process_madvise kcmp open_tree_attr'
	local caps='static const int caps_[] = { CAP_SYS_ADMIN, CAP_SYS_TIME, CAP_SYS_PTRACE };
	.caps = caps_, .ncaps = LEN(caps_),'
	attack_config caps-nofilter "$caps $NO_FILTER"
	probe $(printf 'sys:%s ' $calls)
	for s in $calls; do
		[ "$(answer "sys:$s")" != "error: Operation not permitted" ] ||
			fail "$s: EPERM without the filter: the test proves nothing"
	done
	attack_config caps "$caps"
	probe $(printf 'sys:%s ' $calls)
	for s in $calls; do
		expect_eq "$(answer "sys:$s")" "error: Operation not permitted" "$s"
	done
	host_clean "$CROOT"
}

# --- a configured list ---------------------------------------------------------------

test_the_argument_rules_apply_with_a_configured_deny_list_and_print_config_shows_them() {
	attack_config own-list '
	static const int deny_[] = { SYS_getppid };
	.seccomp_deny = deny_, .nseccomp_deny = LEN(deny_),'
	probe sys:getppid socket:40 "unshare:$NS_USER_NET" personality:0x400000
	expect_eq "$(answer sys:getppid)" "error: Operation not permitted" "getppid"
	expect_eq "$(answer socket:40)" "error: Address family not supported by protocol" \
		"AF_VSOCK"
	expect_eq "$(answer "unshare:$NS_USER_NET")" "error: Operation not permitted" "unshare"
	expect_eq "$(answer personality:0x400000)" "error: Operation not permitted" \
		"personality"
	run_init "$INIT" --print-config
	expect_line "$OUT" 'seccomp rule +ioctl TIOCSTI TIOCLINUX: Operation not permitted' \
		"print-config"
	expect_line "$OUT" 'seccomp rule +clone3: Function not implemented' "print-config"
	expect_line "$OUT" 'seccomp rule +socket AF_VSOCK AF_ALG: Address family not supported by protocol' \
		"print-config"
	host_clean "$CROOT"
}
