# SPDX-License-Identifier: MIT
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
ENOSYS=$TOP/build/enosys

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

# build_refused NAME REGEX: the config.h on stdin fails to compile, with
# REGEX in the compiler's output, and no init is built.
build_refused() {
	local dir=build/tests/$1 st=0 out
	mkdir -p "$TOP/$dir"
	rm -f "$TOP/$dir/init"
	cat >"$TOP/$dir/config.h"
	out=$(cd "$TOP" && make -s CONFIG="$dir/config.h" O="$dir" 2>&1) || st=$?
	echo "$out" >&2
	[ "$st" != 0 ] || fail "make succeeded"
	expect_match "$out" "$2" "compiler output"
	[ ! -e "$TOP/$dir/init" ] || fail "an init was built"
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

# build_static BIN SRC: builds the static program BIN from SRC when out of
# date (atomically: files running side by side may ask at once).
build_static() {
	[ "$1" -nt "$2" ] && return 0
	mkdir -p "$(dirname "$1")"
	musl-gcc -static -Os -Wall -Wextra -Werror -std=c11 -D_GNU_SOURCE \
		-isystem "$TOP/build/kh" -o "$1.$$" "$2" && mv -f "$1.$$" "$1"
}

# build_probe: builds $PROBE from tests/probe.c when it is out of date.
build_probe() {
	build_static "$PROBE" "$TOP/tests/probe.c"
}

# build_enosys: builds $ENOSYS (tests/enosys.c): `$ENOSYS NAME,... -- CMD`
# runs CMD with those syscalls answering as an older kernel would.
build_enosys() {
	build_static "$ENOSYS" "$TOP/tests/enosys.c"
}

# enosys CALLS CMD [ARG...]: runs CMD with the syscalls CALLS (a comma
# list, see tests/enosys.c) answering as a kernel without them would.
enosys() {
	"$ENOSYS" "$1" -- "${@:2}"
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

# nsinit-vm (busybox-test/vm), for t_vm*.sh:
# vm_ready: nsinit for the VM and Debian's kernel (make vm); a working
# directory of the test's own, the cwd of every run.
vm_ready() {
	(cd "$TOP" && make -s vm >/dev/null) || fail "make vm failed"
	VM_CWD=$TEST_DIR/work
	mkdir -p "$VM_CWD"
}

# vm [RUNNER ARGS...]: runs the runner in $VM_CWD with stdin from
# $VM_STDIN (default /dev/null); STATUS, OUT (stdout, a file: $TEST_DIR/out),
# ERR (stderr), CONSOLE (the console log).
vm() {
	STATUS=0
	(cd "$VM_CWD" && "$TOP/busybox-test/vm" --accel "${VM_ACCEL:-tcg}" \
		--timeout 150 --console "$TEST_DIR/console" "$@") \
		<"${VM_STDIN:-/dev/null}" >"$TEST_DIR/out" 2>"$TEST_DIR/err" ||
		STATUS=$?
	OUT=$(cat "$TEST_DIR/out")
	ERR=$(cat "$TEST_DIR/err")
	CONSOLE=$(cat "$TEST_DIR/console" 2>/dev/null || true)
}

# vm_pty_start [RUNNER ARGS...]: the runner in $VM_CWD on a terminal of
# its own (pty_start; 40 rows, 100 columns), with SHELL=/bin/bash.
vm_pty_start() {
	local here=$PWD
	cd "$VM_CWD"
	SHELL=/bin/bash pty_start "stty rows 40 cols 100; exec $(printf '%q ' \
		"$TOP/busybox-test/vm" --accel "${VM_ACCEL:-tcg}" --timeout 150 \
		--console "$TEST_DIR/console" "$@")"
	cd "$here"
}

# vm_interrupted CMD: the runner runs CMD (sh -c) without a terminal and
# gets SIGINT once CMD said "ready"; sets STATUS, OUT, ERR
vm_interrupted() {
	local p
	mkfifo "$TEST_DIR/o"
	# (a job of a script starts with SIGINT ignored: the runner gets the
	# default, as from an interactive shell)
	(cd "$VM_CWD" && exec env --default-signal=INT "$TOP/busybox-test/vm" \
		--accel tcg --timeout 150 -- sh -c "$1") \
		</dev/null >"$TEST_DIR/o" 2>"$TEST_DIR/err" &
	p=$!
	exec {o}<"$TEST_DIR/o"
	read -r -t 150 OUT <&"$o" || fail "the command never said ready"
	expect_eq "$OUT" ready "the command's first line"
	kill -INT "$p"
	OUT=$(cat <&"$o")
	STATUS=0
	wait "$p" || STATUS=$?
	ERR=$(cat "$TEST_DIR/err")
}

# The kernel's own namespaces have fixed inode numbers (proc_ns.h): a
# process in a new one of these kinds shows another number.
INIT_NS_INO='ipc:4026531839 uts:4026531838 user:4026531837 pid:4026531836'

# expect_own_namespaces: the console's "ns KIND LINK" lines (readlink
# /proc/self/ns/KIND in the appliance) show new ipc, uts and pid
# namespaces and the machine's user namespace (none was asked for).
expect_own_namespaces() {
	local k ns
	for k in $INIT_NS_INO; do
		ns=$(grep -m1 "^ns ${k%%:*} " <<<"$CONSOLE") || fail "no ${k%%:*} namespace line"
		ns=${ns%$'\r'}
		if [ "${k%%:*}" = user ]; then	# not asked for: the machine's
			expect_eq "$ns" "ns user user:[${k#*:}]" "user namespace"
		else
			[ "$ns" != "ns ${k%%:*} ${k%%:*}:[${k#*:}]" ] ||
				fail "the appliance is in the machine's ${k%%:*} namespace"
		fi
	done
}

# kernel_board ARCH DEBIAN: the machine of ARCH (x86_64, aarch64, armhf,
# riscv64) with Debian DEBIAN's kernel (11, 12, 13), for t_boot_arch.sh's
# board_config, board_initrd and board_boot: sets BOARD, BKDIR (build/
# [ARCH/]qemu for the release boot.sh takes by default, else qemu-debianN
# beside it) and BPROBE, fetches the kernel and builds the probe. Skips
# with one line when this machine has no QEMU for ARCH.
kernel_board() {
	local q=qemu-system-$1 sub=$1/
	case $1 in x86_64) sub= ;; armhf) q=qemu-system-arm ;; esac
	command -v "$q" >/dev/null || skip "no $q (make deps)"
	BOARD=$1 BKDIR=$TOP/build/${sub}qemu BPROBE=$TOP/build/${sub}probe
	if [ "$2" != "$([ "$1" = riscv64 ] && echo 13 || echo 12)" ]; then
		BKDIR=$BKDIR-debian$2
	fi
	ARCH=$1 DEBIAN=$2 "$TOP/busybox-test/kernel.sh" "$BKDIR" >/dev/null \
		2>"$TEST_DIR/kernel.err" ||
		fail "kernel.sh for Debian $2 on $1: $(tail -n 3 "$TEST_DIR/kernel.err")"
	if [ "$1" = x86_64 ]; then
		build_probe
	else
		(cd "$TOP" && make -s ARCH="$1" "build/$1/probe") || fail "make ARCH=$1 probe"
	fi
}

# kernel_all_in_one_boot: one boot of $BOARD's machine that checks what
# the boot tests check one by one on the default kernel: the machine
# loads its modules from modules.dep (compressed or not), configures eth0
# and switches to an ext4 root on virtio-blk; there the appliance runs in
# a container as the user "app" with new mount, pid, uts, ipc and net
# namespaces, a veth to the machine (through which it pings the machine's
# eth0 address), /proc and /sys masks, CAP_KILL and CAP_NET_RAW only, and
# the seccomp deny-list; its status 42 comes out of boot.sh.
KERNEL_MODULES='virtio_pci virtio_net virtio_blk crc32c_generic ext4 veth'
kernel_all_in_one_boot() {
	local disk=$TEST_DIR/disk m mods
	ARCH=$BOARD "$TOP/busybox-test/rootfs.sh" "$disk" "$BPROBE" >/dev/null
	echo "the real root" >"$disk/etc/marker"
	mkfs.ext4 -q -d "$disk" "$TEST_DIR/disk.img" 32M
	mods=\"${KERNEL_MODULES// /\", \"}\"
	NAMESPACES='CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET' \
	HOST=boxed CAPS='CAP_KILL, CAP_NET_RAW' APP="cat /etc/marker; grep ' / ' /proc/mounts
		for m in $KERNEL_MODULES; do [ -d /sys/module/\$m ] && echo \"module \$m\"; done
		echo \"links \$(ls /sys/class/net | tr '\n' ' ')\"
		ip -4 -o addr show ve0 | cut -d' ' -f2,7; ip route show default
		for n in ipc uts user pid; do echo \"ns \$n \$(readlink /proc/self/ns/\$n)\"; done
		echo \"pid \$\$\"
		probe hostname uid capeff capbnd capamb sys:adjtimex sys:getppid stat:/proc/keys \
			mount:/sys/firmware mount:/proc/sys ping:10.9.0.1 ping:10.0.2.15
		exit 42" board_config all-in-one '.user = "app", .ambient_caps = true,
		.net = (const struct net_if[]){ { .kind = NET_VETH, .name = "ve0",
			.addrs = (const char *const[]){ "10.9.0.2/24", NULL },
			.host_addrs = (const char *const[]){ "10.9.0.1/24", NULL },
			.gateway4 = "10.9.0.1" } }, .nnet = 1,
		.boot = { .modules = (const char *const[]){ '"$mods"', NULL },
			  .iface = "eth0", .address = "10.0.2.15/24",
			  .gateway = "10.0.2.2", .root = "/dev/vda",
			  .root_fstype = "ext4", .wait_ms = 10000, .container = true },'
	# shellcheck disable=SC2086 # the names, one word each
	board_initrd $KERNEL_MODULES
	board_boot -d "$TEST_DIR/disk.img" -s
	expect_match "$CONSOLE" "nsinit-status: appliance=42 end=poweroff" "status line"
	expect_eq "$STATUS" 42 "boot.sh status"
	expect_match "$BOOTED" "status 42 \(appliance\), qemu 0," "from the console: QEMU says 0"
	expect_match "$CONSOLE" "the real root" "the disk's file"
	expect_match "$CONSOLE" "/dev/vda / ext4" "the container's root is the disk"
	for m in virtio_net virtio_blk ext4 veth; do
		grep -qE "^module $m"$'\r?$' <<<"$CONSOLE" || fail "$m not loaded: $CONSOLE"
	done
	expect_match "$CONSOLE" "links lo ve0 " "the container's own links"
	expect_match "$CONSOLE" "ve0 10.9.0.2/24" "the veth's address"
	expect_match "$CONSOLE" "default via 10.9.0.1 dev ve0" "the container's route"
	expect_match "$CONSOLE" $'ping:10.9.0.1=ok\r?\n' "the machine's end of the veth"
	expect_match "$CONSOLE" $'ping:10.0.2.15=ok\r?\n' "the machine's eth0 address"
	expect_own_namespaces
	expect_match "$CONSOLE" $'pid 2\r?\n' "the appliance is PID 2 of its namespace"
	expect_match "$CONSOLE" $'hostname=boxed\r?\n' "the container's hostname"
	expect_match "$CONSOLE" $'uid=1000,1000,1000\r?\n' "the user switch"
	expect_match "$CONSOLE" $'capeff=0000000000002020\r?\n' "effective: CAP_KILL, CAP_NET_RAW"
	expect_match "$CONSOLE" $'capbnd=0000000000002020\r?\n' "bounding"
	expect_match "$CONSOLE" $'capamb=0000000000002020\r?\n' "ambient"
	expect_match "$CONSOLE" "sys:adjtimex=error: Operation not permitted" "the deny-list"
	expect_match "$CONSOLE" $'sys:getppid=ok\r?\n' "an allowed call"
	expect_match "$CONSOLE" "stat:/proc/keys=c 1:3 " "/proc/keys masked by /dev/null"
	expect_match "$CONSOLE" "mount:/sys/firmware=tmpfs ro," "/sys/firmware masked"
	expect_match "$CONSOLE" "mount:/proc/sys=proc ro," "/proc/sys read-only"
}

# --- network namespaces (tests/t_net.sh, tests/t_attack_host.sh) ----------
# A network test makes a network namespace of its own as "the host"
# (host_ns) and runs the launcher in it. net_config needs configs.sh.

# host_ns: makes $HOST, with lo up, deleted when the test's shell exits.
# Skips without IPv6 or veth links (every test's interfaces have both).
host_ns() {
	[ -d /proc/sys/net/ipv6 ] || skip "no IPv6 in this kernel"
	HOST=nsinit-t$$-$SRANDOM	# $$ alone: files run in PID namespaces of their own
	ip netns add "$HOST"
	trap 'ip netns del "$HOST" 2>/dev/null || :' EXIT
	ip -n "$HOST" link set lo up
	net_need veth
}

# net_need KIND...: skips unless the kernel makes links of each KIND
# (veth, bridge, macvlan: each a module that may be missing), tried in
# $HOST and deleted again.
net_need() {
	local kind
	for kind; do
		ip -n "$HOST" link add nsi-need0 type veth peer name nsi-need1 2>/dev/null ||
			skip "no veth links in this kernel"
		case $kind in
		bridge) ip -n "$HOST" link add nsi-need2 type bridge ;;
		macvlan) ip -n "$HOST" link add nsi-need2 link nsi-need0 type macvlan ;;
		*) true ;;
		esac 2>/dev/null || skip "no $kind links in this kernel"
		ip -n "$HOST" link del nsi-need2 2>/dev/null || :
		ip -n "$HOST" link del nsi-need0
	done
}

# in_host CMD...: CMD in the test's host namespace.
in_host() { ip netns exec "$HOST" "$@"; }

# host_links: the host namespace's links, sorted, on one line.
host_links() {
	ip -n "$HOST" -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' |
		sort | tr '\n' ' '
}

# links_are LIST: host_links is LIST (poll it with until_ok: the kernel
# deletes a container's veth pairs with its namespace, a little later).
links_are() { [ "$(host_links)" = "$1" ]; }

# A veth pair with both ends addressed, gateways on the host end.
V4='"10.0.2.15/24"' V6='"fd00::15/64"'
VETH='{ .kind = NET_VETH, .host = "nsi-t0",
	.addrs = (const char *const[]){ '$V4', '$V6', NULL },
	.host_addrs = (const char *const[]){ "10.0.2.2/24", "fd00::2/64", NULL },
	.gateway4 = "10.0.2.2", .gateway6 = "fd00::2" },'

# net_config NAME NET [FIELDS] [ROOTFS]: the appliance of t_net (root, caps
# for ping and ip, read-only root) with interfaces NET (struct net_if
# initializers) and more config FIELDS; sets INIT.
net_config() {
	local name=$1 net=$2 extra=${3:-} rootfs=${4:-$CROOT} decl='' nets=''
	container_rootfs
	if [ -n "$net" ]; then
		decl="static const struct net_if net_[] = { $net };"
		nets='.net = net_, .nnet = LEN(net_),'
	fi
	config_build "net_$name" <<-EOF
	static const char *const argv_[] = { "/bin/true", NULL };
	static const char *const env_[] = { "PATH=/usr/sbin:/usr/bin:/sbin:/bin", NULL };
	static const int caps_[] = { CAP_NET_RAW, CAP_NET_ADMIN, CAP_SYS_BOOT };
	$decl
	static const struct config config = {
		.rootfs = "$rootfs",
		.namespaces = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS |
			      CLONE_NEWIPC | CLONE_NEWNET,
		.argv = argv_, .envp = env_,
		.caps = caps_, .ncaps = LEN(caps_),
		.readonly_root = true, .grace_ms = 1000,
		$nets
		$extra
	};
	EOF
}

# container CMD: runs sh -c CMD in $INIT's container, launched in $HOST;
# sets OUT, ERR and STATUS (run_init).
container() { run_init in_host "$INIT" -- /bin/sh -c "$1"; }

# bg_container CMD: the same in the background; BG is the launcher's pid
# (ip netns exec execs it).
bg_container() {
	ip netns exec "$HOST" "$INIT" -- /bin/sh -c "$1" </dev/null \
		>"$TEST_DIR/bg.out" 2>&1 &
	BG=$!
}

# bg_stop: SIGTERM to the launcher of bg_container, and its end.
bg_stop() {
	kill -TERM "$BG"
	wait "$BG" || :
}

# until_ok CMD...: retries CMD for 5 s (a listener that is not up yet).
until_ok() {
	local i
	for i in $(seq 100); do
		"$@" && return 0
		sleep 0.05
	done
	return 1
}

# echo_via_nc ADDR PORT: "ping-pong" sent to ADDR PORT comes back.
echo_via_nc() {
	[ "$(echo ping-pong | in_host busybox nc -w 2 "$1" "$2" 2>/dev/null)" = ping-pong ]
}

# build_tool NAME: builds build/tests/tools/NAME from tests/NAME.c (static,
# musl) when it is out of date; sets TOOL to its path. A tool an appliance
# runs is bound into its container (tool_mount); the others run here.
build_tool() {
	TOOL=$TOP/build/tests/tools/$1
	build_static "$TOOL" "$TOP/tests/$1.c"
}

# tool_mount: the C text of a bind mount of build/tests/tools on /tmp,
# read-only, for the .mounts of a config.
tool_mount() {
	printf '{ .source = "%s", .target = "/tmp", .readonly = true }' \
		"$TOP/build/tests/tools"
}

# at_terminal CMD: runs the shell command CMD as a caller at a terminal
# would: script(1) makes a pty, CMD's session's controlling terminal and
# its stdio, and copies what the terminal shows to $TEST_DIR/tty; the
# input is stdin's (typed ahead: the pty's line discipline keeps it).
# Sets STATUS (CMD's) and TTY (what the terminal showed, CRs removed).
at_terminal() {
	command -v script >/dev/null || skip "no script(1) to make a pty"
	STATUS=0
	timeout -k 5 60 script -qec "$1" /dev/null >"$TEST_DIR/tty" 2>&1 || STATUS=$?
	TTY=$(tr -d '\r' <"$TEST_DIR/tty")
	printf '$ (at a pty) %s\n%s\n[status %s]\n' "$1" "$TTY" "$STATUS" >&2
}

# Podman as this host needs it: runc (crun refuses the hybrid cgroup
# layout) and ulimits within the host's.
PODMAN_RUN=(podman run --rm --runtime runc --ulimit nofile=1024:4096
	--ulimit nproc=4096:4096)

# podman_usable: skips the test, in one line, unless podman, runc, tini
# and catatonit are installed and podman runs a container here.
podman_usable() {
	local p
	for p in podman runc tini-static catatonit; do
		command -v "$p" >/dev/null ||
			skip "$p is not installed (make deps)"
	done
	podman info >/dev/null 2>&1 || skip "podman info fails here"
}

# peer_image: an image of $ROOTFS with nsinit's entrypoint build as
# /sbin/nsinit (its ENTRYPOINT), tini-static as /sbin/tini and catatonit
# as /sbin/catatonit, named by a hash of what went in and imported only
# when podman does not have it yet (then the older ones are removed).
# Sets IMAGE.
peer_image() {
	local entry=$TOP/build/entrypoint/init dir=$TEST_DIR/image tag
	(cd "$TOP" && make -s entrypoint) || fail "make entrypoint failed"
	tag=$(cat "$entry" /usr/bin/tini-static /usr/bin/catatonit \
		<(tar -C "$ROOTFS" --sort=name --mtime=@0 --owner=0 --group=0 \
			-cf - .) | sha256sum | cut -c1-16)
	IMAGE=localhost/nsinit-test-peers:$tag
	podman image exists "$IMAGE" && return 0
	mkdir -p "$dir"
	cp -a "$ROOTFS/." "$dir/"
	cp "$entry" "$dir/sbin/nsinit"
	cp /usr/bin/tini-static "$dir/sbin/tini"
	cp /usr/bin/catatonit "$dir/sbin/catatonit"
	tar -C "$dir" -cf "$TEST_DIR/image.tar" .
	podman import --change 'ENTRYPOINT ["/sbin/nsinit","--"]' \
		"$TEST_DIR/image.tar" "$IMAGE" >/dev/null
	# the images of earlier builds go: one stays in the store
	podman images --format '{{.Repository}}:{{.Tag}}' \
		localhost/nsinit-test-peers | grep -vxF "$IMAGE" |
		xargs -r podman rmi >/dev/null || :
}

# peer_run INIT [PODMAN OPTION...] -- CMD [ARG...]: CMD in $IMAGE under
# INIT (nsinit, tini or catatonit, each with "--"); OUT, ERR, STATUS as
# run_init sets them.
peer_run() {
	local init=$1 opts=()
	shift
	while [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	run_init "${PODMAN_RUN[@]}" --entrypoint "[\"/sbin/$init\",\"--\"]" \
		"${opts[@]}" "$IMAGE" "$@"
}

# peers_agree [PODMAN OPTION...] -- CMD [ARG...]: CMD under nsinit, tini
# and catatonit gives the same output and status under each; sets OUT and
# STATUS (nsinit's).
peers_agree() {
	local init out status prev
	for init in catatonit tini nsinit; do
		peer_run "$init" "$@"
		[ "$init" = catatonit ] || {
			expect_eq "$OUT" "$out" "output under $init and $prev"
			expect_eq "$STATUS" "$status" "status under $init and $prev"
		}
		out=$OUT status=$STATUS prev=$init
	done
}

# wait_output TEXT CMD...: polls (100 ms apart, 20 s at most) until CMD's
# output has a line TEXT.
wait_output() {
	local text=$1 i
	shift
	for ((i = 0; i < 200; i++)); do
		"$@" 2>/dev/null | grep -qxF -- "$text" && return 0
		sleep 0.1
	done
	fail "no line '$text' from $*"
}

# pty_start CMD: the shell command CMD on a terminal of its own (script(1)'s
# pty: CMD leads its session with it as its controlling terminal), in the
# background (script's pid in PTY_PID). pty_send types on it, pty_wait
# reads what it shows (kept in $TEST_DIR/shown), pty_end waits for the
# session's end and sets STATUS (CMD's); the keyboard stays open until
# then (an input that ends would end the session early).
pty_start() {
	command -v script >/dev/null || skip "no script(1) (util-linux) for a pty"
	rm -f "$TEST_DIR/keys" "$TEST_DIR/screen"
	mkfifo "$TEST_DIR/keys" "$TEST_DIR/screen"
	script -qefc "$1" /dev/null <"$TEST_DIR/keys" >"$TEST_DIR/screen" 2>&1 &
	PTY_PID=$!
	exec {PTY_KEYS}>"$TEST_DIR/keys" {PTY_SCREEN}<"$TEST_DIR/screen"
	: >"$TEST_DIR/shown"
}

# pty_send BYTES: typed on the terminal (printf's format: \003 is Ctrl-C)
pty_send() {
	# shellcheck disable=SC2059
	printf "$1" >&"$PTY_KEYS"
}

# pty_wait REGEX WHAT [SECONDS]: reads the terminal's lines (CRs, escape
# sequences and a shell's prompts before them dropped: input typed ahead
# is echoed at once, and the prompt may then stand before the output of
# the line it reads) until one matches REGEX; fails after SECONDS (150).
pty_wait() {
	local line end=$((SECONDS + ${3:-150}))
	while [ "$SECONDS" -lt "$end" ] &&
		IFS= read -r -t "$((end - SECONDS))" line <&"$PTY_SCREEN"; do
		line=$(printf '%s' "$line" | tr -d '\r' |
			sed 's/\x1b\[[0-9;?]*[A-Za-z]//g')
		while [[ $line == [#$]' '* ]]; do line=${line#?' '}; done
		printf '%s\n' "$line" >>"$TEST_DIR/shown"
		[[ $line =~ $1 ]] && return 0
	done
	fail "$2: no line matched /$1/ on the terminal: $(cat "$TEST_DIR/shown")"
}

# pty_end: the rest of what the terminal shows, the session's end, the
# keyboard closed; STATUS is CMD's
pty_end() {
	tr -d '\r' <&"$PTY_SCREEN" >>"$TEST_DIR/shown" || :
	STATUS=0
	wait "$PTY_PID" || STATUS=$?
	exec {PTY_KEYS}>&- {PTY_SCREEN}<&-
	sed 's/^/tty: /' "$TEST_DIR/shown" >&2
}

# pg_rootfs: a Debian 12 root filesystem with PostgreSQL (mmdebstrap,
# about 70 s), kept in ${NSINIT_CACHE:-/var/cache/nsinit} under a name
# made of its inputs, so that later runs and other checkouts reuse it;
# made again when missing. Sets PG_ROOTFS; skips without mmdebstrap or
# when it cannot make one (no mirror).
pg_rootfs() {
	local inputs key cache=${NSINIT_CACHE:-/var/cache/nsinit} tmp
	command -v mmdebstrap >/dev/null || skip "mmdebstrap is not installed (make deps)"
	inputs="bookworm minbase postgresql $(dpkg-query -W -f '${Version}' mmdebstrap)"
	key=$(sha256sum <<<"$inputs" | cut -c1-16)
	PG_ROOTFS=$cache/postgresql-$key
	[ -x "$PG_ROOTFS/usr/lib/postgresql/15/bin/postgres" ] && return 0
	mkdir -p "$cache"
	tmp=$(mktemp -d "$cache/.postgresql-$key.XXXXXX")
	if ! mmdebstrap --quiet --variant=minbase --include=postgresql \
		bookworm "$tmp" >"$TEST_DIR/mmdebstrap.log" 2>&1; then
		rm -rf --one-file-system "$tmp"
		skip "mmdebstrap could not make a rootfs: $(tail -1 "$TEST_DIR/mmdebstrap.log")"
	fi
	rm -rf --one-file-system "$PG_ROOTFS"
	mv -T "$tmp" "$PG_ROOTFS"
	chmod 0755 "$PG_ROOTFS"
}
