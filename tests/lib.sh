# lib.sh: helpers for integration tests, sourced by tests/run and by the
# shell each test runs in (bash, set -eEu -o pipefail, cwd $TOP).
#
# A test is a function test_<sentence_with_underscores> in tests/t_*.sh.
# It passes when it returns; it fails on fail, a failed expect_*, or any
# command that fails (errexit). skip "reason" skips it.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# tests/run gives each file a copy of its own (TEST_ROOTFS): see host_clean.
ROOTFS=${TEST_ROOTFS:-$TOP/build/rootfs}
PROBE=$TOP/build/probe

# The first caller outside this file, as file:line, for messages.
_where() {
	local i
	for ((i = 1; i < ${#BASH_SOURCE[@]}; i++)); do
		if [ "${BASH_SOURCE[i]}" != "${BASH_SOURCE[0]}" ]; then
			echo "${BASH_SOURCE[i]#"$TOP"/}:${BASH_LINENO[i - 1]}"
			return
		fi
	done
	echo "?"
}

# fail MSG: the test fails with MSG. Call it from the test's own shell, not
# from inside $(...) or a pipeline, where exit would only leave a subshell.
fail() {
	echo "FAIL: $(_where): $*" >&2
	exit 1
}

# skip REASON: the test is neither passed nor failed; the runner prints REASON.
skip() {
	echo "SKIP: $*" >&2
	[ -z "${TEST_SKIP_FILE:-}" ] || echo "$*" >"$TEST_SKIP_FILE"
	exit 77
}

# expect_eq ACTUAL EXPECTED WHAT
expect_eq() {
	[ "$1" = "$2" ] || fail "$3: expected '$2', got '$1'"
}

# expect_match ACTUAL REGEX WHAT (bash extended regex, unanchored)
expect_match() {
	[[ $1 =~ $2 ]] || fail "$3: '$1' does not match /$2/"
}

# expect_status CODE CMD [ARG...]: runs CMD, its output goes to the test log.
expect_status() {
	local want=$1 got=0
	shift
	"$@" || got=$?
	[ "$got" = "$want" ] || fail "$*: expected status $want, got $got"
}

# host_clean ROOTFS: fails if anything is still mounted on or under ROOTFS,
# or if any process still has its root or cwd on or under ROOTFS.
host_clean() {
	local root left='' mp link path
	root=$(realpath -- "$1")
	while read -r _ _ _ _ mp _; do
		printf -v mp '%b' "$mp"	# mountinfo escapes space as \040
		case $mp in "$root" | "$root"/*) left+=" mount $mp;" ;; esac
	done </proc/self/mountinfo
	while read -r path link; do
		case $link in
		"$root" | "$root"/*) left+=" ${path#/proc/} $link;" ;;
		*) if [ "${path##*/}" = root ] && [ "$path" -ef "$root" ]; then
			left+=" ${path#/proc/} is $root;"
		   fi ;;
		esac
	done < <(find /proc/[0-9]*/ -maxdepth 1 \( -name root -o -name cwd \) \
		-printf '%p %l\n' 2>/dev/null)
	[ -z "$left" ] || fail "host not clean after $root:$left"
}

# run_init CMD [ARG...]: runs CMD with stdin /dev/null; sets OUT and ERR
# (stdout and stderr, trailing newlines dropped, CRs of a pty removed) and
# STATUS, and copies both streams into the test log.
run_init() {
	STATUS=0
	"$@" </dev/null >"$TEST_DIR/out" 2>"$TEST_DIR/err" || STATUS=$?
	OUT=$(tr -d '\r' <"$TEST_DIR/out")
	ERR=$(tr -d '\r' <"$TEST_DIR/err")
	printf '$ %s\n%s\n[stderr]\n%s\n[status %s]\n' "$*" "$OUT" "$ERR" "$STATUS" >&2
}

# probe KEY...: runs the probe in the container of $INIT; sets OUT, ERR and
# STATUS, and fails the test unless the probe answered with status 0.
probe() {
	run_init "$INIT" -- /usr/bin/probe "$@"
	[ "$STATUS" = 0 ] || fail "probe $*: status $STATUS: $ERR"
}

# answer KEY: the value the last probe gave for KEY.
answer() {
	local line
	while IFS= read -r line; do
		[ "${line%%=*}" != "$1" ] || { echo "${line#*=}"; return 0; }
	done <<<"$OUT"
	echo "(no answer for $1)"
}

# expect_one_error_line STATUS REGEX: the last run_init exited with STATUS
# and wrote exactly one line to stderr, matching REGEX, and nothing else.
expect_one_error_line() {
	expect_eq "$STATUS" "$1" "exit status"
	expect_eq "$(wc -l <<<"$ERR")" 1 "lines on stderr ($ERR)"
	expect_match "$ERR" "$2" "the error line"
}

# expect_line TEXT REGEX WHAT: some whole line of TEXT matches REGEX (ERE).
expect_line() {
	grep -Eqx -- "$2" <<<"$1" || fail "$3: no line matches /$2/ in: $1"
}

# others_init: copies $INIT into $TEST_OTHERS_DIR (a directory of the test's
# own that every user can traverse, made by tests/run and removed after the
# test) and points INIT at the copy, for a test that runs it as a non-root
# user: the checkout may be out of their reach. A rootfs they need goes
# there too.
others_init() {
	cp -- "$INIT" "$TEST_OTHERS_DIR/init"
	INIT=$TEST_OTHERS_DIR/init
}

# config_build NAME <config.h: writes stdin to build/tests/FILE/NAME/config.h
# and builds build/tests/FILE/NAME/init from it, FILE the test's file
# (TEST_FILE, t_x, from tests/run), for BUILD_ARCH's boards when set
# (make ARCH=), this machine otherwise. Sets INIT to the binary's path.
config_build() {
	local name=$1 dir=build/tests/${TEST_FILE:+$TEST_FILE/}$1
	mkdir -p "$TOP/$dir"
	cat >"$TOP/$dir/config.h.new"
	# Keep the old file (and its mtime) when unchanged: make need not rebuild.
	if cmp -s "$TOP/$dir/config.h.new" "$TOP/$dir/config.h"; then
		rm -f "$TOP/$dir/config.h.new"
	else
		mv -f "$TOP/$dir/config.h.new" "$TOP/$dir/config.h"
	fi
	(cd "$TOP" && make -s ${BUILD_ARCH:+ARCH="$BUILD_ARCH"} CONFIG="$dir/config.h" \
		O="$dir") || fail "config_build $name: make ${BUILD_ARCH:+ARCH=$BUILD_ARCH }failed"
	INIT=$TOP/$dir/init
	[ -x "$INIT" ] || fail "config_build $name: $INIT was not built"
}

# machine_config NAME [C FIELDS]: config_build NAME of a machine's init
# (boot mode: the QEMU tests) whose appliance is the shell script $APP
# (default: exit 3) run by /bin/sh, PATH=/bin:/sbin:/usr/bin:/usr/sbin,
# on "/", with a grace of 1000 ms and the C FIELDS given; sets INIT. What
# a test file's machines have beside that, in these variables (unset:
# the field is left out, its default applies):
#   MACHINE_NS    .namespaces (default: CLONE_NEWNS | CLONE_NEWPID)
#   MACHINE_BOOT  the fields inside .boot = { ... } (else FIELDS may
#                 hold a .boot of their own)
#   HOST          .hostname
#   CAPS          .caps, a C list (CAP_KILL, CAP_NET_RAW)
#   BOARD         the architecture to build for (aarch64, armhf)
# The kernel and the initramfs are the caller's: busybox-test/kernel.sh,
# initramfs.sh.
machine_config() {
	local name=$1 extra=${2:-} app=${APP:-exit 3} decl='' fields=''
	app=${app//\\/\\\\}
	app=${app//\"/\\\"}
	app=${app//$'\n'/\\n}
	[ -z "${HOST:-}" ] || fields+=".hostname = \"$HOST\","
	if [ -n "${CAPS:-}" ]; then
		decl="static const int caps_[] = { $CAPS };"
		fields+=" .caps = caps_, .ncaps = LEN(caps_),"
	fi
	[ -z "${MACHINE_BOOT:-}" ] || fields+=" .boot = { $MACHINE_BOOT },"
	BUILD_ARCH=${BOARD:-} config_build "$name" <<-EOF
	static const char *const argv_[] = { "/bin/sh", "-c", "$app", NULL };
	static const char *const env_[] = { "PATH=/bin:/sbin:/usr/bin:/usr/sbin", NULL };
	$decl
	static const struct config config = {
		.rootfs = "/",
		.namespaces = ${MACHINE_NS:-CLONE_NEWNS | CLONE_NEWPID},
		.argv = argv_, .envp = env_,
		.grace_ms = 1000,
		$fields
		$extra
	};
	EOF
}

# talk_to CMD...: runs CMD (a launcher) in the background with its stdin
# and stdout on fifos: write to it on fd 3, read its lines on fd 4. Its
# stderr goes to $TEST_DIR/err, its pid to LAUNCHER.
talk_to() {
	mkfifo "$TEST_DIR/in" "$TEST_DIR/out"
	"$@" <"$TEST_DIR/in" >"$TEST_DIR/out" 2>"$TEST_DIR/err" &
	LAUNCHER=$!
	exec 3>"$TEST_DIR/in" 4<"$TEST_DIR/out"
}

# build_probe: builds $PROBE from tests/probe.c when it is out of date.
build_probe() {
	[ "$PROBE" -nt "$TOP/tests/probe.c" ] && return 0
	mkdir -p "$(dirname "$PROBE")"
	musl-gcc -static -Os -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE \
		-o "$PROBE" "$TOP/tests/probe.c"
}

# build_helper NAME: builds build/NAME, a helper of the tests' own run on
# this host, from tests/NAME.c when it is out of date (atomically: files
# running side by side may ask at once); prints its path.
build_helper() {
	local bin=$TOP/build/$1
	if ! [ "$bin" -nt "$TOP/tests/$1.c" ]; then
		gcc -O2 -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE \
			-o "$bin.$$" "$TOP/tests/$1.c" >&2 && mv -f "$bin.$$" "$bin" ||
			fail "build_helper $1: gcc failed"
	fi
	echo "$bin"
}

# build_rootfs [DIR]: a busybox root filesystem with the probe, in DIR
# (default $ROOTFS).
build_rootfs() {
	"$TOP/busybox-test/rootfs.sh" "${1:-$ROOTFS}" "$PROBE"
}

# qmp_open: a QMP monitor for the next QEMU on a pair of fifos in
# $TEST_DIR, both sides opened before QEMU starts (nothing waits on
# timing), its capabilities asked; its output (greeting, replies, events)
# goes to $TEST_DIR/events. QEMU takes QMP_ARGS; commands go to the fd
# QMP_IN; qmp_close when QEMU has ended.
qmp_open() {
	local q=$TEST_DIR/qmp
	mkfifo "$q.in" "$q.out"
	exec {QMP_IN}<>"$q.in"
	printf '{"execute":"qmp_capabilities"}\n' >&"$QMP_IN"
	cat "$q.out" >"$TEST_DIR/events" &
	QMP_READER=$!
	exec {QMP_OUT}>"$q.out"
	QMP_ARGS=(-chardev "pipe,id=qmp,path=$q" -mon chardev=qmp,mode=control)
}
qmp_close() {
	exec {QMP_OUT}>&- {QMP_IN}>&-
	wait "$QMP_READER"
}
