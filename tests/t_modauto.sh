# SPDX-License-Identifier: MIT
# tier: vm
# Boot mode under QEMU with .boot.modules_auto: no module named in
# config.h, the drivers found by the hardware's modaliases in the
# initramfs's modules.alias (busybox-test/initramfs.sh DIR/ words give it
# a choice), the root's filesystem by its alias fs-TYPE. Results from the
# serial console and QEMU's exit status.

MODAUTO_KDIR=$TOP/build/qemu

# What the machine's initramfs offers: far more than its hardware needs.
MODAUTO_SET="drivers/virtio/ drivers/block/ drivers/net/ drivers/watchdog/
	fs/ext4/ crypto/ arch/x86/crypto/"

# modauto_config NAME [BOOT FIELDS]: machine_config (lib.sh) modauto_NAME
# in new mount, pid and uts namespaces, with modules_auto and the given
# boot fields; sets INIT.
modauto_config() {
	"$TOP/busybox-test/kernel.sh" "$MODAUTO_KDIR" >/dev/null
	MACHINE_NS='CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS' \
	MACHINE_BOOT=".modules = MODULES_AUTO, .debug_exit = true, ${2:-}" \
		machine_config "modauto_$1"
}

# modauto_boot [boot.sh OPTIONS]: the initramfs of $INIT and the modules
# of $MODAUTO_SET booted, with the QEMU arguments $DEVICES; QEMU's status
# in STATUS, the console in CONSOLE.
modauto_boot() {
	local cpio=$TEST_DIR/initrd.cpio
	# shellcheck disable=SC2086 # the words of the set, of DEVICES
	KDIR=$MODAUTO_KDIR "$TOP/busybox-test/initramfs.sh" "$cpio" "$INIT" \
		$MODAUTO_SET >/dev/null 2>&1
	STATUS=0
	KDIR=$MODAUTO_KDIR "$TOP/busybox-test/boot.sh" -t 120 \
		-l "$TEST_DIR/console" "$@" "$cpio" -- ${DEVICES:-} \
		>/dev/null 2>&1 || STATUS=$?
	CONSOLE=$(cat "$TEST_DIR/console")
	if grep -q 'Kernel panic' <<<"$CONSOLE"; then
		fail "the kernel panicked: $(grep -m1 -A2 'Kernel panic' <<<"$CONSOLE")"
	fi
}

# An ext4 root disk, $TEST_DIR/disk.img, with busybox and its applets
# (labelled $MKFS_LABEL, if set).
modauto_disk() {
	local disk=$TEST_DIR/disk a
	mkdir -p "$disk/bin" "$disk/etc" "$disk/proc" "$disk/sys" "$disk/dev" "$disk/run"
	cp /bin/busybox "$disk/bin/busybox"
	for a in sh cat cut grep ip sort; do ln -s busybox "$disk/bin/$a"; done
	echo "the real root" >"$disk/etc/marker"
	mkfs.ext4 -q ${MKFS_LABEL:+-L "$MKFS_LABEL"} -d "$disk" "$TEST_DIR/disk.img" 16M
}

test_with_modules_auto_the_nic_disk_and_watchdog_find_their_drivers() {
	modauto_disk
	APP='cut -d" " -f1 /proc/modules | sort | sed "s/^/module /"
	     ip -4 -o addr show eth0 | cut -d" " -f2,7
	     cat /etc/marker; grep " / " /proc/mounts' \
		modauto_config hw '.iface = "eth0", .address = "10.0.2.15/24",
			.root = "/dev/vda", .wait_ms = 10000'
	grep -q '"virtio' "${INIT%/init}/config.h" &&
		fail "config.h names a module"
	# the kernel's own requests (fs-ext4, crypto-crc32c) would run
	# busybox's modprobe: not here, nsinit must do it all
	DEVICES="-device i6300esb" modauto_boot -d "$TEST_DIR/disk.img" -s \
		-a sysctl.kernel.modprobe=/no/modprobe
	local m
	for m in virtio_pci virtio_net virtio_blk i6300esb ext4 crc32c_generic; do
		grep -q "^module $m\$" <<<"$CONSOLE" || fail "$m not loaded: $CONSOLE"
	done
	grep -q "^module e1000\$" <<<"$CONSOLE" && fail "e1000 loaded, with no such NIC"
	expect_match "$CONSOLE" "eth0 10.0.2.15/24" "eth0's address"
	expect_match "$CONSOLE" "the real root" "the disk's file"
	expect_match "$CONSOLE" "/dev/vda / ext4" "root mount"
	grep -q 'init: modules:' <<<"$CONSOLE" && fail "a modules line: $CONSOLE"
	expect_match "$CONSOLE" "nsinit-status: appliance=0 end=poweroff" "status line"
}

# Drivers whose aliases match no device of this machine (it has no
# watchdog): nothing is loaded for them and nothing is said.
test_with_modules_auto_aliases_that_match_nothing_are_no_error() {
	APP='cut -d" " -f1 /proc/modules | sed "s/^/module /"; echo "appliance ran"'
	APP=$APP modauto_config none '.wait_ms = 1000'
	MODAUTO_SET="drivers/watchdog/" modauto_boot
	expect_match "$CONSOLE" "appliance ran" "the appliance"
	grep -q '^module ' <<<"$CONSOLE" && fail "a module loaded: $CONSOLE"
	grep -q 'init: ' <<<"$CONSOLE" && fail "init said something: $CONSOLE"
	expect_match "$CONSOLE" "nsinit-status: appliance=0 end=poweroff" "status line"
}

# An image without modules.alias cannot do what the config asks: one line,
# and the failure policy.
test_with_modules_auto_an_image_without_modules_alias_is_one_clear_line() {
	APP='echo "appliance ran"' modauto_config noalias '.wait_ms = 1000'
	MODAUTO_SET="" modauto_boot
	expect_eq "$(grep -c 'init: modules:' <<<"$CONSOLE" || :)" 1 "error lines"
	expect_match "$CONSOLE" "init: modules: /lib/modules/[^/]+/modules.alias: No such file or directory" \
		"error line"
	grep -q "appliance ran" <<<"$CONSOLE" && fail "the appliance ran: $CONSOLE"
	expect_match "$CONSOLE" "nsinit-status: appliance=255 end=poweroff" "status line"
}

# A disk hotplugged while init waits for the root by its label, after the
# coldplug walks are over (the watchdog's line comes after them): the
# kernel's uevent names its modalias, and init loads its driver then.
# QEMU's QMP monitor, on a pair of fifos opened before it starts, adds it
# once the console shows that line.
test_with_modules_auto_a_disk_that_comes_late_gets_its_driver_from_its_uevent() {
	local cpio=$TEST_DIR/initrd.cpio booter
	MKFS_LABEL=late modauto_disk
	APP='grep " / " /proc/mounts; cat /etc/marker' \
		modauto_config late '.root = "LABEL=late", .wait_ms = 60000,
			.watchdog = { .device = "/dev/watchdog0", .timeout = 10 }'
	# shellcheck disable=SC2086 # the words of the set
	KDIR=$MODAUTO_KDIR "$TOP/busybox-test/initramfs.sh" "$cpio" "$INIT" \
		$MODAUTO_SET >/dev/null 2>&1
	qmp_open
	: >"$TEST_DIR/console"
	KDIR=$MODAUTO_KDIR "$TOP/busybox-test/boot.sh" -t 120 \
		-l "$TEST_DIR/console" -a sysctl.kernel.modprobe=/no/modprobe \
		"$cpio" -- -device i6300esb \
		-drive "if=none,id=late,format=raw,snapshot=on,file=$TEST_DIR/disk.img" \
		"${QMP_ARGS[@]}" >/dev/null 2>&1 &
	booter=$!
	timeout 100 grep -q -m1 '^nsinit-watchdog:' <(tail -F "$TEST_DIR/console" 2>/dev/null) ||
		fail "no watchdog line: $(cat "$TEST_DIR/console")"
	printf '{"execute":"device_add","arguments":{"driver":"virtio-blk-pci","drive":"late","id":"late0"}}\n' >&"$QMP_IN"
	wait "$booter" || :
	qmp_close
	CONSOLE=$(cat "$TEST_DIR/console")
	expect_match "$CONSOLE" "the real root" "the late disk's file"
	expect_match "$CONSOLE" "/dev/vda / ext4" "root mount"
	expect_match "$CONSOLE" "nsinit-status: appliance=0 end=poweroff" "status line"
}
