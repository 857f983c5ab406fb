# SPDX-License-Identifier: MIT
# run: alone
# Attacks on the launcher and on init's signal handling: a setup that
# hangs, a launcher killed with its cgroup, an appliance that stops reading
# its terminal, signals that used to end the launcher, dispositions the
# caller ignored. Its cgroups have fixed names (nsinit-test-*): it runs
# alone.
. "$TOP/tests/configs.sh"

# atk_config NAME [C FIELDS]: true_config (configs.sh), the given fields
# added; sets INIT.
atk_config() {
	local name=$1 extra=${2:-}
	true_config "atk_$name" "$extra"
}

# atk_kill_on_exit PID: PID gets SIGKILL when the test's shell exits, so
# that a failed test leaves no launcher behind.
atk_kill_on_exit() {
	# shellcheck disable=SC2064
	trap "kill -KILL $1 2>/dev/null || :" EXIT
}

# atk_gone PID: not running (or a zombie).
atk_gone() {
	local st
	st=$(grep '^State:' "/proc/$1/status" 2>/dev/null) || return 0
	[[ $st == *Z* ]]
}

# atk_until WHAT CMD...: polls CMD (20 s at most) until it succeeds.
atk_until() {
	local what=$1 i
	shift
	for i in $(seq 400); do
		"$@" && return 0
		read -r -t 0.05 _ <>"$TEST_DIR/tick" || :
	done
	fail "never: $what"
}

# atk_empty CGROUP: no process in it (cgroupfs files have no size: read).
atk_empty() { [ -z "$(cat "$1/cgroup.procs")" ]; }

# atk_cg_cleanup DIR: on the test's exit, pass or fail, DIR and every
# cgroup below it go (empty ones: their processes are gone by then).
atk_cg_cleanup() {
	# shellcheck disable=SC2064
	trap "find '$1' -depth -type d -exec rmdir {} + 2>/dev/null || :" EXIT
}

atk_cgroup2() {
	awk '$0 ~ / - cgroup2 / { print $5; exit }' /proc/self/mountinfo
}

# --- a setup that hangs -------------------------------------------------
#
# A FUSE mount whose daemon is the test's (tests/fuse_stall.c): a lookup
# below it (the source of a bind mount) queues a request the daemon never
# reads, so the wait stays killable, as autofs's. The daemon's line on the
# pipe says setup is now stuck.

# atk_stall CMD...: runs CMD under setsid in a private mount namespace
# with the FUSE mount on $TEST_DIR/auto, in the background (its pid in
# STALLED, stderr in $TEST_DIR/err), and returns once the kernel asked the
# daemon (its pid in STALL_DAEMON, ended by atk_stall_end) for a lookup.
atk_stall() {
	local helper
	[ -c /dev/fuse ] && grep -qw fuse /proc/filesystems ||
		skip "no FUSE (/dev/fuse, fuse in /proc/filesystems) on this host"
	build_tool fuse_stall
	helper=$TOOL
	mkdir -p "$TEST_DIR/auto"
	mkfifo "$TEST_DIR/stall" "$TEST_DIR/tick"
	exec 5<>"$TEST_DIR/stall"
	unshare -m --propagation private "$helper" "$TEST_DIR/auto" 5 setsid "$@" \
		</dev/null >"$TEST_DIR/out" 2>"$TEST_DIR/err" &
	STALLED=$!
	read -r -t 20 STALL_DAEMON _ <&5 ||
		fail "no FUSE request: setup did not reach the mount source: $(cat "$TEST_DIR/err")"
}

# atk_stall_end: the status of the stalled process in STATUS, its stderr
# in ERR (timeout is only a backstop: a launcher deaf to SIGTERM).
atk_stall_end() {
	local i
	for i in $(seq 200); do
		atk_gone "$STALLED" && break
		read -r -t 0.05 _ <>"$TEST_DIR/tick" || :
	done
	atk_gone "$STALLED" || { kill -KILL "$STALLED"; fail "still running 10 s after the signal"; }
	kill -TERM "$STALL_DAEMON" 2>/dev/null || :
	STATUS=0
	wait "$STALLED" || STATUS=$?
	ERR=$(cat "$TEST_DIR/err")
	echo "[status $STATUS] $ERR" >&2
}

test_sigterm_to_the_launcher_ends_a_setup_stuck_on_a_mount_source() {
	local init cg2 parent
	cg2=$(atk_cgroup2)
	[ -n "$cg2" ] || skip "no cgroup2 filesystem is mounted on this host"
	parent=nsinit-test-stall
	[ ! -e "$cg2/$parent" ] || fail "$cg2/$parent is there before the test"
	atk_cg_cleanup "$cg2/$parent"
	atk_config stall "
		.mounts = (const struct bind_mount[]){
			{ .source = \"$TEST_DIR/auto/stall\", .target = \"/tmp\" },
		},
		.nmounts = 1,
		.cgroup_parent = \"/$parent\","
	atk_stall "$INIT"
	init=$(pgrep -P "$STALLED")
	[ -n "$init" ] || fail "no container init"
	kill -TERM "$STALLED"
	atk_stall_end
	expect_eq "$STATUS" 255 "status"
	expect_eq "$ERR" "init: launcher: setup interrupted by SIGTERM" "stderr"
	atk_gone "$init" || fail "the container's init $init still runs"
	[ ! -e "$cg2/$parent" ] || fail "cgroup left: $(find "$cg2/$parent" -type d | tr '\n' ' ')"
	host_clean "$ROOTFS"
}

# Without a launcher nobody can SIGKILL init for the caller, and a wait
# the kernel makes killable only (as FUSE's, once the daemon has the
# request) ends for SIGKILL alone; SIGINT, sent while setup waits, ends it
# as soon as the wait is over (here: the test's daemon gives up, the
# kernel aborts the connection, the mount source is then unreachable),
# instead of waiting for the appliance that the signal would then meet.
test_sigint_to_init_without_a_launcher_ends_its_setup_with_one_line() {
	local init
	atk_config stall_alone "
		.mounts = (const struct bind_mount[]){
			{ .source = \"$TEST_DIR/auto/stall\", .target = \"/tmp\" },
		},
		.nmounts = 1,"
	atk_stall unshare --pid --fork --kill-child "$INIT"
	init=$(pgrep -P "$STALLED")
	[ -n "$init" ] || fail "no init"
	kill -INT "$init"
	kill -TERM "$STALL_DAEMON"
	atk_stall_end
	expect_eq "$ERR" "init: init: setup interrupted by SIGINT" "stderr"
	expect_eq "$STATUS" 255 "status"
	host_clean "$ROOTFS"
}

# --- the cgroup of a killed launcher ------------------------------------

# An empty leaf named after the pid the next launcher gets, as a launcher
# of that pid killed before would have left it.
test_a_stale_cgroup_leaf_with_the_launcher_s_pid_is_taken_over() {
	local cg2
	cg2=$(atk_cgroup2)
	[ -n "$cg2" ] || skip "no cgroup2 filesystem is mounted on this host"
	[ ! -e "$cg2/nsinit-test-stale" ] || fail "$cg2/nsinit-test-stale is there before the test"
	atk_config stale '.cgroup_parent = "/nsinit-test-stale/p",'
	atk_cg_cleanup "$cg2/nsinit-test-stale"
	mkdir -p "$cg2/nsinit-test-stale/p"
	# shellcheck disable=SC2016
	run_init bash -c 'mkdir "$1/$$" && exec "$2" -- /bin/sh -c "grep ^0:: /proc/self/cgroup"' \
		bash "$cg2/nsinit-test-stale/p" "$INIT"
	expect_eq "$STATUS" 0 "status ($ERR)"
	expect_eq "$OUT" "0::/" "the appliance's cgroup"
	expect_eq "$(find "$cg2/nsinit-test-stale" -mindepth 2 -type d)" "" "cgroups left below the parent"
}

test_the_cgroup_of_a_launcher_killed_by_sigkill_goes_with_the_next_start() {
	local cg2 dead init
	cg2=$(atk_cgroup2)
	[ -n "$cg2" ] || skip "no cgroup2 filesystem is mounted on this host"
	[ ! -e "$cg2/nsinit-test-kill" ] || fail "$cg2/nsinit-test-kill is there before the test"
	atk_config killed '.cgroup_parent = "/nsinit-test-kill",'
	atk_cg_cleanup "$cg2/nsinit-test-kill"
	talk_to "$INIT" -- /bin/sh -c 'echo ready; read -r x'
	dead=$LAUNCHER
	IFS= read -r -t 20 -u 4 _ || fail "no line from the container: $(cat "$TEST_DIR/err")"
	init=$(pgrep -P "$dead")
	kill -KILL "$dead"
	wait "$dead" || :
	exec 3>&- 4<&-
	rm -f "$TEST_DIR/in" "$TEST_DIR/out"	# talk_to's fifos: run_init's files now
	mkfifo "$TEST_DIR/tick"
	atk_until "the killed launcher's container ended" atk_gone "$init"
	atk_until "its leaf empty" atk_empty "$cg2/nsinit-test-kill/$dead"
	[ -d "$cg2/nsinit-test-kill/$dead" ] || fail "no leaf left to sweep: the test proves nothing"
	run_init "$INIT"
	expect_eq "$STATUS" 0 "the next start ($ERR)"
	[ ! -e "$cg2/nsinit-test-kill/$dead" ] || fail "the killed launcher's leaf is still there"
	expect_eq "$(find "$cg2/nsinit-test-kill" -mindepth 1 -type d)" "" "cgroups left below the parent"
}

# --- an appliance that stops reading its terminal -------------------------

# The launcher's pty input is a fixed buffer: an appliance that never
# reads while the caller pipes in megabytes fills the buffer, then the
# caller's pipe; the launcher still hears SIGTERM.
test_an_appliance_that_never_reads_its_tty_cannot_make_the_launcher_deaf() {
	local feeder
	atk_config tty '.tty = true,'
	mkfifo "$TEST_DIR/in" "$TEST_DIR/tick"
	timeout -k 1 30 "$INIT" -- /bin/sh -c 'stty raw -echo; echo ready; exec sleep 1000' \
		<"$TEST_DIR/in" >"$TEST_DIR/out" 2>"$TEST_DIR/err" &
	LAUNCHER=$!
	exec 3>"$TEST_DIR/in"
	atk_until "the appliance is ready" grep -q ready "$TEST_DIR/out"
	head -c 2000000 /dev/zero >&3 &
	feeder=$!
	exec 3>&-
	atk_until "the caller's pipe full (the launcher stopped taking input)" \
		grep -q pipe_write "/proc/$feeder/wchan"
	kill -TERM "$(pgrep -P "$LAUNCHER")"	# timeout's child: the launcher
	STATUS=0
	wait "$LAUNCHER" || STATUS=$?
	kill "$feeder" 2>/dev/null || :
	expect_eq "$STATUS" 143 "status (124: deaf to SIGTERM, timeout ended it)"
	host_clean "$ROOTFS"
}

# --- signals to the launcher ----------------------------------------------

# SIGPIPE and SIGALRM ended the launcher (and the container with it); the
# realtime ones were not forwarded at all.
test_signals_to_the_launcher_reach_the_appliance_and_none_ends_it() {
	local sig line
	atk_config signals
	# shellcheck disable=SC2016
	talk_to "$INIT" -- /bin/sh -c '
		for s in PIPE ALRM USR1 HUP 37 40 64; do trap "echo got $s" $s; done
		echo ready
		while :; do read -t 1 x </dev/zero; done'
	atk_kill_on_exit "$LAUNCHER"
	IFS= read -r -t 20 -u 4 line || fail "no line from the container: $(cat "$TEST_DIR/err")"
	expect_eq "$line" ready "first line"
	for sig in PIPE ALRM USR1 HUP RTMIN+3 40 64; do
		kill -s "$sig" "$LAUNCHER"
		IFS= read -r -t 20 -u 4 line || fail "no line after SIG$sig: $(cat "$TEST_DIR/err")"
		case $sig in RTMIN+3) sig=37 ;; esac
		expect_eq "$line" "got $sig" "the appliance's trap for $sig"
	done
	kill -0 "$LAUNCHER" || fail "the launcher is gone"
	kill -TERM "$LAUNCHER"
	STATUS=0
	wait "$LAUNCHER" || STATUS=$?
	expect_eq "$STATUS" 143 "status after SIGTERM"
}

# Signal 33, one musl keeps for itself (its sigaddset refuses 32-34, so
# neither the launcher nor init had it in their masks): sent to the
# launcher, it reaches the appliance, which cannot catch it (busybox is
# built with musl) and dies of it: 128 + 33.
test_a_realtime_signal_libc_keeps_for_itself_reaches_the_appliance() {
	local line
	atk_config signals
	talk_to "$INIT" -- /bin/sh -c 'echo ready; while :; do read -t 1 x </dev/zero; done'
	IFS= read -r -t 20 -u 4 line || fail "no line from the container: $(cat "$TEST_DIR/err")"
	atk_kill_on_exit "$LAUNCHER"
	kill -s 33 "$LAUNCHER"
	mkfifo "$TEST_DIR/tick"
	atk_until "the appliance died of signal 33" atk_gone "$LAUNCHER"
	STATUS=0
	wait "$LAUNCHER" || STATUS=$?
	expect_eq "$STATUS" 161 "status"
}

# --- dispositions the caller ignored --------------------------------------

# A background job of a non-interactive bash starts with SIGINT and SIGQUIT
# ignored; the appliance must not inherit that, with or without a pty, with
# or without a launcher.
test_an_appliance_started_from_a_background_job_has_default_dispositions() {
	local ign
	atk_config plain
	# shellcheck disable=SC2016
	ign=$(bash -c 'grep SigIgn /proc/self/status & wait')
	# SIGINT and SIGQUIT ignored (whatever else the runner's caller ignored)
	expect_eq $((16#${ign##*[[:space:]]} & 6)) 6 "the background job itself (the attack's premise: $ign)"
	# shellcheck disable=SC2016
	run_init bash -c 'trap "" PIPE TSTP 33; "$1" -- /usr/bin/probe sigign & wait' bash "$INIT"
	expect_eq "$OUT" "sigign=0000000000000000" "through the launcher"
	# shellcheck disable=SC2016
	run_init bash -c 'unshare --pid --fork --kill-child "$1" -- /usr/bin/probe sigign & wait' bash "$INIT"
	expect_eq "$OUT" "sigign=0000000000000000" "init without a launcher"
	atk_config plain_tty '.tty = true,'
	# shellcheck disable=SC2016
	run_init bash -c '"$1" -- /usr/bin/probe sigign & wait' bash "$INIT"
	expect_eq "$OUT" "sigign=0000000000000000" "through the launcher, with a pty"
}
