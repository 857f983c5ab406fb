# SPDX-License-Identifier: MIT
# tier: vm
# Boot mode under QEMU: nsinit as the kernel's init in a busybox initramfs,
# Debian's kernel, TCG. Results come from the serial console, from
# boot.sh's status (the console's status line) and from QEMU's own
# (isa-debug-exit: (status << 1) | 1).

# DEBIAN=11 or 13 (environment): that release's kernel (busybox-test/kernel.sh)
KDIR=$TOP/build/qemu${DEBIAN:+-debian$DEBIAN}

# boot_config NAME [C FIELDS]: machine_config (lib.sh) boot_NAME in new
# mount, pid and uts namespaces, named $HOST (default nsinit-vm), keeping
# the capabilities $CAPS (default below); sets INIT.
boot_config() {
	"$TOP/busybox-test/kernel.sh" "$KDIR" >/dev/null
	MACHINE_NS='CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS' HOST=${HOST:-nsinit-vm} \
	CAPS=${CAPS:-CAP_SYS_BOOT, CAP_KILL, CAP_NET_ADMIN, CAP_NET_RAW} \
		machine_config "boot_$1" "${2:-}"
}

# initrd [MODULE...] [-- EXTRA...]: the initramfs with $INIT as /init.
initrd() {
	CPIO=$TEST_DIR/initrd.cpio
	KDIR=$KDIR "$TOP/busybox-test/initramfs.sh" "$CPIO" "$INIT" "$@" >/dev/null
}

# boot [boot.sh OPTIONS]: boots $CPIO; boot.sh's status in STATUS, QEMU's
# in QEMU_STATUS, the console in CONSOLE. A guest that panics or hangs
# shows in all three.
boot() {
	STATUS=0
	KDIR=$KDIR "$TOP/busybox-test/boot.sh" -t 90 -l "$TEST_DIR/console" "$@" \
		"$CPIO" >/dev/null 2>"$TEST_DIR/boot.err" || STATUS=$?
	QEMU_STATUS=$(sed -n 's/^boot\.sh: status .*, qemu \([0-9]*\),.*/\1/p' "$TEST_DIR/boot.err")
	CONSOLE=$(cat "$TEST_DIR/console")
	if grep -q 'Kernel panic' <<<"$CONSOLE"; then
		fail "the kernel panicked: $(grep -m1 -A2 'Kernel panic' <<<"$CONSOLE")"
	fi
}

# The status line of the end, as init printed it.
status_line() { grep -m1 '^nsinit-status:' <<<"$CONSOLE" || echo "none"; }

test_the_appliance_exit_code_comes_out_of_qemu() {
	boot_config exit '.boot = { .debug_exit = true },'
	initrd
	boot
	expect_eq "$QEMU_STATUS" $(((3 << 1) | 1)) "QEMU status"
	expect_eq "$STATUS" 3 "boot.sh status"
	expect_eq "$(status_line)" "nsinit-status: appliance=3 end=poweroff" "status line"
}

test_the_machine_gets_its_hostname_and_filesystems() {
	APP='hostname; grep -E "^(devtmpfs|proc|sysfs|devpts|tmpfs|cgroup2) " /proc/mounts | cut -d" " -f1,2; echo "pid $$ under $PPID"' \
		boot_config fs '.boot = { .cgroup2 = true, .debug_exit = true },'
	initrd
	boot
	expect_match "$CONSOLE" $'(^|\n)nsinit-vm\r?\n' "hostname"
	local fs
	for fs in "devtmpfs /dev" "proc /proc" "sysfs /sys" "devpts /dev/pts" "tmpfs /dev/shm" "tmpfs /run" "cgroup2 /sys/fs/cgroup"; do
		grep -q "^$fs\$" <<<"$CONSOLE" || fail "no $fs in: $CONSOLE"
	done
	expect_match "$CONSOLE" "pid [0-9]+ under 1" "the appliance is a child of PID 1"
}

# signal_ends SIG END: the appliance sends SIG to PID 1; the machine ends
# with END after the appliance got SIGTERM.
signal_ends() {
	APP="kill -$1 1; sleep 30; exit 9" boot_config "sig$1"
	initrd
	boot
	expect_eq "$(status_line)" "nsinit-status: appliance=143 end=$2" "SIG$1"
}

test_sigusr1_halts_the_machine() { signal_ends USR1 halt; }
test_sigusr2_powers_the_machine_off() { signal_ends USR2 poweroff; }
test_sigpwr_powers_the_machine_off() { signal_ends PWR poweroff; }
test_sigterm_reboots_the_machine() { signal_ends TERM reboot; }
test_sigint_from_ctrl_alt_del_reboots_the_machine() { signal_ends INT reboot; }

# The NIC's driver chain from modules.dep, eth0 waited for and configured.
NET_BOOT='.boot = { .modules = (const char *const[]){ "virtio_pci", "virtio_net", NULL },
		   .iface = "eth0", .address = "10.0.2.15/24", .gateway = "10.0.2.2",
		   .wait_ms = 10000, .debug_exit = true },'

test_modules_load_with_their_dependencies_and_eth0_gets_its_address_and_route() {
	APP='for m in failover net_failover virtio_net; do [ -d /sys/module/$m ] && echo "module $m"; done
	     ip -4 -o addr show eth0 | cut -d" " -f2,7; ip route show default
	     ip -o link show eth0 | grep -o "<[^>]*UP[^>]*>" >/dev/null && echo "eth0 up"
	     ping -c1 -W2 10.0.2.15 >/dev/null && echo "pinged itself"' 		boot_config net "$NET_BOOT"
	initrd virtio_pci virtio_net
	boot
	local m
	for m in failover net_failover virtio_net; do
		grep -q "^module $m\$" <<<"$CONSOLE" || fail "$m not loaded: $CONSOLE"
	done
	expect_match "$CONSOLE" "eth0 10.0.2.15/24" "address"
	expect_match "$CONSOLE" "default via 10.0.2.2 dev eth0" "route"
	expect_match "$CONSOLE" "eth0 up" "link"
	expect_match "$CONSOLE" "pinged itself" "traffic to its own address"
}

test_a_module_that_is_not_there_is_one_clear_line_and_no_panic() {
	boot_config nomod '.boot = { .modules = (const char *const[]){ "no_such_module", NULL },
				     .debug_exit = true },'
	initrd virtio_net
	boot
	expect_eq "$(grep -c 'no_such_module' <<<"$CONSOLE")" 1 "error lines"
	expect_match "$CONSOLE" "init: modules: no_such_module: no such module in modules.dep" "error line"
	expect_eq "$(status_line)" "nsinit-status: appliance=255 end=poweroff" "status line"
}

test_the_command_line_overrides_hostname_address_and_command() {
	boot_config cmdline "$NET_BOOT"
	initrd virtio_pci virtio_net
	boot -a 'nsinit.hostname=from-cmdline nsinit.ip=10.0.2.16/24 nsinit.verbose -- /bin/sh -c "hostname; ip -4 -o addr show eth0; exit 5"'
	expect_match "$CONSOLE" $'\nfrom-cmdline\r?\n' "hostname"
	expect_match "$CONSOLE" "eth0 +inet 10.0.2.16/24" "address"
	expect_match "$CONSOLE" "nsinit-time: setup=[0-9]+us modules=[0-9]+us" "timing line"
	expect_eq "$QEMU_STATUS" $(((5 << 1) | 1)) "QEMU status"
}

test_nsinit_verbose_2_times_each_row_of_the_machine_s_setup() {
	boot_config verbose2 '.boot = { .debug_exit = true },'
	initrd
	boot -a 'nsinit.verbose=2'
	local rows timed
	rows=$(sed -n '/^static const struct stage machine_setup\[\] = {/,/^};/p' \
		"$TOP/init.c" | sed -n 's/^[[:space:]]*{ "\([a-z]*\)",.*/\1/p')
	[ "$(wc -l <<<"$rows")" -ge 5 ] || fail "init.c's machine_setup not found: $rows"
	# the rows before cmdline ran before nsinit.verbose=2 was read
	rows=$(sed '/^cmdline$/,$!d' <<<"$rows")
	timed=$(tr -d '\r' <<<"$CONSOLE" |
		sed -n 's/^nsinit-time: machine \([a-z]*\)=[0-9]*us$/\1/p')
	expect_eq "$timed" "$rows" "one line a row, in the table's order"
	expect_match "$CONSOLE" "nsinit-time: setup=[0-9]+us modules=[0-9]+us \\(not counted\\)" "the summary line as before"
	expect_eq "$(status_line)" "nsinit-status: appliance=3 end=poweroff" "status line"
}

# "Run this command, here, as me": the working directory, the user and
# the environment from the command line, over config.h's.
test_the_command_line_sets_the_appliance_s_directory_user_and_environment() {
	boot_config cmdenv '.boot = { .debug_exit = true },'
	initrd
	boot -a 'nsinit.cwd=/tmp nsinit.user=1000:1000 nsinit.env.GREETING=hello nsinit.env.PATH=/bin -- /bin/sh -c "pwd; id -u; id -g; echo $GREETING; echo $PATH; exit 4"'
	expect_match "$CONSOLE" $'(^|\n)/tmp\r?\n1000\r?\n1000\r?\nhello\r?\n/bin\r?\n' "cwd, uid, gid, environment"
	expect_eq "$(status_line)" "nsinit-status: appliance=4 end=poweroff" "status line"
}

test_a_malformed_command_line_is_refused_with_a_clear_line() {
	boot_config badcmdline '.boot = { .debug_exit = true },'
	initrd
	boot -a "nsinit.ip=10.0.0.300/24"
	expect_match "$CONSOLE" "init: cmdline: nsinit.ip=10.0.0.300/24: not an address" "error line"
	expect_eq "$(status_line)" "nsinit-status: appliance=255 end=poweroff" "status line"
}

test_the_appliance_can_run_in_a_container_on_the_machine() {
	HOST=boxed APP='hostname; echo "pid $$"' \
		boot_config container '.boot = { .container = true, .debug_exit = true },'
	initrd
	boot
	expect_match "$CONSOLE" $'(^|\n)boxed\r?\n' "the container's hostname"
	expect_match "$CONSOLE" "pid 2" "the appliance is PID 2 in its namespace"
	expect_eq "$(status_line)" "nsinit-status: appliance=0 end=poweroff" "status line"
}

# The launcher of the machine's container gives up (a cgroup limit, and
# no cgroup2 mounted for it): its line, then the failure policy
# (.on_failure), not the appliance's end (.on_exit): PID 1 of the machine
# never exits.
test_a_launcher_that_gives_up_on_the_machine_goes_to_the_failure_policy() {
	boot_config launcherfail '.boot = { .container = true, .debug_exit = true,
					     .on_exit = END_HALT },
				   .pids_max = "10",'
	initrd
	boot
	expect_match "$CONSOLE" "init: cgroup: no cgroup2 filesystem is mounted: the container's cgroup needs one" \
		"error line"
	expect_eq "$(status_line)" "nsinit-status: appliance=255 end=poweroff" \
		"status line: the failure policy's end"
}

# An initramfs cannot be pivoted away from: a container of it is chrooted
# into a copy mounted on top of "/", so that root with CAP_SYS_CHROOT who
# walks out of a chroot of its own comes back to that copy, never to the
# initramfs under it and the machine's own procfs there.
test_a_container_of_the_initramfs_cannot_walk_out_of_its_chroot_to_the_machine() {
	build_probe
	CAPS=CAP_SYS_CHROOT APP='/probe chrootescape:/dev/shm/e' \
		boot_config chroot '.boot = { .container = true, .debug_exit = true },'
	initrd -- "$PROBE:/probe"
	boot
	expect_match "$CONSOLE" "chrootescape:/dev/shm/e=ok:probe" \
		"the way out of a chroot, back in the container (PID 2: the probe)"
	grep -q "kthreadd" <<<"$CONSOLE" && fail "the machine's procfs was reached"
	expect_eq "$(status_line)" "nsinit-status: appliance=0 end=poweroff" "status line"
}

# The kernel runs modprobe as the machine's root for an unknown socket
# family or binary format: from /sbin/modprobe of the initramfs, which a
# container of "/", or an appliance run on the machine as root without
# CAP_SYS_MODULE, may write. Off (kernel.modprobe empty) before either
# starts. modprobe_planted NAME FIELDS: the appliance plants its own and
# asks for socket family 5.
modprobe_planted() {
	build_probe
	APP='mkdir -p /sbin && rm -f /sbin/modprobe && printf "#!/bin/sh\necho PWNED by \$0 >/dev/console\n" >/sbin/modprobe &&
		chmod 755 /sbin/modprobe && /probe socket:5' \
		boot_config "$1" ".readonly_root = false, $2"
	initrd -- "$PROBE:/probe"
	boot
	expect_match "$CONSOLE" "socket:5=error: " "the socket family asked for"
	grep -q "PWNED" <<<"$CONSOLE" && fail "the appliance's modprobe ran: $CONSOLE"
	expect_eq "$(status_line)" "nsinit-status: appliance=0 end=poweroff" "status line"
}

test_a_container_cannot_make_the_kernel_run_a_modprobe_of_its_own() {
	modprobe_planted modprobe '.boot = { .container = true, .debug_exit = true },'
}

test_an_appliance_on_the_machine_cannot_make_the_kernel_run_a_modprobe_of_its_own() {
	modprobe_planted modprobe_machine '.boot = { .debug_exit = true },'
}

# make_disk [SHELL]: $TEST_DIR/disk.img, an ext4 root with busybox,
# /etc/marker and /sbin/next, a next init that says so and powers off;
# SHELL is run in the disk's directory before the image is made.
make_disk() {
	local disk=$TEST_DIR/disk a
	mkdir -p "$disk/bin" "$disk/etc" "$disk/sbin"
	cp /bin/busybox "$disk/bin/busybox"
	for a in sh cat ls grep hostname poweroff; do ln -s busybox "$disk/bin/$a"; done
	echo "the real root" >"$disk/etc/marker"
	printf '#!/bin/sh\necho "next init here as PID $$"\npoweroff -f\n' >"$disk/sbin/next"
	chmod +x "$disk/sbin/next"
	(cd "$disk" && eval "${1:-:}")
	mkfs.ext4 -q ${MKFS:-} -d "$disk" "$TEST_DIR/disk.img" 16M
}

ROOT_BOOT='.modules = (const char *const[]){ "virtio_pci", "virtio_blk",
		"crc32c_generic", "ext4", NULL },
	   .root = "/dev/vda", .root_fstype = "ext4", .wait_ms = 10000,'

test_switch_root_moves_to_an_ext4_disk_and_empties_the_initramfs() {
	make_disk
	APP='cat /etc/marker; ls /; grep " / " /proc/mounts' boot_config root \
		".boot = { $ROOT_BOOT .debug_exit = true },"
	initrd virtio_pci virtio_blk crc32c_generic ext4
	boot -d "$TEST_DIR/disk.img" -s
	expect_match "$CONSOLE" "the real root" "the disk's file"
	expect_match "$CONSOLE" "/dev/vda / ext4" "root mount"
	grep -q '^init$' <<<"$CONSOLE" && fail "the initramfs's /init is still there"
	expect_eq "$QEMU_STATUS" 1 "QEMU status"
}

test_after_switch_root_a_next_init_can_take_over_as_pid_1() {
	make_disk
	boot_config next ".boot = { $ROOT_BOOT .next_init = \"/sbin/next\" },"
	initrd virtio_pci virtio_blk crc32c_generic ext4
	boot -d "$TEST_DIR/disk.img" -s
	expect_match "$CONSOLE" "next init here as PID 1" "the next init"
	grep -q '^nsinit-status:' <<<"$CONSOLE" && fail "nsinit went on: $CONSOLE"
	expect_eq "$QEMU_STATUS" 0 "QEMU status"
	expect_eq "$STATUS" 126 "boot.sh status: no status line"
}

# The disk's /proc leads into the container's rootfs: following it, the
# machine's own procfs, unmasked, would be carried into the container.
test_a_root_disk_with_a_symlinked_proc_is_refused_before_the_switch() {
	make_disk 'mkdir -p srv/app/mproc && ln -s /newroot/srv/app/mproc proc'
	APP='ls /srv/app/mproc/1 && echo "machine procfs inside"' \
		boot_config symproc ".boot = { $ROOT_BOOT .debug_exit = true },"
	initrd virtio_pci virtio_blk crc32c_generic ext4
	boot -d "$TEST_DIR/disk.img" -s
	expect_match "$CONSOLE" "init: root: move /proc onto /dev/vda/proc: a symlink on the way, refused" \
		"error line"
	grep -q "machine procfs inside" <<<"$CONSOLE" && fail "the appliance ran: $CONSOLE"
	expect_eq "$(status_line)" "nsinit-status: appliance=255 end=poweroff" "status line"
}

# After switch_root, a container whose rootfs is the whole disk ("/").
test_after_switch_root_the_appliance_runs_in_a_container_of_the_whole_disk() {
	make_disk
	HOST=boxed APP='hostname; cat /etc/marker; grep -c "^proc /proc proc " /proc/mounts' \
		boot_config rootcontainer ".boot = { $ROOT_BOOT .container = true, .debug_exit = true },"
	initrd virtio_pci virtio_blk crc32c_generic ext4
	boot -d "$TEST_DIR/disk.img" -s
	expect_match "$CONSOLE" $'(^|\n)boxed\r?\n' "the container's hostname"
	expect_match "$CONSOLE" "the real root" "the disk's file"
	expect_match "$CONSOLE" $'(^|\n)1\r?\n' "one procfs inside: the container's"
	expect_eq "$(status_line)" "nsinit-status: appliance=0 end=poweroff" "status line"
}

ID_MODULES='.modules = (const char *const[]){ "virtio_pci", "virtio_blk",
		"crc32c_generic", "ext4", NULL }, .wait_ms = 10000,'

# By label, with no type configured: the superblock says ext4.
test_the_root_can_be_found_by_its_label_and_its_type_read_from_it() {
	MKFS='-L nsroot' make_disk
	APP='cat /etc/marker; grep " / " /proc/mounts' boot_config label \
		".boot = { $ID_MODULES .root = \"LABEL=nsroot\" },"
	initrd virtio_pci virtio_blk crc32c_generic ext4
	boot -d "$TEST_DIR/disk.img" -s
	expect_match "$CONSOLE" "the real root" "the disk's file"
	expect_match "$CONSOLE" "/dev/vda / ext4" "root mount"
	expect_eq "$(status_line)" "nsinit-status: appliance=0 end=poweroff" "status line"
}

# The second partition of a GPT disk, named on the kernel's command line
# by the partition's GUID; the first partition is there as a decoy.
test_the_command_line_can_name_the_root_by_partuuid() {
	local img=$TEST_DIR/gpt.img uuid
	make_disk
	truncate -s 24M "$img"
	printf 'label: gpt\nsize=2M\nsize=18M\n' | sfdisk -q "$img"
	uuid=$(sfdisk --part-uuid "$img" 2)
	dd if="$TEST_DIR/disk.img" of="$img" bs=512 \
		seek="$(sfdisk -d "$img" | sed -n 's/.*2 : start= *\([0-9]*\),.*/\1/p')" \
		conv=notrunc status=none
	APP='grep " / " /proc/mounts' boot_config partuuid \
		".boot = { $ID_MODULES .root = \"LABEL=not-this-one\" },"
	initrd virtio_pci virtio_blk crc32c_generic ext4
	boot -d "$img" -s -a "nsinit.root=PARTUUID=${uuid,,}"
	expect_match "$CONSOLE" "/dev/vda2 / ext4" "root mount"
	expect_eq "$(status_line)" "nsinit-status: appliance=0 end=poweroff" "status line"
}

# Two disks with the root's label: neither is taken.
test_two_devices_with_the_root_s_label_are_refused_not_guessed_between() {
	MKFS='-L nsroot' make_disk
	cp "$TEST_DIR/disk.img" "$TEST_DIR/stick.img"
	APP='echo "appliance ran"' boot_config twolabels \
		".boot = { $ID_MODULES .root = \"LABEL=nsroot\" },"
	initrd virtio_pci virtio_blk crc32c_generic ext4
	boot -d "$TEST_DIR/disk.img" -d "$TEST_DIR/stick.img" -s
	expect_match "$CONSOLE" "init: root: LABEL=nsroot: both vd[ab] and vd[ab] have it: refused, not guessed" \
		"error line"
	grep -q "appliance ran" <<<"$CONSOLE" && fail "the appliance ran: $CONSOLE"
	expect_eq "$(status_line)" "nsinit-status: appliance=255 end=poweroff" "status line"
}

# data_disk NAME LABEL: an ext4 image $TEST_DIR/NAME.img with that label and
# a file "on NAME" in it.
data_disk() {
	mkdir -p "$TEST_DIR/$1.d"
	echo "on $1" >"$TEST_DIR/$1.d/file"
	mkfs.ext4 -q -L "$2" -d "$TEST_DIR/$1.d" "$TEST_DIR/$1.img" 8M
}

# config.h's mounts and the command line's, in order, with their flags;
# an optional device that is not there is a line, not a failure.
test_boot_mounts_come_from_config_and_command_line_in_order() {
	local uuid
	data_disk data data
	data_disk extra extra
	uuid=$(blkid -o value -s UUID "$TEST_DIR/extra.img")
	APP='cat /data/file /extra/file; grep -E " /(data|scratch|extra) " /proc/mounts; touch /extra/x' \
		boot_config mounts ".boot = { $ID_MODULES
		.mounts = (const struct boot_mount[]){
			{ .source = \"LABEL=data\", .target = \"/data\",
			  .flags = MS_NOEXEC },
			{ .source = \"tmpfs\", .target = \"/scratch\",
			  .options = \"size=4M,mode=0700\" },
			{ .source = \"LABEL=gone\", .target = \"/gone\",
			  .optional = true },
		}, .nmounts = 3 },"
	initrd virtio_pci virtio_blk crc32c_generic ext4
	boot -d "$TEST_DIR/data.img" -d "$TEST_DIR/extra.img" -s \
		-a "nsinit.mount=UUID=$uuid:/extra:ro,nosuid"
	expect_match "$CONSOLE" $'on data\r?\non extra' "the files"
	expect_match "$CONSOLE" "/dev/vda /data ext4 rw,nodev,noexec" "/data (nodev: every boot mount)"
	expect_match "$CONSOLE" "tmpfs /scratch tmpfs rw,nodev,relatime,size=4096k,mode=700" "/scratch"
	expect_match "$CONSOLE" "/dev/vdb /extra ext4 ro,nosuid,nodev" "/extra"
	expect_match "$CONSOLE" "init: mounts: LABEL=gone: no such device appeared in time, skipped" "optional"
	expect_match "$CONSOLE" "touch: /extra/x: Read-only file system" "read-only"
	expect_eq "$(status_line)" "nsinit-status: appliance=1 end=poweroff" "status line"
}

test_a_boot_mount_that_fails_is_one_line_and_the_failure_policy() {
	APP='echo "appliance ran"' boot_config badmount ".boot = {
		.modules = (const char *const[]){ \"virtio_pci\",
			\"virtio_blk\", NULL }, .wait_ms = 500,
		.mounts = (const struct boot_mount[]){
			{ .source = \"tmpfs\", .target = \"/ok\" },
			{ .source = \"LABEL=gone\", .target = \"/gone\" },
		}, .nmounts = 2 },"
	initrd virtio_pci virtio_blk crc32c_generic ext4
	boot
	expect_match "$CONSOLE" "init: mounts: LABEL=gone: no such device appeared in time" "error line"
	grep -q "appliance ran" <<<"$CONSOLE" && fail "the appliance ran: $CONSOLE"
	expect_eq "$(status_line)" "nsinit-status: appliance=255 end=poweroff" "status line"
}

# overlay_boots UPPER [DISK...]: boots twice on the root disk (not a
# snapshot) under an overlay on UPPER; the appliance writes /written the
# first time. Sets FIRST and SECOND, the consoles.
overlay_boots() {
	local upper=$1 disks=() d
	shift
	for d in "$TEST_DIR/disk.img" "$@"; do disks+=(-d "$d"); done
	APP='grep " / " /proc/mounts; ls /run/nsinit; cat /written 2>/dev/null || echo "no /written"; echo "it was here" >/written' \
		boot_config "overlay_${upper//[^a-z]/}" ".boot = {
		.modules = (const char *const[]){ \"virtio_pci\",
			\"virtio_blk\", \"crc32c_generic\", \"ext4\",
			\"overlay\", NULL }, .wait_ms = 10000,
		.root = \"LABEL=nsroot\", .overlay = \"$upper\" },"
	initrd virtio_pci virtio_blk crc32c_generic ext4 overlay
	boot "${disks[@]}"
	FIRST=$CONSOLE
	boot "${disks[@]}"
	SECOND=$CONSOLE
}

# A read-only root under a volatile overlay: the write lands in the
# tmpfs, the disk stays as it was, and the next boot does not see it.
test_an_overlay_on_tmpfs_keeps_the_root_untouched_and_forgets_writes() {
	local before
	MKFS='-L nsroot' make_disk
	before=$(sha256sum <"$TEST_DIR/disk.img")
	overlay_boots tmpfs
	expect_match "$FIRST" "overlay / overlay " "the root is the overlay"
	expect_match "$FIRST" 'lower[[:space:]]+upper' "lower and upper under /run/nsinit"
	expect_match "$FIRST" "no /written" "first boot"
	expect_match "$SECOND" "no /written" "second boot: the write is gone"
	expect_eq "$(sha256sum <"$TEST_DIR/disk.img")" "$before" "the root disk's bytes"
}

# ...and on a partition of its own: the write is there at the next boot.
test_an_overlay_on_a_second_disk_keeps_writes_and_the_root_untouched() {
	local before
	MKFS='-L nsroot' make_disk
	mkfs.ext4 -q -L upper "$TEST_DIR/upper.img" 8M
	before=$(sha256sum <"$TEST_DIR/disk.img")
	overlay_boots LABEL=upper "$TEST_DIR/upper.img"
	expect_match "$FIRST" "no /written" "first boot"
	expect_match "$SECOND" "it was here" "second boot: the write stayed"
	expect_eq "$(sha256sum <"$TEST_DIR/disk.img")" "$before" "the root disk's bytes"
}

# The disk's /tmp leads onto the machine's own /proc/sys/kernel: a tmpfs
# mounted there would hide kernel.modprobe from the machine's init.
test_a_boot_mount_target_that_is_a_symlink_on_the_disk_is_refused() {
	MKFS='-L nsroot' make_disk 'ln -s /proc/sys/kernel tmp'
	APP='echo "appliance ran"' boot_config symtarget ".boot = { $ID_MODULES
		.root = \"LABEL=nsroot\",
		.mounts = (const struct boot_mount[]){
			{ .source = \"tmpfs\", .target = \"/tmp\" } },
		.nmounts = 1 },"
	initrd virtio_pci virtio_blk crc32c_generic ext4
	boot -d "$TEST_DIR/disk.img" -s
	expect_match "$CONSOLE" "init: mounts: /tmp: a symlink on the way, refused" "error line"
	grep -q "appliance ran" <<<"$CONSOLE" && fail "the appliance ran: $CONSOLE"
	expect_eq "$(status_line)" "nsinit-status: appliance=255 end=poweroff" "status line"
}

# The appliance's stdin is opened by init, as root of the machine: what
# the disk puts where .boot.stdio names a file must not hand a user the
# machine's other disks (here vdb), or /dev/mem.
# stdio_from_disk NAME MAKE REASON: the disk's /data/in made by MAKE is
# refused with REASON (a regex).
stdio_from_disk() {
	MKFS='-L nsroot' make_disk "mkdir data && $2"
	printf 'SECRET-OF-VDB\n' >"$TEST_DIR/secret.img"
	truncate -s 1M "$TEST_DIR/secret.img"
	APP='head -c 13; echo "appliance ran"' boot_config "$1" ".boot = { $ID_MODULES
		.root = \"LABEL=nsroot\", .stdio = { \"/data/in\" } },
		.user = \"1000:1000\","
	initrd virtio_pci virtio_blk crc32c_generic ext4
	boot -d "$TEST_DIR/disk.img" -d "$TEST_DIR/secret.img" -s
	grep -q "SECRET-OF-VDB" <<<"$CONSOLE" && fail "the appliance read vdb: $CONSOLE"
	expect_match "$CONSOLE" "init: stdio: stdin /data/in: $3" "error line"
	grep -q "appliance ran" <<<"$CONSOLE" && fail "the appliance ran: $CONSOLE"
	expect_match "$CONSOLE" "nsinit-failed: stdio" "the failed row"
	expect_eq "$(status_line)" "nsinit-status: appliance=255 end=poweroff" "status line"
}

test_a_stdio_path_that_is_a_symlink_on_the_disk_is_refused() {
	stdio_from_disk symstdio 'ln -s /dev/vdb data/in' \
		"a symlink on the way, refused"
}

# The same without a symlink: a device node the disk brings. The root is
# nodev (a disk's nodes are not the machine's), and init opens no block
# device for the appliance's stdio anyway.
test_a_stdio_path_that_is_a_device_node_on_the_disk_is_refused() {
	stdio_from_disk nodestdio 'mknod data/in b 254 16' \
		"(Permission denied|not a file, a FIFO or a character device, refused)"
}

# A node of mode 0666 on the disk, for an appliance run on the machine
# itself as a user: nodev keeps the machine's disks out of its reach.
test_a_device_node_on_the_root_disk_opens_nothing_of_the_machine() {
	MKFS='-L nsroot' make_disk 'mkdir data && mknod -m 666 data/vdb b 254 16'
	printf 'SECRET-OF-VDB\n' >"$TEST_DIR/secret.img"
	truncate -s 1M "$TEST_DIR/secret.img"
	APP='head -c 13 /data/vdb 2>&1 | sed "s/.*: //"; echo "appliance ran"' \
		boot_config noderoot ".boot = { $ID_MODULES .root = \"LABEL=nsroot\" },
		.user = \"1000:1000\","
	initrd virtio_pci virtio_blk crc32c_generic ext4
	boot -d "$TEST_DIR/disk.img" -d "$TEST_DIR/secret.img" -s
	grep -q "SECRET-OF-VDB" <<<"$CONSOLE" && fail "the appliance read vdb: $CONSOLE"
	expect_match "$CONSOLE" "Permission denied" "the appliance's open"
	expect_match "$CONSOLE" "appliance ran" "the appliance"
}

# After switch_root the disk is not the machine's: a rescue shell (root,
# every capability) is the initramfs's, kept by fd, never the disk's. The
# disk fails the setup on purpose (no user "app") and has a hostile
# /sbin/rescue; the initramfs's is busybox, which says it has no applet
# "rescue" and ends (the console has no one typing).
test_the_rescue_shell_after_switch_root_is_the_initramfs_s_not_the_disk_s() {
	MKFS='-L nsroot' make_disk 'printf "#!/bin/busybox sh\necho HOSTILE-DISK-CODE\n" >sbin/rescue && chmod 755 sbin/rescue && echo "root:x:0:0::/:/bin/sh" >etc/passwd'
	boot_config diskrescue ".boot = { $ID_MODULES
		.root = \"LABEL=nsroot\", .on_failure = END_RESCUE,
		.rescue_shell = \"/sbin/rescue\" },
		.user = \"app\","
	initrd virtio_pci virtio_blk crc32c_generic ext4 -- /bin/busybox:/sbin/rescue
	boot -d "$TEST_DIR/disk.img" -s
	grep -q "HOSTILE-DISK-CODE" <<<"$CONSOLE" && fail "the disk's shell ran as root: $CONSOLE"
	expect_match "$CONSOLE" "init: boot: starting the rescue shell /sbin/rescue of the initramfs" "the rescue line"
	expect_match "$CONSOLE" "rescue: applet not found" "the initramfs's busybox ran"
	expect_eq "$(status_line)" "nsinit-status: appliance=255 end=poweroff" "status line"
}

# The overlay's upper device is not the machine's: its "upper" a symlink
# into the initramfs would send every write to RAM (and to nowhere once
# the initramfs is emptied).
test_an_overlay_upper_whose_upper_is_a_symlink_is_refused() {
	MKFS='-L nsroot' make_disk
	mkdir -p "$TEST_DIR/up" && ln -s /etc "$TEST_DIR/up/upper" &&
		ln -s /bin "$TEST_DIR/up/work"
	mkfs.ext4 -q -L upper -d "$TEST_DIR/up" "$TEST_DIR/upper.img" 8M
	APP='echo "appliance ran"' boot_config symupper ".boot = {
		.modules = (const char *const[]){ \"virtio_pci\",
			\"virtio_blk\", \"crc32c_generic\", \"ext4\",
			\"overlay\", NULL }, .wait_ms = 10000,
		.root = \"LABEL=nsroot\", .overlay = \"LABEL=upper\" },"
	initrd virtio_pci virtio_blk crc32c_generic ext4 overlay
	boot -d "$TEST_DIR/disk.img" -d "$TEST_DIR/upper.img" -s
	expect_match "$CONSOLE" "init: root: /run/nsinit/upper/upper: not a directory \(a symlink\?\), refused" \
		"error line"
	grep -q "appliance ran" <<<"$CONSOLE" && fail "the appliance ran: $CONSOLE"
	expect_eq "$(status_line)" "nsinit-status: appliance=255 end=poweroff" "status line"
}

test_a_missing_root_device_powers_off_with_a_clear_line_instead_of_a_panic() {
	boot_config noroot '.boot = { .root = "/dev/vdz", .root_fstype = "ext4",
				      .wait_ms = 500, .debug_exit = true },'
	initrd
	boot
	expect_match "$CONSOLE" "init: root: /dev/vdz: did not appear in time" "error line"
	expect_eq "$(status_line)" "nsinit-status: appliance=255 end=poweroff" "status line"
	expect_eq "$QEMU_STATUS" $((((255 << 1) | 1) & 255)) "QEMU status"
}

test_a_setup_failure_can_go_to_a_rescue_shell() {
	printf '#!/bin/sh\necho "rescue: $(cat /proc/self/stat | cut -d" " -f6) is my tty"\n' >"$TEST_DIR/rescue"
	chmod +x "$TEST_DIR/rescue"
	boot_config rescue '.boot = { .root = "/dev/vdz", .root_fstype = "ext4",
				      .wait_ms = 200, .on_failure = END_RESCUE,
				      .rescue_shell = "/rescue" },'
	initrd -- "$TEST_DIR/rescue:/rescue"
	boot
	expect_match "$CONSOLE" "init: boot: starting the rescue shell /rescue" "rescue line"
	expect_match "$CONSOLE" "rescue: [1-9][0-9]* is my tty" "the shell ran on the console"
	expect_eq "$(status_line)" "nsinit-status: appliance=255 end=poweroff" "status line"
}

# PLANTED: a static program of the test's own that says it ran.
build_planted() {
	PLANTED=$TEST_DIR/planted
	printf '#include <unistd.h>\nint main(void) { return write(1, "PLANTED-CODE-RAN\\n", 17) != 17; }\n' |
		musl-gcc -static -Os -x c -o "$PLANTED" -
}

# rescue_planted NAME HOW FIELDS [boot.sh OPTIONS]: a container of the
# initramfs ("/", writable; root inside, without CAP_DAC_OVERRIDE) plants
# PLANTED at the rescue shell, /sbin/rescue (busybox), HOW: "path" (a new
# file at its path) or "inode" (new bytes in the very file), and ends.
# The rescue shell PID 1 then starts as root of the machine must be the
# one it held before the container ran: busybox, which says it has no
# applet "rescue" and ends (no one types on the console).
rescue_planted() {
	local name=$1 how=$2 fields=$3 plant
	shift 3
	build_planted
	case $how in
	path) plant='rm -f /sbin/rescue && cp /planted /sbin/rescue' ;;
	inode) plant='cat /planted >/sbin/rescue' ;;
	esac
	APP="$plant && echo planted by $how" \
		boot_config "$name" ".readonly_root = false,
		.boot = { .container = true, .rescue_shell = \"/sbin/rescue\",
			  $fields },"
	initrd -- "$PLANTED:/planted" /bin/busybox:/sbin/rescue
	boot "$@"
	expect_match "$CONSOLE" "planted by" "the container wrote the rescue shell"
	grep -q "PLANTED-CODE-RAN" <<<"$CONSOLE" &&
		fail "PID 1 ran what the container planted: $CONSOLE"
	expect_match "$CONSOLE" "init: boot: starting the rescue shell /sbin/rescue" "the rescue line"
	expect_match "$CONSOLE" "rescue: applet not found" "the held busybox ran"
	expect_eq "$(status_line)" "nsinit-status: appliance=0 end=poweroff" "status line"
}

test_a_container_of_the_initramfs_cannot_replace_the_rescue_shell_pid_1_runs_after_it() {
	rescue_planted plantpath path ".on_exit = END_RESCUE"
}

test_a_container_of_the_initramfs_cannot_rewrite_the_rescue_shell_pid_1_runs_after_it() {
	rescue_planted plantinode inode ".on_exit = END_RESCUE"
}

test_nsinit_exit_rescue_runs_the_held_rescue_shell_not_the_container_s() {
	rescue_planted plantcmdline path ".on_exit = END_POWEROFF" -a nsinit.exit=rescue
}

# A script as the rescue shell is run by its path before anything
# untrusted ran (above); once the appliance may have run, its interpreter
# would be looked up by path: refused in one line when the appliance
# starts, and no rescue shell at the end, only the power off.
test_a_script_rescue_shell_is_refused_once_the_appliance_may_have_run() {
	printf '#!/bin/sh\necho "SCRIPT-RESCUE-RAN"\n' >"$TEST_DIR/rescue"
	chmod +x "$TEST_DIR/rescue"
	boot_config scriptrescue '.boot = { .on_exit = END_RESCUE, .rescue_shell = "/rescue" },'
	initrd -- "$TEST_DIR/rescue:/rescue"
	boot
	expect_match "$CONSOLE" "init: boot: rescue shell /rescue: not a static executable \(its interpreter would be looked up by path\): none from here on" "the line at the seal"
	expect_match "$CONSOLE" "init: boot: no rescue shell: /rescue was not held before the appliance ran" "the line at the end"
	grep -q "SCRIPT-RESCUE-RAN" <<<"$CONSOLE" && fail "the script ran: $CONSOLE"
	expect_eq "$(status_line)" "nsinit-status: appliance=3 end=poweroff" "status line"
}
