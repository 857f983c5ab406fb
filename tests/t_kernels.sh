# SPDX-License-Identifier: MIT
# The kernel matrix: boot mode on Debian 11's (5.10), 12's (6.1) and 13's
# (6.12) kernels, on x86_64, aarch64, armhf and riscv64 (Debian 13 only:
# no older release has a riscv64 kernel), and on a kernel of the user's
# own (busybox-test/kernel.sh --kdir, --kernel --modules). Debian 12's
# kernel gets the whole set, one behaviour a test, in t_boot.sh and
# t_boot_arch.sh; every other kernel one boot that checks them together
# (kernel_all_in_one_boot in lib.sh): that keeps make check's time.
# Each kernel is fetched once (into build/, and NSINIT_CACHE); results come
# from the console and boot.sh's status.
# tier: vm

# board_config, board_initrd, board_boot
# shellcheck source=tests/t_boot_arch.sh
. "$TOP/tests/t_boot_arch.sh"

test_debian_11_s_5_10_kernel_on_x86_64_boots_switches_root_and_runs_a_checked_container() {
	kernel_board x86_64 11
	kernel_all_in_one_boot
}
test_debian_13_s_6_12_kernel_on_x86_64_boots_switches_root_and_runs_a_checked_container() {
	kernel_board x86_64 13
	kernel_all_in_one_boot
}
test_debian_11_s_5_10_kernel_on_aarch64_boots_switches_root_and_runs_a_checked_container() {
	kernel_board aarch64 11
	kernel_all_in_one_boot
}
test_debian_13_s_6_12_kernel_on_aarch64_boots_switches_root_and_runs_a_checked_container() {
	kernel_board aarch64 13
	kernel_all_in_one_boot
}
test_debian_11_s_5_10_kernel_on_armhf_boots_switches_root_and_runs_a_checked_container() {
	kernel_board armhf 11
	kernel_all_in_one_boot
}
test_debian_13_s_6_12_kernel_on_armhf_boots_switches_root_and_runs_a_checked_container() {
	kernel_board armhf 13
	kernel_all_in_one_boot
}
# riscv64's virt machine has no isa-debug-exit: the status comes from the
# console's status line (QEMU's own is 0), as on the arm machines.
test_debian_13_s_6_12_kernel_on_riscv64_boots_switches_root_and_runs_a_checked_container() {
	kernel_board riscv64 13
	kernel_all_in_one_boot
}

# A kernel build tree as virtme-ng's --kdir takes it: arch/x86/boot/
# bzImage, include/config/kernel.release, modules.order and the modules
# where the build left them, uncompressed (here Debian 13's, laid out so).
# kernel.sh links them, writes nothing into the tree, and the machine
# loads virtio_net's chain from the modules.dep it made.
test_a_kernel_build_tree_boots_with_its_own_modules() {
	local tree=$TEST_DIR/linux m
	kernel_board x86_64 13
	mkdir -p "$tree/arch/x86/boot" "$tree/include/config"
	cp "$BKDIR/vmlinuz" "$tree/arch/x86/boot/bzImage"
	cp "$BKDIR/kver" "$tree/include/config/kernel.release"
	for m in $(sed 's/:.*//' "$BKDIR/modules/modules.dep" | grep -E '/(virtio_net|net_failover|failover|virtio_pci)\.ko'); do
		m=${m#kernel/}
		mkdir -p "$tree/$(dirname "$m")"
		xz -dc "$BKDIR/modules/kernel/$m" >"$tree/${m%.xz}"
		echo "${m%.ko.xz}.o" >>"$tree/modules.order"
	done
	cp "$BKDIR/modules/modules.builtin" "$tree/"
	find "$tree" -type f | sort >"$TEST_DIR/before"
	BKDIR=$TEST_DIR/own
	"$TOP/busybox-test/kernel.sh" --kdir "$tree" "$BKDIR" 2>"$TEST_DIR/kernel.err" ||
		fail "kernel.sh --kdir: $(cat "$TEST_DIR/kernel.err")"
	find "$tree" -type f | sort >"$TEST_DIR/after"
	cmp -s "$TEST_DIR/before" "$TEST_DIR/after" || fail "kernel.sh wrote into the tree"
	expect_eq "$(cat "$BKDIR/kver")" "$(cat "$tree/include/config/kernel.release")" "the release"
	grep -q '^kernel/drivers/net/virtio_net.ko: .*net_failover.ko' "$BKDIR/modules/modules.dep" ||
		fail "virtio_net's line: $(grep virtio_net "$BKDIR/modules/modules.dep")"
	APP='for m in failover net_failover virtio_net; do [ -d /sys/module/$m ] && echo "module $m"; done
		ip -4 -o addr show eth0 | cut -d" " -f2,7; uname -r; exit 7' \
		board_config own '.boot = { .modules = (const char *const[]){ "virtio_pci", "virtio_net", NULL },
			  .iface = "eth0", .address = "10.0.2.15/24", .wait_ms = 10000 },'
	board_initrd virtio_pci virtio_net
	board_boot
	expect_eq "$STATUS" 7 "boot.sh status"
	for m in failover net_failover virtio_net; do
		grep -qE "^module $m"$'\r?$' <<<"$CONSOLE" || fail "$m not loaded: $CONSOLE"
	done
	expect_match "$CONSOLE" "eth0 10.0.2.15/24" "eth0"
	grep -qxF "$(cat "$BKDIR/kver")" <<<"${CONSOLE//$'\r'/}" ||
		fail "uname -r is not the tree's release: $CONSOLE"
}

# A kernel file and a module tree as `make modules_install` leaves it
# (lib/modules/VER): here Debian 11's, plain .ko.
test_a_kernel_file_and_a_module_directory_boot_with_those_modules() {
	local mods=$TEST_DIR/lib/modules m deb
	kernel_board x86_64 11
	deb=$BKDIR m=$(cat "$BKDIR/kver")
	mkdir -p "$mods/$m"
	cp -a "$BKDIR/modules/kernel" "$BKDIR/modules/modules.builtin" "$mods/$m/"
	BKDIR=$TEST_DIR/own
	"$TOP/busybox-test/kernel.sh" --kernel "$deb/vmlinuz" \
		--modules "$mods/$m" "$BKDIR" 2>"$TEST_DIR/kernel.err" ||
		fail "kernel.sh --kernel --modules: $(cat "$TEST_DIR/kernel.err")"
	[ ! -e "$mods/$m/modules.dep" ] || fail "kernel.sh wrote into the module directory"
	APP='[ -d /sys/module/virtio_net ] && echo "module virtio_net"; uname -r; exit 5' \
		board_config file '.boot = { .modules = (const char *const[]){ "virtio_pci", "virtio_net", NULL },
			  .iface = "eth0", .wait_ms = 10000 },'
	board_initrd virtio_pci virtio_net
	board_boot
	expect_eq "$STATUS" 5 "boot.sh status"
	expect_match "$CONSOLE" $'(^|\n)module virtio_net\r?\n' "virtio_net"
	grep -qxF "$m" <<<"${CONSOLE//$'\r'/}" || fail "uname -r is not $m: $CONSOLE"
}
