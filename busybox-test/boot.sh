#!/bin/bash
# SPDX-License-Identifier: MIT
# boot.sh [OPTIONS] CPIO [-- QEMU-ARGS...]
#
# Boots CPIO as the initramfs of Debian's kernel under QEMU (TCG, no KVM),
# with the serial console on stdout and in a log file, on the machine of
# ARCH (environment, default x86_64):
#   x86_64   qemu-system-x86_64 (pc), console ttyS0, $KDIR/vmlinux,
#            isa-debug-exit on port 0xf4
#   aarch64  qemu-system-aarch64 -M virt -cpu cortex-a57, console ttyAMA0,
#            $KDIR/vmlinuz (an arm64 Image)
#   armhf    qemu-system-arm -M virt -cpu cortex-a15 (LPAE), console
#            ttyAMA0, $KDIR/vmlinuz (a zImage)
#   riscv64  qemu-system-riscv64 -M virt with QEMU's own OpenSBI (-bios
#            default), console ttyS0 (its 16550), $KDIR/vmlinuz (an Image)
# Disks and the NIC are virtio PCI devices on every machine (the virt
# machine's PCIe host bridge is built into Debian's arm kernels): the guest
# loads the same modules everywhere, virtio_pci then virtio_net or
# virtio_blk.
#
# Exit status, the same on every ARCH, read from the console (the status
# line init prints last, "nsinit-status: appliance=N ..."; the last such
# line counts):
#   N        the guest printed its status line and QEMU ended by itself
#   124      the timeout expired (QEMU killed), whatever was printed
#   125      the kernel panicked ("Kernel panic" on the console)
#   126      QEMU ended without a status line (e.g. an init that is not
#            nsinit powered off, or QEMU could not start)
#   2        bad usage of boot.sh
# An appliance whose own status is 124, 125 or 126 is told apart by the
# last line on stderr, "boot.sh: status S (WHY), qemu Q, T s": WHY is
# "appliance", "timeout", "kernel panic" or "no status line"; Q is QEMU's
# own status, on x86_64 (v<<1)|1 when the guest wrote v to isa-debug-exit
# (init's .boot.debug_exit), on the virt machines 0 after any power-off.
#
# Options:
#   -k FILE   kernel (default $KDIR/vmlinux on x86_64: an ELF vmlinux, PVH,
#             fast; a bzImage works too. Else $KDIR/vmlinuz)
#   -a WORDS  extra kernel command line words (repeatable); they follow
#             "console=CONSOLE panic=-1 quiet"; key=value words reach /init's
#             environment, bare words its argv (words after -- verbatim)
#   -v        drop "quiet" from the command line
#   -d IMG    add IMG as a raw virtio-blk disk (repeatable: vda, vdb...)
#   -s        -snapshot: writes to the disks are discarded
#   -l LOG    console log file (default: CPIO with .log for .cpio); CRs removed
#   -t SECS   timeout (default 60)
#   -m MB     memory (default 256)
#   -i        interactive: keep stdin (default </dev/null), -nographic with
#             its monitor (Ctrl-A x quits)
# Anything after -- goes to QEMU as is.
#
# Environment: ARCH (above), KDIR (kernel.sh's OUTDIR, default build/qemu at
# the top of this repository, build/ARCH/qemu for another ARCH), QEMU (the
# binary, default by ARCH as above).
# The guest has a virtio-net NIC on user networking restricted to the guest's
# own addresses (guest 10.0.2.15, gateway 10.0.2.2): nothing leaves the host.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
ARCH=${ARCH:-x86_64}
# shellcheck disable=SC2054 # the commas are QEMU's
case $ARCH in
x86_64 | amd64)
	KDIR=${KDIR:-$here/../build/qemu}
	QEMU=${QEMU:-qemu-system-x86_64} kernel=$KDIR/vmlinux console=ttyS0
	machine=(-device isa-debug-exit,iobase=0xf4,iosize=0x04) ;;
aarch64 | arm64)
	KDIR=${KDIR:-$here/../build/aarch64/qemu}
	QEMU=${QEMU:-qemu-system-aarch64} kernel=$KDIR/vmlinuz console=ttyAMA0
	machine=(-M virt -cpu cortex-a57) ;;
armhf | arm)
	KDIR=${KDIR:-$here/../build/armhf/qemu}
	QEMU=${QEMU:-qemu-system-arm} kernel=$KDIR/vmlinuz console=ttyAMA0
	machine=(-M virt -cpu cortex-a15) ;;
riscv64)
	KDIR=${KDIR:-$here/../build/riscv64/qemu}
	QEMU=${QEMU:-qemu-system-riscv64} kernel=$KDIR/vmlinuz console=ttyS0
	machine=(-M virt -bios default) ;;
*)	echo "boot.sh: no machine for ARCH=$ARCH (x86_64, aarch64, armhf, riscv64)" >&2
	exit 2 ;;
esac
append=() quiet=quiet disks=() snapshot=() log='' secs=60 mem=256
interactive=

usage() { sed -n '2,3p' "$0" >&2; echo "see the comment at the top of $0" >&2; exit 2; }
while getopts k:a:vd:sl:t:m:i opt; do
	case $opt in
	k) kernel=$OPTARG ;;
	a) append+=("$OPTARG") ;;
	v) quiet= ;;
	d) disks+=("$OPTARG") ;;
	s) snapshot=(-snapshot) ;;
	l) log=$OPTARG ;;
	t) secs=$OPTARG ;;
	m) mem=$OPTARG ;;
	i) interactive=1 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
cpio=$1
shift
if [ $# -gt 0 ]; then
	[ "$1" = -- ] || usage
	shift
fi
[ -f "$kernel" ] || { echo "boot.sh: $kernel: no kernel (run kernel.sh)" >&2; exit 2; }
[ -f "$cpio" ] || { echo "boot.sh: $cpio: no such file" >&2; exit 2; }
[ -n "$log" ] || log=${cpio%.cpio}.log

drives=()
n=0
for d in "${disks[@]+"${disks[@]}"}"; do
	[ -f "$d" ] || { echo "boot.sh: $d: no such disk image" >&2; exit 2; }
	drives+=(-drive "file=$d,format=raw,if=none,id=disk$n"
		 -device "virtio-blk-pci,drive=disk$n")
	n=$((n + 1))
done

cmdline="console=$console panic=-1${quiet:+ $quiet}${append[*]+ ${append[*]}}"
# Not -nographic: it also turns on the firmware's serial console, whose banner
# and escape sequences precede the kernel's output and end without a newline
# (gluing the guest's first line to "Booting from ROM.."). -i keeps it for its
# monitor on Ctrl-A c (Ctrl-A x quits).
if [ -n "$interactive" ]; then
	display=(-nographic)
else
	display=(-display none -serial stdio -monitor none)
fi
# shellcheck disable=SC2054 # the commas are QEMU's
cmd=(timeout -k 5 "$secs" "$QEMU" "${machine[@]}" -accel tcg -m "$mem" "${display[@]}"
     -no-reboot -kernel "$kernel" -initrd "$cpio" -append "$cmdline"
     -netdev user,id=n0,restrict=on -device "virtio-net-pci,netdev=n0"
     "${drives[@]+"${drives[@]}"}" "${snapshot[@]+"${snapshot[@]}"}" "$@")

t0=$(date +%s.%N)
set +e
if [ -n "$interactive" ]; then
	"${cmd[@]}" | sed -u 's/\r//g' | tee "$log"
else
	"${cmd[@]}" </dev/null | sed -u 's/\r//g' | tee "$log"
fi
qemu=${PIPESTATUS[0]}
set -e
t1=$(date +%s.%N)
# The one channel every machine has: what the console said.
line=$(grep -o 'nsinit-status: appliance=[0-9]*' "$log" | tail -n 1)
if grep -q 'Kernel panic' "$log"; then
	status=125 why="kernel panic"
elif [ "$qemu" = 124 ] || [ "$qemu" = 137 ]; then	# timeout, -k: KILL
	status=124 why=timeout
elif [ -n "$line" ]; then
	status=${line##*=} why=appliance
else
	status=126 why="no status line"
fi
echo "boot.sh: status $status ($why), qemu $qemu, $(echo "$t0 $t1" |
	awk '{printf "%.2f", $2 - $1}') s" >&2
exit "$status"
