# SPDX-License-Identifier: MIT
# run: alone
# nsinit's entrypoint build (contrib/configs/entrypoint.h) as PID 1 of a
# podman container, beside tini and catatonit on the same image, point by
# point; and the same build without podman: PID 1 of a PID namespace
# someone else made, and a subreaper where it is not PID 1. (Alone: the
# image lives in podman's store.)

ENTRY=$TOP/build/entrypoint/init

entry_build() {
	(cd "$TOP" && make -s entrypoint) || fail "make entrypoint failed"
}

test_an_entrypoint_with_no_capability_passes_exit_statuses_as_tini_and_catatonit() {
	podman_usable
	peer_image
	for code in 0 1 42 255; do
		peers_agree --cap-drop=all -- /bin/sh -c "exit $code"
		expect_eq "$STATUS" "$code" "exit $code"
	done
	peers_agree --cap-drop=all -- /bin/sh -c 'kill -KILL $$'
	expect_eq "$STATUS" 137 "killed by SIGKILL"
	peers_agree --cap-drop=all -- /bin/sh -c 'kill -TERM $$'
	expect_eq "$STATUS" 143 "killed by SIGTERM"
}

# catatonit exits 1 when the command cannot run; nsinit as tini: 127, 126
test_an_entrypoint_gives_127_and_126_as_tini_with_one_line() {
	podman_usable
	peer_image
	for cmd in /nonexist:127 /etc/passwd:126; do
		peer_run tini --cap-drop=all -- "${cmd%:*}"
		expect_eq "$STATUS" "${cmd#*:}" "tini: ${cmd%:*}"
		peer_run nsinit --cap-drop=all -- "${cmd%:*}"
		expect_eq "$STATUS" "${cmd#*:}" "nsinit: ${cmd%:*}"
		expect_match "$ERR" "^init: exec: ${cmd%:*}: " "the line"
	done
	expect_one_error_line 126 '^init: exec: /etc/passwd: Permission denied$'
}

test_an_entrypoint_keeps_the_runtime_s_env_workdir_user_groups_caps_and_devices() {
	podman_usable
	peer_image
	peers_agree --cap-drop=all --cap-add=NET_BIND_SERVICE -e FOO=bar \
		-w /tmp -u 100:101 --group-add 7 --device /dev/net/tun -- \
		/bin/sh -c 'echo "FOO=$FOO"; pwd; id -u; id -g; id -G;
			stat -c "%t:%T" /dev/net/tun; grep -E "^Cap(Eff|Bnd)" /proc/self/status; umask'
	expect_eq "$STATUS" 0 "status"
	expect_eq "$(head -6 <<<"$OUT" | tr '\n' ' ')" "FOO=bar /tmp 100 101 101 7 a:c8 " \
		"environment, directory, ids, device"
	expect_line "$OUT" 'CapEff:	0000000000000400' "only net_bind_service"
}

test_an_entrypoint_reaps_orphans_as_tini_and_catatonit() {
	podman_usable
	peer_image
	# orphans that end at once; the appliance polls for their zombies
	peers_agree -- /bin/sh -c '(sleep 0 &); (sleep 0 &); (sleep 0 &)
		for i in $(seq 100); do
			ps -o stat | grep -q "^Z" || { echo reaped; exit 0; }
			sleep 0.1
		done; echo zombies left; exit 1'
	expect_eq "$OUT" reaped "the appliance's view"
}

# podman kill -s and podman stop: the appliance says what it got, then
# ends with 3 on SIGTERM
test_an_entrypoint_forwards_kill_s_and_stop_as_tini_and_catatonit() {
	podman_usable
	peer_image
	local init name got=()
	for init in catatonit tini nsinit; do
		name=nsinit-test-kill-$init-$$
		podman run -d --name "$name" "${PODMAN_RUN[@]:3}" \
			--entrypoint "[\"/sbin/$init\",\"--\"]" "$IMAGE" /bin/sh -c '
			trap "echo got HUP" HUP; trap "echo got USR1" USR1
			trap "echo got TERM; exit 3" TERM
			echo ready; while :; do sleep 1 & wait; done' >/dev/null
		wait_output ready podman logs "$name"
		podman kill -s HUP "$name" >/dev/null
		wait_output "got HUP" podman logs "$name"
		podman kill -s USR1 "$name" >/dev/null
		wait_output "got USR1" podman logs "$name"
		podman stop -t 20 "$name" >/dev/null
		got+=("$init: $(podman wait "$name") $(podman logs "$name" | tr '\n' ' ')")
		podman rm -f "$name" >/dev/null
	done
	printf '%s\n' "${got[@]}" >&2
	for init in 0 1 2; do
		expect_eq "${got[init]#*: }" "3 ready got HUP got USR1 got TERM " \
			"${got[init]%%:*}"
	done
}

# script(1) gives podman a terminal: a shell under -it works (no SIGTTIN
# stop), and its status comes back; Ctrl-C reaches the appliance (130)
test_an_entrypoint_under_podman_run_it_gives_a_working_shell_and_ctrl_c() {
	podman_usable
	peer_image
	local init
	for init in tini catatonit nsinit; do
		pty_start "${PODMAN_RUN[*]} -it --entrypoint '[\"/sbin/$init\",\"--\"]' $IMAGE /bin/sh"
		pty_send 'echo in-$((6*7))\nexit 9\n'
		pty_wait '^in-42$' "$init: the shell's output" 30
		pty_end
		expect_eq "$STATUS" 9 "$init: the shell's exit status"
		pty_start "${PODMAN_RUN[*]} -it --entrypoint '[\"/sbin/$init\",\"--\"]' $IMAGE /bin/sh -c 'echo ready; exec cat'"
		pty_wait '^ready$' "$init: cat's start" 30
		pty_send '\003'
		pty_end
		expect_eq "$STATUS" 130 "$init: cat after Ctrl-C"
	done
}

test_a_shell_on_a_terminal_works_under_the_entrypoint_build_without_podman() {
	entry_build
	pty_start "exec $ENTRY -- /bin/sh -c 'echo ready; exec /bin/sh -i'"
	pty_wait '^ready$' "the shell's start" 30
	pty_send 'echo in-$((6*7))\nexit 9\n'
	pty_wait '^in-42$' "the shell's output" 30
	pty_end
	expect_eq "$STATUS" 9 "the shell's exit status"
}

test_the_entrypoint_build_not_pid_1_is_the_subreaper_and_ends_only_its_own() {
	entry_build
	local outside
	sleep 600 &
	outside=$!
	run_init "$ENTRY" -- /bin/sh -c '
		(sleep 600 & echo "orphan $!") ; sleep 600 & wait_for=$!
		echo "group $wait_for"
		exit 5'
	expect_eq "$STATUS" 5 "the appliance's status"
	kill -0 "$outside" || fail "a process outside was killed"
	kill "$outside"
	local orphan
	orphan=$(sed -n 's/^orphan //p' <<<"$OUT")
	[ -n "$orphan" ] || fail "no orphan pid: $OUT"
	! kill -0 "$orphan" 2>/dev/null || fail "the orphan $orphan is left"
}

# The orphan of another session is init's child only: it ends by the
# children's list, read in init's own numbering. Under a /proc of the
# parent PID namespace (unshare --pid without --mount-proc) that list
# named other processes, and the orphan stayed until it ended itself
# (attack review): timeout's 124 here.
test_the_entrypoint_subreaper_ends_an_orphan_of_another_session_under_a_parent_s_proc() {
	entry_build
	mkfifo "$TEST_DIR/started"
	run_init timeout -k 2 30 unshare --pid --fork --mount --propagation private \
		sh -c '"$1" -- /bin/sh -c "setsid sh -c \"echo >$2; exec sleep 1000\" &
			read _ <$2; exit 3"; echo "init $?"' sh "$ENTRY" "$TEST_DIR/started"
	expect_eq "$STATUS" 0 "unshare's status (124: the orphan kept init waiting)"
	expect_eq "$OUT" "init 3" "init's status"
}

test_the_entrypoint_build_is_pid_1_of_a_pid_namespace_without_privileges() {
	entry_build
	run_init unshare --fork --pid --mount-proc setpriv --bounding-set=-all \
		--inh-caps=-all -- "$ENTRY" -- /bin/sh -c 'echo $$; grep CapEff /proc/self/status; exit 7'
	expect_eq "$STATUS" 7 "status"
	expect_eq "$OUT" $'2\nCapEff:\t0000000000000000' "pid and capabilities"
}

test_init_of_a_container_config_without_cap_sys_admin_names_it_in_one_line() {
	config_build entry_noadmin <<-EOF
	static const char *const argv_[] = { "/bin/true", NULL };
	static const struct config config = {
		.rootfs = "/",
		.namespaces = CLONE_NEWNS | CLONE_NEWPID,
		.argv = argv_,
	};
	EOF
	run_init unshare --fork --pid setpriv --bounding-set=-sys_admin \
		--inh-caps=-sys_admin -- "$INIT"
	expect_one_error_line 255 '^init: init: unshare: Operation not permitted: needs CAP_SYS_ADMIN, which init was not given'
}

test_a_user_switch_without_cap_setuid_names_the_capabilities_in_one_line() {
	config_build entry_user <<-EOF
	static const char *const argv_[] = { "/bin/true", NULL };
	static const struct config config = {
		.inherit = INHERIT_ROOT | INHERIT_ENV | INHERIT_WORKDIR |
			   INHERIT_CAPS | INHERIT_UMASK,
		.argv = argv_,
		.user = "100:100",
		.seccomp_deny = (const int[]){ 0 }, .allow_new_privs = true,
	};
	EOF
	run_init setpriv --bounding-set=-all --inh-caps=-all -- "$INIT"
	expect_one_error_line 255 '^init: user: switch to 100:100: Operation not permitted: needs CAP_SETUID and CAP_SETGID, which init was not given$'
}

test_inherit_root_with_namespaces_or_user_with_inherit_user_fails_to_compile() {
	local dir=$TEST_DIR/rule st out fields
	mkdir -p "$dir"
	for fields in '.namespaces = CLONE_NEWNS | CLONE_NEWPID,:INHERIT_ROOT sets nothing up' \
		'.user = "app",:INHERIT_USER and user exclude each other'; do
		cat >"$dir/config.h" <<-EOF
		static const char *const argv_[] = { "/bin/true", NULL };
		static const struct config config = {
			.inherit = INHERIT_ALL, .argv = argv_, ${fields%%:*}
		};
		EOF
		st=0
		out=$(make -s CONFIG="$dir/config.h" O="$dir" 2>&1) || st=$?
		echo "$out" >&2
		[ "$st" != 0 ] || fail "make succeeded with ${fields%%:*}"
		expect_match "$out" "${fields#*:}" "compiler output"
	done
	[ ! -e "$dir/init" ] || fail "an init was built"
}
