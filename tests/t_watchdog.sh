# SPDX-License-Identifier: MIT
# tier: vm
# The machine's hardware watchdog under QEMU: an Intel 6300ESB
# (-device i6300esb, Debian's i6300esb module), whose action is a reset;
# boot.sh's -no-reboot turns that reset into QEMU's end. What QEMU saw
# comes from its QMP monitor (the WATCHDOG event), what init did from the
# serial console, and QEMU's status (isa-debug-exit: (status << 1) | 1 on
# a clean end).

WD_KDIR=$TOP/build/qemu

# wd_config NAME WATCHDOG [BOOT FIELDS] [C FIELDS]: machine_config (lib.sh)
# wd_NAME, a machine that loads i6300esb, with .boot.watchdog = {
# WATCHDOG } and the other fields given; sets INIT and builds the
# initramfs.
wd_config() {
	"$TOP/busybox-test/kernel.sh" "$WD_KDIR" >/dev/null
	MACHINE_BOOT='.modules = (const char *const[]){ "i6300esb", NULL },
		.debug_exit = true, .watchdog = { '"$2"' }, '"${3:-.wait_ms = 5000}" \
		machine_config "wd_$1" "${4:-}"
	KDIR=$WD_KDIR "$TOP/busybox-test/initramfs.sh" "$TEST_DIR/initrd.cpio" \
		"$INIT" i6300esb >/dev/null
}

# wd_boot [QEMU ARGS]: boots the initramfs with a QMP monitor on a pair of
# fifos; the console in CONSOLE, boot.sh's status (the console's status
# line's) in STATUS and QEMU's own in QEMU_STATUS, its QMP output
# (greeting, replies, events) in EVENTS. The fifos are opened on both
# sides before QEMU starts, so nothing waits on timing.
wd_boot() {
	qmp_open
	STATUS=0
	KDIR=$WD_KDIR "$TOP/busybox-test/boot.sh" -t 90 -l "$TEST_DIR/console" \
		"$TEST_DIR/initrd.cpio" -- -watchdog-action reset \
		"${QMP_ARGS[@]}" "$@" >/dev/null 2>"$TEST_DIR/boot.err" || STATUS=$?
	QEMU_STATUS=$(sed -n 's/^boot\.sh: status .*, qemu \([0-9]*\),.*/\1/p' \
		"$TEST_DIR/boot.err")
	qmp_close
	CONSOLE=$(cat "$TEST_DIR/console")
	EVENTS=$(cat "$TEST_DIR/events")
	grep -q 'Kernel panic' <<<"$CONSOLE" && fail "the kernel panicked: $CONSOLE"
	grep -q '"QMP"' <<<"$EVENTS" || fail "no QMP greeting from QEMU: $EVENTS"
}

wd_status() { grep -m1 '^nsinit-status:' <<<"$CONSOLE" || echo "none"; }

test_a_fed_watchdog_lets_the_machine_outlive_several_timeouts_and_end_cleanly() {
	APP='sleep 8; exit 3' wd_config fed '.device = "/dev/watchdog0", .timeout = 2'
	wd_boot -device i6300esb
	expect_match "$CONSOLE" "nsinit-watchdog: /dev/watchdog0 timeout=2s fed every 666ms" \
		"the timeout the driver took"
	grep -q '"WATCHDOG"' <<<"$EVENTS" && fail "the watchdog fired: $EVENTS"
	expect_eq "$(wd_status)" "nsinit-status: appliance=3 end=poweroff" "status line"
	expect_eq "$QEMU_STATUS" $(((3 << 1) | 1)) "QEMU status"
	expect_eq "$STATUS" 3 "boot.sh status"
}

test_the_watchdog_resets_the_machine_when_the_appliance_fails_three_times_in_a_row() {
	APP='echo "appliance runs"; exit 1' wd_config giveup \
		'.device = "/dev/watchdog0", .timeout = 2, .give_up_after = 3, .window_s = 60' \
		'' '.restart = RESTART_ON_FAILURE,'
	wd_boot -device i6300esb
	expect_eq "$(grep -c '^appliance runs' <<<"$CONSOLE")" 3 "starts of the appliance"
	expect_match "$CONSOLE" "init: watchdog: the appliance failed 3 times in a row: not fed any more, the hardware resets the machine" \
		"the line saying why"
	expect_eq "$(wd_status)" "nsinit-status: appliance=1 end=watchdog" "status line"
	expect_match "$EVENTS" '"event": "WATCHDOG", "data": \{"action": "reset"\}' \
		"QEMU's watchdog event"
	expect_eq "$QEMU_STATUS" 0 "QEMU status (a reset under -no-reboot, not isa-debug-exit)"
}

test_failures_further_apart_than_the_window_do_not_give_up() {
	APP='echo "appliance runs"; [ -e /run/twice ] && exit 5; [ -e /run/once ] && touch /run/twice; touch /run/once; sleep 3; exit 1' \
		wd_config window \
		'.device = "/dev/watchdog0", .timeout = 2, .give_up_after = 2, .window_s = 2' \
		'' '.restart = RESTART_ON_FAILURE, .success_codes = (const int[]){ 5 }, .nsuccess = 1,'
	wd_boot -device i6300esb
	expect_eq "$(grep -c '^appliance runs' <<<"$CONSOLE")" 3 "starts of the appliance"
	grep -q '"WATCHDOG"' <<<"$EVENTS" && fail "the watchdog fired: $EVENTS"
	expect_eq "$(wd_status)" "nsinit-status: appliance=0 end=poweroff" "status line"
}

# The wait for the root (3 s) outlasts the timeout (2 s): it is fed, and
# the setup failure it ends in comes first.
test_a_setup_failure_stops_the_feeding_when_the_policy_says_so() {
	wd_config setup '.device = "/dev/watchdog0", .timeout = 2, .give_up_on_setup = true' \
		'.root = "/dev/vdz", .wait_ms = 3000,'
	wd_boot -device i6300esb
	expect_match "$CONSOLE" "init: root: /dev/vdz: " "the setup failure"
	expect_match "$CONSOLE" "init: watchdog: setup failed: not fed any more" "the line saying why"
	expect_eq "$(wd_status)" "nsinit-status: appliance=255 end=watchdog" "status line"
	expect_match "$EVENTS" '"event": "WATCHDOG"' "QEMU's watchdog event"
}

test_a_missing_watchdog_is_one_clear_line_and_the_failure_policy() {
	wd_config missing '.device = "/dev/watchdog0", .timeout = 2' '.wait_ms = 1000,'
	wd_boot
	expect_eq "$(grep -c 'init: ' <<<"$CONSOLE")" 1 "error lines: $(grep 'init: ' <<<"$CONSOLE")"
	expect_match "$CONSOLE" "init: watchdog: /dev/watchdog0: no such device appeared in time" \
		"error line"
	expect_eq "$(wd_status)" "nsinit-status: appliance=255 end=poweroff" "status line"
}
