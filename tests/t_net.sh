# SPDX-License-Identifier: MIT
# The container's network: veth pairs, moved host interfaces, macvlans,
# bridges, addresses, routes, /etc/hosts and resolv.conf, sysctls.
#
# Every test makes a network namespace of its own as "the host" (host_ns)
# and runs the launcher in it: the machine's own interfaces, routes and
# addresses are never touched, and traffic only goes between the test's
# namespaces. The namespace is deleted when the test ends, pass or fail.
. "$TOP/tests/configs.sh"

test_the_container_pings_its_host_end_over_ipv4_and_ipv6() {
	host_ns
	net_config veth "$VETH"
	container 'ping -c 1 -W 2 10.0.2.2 && ping -c 1 -W 2 fd00::2'
	expect_eq "$STATUS" 0 "ping from inside: $OUT $ERR"
	bg_container 'exec sleep 30'
	until_ok in_host busybox ping -c 1 -W 1 10.0.2.15 >&2 || fail "no ping in over IPv4"
	in_host busybox ping -c 1 -W 2 fd00::15 >&2 || fail "no ping in over IPv6"
	bg_stop
}

test_tcp_goes_from_the_container_to_the_host_end_and_back_over_ipv4_and_ipv6() {
	host_ns
	net_config veth "$VETH"
	ip netns exec "$HOST" busybox nc -ll -p 7000 -e /bin/cat >/dev/null 2>&1 &
	local nc=$!
	# shellcheck disable=SC2016
	container 'for a in 10.0.2.2 fd00::2; do
		for i in $(seq 50); do
			r=$(echo "hello $a" | nc -w 2 $a 7000) && [ -n "$r" ] && break
			sleep 0.1
		done; echo "$r"; done'
	kill "$nc"
	expect_eq "$OUT" $'hello 10.0.2.2\nhello fd00::2' "echoed by the host"
	# and the other way round: the host connects to a listener inside
	bg_container 'nc -ll -p 7001 -e /bin/cat'
	until_ok echo_via_nc 10.0.2.15 7001 || fail "no answer from inside on IPv4"
	until_ok echo_via_nc fd00::15 7001 || fail "no answer from inside on IPv6"
	bg_stop
}

test_mtu_mac_and_routes_inside_are_as_configured_and_the_host_end_matches() {
	host_ns
	net_config shape '{ .kind = NET_VETH, .host = "nsi-shape", .mtu = 1400,
		.mac = "02:00:00:00:00:15",
		.addrs = (const char *const[]){ '$V4', '$V6', NULL },
		.host_addrs = (const char *const[]){ "10.0.2.2/24", NULL },
		.gateway4 = "10.0.2.2", .gateway6 = "fd00::2",
		.routes = (const struct net_route[]){
			{ .dst = "10.9.0.0/16", .via = "10.0.2.3" },
			{ .dst = "192.168.7.0/24" },
			{ .dst = "fd09::/48", .via = "fd00::3" },
		}, .nroutes = 3 },'
	container 'cat /sys/class/net/eth0/mtu /sys/class/net/eth0/address
		ip -4 route; ip -6 route | grep -v -e ^multicast -e ^fe80'
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_eq "$OUT" "1400
02:00:00:00:00:15
default via 10.0.2.2 dev eth0 
10.0.2.0/24 dev eth0 scope link  src 10.0.2.15 
10.9.0.0/16 via 10.0.2.3 dev eth0 
192.168.7.0/24 dev eth0 scope link 
fd00::/64 dev eth0  metric 256 
fd09::/48 via fd00::3 dev eth0  metric 1024 
default via fd00::2 dev eth0  metric 1024 " "inside"
	bg_container 'exec sleep 30'
	until_ok ip -n "$HOST" link show nsi-shape >/dev/null 2>&1 || fail "no host end"
	expect_match "$(ip -n "$HOST" -o link show nsi-shape)" "mtu 1400 .*state UP" "host end"
	bg_stop
}

test_two_interfaces_come_up_at_once() {
	host_ns
	net_config two "$VETH"'
		{ .kind = NET_VETH, .name = "eth1",
		  .addrs = (const char *const[]){ "10.0.3.15/24", NULL },
		  .host_addrs = (const char *const[]){ "10.0.3.2/24", NULL } },'
	container 'ping -c 1 -W 2 10.0.2.2 && ping -c 1 -W 2 10.0.3.2 &&
		ip -o -4 addr show eth1 | grep -o 10.0.3.15/24'
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_match "$OUT" "10.0.3.15/24" "eth1's address"
}

test_a_host_interface_is_moved_in_renamed_and_configured() {
	host_ns
	ip -n "$HOST" link add mv-in type veth peer name mv-out
	ip -n "$HOST" addr add 10.0.6.2/24 dev mv-out
	ip -n "$HOST" link set mv-out up
	net_config move '{ .kind = NET_MOVE, .host = "mv-in", .name = "lan0",
		.addrs = (const char *const[]){ "10.0.6.15/24", NULL } },'
	container 'ping -c 1 -W 2 10.0.6.2 && ls /sys/class/net | tr "\n" " "'
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_match "$OUT" "lan0 lo $" "links inside"
}

test_a_macvlan_on_a_host_interface_reaches_the_host_link() {
	host_ns
	net_need macvlan
	ip -n "$HOST" link add mvl-low type veth peer name mvl-far
	ip -n "$HOST" addr add 10.0.7.2/24 dev mvl-far
	ip -n "$HOST" link set mvl-low up
	ip -n "$HOST" link set mvl-far up
	net_config macvlan '{ .kind = NET_MACVLAN, .host = "mvl-low",
		.addrs = (const char *const[]){ "10.0.7.15/24", NULL } },'
	container 'ping -c 1 -W 2 10.0.7.2'
	expect_eq "$STATUS" 0 "status: $OUT $ERR"
	expect_eq "$(host_links)" "lo mvl-far mvl-low " "host links after"
}

test_a_host_bridge_joins_two_containers_that_reach_each_other() {
	host_ns
	net_need bridge
	ip -n "$HOST" link add br-t type bridge
	ip -n "$HOST" link set br-t up
	net_config bridge-a '{ .kind = NET_VETH, .bridge = "br-t",
		.addrs = (const char *const[]){ "10.0.8.1/24", NULL } },'
	local a=$INIT
	net_config bridge-b '{ .kind = NET_VETH, .bridge = "br-t",
		.addrs = (const char *const[]){ "10.0.8.2/24", NULL } },'
	INIT=$a bg_container 'nc -ll -p 7000 -e /bin/cat'
	# shellcheck disable=SC2016
	container 'ping -c 1 -W 2 10.0.8.1 >/dev/null || exit 1
		for i in $(seq 50); do
			r=$(echo over-the-bridge | nc -w 2 10.0.8.1 7000) &&
				[ -n "$r" ] && break
			sleep 0.1
		done; echo "$r"'
	bg_stop
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_eq "$OUT" over-the-bridge "echoed by the other container"
	until_ok links_are "br-t lo " || fail "host links after both: $(host_links)"
}

test_the_host_end_is_gone_when_the_container_ends_even_if_the_launcher_is_killed() {
	host_ns
	net_config veth "$VETH"
	container 'true'
	expect_eq "$(host_links)" "lo " "host links when the launcher has returned"
	bg_container 'exec sleep 30'
	until_ok ip -n "$HOST" link show nsi-t0 >/dev/null 2>&1 || fail "no host end"
	kill -KILL "$BG"
	wait "$BG" || :
	until_ok links_are "lo " || fail "left after SIGKILL: $(host_links)"
}

test_a_container_rebooted_from_inside_gets_its_veth_pair_again() {
	host_ns
	mkdir -p "$TEST_DIR/state"
	net_config restart "$VETH" ".mounts = (const struct bind_mount[]){
		{ .source = \"$TEST_DIR/state\", .target = \"/tmp\" } },
		.nmounts = 1,"
	container 'ping -c 1 -W 2 10.0.2.2 >/dev/null || exit 1
		echo run >>/tmp/runs
		[ -e /tmp/rebooted ] && exit 7
		touch /tmp/rebooted; reboot -f; sleep 5'
	expect_eq "$STATUS" 7 "status: $ERR"
	expect_eq "$(wc -l <"$TEST_DIR/state/runs")" 2 "runs"
}

test_a_host_name_in_use_fails_with_one_line_and_leaves_no_interface() {
	host_ns
	ip -n "$HOST" link add nsi-t0 type veth peer name taken-peer
	net_config veth "$VETH"
	container 'echo ran'
	expect_one_error_line 255 '^init: net: eth0: create veth pair nsi-t0: File exists \(the name is in use on the host\)$'
	expect_eq "$(host_links)" "lo nsi-t0 taken-peer " "host links"
}

test_a_failure_on_the_second_interface_deletes_the_first_ones_pair() {
	host_ns
	ip -n "$HOST" link add taken0 type veth peer name taken1
	net_config second "$VETH"'
		{ .kind = NET_VETH, .name = "eth1", .host = "taken0" },'
	container 'echo ran'
	expect_one_error_line 255 '^init: net: eth1: create veth pair taken0: File exists'
	expect_eq "$(host_links)" "lo taken0 taken1 " "host links"
}

test_a_host_address_in_use_fails_with_one_line_and_leaves_no_interface() {
	host_ns
	ip -n "$HOST" addr add 10.0.2.2/32 dev lo
	net_config veth "$VETH"
	container 'echo ran'
	expect_one_error_line 255 '^init: net: eth0: host address 10.0.2.2/24 is already in use on the host$'
	expect_eq "$(host_links)" "lo " "host links"
}

test_a_missing_host_interface_fails_with_one_line_and_leaves_no_interface() {
	host_ns
	net_config missing "$VETH"'
		{ .kind = NET_MOVE, .name = "eth1", .host = "nosuch0" },'
	container 'echo ran'
	expect_one_error_line 255 '^init: net: eth1: host interface nosuch0 does not exist on the host$'
	expect_eq "$(host_links)" "lo " "host links"
}

test_a_missing_bridge_fails_with_one_line() {
	host_ns
	net_config nobridge '{ .kind = NET_VETH, .bridge = "nosuch-br" },'
	container 'echo ran'
	expect_one_error_line 255 '^init: net: eth0: bridge nosuch-br does not exist on the host$'
	expect_eq "$(host_links)" "lo " "host links"
}

test_a_gateway_outside_every_subnet_fails_at_start_before_anything_is_made() {
	host_ns
	net_config badgw '{ .kind = NET_VETH,
		.addrs = (const char *const[]){ "10.0.2.15/24", NULL },
		.gateway4 = "10.0.3.1" },'
	container 'echo ran'
	expect_one_error_line 255 '^init: config: interface eth0: gateway 10.0.3.1 is outside every subnet of its addresses$'
	expect_eq "$(host_links)" "lo " "host links"
}

test_interfaces_without_a_network_namespace_are_a_compile_error() {
	local dir=$TOP/build/tests/net_nonet out
	mkdir -p "$dir"
	cat >"$dir/config.h" <<-EOF
	static const char *const argv_[] = { "/bin/true", NULL };
	static const struct net_if net_[] = { { .kind = NET_VETH } };
	static const struct config config = {
		.rootfs = "/", .namespaces = CLONE_NEWNS | CLONE_NEWPID,
		.argv = argv_, .net = net_, .nnet = LEN(net_),
	};
	EOF
	out=$(make -s CONFIG="$dir/config.h" O="$dir" 2>&1) && fail "it built"
	expect_match "$out" "config.h: net interfaces need CLONE_NEWNET" "compiler"
}

test_hosts_and_resolv_conf_show_inside_a_read_only_root_and_the_image_is_untouched() {
	local root=$TOP/build/tests/net-rootfs before after
	build_rootfs "$root"
	printf '127.0.0.1 image\n' >"$root/etc/hosts"
	printf 'nameserver 192.0.2.1\n' >"$root/etc/resolv.conf"
	before=$(stat -c '%n %s %Y %i' "$root/etc/hosts" "$root/etc/resolv.conf")
	host_ns
	net_config etc '' '.hosts = "127.0.0.1 localhost\n10.0.2.2 gw.test\n",
		.resolv_conf = "nameserver 10.0.2.3\nsearch test\n",' "$root"
	container 'cat /etc/hosts /etc/resolv.conf
		echo x >>/etc/hosts 2>/dev/null && echo writable || echo read-only'
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_eq "$OUT" $'127.0.0.1 localhost\n10.0.2.2 gw.test\nnameserver 10.0.2.3\nsearch test\nread-only' "inside"
	after=$(stat -c '%n %s %Y %i' "$root/etc/hosts" "$root/etc/resolv.conf")
	expect_eq "$after" "$before" "the image's files"
	expect_eq "$(cat "$root/etc/hosts")" "127.0.0.1 image" "the image's hosts"
	host_clean "$root"
}

# The host's ip_forward is read first: inside, it is set to the other value.
test_a_sysctl_is_set_inside_and_not_on_the_host() {
	local host want
	host_ns
	host=$(in_host cat /proc/sys/net/ipv4/ip_forward)
	want=$((1 - host))
	net_config "sysctl-$want" "$VETH" '.sysctls = (const struct sysctl[]){
		{ "net.ipv4.ip_forward", "'"$want"'" },
		{ "net.ipv6.conf.eth0.hop_limit", "7" } }, .nsysctls = 2,'
	container 'cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv6/conf/eth0/hop_limit'
	expect_eq "$STATUS" 0 "status: $ERR"
	expect_eq "$OUT" "$want"$'\n7' "inside"
	expect_eq "$(in_host cat /proc/sys/net/ipv4/ip_forward)" "$host" "on the host"
}

test_a_sysctl_no_namespace_isolates_fails_at_start() {
	host_ns
	net_config sysctl-host '' '.sysctls = (const struct sysctl[]){
		{ "vm.swappiness", "10" } }, .nsysctls = 1,'
	container 'echo ran'
	expect_one_error_line 255 '^init: config: sysctl vm.swappiness: no namespace of the container isolates it: it would change the host$'
}

# nl_wait_link, which the boot mode uses for the machine's eth0: a small
# program around lib/ waits in the test's namespace.
test_waiting_for_a_link_wakes_when_it_appears_and_times_out_when_it_does_not() {
	local prog=$TEST_DIR/wait_link out
	host_ns
	cat >"$TEST_DIR/wait_link.c" <<-'EOF'
	#include <stdio.h>
	#include <stdlib.h>
	#include "rtnl.h"
	int main(int argc, char **argv)
	{
		struct nl nl;
		int r = nl_open(&nl);

		if (r == 0)
			r = nl_wait_link(&nl, argv[1], (unsigned)atoi(argv[2]));
		printf("%d\n", r);
		return argc < 3;
	}
	EOF
	musl-gcc -static -std=c11 -D_GNU_SOURCE -isystem "$TOP/build/kh" \
		-I"$TOP/lib" -o "$prog" "$TEST_DIR/wait_link.c" "$TOP"/lib/*.c
	in_host "$prog" late0 5000 >"$TEST_DIR/wait.out" &
	local waiter=$!
	sleep 0.3
	ip -n "$HOST" link add late0 type veth peer name late1
	wait "$waiter"
	expect_eq "$(cat "$TEST_DIR/wait.out")" \
		"$(ip -n "$HOST" -o link show late0 | cut -d: -f1)" "index"
	out=$(in_host "$prog" never0 200)
	expect_eq "$out" -110 "-ETIMEDOUT"
	expect_eq "$(in_host "$prog" late0 0)" "$(ip -n "$HOST" -o link show late0 | cut -d: -f1)" "an existing link at once"
}
