# SPDX-License-Identifier: MIT
# vm.sh: nsinit-vm (busybox-test/vm) running /bin/true in a throwaway
# machine, against the same runner booting bench/vm-shell-init, a busybox
# shell /init that mounts the same 9p shares and runs the same command:
# the same kernel, QEMU (TCG), devices and command line; only the
# initramfs differs. The wall time of the whole run, as a user waits for
# it, and the size of each initramfs. Sourced by run.sh.

VM_BOOTS=${BENCH_VM_BOOTS:-5}
VM_KDIR=$TOP/build/qemu
# nsinit-vm and shell-init boot an initramfs made beforehand (--initrd):
# boot against boot; nsinit-vm-made is the runner as a user runs it,
# making its initramfs each time
vm_names=(nsinit-vm shell-init nsinit-vm-made)

# vm_once NAME R: one run of NAME; "wall_s" appended to $OUT/vm-NAME.tsv
# when it went as it should (status 0), else a note why.
vm_once() {
	local name=$1 log=$OUT/vm-$1-$2.log st=0 t0 t1 args=()
	case $name in
	nsinit-vm) args=(--initrd "$OUT/vm-nsinit.cpio") ;;
	shell-init) args=(--initrd "$OUT/vm-shell.cpio") ;;
	esac
	t0=$EPOCHREALTIME
	(cd "$OUT" && "$TOP/busybox-test/vm" --accel tcg --timeout 120 \
		--console "$log" "${args[@]+"${args[@]}"}" -- /bin/true) \
		</dev/null >/dev/null 2>"$log.err" || st=$?
	t1=$EPOCHREALTIME
	if [ "$st" != 0 ]; then
		note "**$name: a run went wrong** (status $st: $(head -n 1 "$log.err"); console in build/bench/${log##*/}): left out."
		return
	fi
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' \
		>>"$OUT/vm-$name.tsv"
}

vm_ok=true
if ! need qemu-system-x86_64 cpio; then
	vm_ok=false vm_why="qemu-system-x86_64 or cpio missing (make deps)"
elif ! make -s vm >"$OUT/vm-make.log" 2>&1; then
	vm_ok=false vm_why="make vm failed: $(tail -n 1 "$OUT/vm-make.log")"
fi
rm -f "$OUT"/vm-*.tsv "$OUT"/vm-*.log "$OUT"/vm-*.log.err
if $vm_ok; then
	KDIR=$VM_KDIR busybox-test/initramfs.sh "$OUT/vm-shell.cpio" \
		bench/vm-shell-init virtio_pci 9pnet_virtio 9p overlay \
		virtio_console 2>/dev/null
	busybox-test/vm --accel tcg --save-initrd "$OUT/vm-nsinit.cpio" -- true \
		</dev/null >/dev/null 2>&1 || true
	load=$(cut -d' ' -f1 /proc/loadavg)
	# one run each first, not counted (page cache), then each in turn
	for r in $(seq 0 "$VM_BOOTS"); do
		for n in "${vm_names[@]}"; do
			vm_once "$n" "$r"
		done
		[ "$r" != 0 ] || rm -f "$OUT"/vm-*.tsv
	done
fi

section "Test VM: \`nsinit-vm -- /bin/true\`, the whole run's wall time (median of $VM_BOOTS runs)"
$vm_ok || note "Not measured: $vm_why."
for n in "${vm_names[@]}"; do
	row "$n" "$(median <"$OUT/vm-$n.tsv" 2>/dev/null || echo -)" s nsinit-vm
done
if $vm_ok; then
	note "Every run (s): $(for n in "${vm_names[@]}"; do printf '%s %s; ' "$n" "$(paste -sd, "$OUT/vm-$n.tsv" 2>/dev/null)"; done | sed 's/; $//')."
	note "\`busybox-test/vm --accel tcg --initrd FILE -- /bin/true\` in build/bench, timed around from bash: the runner (the command written, the initramfs made beforehand: nsinit-vm-made is the same run making it, as a user's run does), QEMU's start, the kernel, /init: the modules virtio_pci, 9pnet_virtio, 9p, overlay, virtio_console with their dependencies, the host's / over 9p read-only under a tmpfs overlay, the working directory and the runner's own share over 9p, switch_root (nsinit) or chroot (the shell), /bin/true with its stdout and stderr on two virtio consoles, the power off. shell-init: the same runner with \`--initrd\` (bench/vm-shell-init in a busybox initramfs); it runs the command as root and without the environment nsinit sets."
	load_note "$load"
fi
target "nsinit-vm's run at most the shell /init's" nsinit-vm 1 shell-init

section "Test VM: the initramfs each needs"
for n in nsinit shell; do
	f=$OUT/vm-$n.cpio
	[ -f "$f" ] && v=$(stat -c %s "$f") || v=-
	row "$([ $n = nsinit ] && echo nsinit-vm || echo shell-init)" "$v" B nsinit-vm
done
note "Uncompressed newc. nsinit-vm: nsinit (busybox-test/vm.h) and the five modules with their dependencies, modules.dep, .alias, .softdep, .builtin. shell-init: the same modules and files, busybox-static with its links, the script (busybox-test/initramfs.sh)."

# virtme-ng (Debian 13's 1.35, unpacked into build/vng, not installed) on
# the same kernel: `vng -- true` against `nsinit-vm -- true`. vng wants
# the kernel with its module tree beside it, depmod'ed (kmod): a copy of
# the fetched package's in build/vng/kernel (hard links). It needs
# python3-requests, -argcomplete, -pkg-resources, kmod and udev on the host
# (make bench-deps).
VNG_VERSION=1.35-1
VNG_SHA256=e7b9d2f28e34766446db5c40b7fdd9a09ed561af21e4aa580a660ff9a0a86f5a
VNG_DIR=$OUT/../vng
vng_ok=true vng_why=
vng_prepare() {
	local deb kv=$(cat "$VM_KDIR/kver")
	mkdir -p "$VNG_DIR"
	# (Architecture: all, so not deb_fetch's name; Debian 13's lists need
	# deb.sh's DEB_RELEASE, and an update when they are older than the
	# archive or were made for a kernel alone)
	deb=$VNG_DIR/virtme-ng_${VNG_VERSION}_all.deb
	# shellcheck source=busybox-test/deb.sh
	[ -f "$deb" ] || (. busybox-test/deb.sh && cd "$VNG_DIR" &&
		export DEB_RELEASE=trixie && {
		deb_apt amd64 download "virtme-ng=$VNG_VERSION" ||
		{ deb_apt amd64 update && deb_apt amd64 download "virtme-ng=$VNG_VERSION"; }; }) >&2
	echo "$VNG_SHA256  $deb" | sha256sum -c --status 2>/dev/null ||
		{ vng_why="virtme-ng $VNG_VERSION (Debian 13) could not be fetched (deb.sh needs DEB_RELEASE=trixie)"; return 1; }
	(. busybox-test/deb.sh && deb_unpack "$deb" "$VNG_DIR/pkg")
	command -v depmod >/dev/null ||
		{ vng_why="no depmod (kmod): vng reads modules.dep.bin"; return 1; }
	/usr/bin/python3 -c 'import requests, argcomplete, pkg_resources' 2>/dev/null ||
		{ vng_why="python3-requests, -argcomplete or -pkg-resources missing"; return 1; }
	[ -x /usr/bin/udevadm ] ||
		{ vng_why="no udev: vng's guest stops at \"cannot find script I/O ports\""; return 1; }
	if [ ! -f "$VNG_DIR/kernel/lib/modules/$kv/modules.dep.bin" ]; then
		rm -rf "$VNG_DIR/kernel"
		mkdir -p "$VNG_DIR/kernel/boot" "$VNG_DIR/kernel/lib/modules"
		cp "$VM_KDIR/pkg/boot/vmlinuz-$kv" "$VNG_DIR/kernel/boot/"
		cp -al "$VM_KDIR/pkg/lib/modules/$kv" "$VNG_DIR/kernel/lib/modules/"
		rm -f "$VNG_DIR/kernel/lib/modules/$kv"/modules.{dep,alias,softdep}
		depmod -b "$VNG_DIR/kernel" "$kv" ||
			{ vng_why="depmod failed"; return 1; }
	fi
	VNG_KERNEL=$VNG_DIR/kernel/boot/vmlinuz-$kv
}
# vng_once R: one `vng -- true`, as vm_once
vng_once() {
	local log=$OUT/vm-vng-$1.log st=0 t0 t1
	t0=$EPOCHREALTIME
	(cd "$OUT" && PYTHONPATH=$VNG_DIR/pkg/usr/lib/python3/dist-packages \
		PATH=$VNG_DIR/pkg/usr/bin:$PATH timeout 300 vng --force-initramfs \
		--disable-kvm --run "$VNG_KERNEL" -- true) </dev/null >"$log" 2>&1 || st=$?
	t1=$EPOCHREALTIME
	if [ "$st" != 0 ]; then
		note "**vng: a run went wrong** (status $st; its output in build/bench/${log##*/}): left out."
		return
	fi
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' >>"$OUT/vm-vng.tsv"
}

section "Test VM against virtme-ng: \`-- true\`, the whole run's wall time (median of $VM_BOOTS runs)"
rm -f "$OUT"/vm-vng*.tsv "$OUT"/vm-nsinit-vm-bz*.tsv
if ! $vm_ok; then
	vng_ok=false vng_why=$vm_why
elif ! vng_prepare; then
	vng_ok=false
fi
$vng_ok || note "virtme-ng not measured: $vng_why."
if $vng_ok; then
	load=$(cut -d' ' -f1 /proc/loadavg)
	for r in $(seq 0 "$VM_BOOTS"); do
		vng_once "$r"
		t0=$EPOCHREALTIME st=0
		(cd "$OUT" && "$TOP/busybox-test/vm" --accel tcg --timeout 120 \
			-k "$VNG_KERNEL" --modules "$VNG_DIR/kernel/lib/modules/$(cat "$VM_KDIR/kver")" \
			-- /bin/true) </dev/null >/dev/null 2>&1 || st=$?
		t1=$EPOCHREALTIME
		[ "$st" != 0 ] || awk -v a="$t0" -v b="$t1" \
			'BEGIN { printf "%.3f\n", b - a }' >>"$OUT/vm-nsinit-vm-bz.tsv"
		[ "$r" != 0 ] || rm -f "$OUT"/vm-vng.tsv "$OUT"/vm-nsinit-vm-bz.tsv
	done
fi
row "nsinit-vm -k vmlinuz" "$(median 2>/dev/null <"$OUT/vm-nsinit-vm-bz.tsv" || echo -)" s -
row vng "$(median 2>/dev/null <"$OUT/vm-vng.tsv" || echo -)" s "nsinit-vm -k vmlinuz"
if $vng_ok; then
	note "Every run (s): nsinit-vm -k vmlinuz $(paste -sd, "$OUT/vm-nsinit-vm-bz.tsv" 2>/dev/null); vng $(paste -sd, "$OUT/vm-vng.tsv" 2>/dev/null)."
	note "The same kernel image (Debian's bzImage, \`vng --run FILE\` and \`busybox-test/vm -k FILE\`), TCG (\`--disable-kvm\`, \`--accel tcg\`), in turn, one run each first not counted. vng: \`--force-initramfs\` (Debian's 9p is a module), its own defaults otherwise (q35, 1 GiB, 2 CPUs, the host's / over 9p, virtme-init, the shell one); nsinit-vm: its initramfs cached, 512 MiB, 1 CPU; the nsinit-vm row of the section above boots the ELF extracted from that image (no self-decompression)."
	load_note "$load"
fi
target "nsinit-vm's run at most vng's" "nsinit-vm -k vmlinuz" 1 vng
