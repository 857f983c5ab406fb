# SPDX-License-Identifier: MIT
# PID 1 duties: exit status, signals, reaping, shutdown, restart.

# pid1_config NAME [C FIELDS]: a root appliance on $ROOTFS with a short grace
# period, the given fields added; sets INIT.
pid1_config() {
	local name=$1 extra=${2:-}
	mkdir -p "$TOP/build/tests/pid1-state"
	config_build "pid1_$name" <<-EOF
	static const char *const argv_[] = { "/bin/true", NULL };
	static const char *const env_[] = { "PATH=/usr/bin:/bin", NULL };
	static const int caps_[] = { CAP_KILL, CAP_SYS_BOOT };
	static const struct bind_mount mounts_[] = {
		{ .source = "$TOP/build/tests/pid1-state", .target = "/state" },
	};
	static const struct config config = {
		.rootfs = "$ROOTFS",
		.namespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS |
			      CLONE_NEWIPC | CLONE_NEWNET,
		.argv = argv_, .envp = env_,
		.caps = caps_, .ncaps = LEN(caps_),
		.mounts = mounts_, .nmounts = LEN(mounts_),
		.grace_ms = 3000,
		$extra
	};
	EOF
}

# A writable directory the appliance sees as /state, empty for each test.
fresh_state() {
	STATE=$TOP/build/tests/pid1-state
	rm -rf "$STATE"
	mkdir -p "$STATE"
}

# start INIT ARGS...: the launcher in the background, its stdout readable
# line by line with read_line, its stderr in $TEST_DIR/err.
start() {
	mkfifo "$TEST_DIR/out"
	"$@" >"$TEST_DIR/out" 2>"$TEST_DIR/err" &
	LAUNCHER=$!
	exec 3<"$TEST_DIR/out"
}

# read_line VAR: the container's next line of output (20 s at most).
read_line() {
	IFS= read -r -t 20 -u 3 "$1" || fail "no line from the container; stderr: $(cat "$TEST_DIR/err")"
}

# expect_next_line TEXT: the container's next line is TEXT.
expect_next_line() {
	local line
	read_line line
	expect_eq "$line" "$1" "container output"
}

# finish: the launcher's exit status in STATUS.
finish() {
	STATUS=0
	wait "$LAUNCHER" || STATUS=$?
}

# The host pids of the container's init (child of the launcher) and of
# the appliance (child of init).
# gone PID: not running (a zombie waits for the host's init to reap it).
gone() {
	local st
	st=$(grep '^State:' "/proc/$1/status" 2>/dev/null) || return 0
	[[ $st == *Z* ]]
}
container_init() { pgrep -P "$LAUNCHER" | head -n 1; }
appliance_pid() { pgrep -P "$(container_init)" | head -n 1; }

test_every_exit_code_from_0_to_255_passes_through() {
	local i got bad=
	pid1_config plain
	for i in $(seq 0 255); do
		got=0
		"$INIT" -- /bin/sh -c "exit $i" || got=$?
		[ "$got" = "$i" ] || bad+=" $i->$got"
	done
	[ -z "$bad" ] || fail "exit codes changed:$bad"
}

test_an_appliance_killed_by_a_signal_gives_128_plus_its_number() {
	pid1_config plain
	expect_status 143 "$INIT" -- /bin/sh -c 'kill -TERM $$'
	expect_status 137 "$INIT" -- /bin/sh -c 'kill -KILL $$'
	expect_status 134 "$INIT" -- /bin/sh -c 'kill -ABRT $$'
}

test_configured_success_codes_are_reported_as_0() {
	pid1_config success '.success_codes = (const int[]){ 143, 3 }, .nsuccess = 2,'
	expect_status 0 "$INIT" -- /bin/sh -c 'exit 3'
	expect_status 0 "$INIT" -- /bin/sh -c 'kill -TERM $$'
	expect_status 4 "$INIT" -- /bin/sh -c 'exit 4'
}

# Every catchable signal but SIGCHLD, sent to init from the host, reaches
# the appliance as itself.
test_each_catchable_signal_sent_to_init_reaches_the_appliance() {
	local sig line init sigs=
	pid1_config plain
	# all but SIGKILL, SIGCHLD and SIGSTOP; SIGINT and SIGTERM last, as
	# they also start the grace period
	for sig in $(seq 1 31); do
		case $sig in 2 | 9 | 15 | 17 | 19) continue ;; esac
		sigs+=" $sig"
	done
	sigs+=" 2 15"
	# shellcheck disable=SC2016
	start "$INIT" -- /bin/sh -c '
		for s in '"$sigs"'; do trap "echo got $s" $s; done
		echo ready
		while :; do read -t 1 x </dev/zero; done'
	expect_next_line ready
	init=$(container_init)
	for sig in $sigs; do
		kill -s "$sig" "$init"
		read_line line
		expect_eq "$line" "got $sig" "signal $sig"
	done
	kill -KILL "$LAUNCHER"
	finish
}

test_signals_go_to_the_process_group_when_configured() {
	pid1_config group '.signal_group = true,'
	start "$INIT" -- /bin/sh -c '
		sh -c "trap \"echo child got USR1; exit 0\" USR1; echo child ready; while :; do read -t 1 x </dev/zero; done" &
		trap "echo parent got USR1" USR1
		read -r x <&-; echo parent ready; wait; wait'
	local a b
	read_line a
	read_line b
	kill -USR1 "$(container_init)"
	read_line a
	read_line b
	expect_eq "$(printf '%s\n' "$a" "$b" | sort | tr '\n' ,)" "child got USR1,parent got USR1," "both got USR1"
	finish
}

test_ten_thousand_orphans_are_all_reaped() {
	pid1_config plain
	local out
	out=$("$INIT" -- /usr/bin/probe orphans:10000 zombies)
	expect_eq "$out" $'orphans:10000=10000\nzombies=0' "probe"
}

test_sigtstp_to_init_stops_the_appliance_and_sigcont_resumes_it() {
	local app
	pid1_config plain
	start "$INIT" -- /bin/sh -c 'echo ready; while :; do read -t 1 x </dev/zero; done'
	expect_next_line ready
	app=$(appliance_pid)
	kill -TSTP "$(container_init)"
	for _ in $(seq 200); do
		grep -q '^State:.*T (stopped)' "/proc/$app/status" && break
		read -r -t 0.05 _ <>"$TEST_DIR/err" || :
	done
	grep -q '^State:.*T (stopped)' "/proc/$app/status" || fail "not stopped: $(grep State "/proc/$app/status")"
	kill -CONT "$(container_init)"
	for _ in $(seq 200); do
		grep -q '^State:.*T (stopped)' "/proc/$app/status" || break
		read -r -t 0.05 _ <>"$TEST_DIR/err" || :
	done
	grep -q '^State:.*T (stopped)' "/proc/$app/status" && fail "still stopped"
	kill -KILL "$LAUNCHER"
	finish
}

test_an_appliance_ignoring_sigterm_is_killed_after_the_grace_period() {
	pid1_config plain
	start "$INIT" -- /bin/sh -c 'trap "" TERM; echo ready; while :; do read -t 1 x </dev/zero; done'
	expect_next_line ready
	kill -TERM "$LAUNCHER"
	finish
	expect_eq "$STATUS" 137 "status after the grace period"
}

test_leftover_processes_get_sigterm_before_init_exits() {
	pid1_config plain
	local out
	out=$("$INIT" -- /bin/sh -c '
		mkfifo /dev/shm/ready
		sh -c "trap \"echo leftover got TERM; exit 0\" TERM; echo >/dev/shm/ready; while :; do read -t 1 x </dev/zero; done" &
		read -r x </dev/shm/ready; exit 3' 2>&1) && fail "status 0" || expect_eq "$?" 3 "status"
	expect_match "$out" "leftover got TERM" "leftover output"
}

test_the_appliance_starts_with_clean_signals_and_only_fds_0_to_2() {
	pid1_config plain
	local out
	out=$(trap '' INT QUIT USR1; exec 5</dev/null 7>/dev/null
	      "$INIT" -- /usr/bin/probe sigblk sigign fds)
	expect_eq "$out" $'sigblk=0000000000000000\nsigign=0000000000000000\nfds=0,1,2' "probe"
}

test_passed_fds_reach_the_appliance_with_listen_fds() {
	pid1_config passfd '.pass_fds = 1,'
	local out
	out=$(exec 3</dev/null 4</dev/null
	      "$INIT" -- /bin/sh -c 'echo "$LISTEN_FDS $LISTEN_PID $$"; probe fds')
	expect_eq "$out" $'1 2 2\nfds=0,1,2,3' "environment and fds"
}

test_sigint_to_the_launcher_reaches_the_appliance() {
	pid1_config plain
	start "$INIT" -- /bin/sh -c 'trap "echo got INT; exit 5" INT; echo ready; while :; do read -t 1 x </dev/zero; done'
	expect_next_line ready
	kill -INT "$LAUNCHER"
	expect_next_line "got INT"
	finish
	expect_eq "$STATUS" 5 "status"
}

test_killing_the_launcher_kills_the_container() {
	local init
	pid1_config plain
	start "$INIT" -- /bin/sh -c 'echo ready; while :; do read -t 1 x </dev/zero; done'
	expect_next_line ready
	init=$(container_init)
	kill -KILL "$LAUNCHER"
	finish
	for _ in $(seq 200); do
		gone "$init" && break
		read -r -t 0.05 _ <>"$TEST_DIR/err" || :
	done
	gone "$init" || fail "container init $init still runs"
	host_clean "$ROOTFS"
}

test_poweroff_inside_the_container_ends_it_with_0() {
	pid1_config plain
	expect_status 0 "$INIT" -- /bin/sh -c 'poweroff -f; sleep 5; exit 9'
}

test_reboot_inside_the_container_restarts_it() {
	fresh_state
	pid1_config plain
	expect_status 7 "$INIT" -- /bin/sh -c '
		echo run >>/state/runs
		[ -e /state/rebooted ] && exit 7
		touch /state/rebooted; reboot -f; sleep 5; exit 9'
	expect_eq "$(wc -l <"$STATE/runs")" 2 "runs"
}

test_restart_on_failure_runs_the_appliance_until_it_succeeds() {
	fresh_state
	pid1_config onfail '.restart = RESTART_ON_FAILURE, .restart_max_ms = 400,'
	expect_status 0 "$INIT" -- /bin/sh -c '
		echo run >>/state/runs
		[ "$(wc -l </state/runs)" -ge 3 ]'
	expect_eq "$(wc -l <"$STATE/runs")" 3 "runs"
}

test_sigterm_stops_a_restarting_appliance_for_good() {
	fresh_state
	pid1_config always '.restart = RESTART_ALWAYS, .restart_max_ms = 200,'
	# whether TERM comes while it runs or between two runs, the status is 1
	start "$INIT" -- /bin/sh -c 'trap "exit 1" TERM; echo run; exit 1'
	expect_next_line run
	expect_next_line run
	kill -TERM "$LAUNCHER"
	finish
	expect_eq "$STATUS" 1 "status"
}
