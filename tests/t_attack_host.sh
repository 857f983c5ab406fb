# SPDX-License-Identifier: MIT
# Attacks by the appliance on what the launcher does on the host: the
# caller's terminal, the host end of a veth, the teardown, restarts. Each
# runs the attack as the appliance and checks the host unchanged. Network
# tests run the launcher in a network namespace the test makes (host_ns).
# run: alone
. "$TOP/tests/configs.sh"

# --- the host end of a veth -----------------------------------------------

# ahost_ra_count: router advertisements the test's host namespace received.
ahost_ra_count() {
	in_host awk '$1 == "Icmp6InRouterAdvertisements" { print $2 }' /proc/net/snmp6
}

# ahost_ra_seen N: more than N received.
ahost_ra_seen() { [ "$(ahost_ra_count)" -gt "$1" ]; }

# A host that takes router advertisements on a new link (as a machine
# that is not a router does by default): the container, keeping
# CAP_NET_RAW, sends one with a high preference and a /64 to autoconfigure.
# The kernel counts it before it handles it, in the same softirq as the
# sender's send: once counted, it was handled.
test_a_router_advertisement_from_the_container_gives_the_host_no_route_and_no_address() {
	local seen key
	host_ns
	in_host sysctl -qw net.ipv6.conf.all.forwarding=0 \
		net.ipv6.conf.default.forwarding=0 net.ipv6.conf.default.accept_ra=1 \
		net.ipv6.conf.default.autoconf=1 net.ipv6.conf.default.accept_redirects=1 \
		net.ipv4.conf.default.accept_redirects=1
	build_tool ra
	net_config ra '{ .kind = NET_VETH, .host = "nsi-ra",
		.addrs = (const char *const[]){ "10.0.2.15/24", NULL },
		.host_addrs = (const char *const[]){ "10.0.2.2/24", NULL } },' \
		".mounts = (const struct bind_mount[]){ $(tool_mount) }, .nmounts = 1,"
	seen=$(ahost_ra_count)
	bg_container '/tmp/ra eth0 && exec sleep 30'
	until_ok ahost_ra_seen "$seen" || fail "the host got no router advertisement: $(cat "$TEST_DIR/bg.out")"
	expect_eq "$(ip -n "$HOST" -6 route show default)" "" "the host's default IPv6 route"
	expect_eq "$(ip -n "$HOST" -6 -o addr show | grep 2001:db8:28 || :)" "" "an autoconfigured address on the host"
	for key in ipv6/conf/nsi-ra/accept_ra ipv6/conf/nsi-ra/autoconf \
		ipv6/conf/nsi-ra/accept_redirects ipv4/conf/nsi-ra/accept_redirects; do
		expect_eq "$(in_host cat "/proc/sys/net/$key")" 0 "$key"
	done
	# what is the host's to decide stays as the host has it
	for key in ipv6/conf/nsi-ra/forwarding ipv4/conf/nsi-ra/forwarding \
		ipv4/conf/nsi-ra/proxy_arp ipv6/conf/nsi-ra/proxy_ndp; do
		expect_eq "$(in_host cat "/proc/sys/net/$key")" \
			"$(in_host cat "/proc/sys/net/${key/nsi-ra/default}")" "$key"
	done
	bg_stop
}

# The appliance (CAP_NET_ADMIN) deletes its eth0, which takes the pair
# with it; another owner makes a link of the same name on the host; the
# launcher's teardown leaves it alone.
test_teardown_deletes_only_the_host_end_it_made_not_a_link_of_the_same_name() {
	local line
	host_ns
	net_config veth "$VETH"
	talk_to in_host "$INIT" -- /bin/sh -c 'ip link delete eth0 && echo deleted; read -r x'
	IFS= read -r -t 20 -u 4 line || fail "no line from the container: $(cat "$TEST_DIR/err")"
	expect_eq "$line" deleted "the appliance's word"
	ip -n "$HOST" link add nsi-t0 type veth peer name theirs
	echo go >&3
	STATUS=0
	wait "$LAUNCHER" || STATUS=$?
	expect_eq "$STATUS" 0 "the launcher's status: $(cat "$TEST_DIR/err")"
	expect_eq "$(host_links)" "lo nsi-t0 theirs " "host links after the launcher"
}

# A host interface moved in (NET_MOVE) is the host's: the appliance
# (CAP_NET_ADMIN) renames it and changes its MAC and MTU; it comes back
# to the launcher's namespace as it was. (Left to the kernel, a virtual
# interface is deleted with the namespace, a physical one goes to the
# machine's initial namespace under the appliance's name and MAC.)
test_an_interface_moved_in_comes_back_with_its_name_mac_and_mtu() {
	host_ns
	ip -n "$HOST" link add mv-in address 02:00:00:00:28:01 mtu 1400 type veth peer name mv-out
	net_config move-back '{ .kind = NET_MOVE, .host = "mv-in", .name = "lan0" },'
	container 'ip link set lan0 down && ip link set lan0 name evil0 &&
		ip link set evil0 address 02:66:66:66:66:66 && ip link set evil0 mtu 1300 &&
		echo changed'
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_eq "$OUT" changed "the appliance's word"
	expect_eq "$(host_links)" "lo mv-in mv-out " "host links after the launcher"
	expect_match "$(ip -n "$HOST" -o link show mv-in)" "mtu 1400 .*link/ether 02:00:00:00:28:01 " "mv-in"
}

# --- the caller's terminal ------------------------------------------------

# uid 1000 without capabilities, the tools on /tmp
AHOST_USER='.user = "1000", .caps = (const int[]){ 0 }, .ncaps = 0,'

# The caller's shell at a terminal runs the launcher of an appliance that
# tries everything the kernel allows on a terminal fd (tests/tty_attack.c),
# then looks at its terminal: its settings (stty -a, the size included),
# a SIGWINCH it got, and whether it can still write to it.
test_the_appliance_cannot_change_the_callers_terminal_it_was_started_at() {
	build_tool tty_attack
	container_rootfs
	appliance_config ahost_user "$AHOST_USER
		.mounts = (const struct bind_mount[]){ $(tool_mount) }, .nmounts = 1,"
	cat >"$TEST_DIR/caller.sh" <<-EOF
	trap 'echo winch >>"$TEST_DIR/winch"' WINCH
	stty -a >"$TEST_DIR/before"
	"$INIT" -- /tmp/tty_attack
	echo \$? >"$TEST_DIR/status"
	stty -a >"$TEST_DIR/after"
	timeout 5 sh -c 'echo written after the launcher'
	echo \$? >"$TEST_DIR/write"
	EOF
	at_terminal "bash $TEST_DIR/caller.sh"
	expect_eq "$(cat "$TEST_DIR/status")" 0 "the appliance's status"
	expect_eq "$(grep -c ': ok$' <<<"$TTY" || :)" 0 "acts the kernel allowed the appliance"
	expect_match "$TTY" "fd1 TIOCSWINSZ: Not a tty" "the appliance's fd 1"
	expect_eq "$(cat "$TEST_DIR/after")" "$(cat "$TEST_DIR/before")" "the terminal's settings (stty -a)"
	[ ! -e "$TEST_DIR/winch" ] || fail "the caller got SIGWINCH"
	expect_eq "$(cat "$TEST_DIR/write")" 0 "a write to the terminal after the launcher (124: output stopped)"
	expect_match "$TTY" "written after the launcher" "the terminal"
	host_clean "$CROOT"
}

# What the relay must keep: typed input reaches the appliance and so does
# the end of it (^D), stdout and stderr come out in the order written, and
# the appliance has no terminal among its fds.
test_a_relayed_terminal_passes_input_its_end_and_output_in_order() {
	container_rootfs
	appliance_config ahost_root ''
	# shellcheck disable=SC2016
	at_terminal "$INIT -- /bin/sh -c 'cat; echo cat ended; echo 1; echo 2 >&2; echo 3
		[ -t 0 ] || [ -t 1 ] || [ -t 2 ] || echo no terminal'" < <(printf 'hello\n\004')
	expect_eq "$STATUS" 0 "status"
	expect_eq "$TTY" $'hello\nhello\ncat ended\n1\n2\n3\nno terminal' "the terminal (the typed line echoed, then cat's)"
}

# Ctrl-C at the caller's terminal: SIGINT to its foreground job, the
# launcher, which passes it on; the appliance dies of it.
test_ctrl_c_at_the_callers_terminal_reaches_the_appliance_through_the_launcher() {
	local line
	command -v script >/dev/null || skip "no script(1) to make a pty"
	container_rootfs
	appliance_config ahost_root ''
	talk_to script -qec "$INIT -- /bin/sh -c 'echo ready; exec sleep 30'" /dev/null
	# shellcheck disable=SC2064
	trap "kill -KILL $LAUNCHER 2>/dev/null || :" EXIT
	IFS= read -r -t 20 -u 4 line || fail "no line from the appliance: $(cat "$TEST_DIR/err")"
	expect_eq "${line%$'\r'}" ready "first line"
	printf '\003' >&3
	STATUS=0
	wait "$LAUNCHER" || STATUS=$?
	expect_eq "$STATUS" 130 "status (the appliance's, SIGINT)"
}

# --- restarts ---------------------------------------------------------------

# ahost_state_config NAME [C TEXT]: appliance_config (root) with a
# directory of the test's on /tmp, for what the runs leave there.
ahost_state_config() {
	mkdir -p "$TEST_DIR/state"
	container_rootfs
	appliance_config "$1" "${2:-}
		.mounts = (const struct bind_mount[]){
			{ .source = \"$TEST_DIR/state\", .target = \"/tmp\" } },
		.nmounts = 1,"
}

# ahost_gaps FILE: the seconds between the uptimes of FILE's "start"
# lines, one a line.
ahost_gaps() {
	awk '$1 == "start" { if (n++) printf "%.2f\n", $2 - last; last = $2 }' "$1"
}

# CAP_SYS_BOOT kept, reboot -f in a loop: each restart by the launcher
# waits as init's restart policy would, 100 ms doubling (it started the
# container again at once, 138 times in 5 s).
test_a_container_rebooting_in_a_loop_is_restarted_with_init_s_backoff() {
	local gaps want
	# shellcheck disable=SC2016
	ahost_state_config ahost_reboot 'static const int caps_[] = { CAP_SYS_BOOT };
		.caps = caps_, .ncaps = LEN(caps_),'
	# shellcheck disable=SC2016
	run_init "$INIT" -- /bin/sh -c 'read -r up _ </proc/uptime
		echo "start $up" >>/tmp/log
		[ "$(grep -c start /tmp/log)" -ge 5 ] && exit 7
		reboot -f; sleep 5'
	expect_eq "$STATUS" 7 "status: $ERR"
	gaps=$(ahost_gaps "$TEST_DIR/state/log" | tr '\n' ' ')
	echo "gaps between starts: $gaps" >&2
	for want in 0.10 0.20 0.40 0.80; do
		[ "$(awk -v g="${gaps%% *}" -v w="$want" 'BEGIN { print (g >= w - 0.01) }')" = 1 ] ||
			fail "a restart after ${gaps%% *} s, before its delay of $want s (gaps: $gaps)"
		gaps=${gaps#* }
	done
	host_clean "$CROOT"
}

# A run at least restart_max_ms long was healthy: the next restart waits
# 100 ms again, not the maximum the failures before it reached.
test_init_s_restart_delay_starts_again_after_a_healthy_run() {
	local gap
	ahost_state_config ahost_restart '.restart = RESTART_ON_FAILURE,
		.restart_max_ms = 800,'
	# shellcheck disable=SC2016
	run_init "$INIT" -- /bin/sh -c 'read -r up _ </proc/uptime
		echo "start $up" >>/tmp/log
		case $(grep -c start /tmp/log) in
		5) sleep 1; read -r up _ </proc/uptime; echo "end $up" >>/tmp/log ;;
		6) exit 0 ;;
		esac
		exit 1'
	expect_eq "$STATUS" 0 "status: $ERR"
	cat "$TEST_DIR/state/log" >&2
	# delays 100, 200, 400, 800 ms after the failures, then the healthy run
	gap=$(awk '$1 == "end" { e = $2 } $1 == "start" && e { printf "%.2f", $2 - e; exit }' \
		"$TEST_DIR/state/log")
	[ "$(awk -v g="$gap" 'BEGIN { print (g < 0.5) }')" = 1 ] ||
		fail "the restart after the healthy run waited $gap s (the maximum: 0.8)"
	host_clean "$CROOT"
}

# --- control strings to the caller's terminal -------------------------------

# ahost_strings_caller: a caller's script that runs $INIT with an
# appliance writing OSC 52 (the clipboard: "INJECTED"), OSC 0 (the title)
# and a DCS query between the letters of "abc".
ahost_strings_caller() {
	cat >"$TEST_DIR/caller.sh" <<-'EOF'
	"$1" -- /bin/sh -c 'printf "a\033]52;c;SU5KRUNURUQ=\007b\033]0;pwned\033\\\\c\033P+q544e\033\\\\\n"'
	EOF
}

test_osc_52_and_a_title_from_the_appliance_never_reach_the_callers_terminal() {
	container_rootfs
	ahost_strings_caller
	appliance_config ahost_tty '.tty = true,'
	at_terminal "bash $TEST_DIR/caller.sh $INIT"
	expect_eq "$STATUS" 0 "status"
	expect_eq "$TTY" abc "what the terminal got, with a pty"
	appliance_config ahost_root ''
	at_terminal "bash $TEST_DIR/caller.sh $INIT"
	expect_eq "$TTY" abc "what the terminal got, relayed without a pty"
	# the choice: .tty_strings passes them
	appliance_config ahost_tty_strings '.tty = true, .tty_strings = true,'
	at_terminal "bash $TEST_DIR/caller.sh $INIT"
	expect_eq "$TTY" $'a\e]52;c;SU5KRUNURUQ=\ab\e]0;pwned\e\\c\eP+q544e\e\\' "with .tty_strings"
}

# --- memory_max and swap ------------------------------------------------------

# memory.max alone bounds RAM: the container could go on into swap. Where
# this host's cgroup2 has the memory controller and swap accounting (a
# hybrid host keeps it for v1: t_cgroup.sh checks it in a QEMU guest).
test_memory_max_leaves_the_container_no_swap_beyond_it() {
	local cg2
	cg2=$(awk '$0 ~ / - cgroup2 / { print $5; exit }' /proc/self/mountinfo)
	[ -n "$cg2" ] || skip "no cgroup2 filesystem is mounted on this host"
	grep -qw memory "$cg2/cgroup.controllers" ||
		skip "no memory controller on this host's cgroup2 (checked in a QEMU guest by t_cgroup.sh)"
	[ ! -e "$cg2/nsinit-test-swap" ] || fail "$cg2/nsinit-test-swap is there before the test"
	# shellcheck disable=SC2064
	trap "find '$cg2/nsinit-test-swap' -depth -type d -exec rmdir {} + 2>/dev/null || :" EXIT
	true_config ahost_swap '.cgroup_parent = "/nsinit-test-swap", .memory_max = "64M",'
	run_init "$INIT" -- /bin/sh -c 'cat /sys/fs/cgroup/memory.swap.max 2>/dev/null || echo none'
	expect_eq "$STATUS" 0 "status: $ERR"
	[ "$OUT" != none ] || skip "no swap accounting in this kernel"
	expect_eq "$OUT" 0 "memory.swap.max"
}
