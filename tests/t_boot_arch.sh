# SPDX-License-Identifier: MIT
# tier: vm
# Boot mode on the boards' architectures, aarch64 and armhf, under QEMU's
# virt machine (TCG): nsinit built with make ARCH=, Debian's kernel and
# busybox-static of that architecture (busybox-test/kernel.sh and
# busybox.sh), tests/probe.c built by the Makefile's ARCH rule
# (build/ARCH/probe). Each test boots once or twice; everything comes from
# the console and from boot.sh's status, which is the console's status
# line there (a virt machine powered off ends QEMU with 0 whatever the
# appliance did). riscv64 (Debian 13's kernel) and the other releases'
# kernels are booted in t_kernels.sh.

# board ARCH: the kernel and the probe of ARCH (initramfs.sh and rootfs.sh
# fetch its busybox); sets BOARD, BKDIR, BPROBE.
board() {
	BOARD=$1 BKDIR=$TOP/build/$1/qemu BPROBE=$TOP/build/$1/probe
	ARCH=$1 "$TOP/busybox-test/kernel.sh" "$BKDIR" >/dev/null 2>"$TEST_DIR/kernel.err" ||
		fail "kernel.sh for $1: $(cat "$TEST_DIR/kernel.err")"
	(cd "$TOP" && make -s ARCH="$1" "build/$1/probe") || fail "make ARCH=$1 probe"
}

# board_config NAME [C FIELDS]: machine_config (lib.sh) BOARD-NAME for
# $BOARD, in new mount, pid, uts and ipc namespaces when it runs in a
# container (the machine's network stays in sight), or those of
# $NAMESPACES (C), named $HOST (default nsinit-vm), keeping the
# capabilities $CAPS (default below); sets INIT.
board_config() {
	MACHINE_NS=${NAMESPACES:-CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC} \
	HOST=${HOST:-nsinit-vm} CAPS=${CAPS:-CAP_KILL, CAP_NET_RAW} \
		machine_config "$BOARD-$1" "${2:-}"
}

# board_initrd [MODULE...] [-- EXTRA...]: the initramfs of $BOARD with
# $INIT as /init.
board_initrd() {
	CPIO=$TEST_DIR/initrd.cpio
	ARCH=$BOARD KDIR=$BKDIR "$TOP/busybox-test/initramfs.sh" "$CPIO" "$INIT" "$@" >/dev/null
}

# board_boot [boot.sh OPTIONS]: boots $CPIO on $BOARD's machine (with the
# QEMU words $BOARD_QEMU, if any); boot.sh's
# status in STATUS, the console in CONSOLE, boot.sh's last line in BOOTED.
board_boot() {
	STATUS=0
	# shellcheck disable=SC2086 # BOARD_QEMU: words for QEMU
	ARCH=$BOARD KDIR=$BKDIR "$TOP/busybox-test/boot.sh" -t 120 \
		-l "$TEST_DIR/console" "$@" "$CPIO" ${BOARD_QEMU:+-- $BOARD_QEMU} \
		>/dev/null 2>"$TEST_DIR/boot.err" || STATUS=$?
	BOOTED=$(tail -n 1 "$TEST_DIR/boot.err")
	CONSOLE=$(cat "$TEST_DIR/console")
	echo "$BOARD: $BOOTED" >&2
	if grep -q 'Kernel panic' <<<"$CONSOLE"; then
		fail "the kernel panicked: $(grep -m1 -A2 'Kernel panic' <<<"$CONSOLE")"
	fi
}

# The appliance's statuses: 3 and a command that is not there (127) given
# on the kernel command line to one init; the status line and boot.sh's
# status agree.
board_statuses() {
	board "$1"
	board_config status
	board_initrd
	board_boot -a '-- /bin/sh -c "exit 3"'
	expect_eq "$STATUS" 3 "boot.sh status"
	expect_match "$BOOTED" "status 3 \(appliance\), qemu 0," "boot.sh's line"
	expect_match "$CONSOLE" "nsinit-status: appliance=3 end=poweroff" "status line"
	board_boot -a '-- /no/such/command'
	expect_match "$CONSOLE" "init: [a-z]+: /no/such/command: command not found" "error line"
	expect_match "$CONSOLE" "nsinit-status: appliance=127 end=poweroff" "status line"
	expect_eq "$STATUS" 127 "boot.sh status"
}

test_on_aarch64_the_appliance_status_3_and_127_for_not_found_come_out_of_boot_sh() {
	board_statuses aarch64
}
test_on_armhf_the_appliance_status_3_and_127_for_not_found_come_out_of_boot_sh() {
	board_statuses armhf
}

# One boot: the NIC's driver chain from modules.dep, eth0 with its address
# and route reaching the gateway, and the appliance in a container
# (boot -> launcher -> container) with its namespaces, capabilities and
# the seccomp deny-list; status 42. With COMPAT, a 32-bit ARM program (the
# armhf busybox) is run in the container too: the filter must kill it.
BOARD_NET='.modules = (const char *const[]){ "virtio_pci", "virtio_net", NULL },
	   .iface = "eth0", .address = "10.0.2.15/24", .gateway = "10.0.2.2",
	   .wait_ms = 10000, .container = true,'
BOARD_MODULES='virtio_pci_legacy_dev virtio_pci_modern_dev virtio_pci failover net_failover virtio_net'
board_container() {
	local m extra=()
	board "$1"
	HOST=boxed APP="hostname
		for m in $BOARD_MODULES; do [ -d /sys/module/\$m ] && echo \"module \$m\"; done
		ip -4 -o addr show eth0 | cut -d' ' -f2,7; ip route show default
		ping -c1 -W5 10.0.2.2 >/dev/null && echo 'pinged the gateway'
		for n in ipc uts user pid; do echo \"ns \$n \$(readlink /proc/self/ns/\$n)\"; done
		echo \"pid \$\$\"
		/probe uid capeff capbnd capamb sys:adjtimex sys:getppid
		if [ -x /armhf/busybox ]; then /armhf/busybox echo 'AArch32 ran'; echo \"compat status \$?\"; fi
		exit 42" board_config container ".boot = { $BOARD_NET },"
	[ -z "${COMPAT:-}" ] || extra=("$(ARCH=armhf "$TOP/busybox-test/busybox.sh"):/armhf/busybox")
	board_initrd virtio_pci virtio_net -- "$BPROBE:/probe" "${extra[@]+"${extra[@]}"}"
	board_boot
	expect_eq "$STATUS" 42 "boot.sh status"
	expect_match "$CONSOLE" "nsinit-status: appliance=42 end=poweroff" "status line"
	expect_match "$CONSOLE" $'(^|\n)boxed\r?\n' "the container's hostname"
	for m in $BOARD_MODULES; do
		grep -q "^module $m\$" <<<"$CONSOLE" || fail "$m not loaded: $CONSOLE"
	done
	expect_match "$CONSOLE" "eth0 10.0.2.15/24" "address"
	expect_match "$CONSOLE" "default via 10.0.2.2 dev eth0" "route"
	expect_match "$CONSOLE" "pinged the gateway" "traffic to QEMU's gateway"
	expect_own_namespaces
	expect_match "$CONSOLE" $'pid 2\r?\n' "the appliance is PID 2 of its namespace"
	expect_match "$CONSOLE" $'uid=0,0,0\r?\n' "root in the container"
	# CAP_KILL (5) and CAP_NET_RAW (13) and nothing else
	expect_match "$CONSOLE" $'capeff=0000000000002020\r?\n' "effective"
	expect_match "$CONSOLE" $'capbnd=0000000000002020\r?\n' "bounding"
	expect_match "$CONSOLE" $'capamb=0000000000000000\r?\n' "ambient"
	expect_match "$CONSOLE" "sys:adjtimex=error: Operation not permitted" "the deny-list"
	expect_match "$CONSOLE" $'sys:getppid=ok\r?\n' "an allowed call"
	if [ -n "${COMPAT:-}" ]; then
		grep -q "AArch32 ran" <<<"$CONSOLE" && fail "the 32-bit program ran: $CONSOLE"
		expect_match "$CONSOLE" "compat status 159" "killed by SIGSYS (128 + 31)"
	fi
}

test_on_aarch64_a_container_on_the_machine_gets_its_namespaces_caps_and_seccomp_and_eth0_reaches_the_gateway() {
	COMPAT=1 board_container aarch64
}
test_on_armhf_a_container_on_the_machine_gets_its_namespaces_caps_and_seccomp_and_eth0_reaches_the_gateway() {
	board_container armhf
}

# One boot: switch_root onto an ext4 virtio-blk disk (the board's busybox
# root with the probe), then the appliance in a container of the whole
# disk as the user "app", keeping CAP_NET_BIND_SERVICE across the switch.
board_root() {
	local disk=$TEST_DIR/disk
	board "$1"
	ARCH=$1 "$TOP/busybox-test/rootfs.sh" "$disk" "$BPROBE"
	echo "the real root" >"$disk/etc/marker"
	mkfs.ext4 -q -d "$disk" "$TEST_DIR/disk.img" 32M
	HOST=boxed CAPS=CAP_NET_BIND_SERVICE APP='cat /etc/marker; grep " / " /proc/mounts
		exec probe uid capeff capamb hostname' \
		board_config root '.user = "app", .ambient_caps = true,
		.boot = { .modules = (const char *const[]){ "virtio_pci", "virtio_blk",
			  "crc32c_generic", "ext4", NULL },
			  .root = "/dev/vda", .root_fstype = "ext4", .wait_ms = 10000,
			  .container = true },'
	board_initrd virtio_pci virtio_blk crc32c_generic ext4
	board_boot -d "$TEST_DIR/disk.img" -s
	expect_eq "$STATUS" 0 "boot.sh status"
	expect_match "$CONSOLE" "nsinit-status: appliance=0 end=poweroff" "status line"
	expect_match "$CONSOLE" "the real root" "the disk's file"
	expect_match "$CONSOLE" "/dev/vda / ext4" "the container's root is the disk"
	expect_match "$CONSOLE" $'uid=1000,1000,1000\r?\n' "the user switch"
	expect_match "$CONSOLE" $'capeff=0000000000000400\r?\n' "effective after the switch"
	expect_match "$CONSOLE" $'capamb=0000000000000400\r?\n' "ambient"
	expect_match "$CONSOLE" $'hostname=boxed\r?\n' "hostname"
}

test_on_aarch64_switch_root_to_an_ext4_disk_runs_the_appliance_as_its_user_in_a_container() {
	board_root aarch64
}
test_on_armhf_switch_root_to_an_ext4_disk_runs_the_appliance_as_its_user_in_a_container() {
	board_root armhf
}

# boot.sh's own statuses, the same on every machine: a kernel panic (an
# /init that exits) is 125, a guest that never ends is 124 at the
# time-out, whatever the console said before.
test_on_aarch64_boot_sh_tells_a_kernel_panic_and_a_time_out_from_the_appliance_status() {
	board aarch64
	printf '#!/bin/sh\necho "nsinit-status: appliance=0 end=poweroff"\nexit 0\n' >"$TEST_DIR/exits"
	printf '#!/bin/sh\necho "nsinit-status: appliance=0 end=poweroff"\nexec sleep 600\n' >"$TEST_DIR/hangs"
	CPIO=$TEST_DIR/exits.cpio
	ARCH=aarch64 "$TOP/busybox-test/initramfs.sh" "$CPIO" "$TEST_DIR/exits" >/dev/null
	STATUS=0
	ARCH=aarch64 "$TOP/busybox-test/boot.sh" -t 120 "$CPIO" >/dev/null 2>"$TEST_DIR/err" || STATUS=$?
	expect_eq "$STATUS" 125 "boot.sh status after a panic"
	expect_match "$(tail -n 1 "$TEST_DIR/err")" "status 125 \(kernel panic\)" "boot.sh's line"
	CPIO=$TEST_DIR/hangs.cpio
	ARCH=aarch64 "$TOP/busybox-test/initramfs.sh" "$CPIO" "$TEST_DIR/hangs" >/dev/null
	STATUS=0
	ARCH=aarch64 "$TOP/busybox-test/boot.sh" -t 8 "$CPIO" >/dev/null 2>"$TEST_DIR/err" || STATUS=$?
	expect_eq "$STATUS" 124 "boot.sh status at the time-out"
	expect_match "$(tail -n 1 "$TEST_DIR/err")" "status 124 \(timeout\)" "boot.sh's line"
	grep -q "nsinit-status: appliance=0" "$TEST_DIR/hangs.log" || fail "the guest did not get to its line"
}

# The board duties of one machine, on aarch64 as on x86_64 (t_boot.sh,
# t_watchdog.sh, t_modauto.sh): no module named, the drivers found by
# their modalias; the root by its label, read-only under an overlay on a
# second disk found by its label; a data disk and a tmpfs mounted; a
# watchdog fed through several of its timeouts. Booted twice: what the
# appliance wrote the first time is there the second, and the root disk's
# bytes never changed.
test_on_aarch64_board_duties_root_by_label_overlay_mounts_watchdog_and_drivers_by_modalias() {
	local disk=$TEST_DIR/disk before first
	board aarch64
	ARCH=aarch64 "$TOP/busybox-test/rootfs.sh" "$disk" "$BPROBE"
	mkfs.ext4 -q -L nsroot -d "$disk" "$TEST_DIR/disk.img" 32M
	mkfs.ext4 -q -L state "$TEST_DIR/state.img" 8M
	mkdir -p "$TEST_DIR/data" && echo "on data" >"$TEST_DIR/data/file"
	mkfs.ext4 -q -L data -d "$TEST_DIR/data" "$TEST_DIR/data.img" 8M
	before=$(sha256sum <"$TEST_DIR/disk.img")
	APP='grep -E " / | /data | /scratch " /proc/mounts; cat /data/file
		cat /written 2>/dev/null || echo "no /written"; echo kept >/written
		cut -d" " -f1 /proc/modules | sed "s/^/module /"; sleep 5' \
		board_config duties '.boot = { .modules_auto = true,
			.wait_ms = 10000, .root = "LABEL=nsroot",
			.overlay = "LABEL=state",
			.mounts = (const struct boot_mount[]){
				{ .source = "LABEL=data", .target = "/data",
				  .flags = MS_RDONLY },
				{ .source = "tmpfs", .target = "/scratch" },
			}, .nmounts = 2,
			.watchdog = { .device = "/dev/watchdog0", .timeout = 2 } },'
	board_initrd drivers/virtio/ drivers/block/ drivers/watchdog/ fs/ext4/ \
		fs/jbd2/ fs/ fs/overlayfs/ crypto/ lib/
	local BOARD_QEMU='-device i6300esb -watchdog-action poweroff'
	board_boot -d "$TEST_DIR/disk.img" \
		-d "$TEST_DIR/state.img" -d "$TEST_DIR/data.img"
	first=$CONSOLE
	expect_match "$first" "nsinit-status: appliance=0 end=poweroff" "status line"
	expect_match "$first" "nsinit-watchdog: /dev/watchdog0 timeout=2s" "the watchdog"
	expect_match "$first" "overlay / overlay " "the root under its overlay"
	expect_match "$first" "/dev/vd[a-c] /data ext4 ro" "the data disk"
	expect_match "$first" "tmpfs /scratch tmpfs" "the tmpfs"
	expect_match "$first" "on data" "the data disk's file"
	expect_match "$first" "no /written" "first boot"
	for m in virtio_pci virtio_blk i6300esb ext4 overlay; do
		grep -qE "^module $m"$'\r?$' <<<"$first" || fail "$m not loaded: $first"
	done
	board_boot -d "$TEST_DIR/disk.img" -d "$TEST_DIR/state.img" \
		-d "$TEST_DIR/data.img"
	expect_match "$CONSOLE" $'(^|\n)kept\r?\n' "second boot: the write stayed"
	expect_eq "$(sha256sum <"$TEST_DIR/disk.img")" "$before" "the root disk's bytes"
}
