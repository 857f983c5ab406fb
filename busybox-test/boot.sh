#!/bin/bash
# boot.sh [OPTIONS] CPIO [-- QEMU-ARGS...]
#
# Boots CPIO as the initramfs of Debian's kernel under QEMU (TCG, no KVM),
# with the serial console on stdout and in a log file, and exits with QEMU's
# status:
#   0        the guest powered off (or panicked: panic=-1 plus -no-reboot)
#   (v<<1)|1 the guest wrote v to the isa-debug-exit port 0xf4 (so 3 for 1)
#   124      the timeout expired (QEMU killed); 2 bad usage; other: QEMU failed
#
# Options:
#   -k FILE   kernel: an ELF vmlinux (PVH, fast) or a bzImage (default
#             $KDIR/vmlinux)
#   -a WORDS  extra kernel command line words (repeatable); they follow
#             "console=ttyS0 panic=-1 quiet"; key=value words reach /init's
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
# Environment: KDIR (kernel.sh's OUTDIR, default build/qemu at the top of this
# repository), QEMU (default qemu-system-x86_64).
# The guest has a virtio-net NIC on user networking restricted to the guest's
# own addresses (guest 10.0.2.15, gateway 10.0.2.2): nothing leaves the host.
# On exit, prints "boot.sh: status N, T s" to stderr (T: wall time).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
KDIR=${KDIR:-$here/../build/qemu}
QEMU=${QEMU:-qemu-system-x86_64}
kernel=$KDIR/vmlinux append=() quiet=quiet disks=() snapshot=() log='' secs=60 mem=256
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

cmdline="console=ttyS0 panic=-1${quiet:+ $quiet}${append[*]+ ${append[*]}}"
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
cmd=(timeout -k 5 "$secs" "$QEMU" -accel tcg -m "$mem" "${display[@]}" -no-reboot
     -kernel "$kernel" -initrd "$cpio" -append "$cmdline"
     -device isa-debug-exit,iobase=0xf4,iosize=0x04
     -netdev user,id=n0,restrict=on -device virtio-net-pci,netdev=n0
     "${drives[@]+"${drives[@]}"}" "${snapshot[@]+"${snapshot[@]}"}" "$@")

t0=$(date +%s.%N)
set +e
if [ -n "$interactive" ]; then
	"${cmd[@]}" | sed -u 's/\r//g' | tee "$log"
else
	"${cmd[@]}" </dev/null | sed -u 's/\r//g' | tee "$log"
fi
status=${PIPESTATUS[0]}
set -e
t1=$(date +%s.%N)
echo "boot.sh: status $status, $(echo "$t0 $t1" | awk '{printf "%.2f", $2 - $1}') s" >&2
exit "$status"
