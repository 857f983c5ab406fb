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
