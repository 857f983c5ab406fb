#!/bin/sh
# SPDX-License-Identifier: MIT
# initramfs.sh OUT.cpio INIT [MODULE...] [-- EXTRA...]
#
# Builds an uncompressed newc initramfs for QEMU boot tests:
#   /bin/busybox (Debian's busybox-static) and a symlink for each applet
#   /dev/console (c 5 1); empty /proc /sys /dev /run /tmp /etc /root
#   /init         a copy of INIT, mode 0755 (any binary, or a script for
#                 /bin/sh, e.g. busybox-test/shell-init)
#   MODULE...     kernel modules by name (virtio_net, virtio-pci, ext4...),
#                 each with its dependencies, at /lib/modules/<kver>/<same
#                 path>, plus a modules.dep restricted to what is included
#                 and modules.builtin. Load order for a module: its modules.dep
#                 line's dependencies from last to first, then the module.
#                 Note virtio_net does not depend on its transport: name
#                 virtio_pci too. DIR/ (ending in '/', e.g. drivers/virtio/)
#                 names every module directly in kernel/DIR of the tree,
#                 for machines that pick their modules by hardware; with
#                 any module, modules.alias and modules.softdep come too,
#                 restricted to the modules included.
#   EXTRA...      SRC[:DEST] copied (cp -a) to DEST inside (an absolute path,
#                 parents created); DEST defaults to /basename(SRC).
#
# Environment:
#   ARCH     the machine's architecture (x86_64 default, aarch64, armhf,
#            riscv64):
#            the defaults of KDIR and BUSYBOX below
#   KDIR     kernel.sh's OUTDIR, with modules/ and kver (default: build/qemu
#            at the top of this repository, build/ARCH/qemu for another
#            ARCH); only read when MODULEs are named
#   BUSYBOX  the static busybox to include (default: what busybox-test/
#            busybox.sh prints, /bin/busybox on x86_64, else Debian's
#            busybox-static of ARCH fetched there). Its applet links are
#            those of /bin/busybox when ARCH is not x86_64 (it cannot run
#            here; busybox.sh pins the same version).
#
# Needs root (mknod). Output is sorted, parents before children.
set -eu

usage() { echo "usage: $0 OUT.cpio INIT [MODULE...] [-- SRC[:DEST]...]" >&2; exit 2; }
[ $# -ge 2 ] || usage
out=$1 init=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=busybox-test/kmod.sh
. "$here/kmod.sh"
ARCH=${ARCH:-x86_64}
if [ "$ARCH" = x86_64 ]; then
	KDIR=${KDIR:-$here/../build/qemu}
	BUSYBOX=${BUSYBOX:-/bin/busybox}
	applets=$BUSYBOX
else
	KDIR=${KDIR:-$here/../build/$ARCH/qemu}
	BUSYBOX=${BUSYBOX:-$(ARCH=$ARCH "$here/busybox.sh")}
	applets=/bin/busybox
fi

[ -f "$init" ] || { echo "initramfs.sh: $init: no such file" >&2; exit 1; }
[ -x "$BUSYBOX" ] || { echo "initramfs.sh: $BUSYBOX: not executable" >&2; exit 1; }

orig=$(pwd)
case $out in /*) ;; *) out=$orig/$out ;; esac
case $KDIR in /*) ;; *) KDIR=$orig/$KDIR ;; esac
mkdir -p "$(dirname "$out")"
root=$(mktemp -d "$out.root.XXXXXX")
trap 'rm -rf "$root"' EXIT

cd "$root"
chmod 0755 .	# mktemp's 0700 would keep every user but root out of "/"
mkdir -p bin sbin usr/bin usr/sbin proc sys dev run tmp etc root
chmod 1777 tmp
chmod 0700 root
cp "$BUSYBOX" bin/busybox
chmod 0755 bin/busybox
"$applets" --list-full | while read -r app; do
	case $app in bin/busybox | linuxrc) continue ;; esac
	ln -s /bin/busybox "$app"
done
mknod -m 600 dev/console c 5 1
case $init in /*) ;; *) init=$orig/$init ;; esac
cp "$init" init
chmod 0755 init

# modules
mods=
while [ $# -gt 0 ]; do
	[ "$1" = -- ] && { shift; break; }
	mods="$mods $1"
	shift
done
if [ -n "$mods" ]; then
	kver=$(cat "$KDIR/kver")
	mdir=$KDIR/modules
	# DIR/: the names of the modules in it
	all=
	for m in $mods; do
		case $m in
		*/) [ -d "$mdir/kernel/$m" ] || {
			echo "initramfs.sh: no $mdir/kernel/$m" >&2; exit 1; }
		    all="$all $(find "$mdir/kernel/$m" -maxdepth 1 -name '*.ko*' |
			sed 's|.*/||; s|\.ko\(\.[a-z]*\)\{0,1\}$||' | LC_ALL=C sort |
			tr '\n' ' ')" ;;
		*) all="$all $m" ;;
		esac
	done
	mods=$all
	[ -f "$mdir/modules.dep" ] || {
		echo "initramfs.sh: $mdir/modules.dep missing: run kernel.sh" >&2; exit 1; }
	# shellcheck disable=SC2086 # the names, one word each
	KMOD_WHO=initramfs.sh kmod_copy "$mdir" "lib/modules/$kver" $mods
fi

# extra files
for x in "$@"; do
	src=${x%%:*}
	case $x in *:*) dest=${x#*:} ;; *) dest=/$(basename "$src") ;; esac
	case $src in /*) ;; *) src=$orig/$src ;; esac
	mkdir -p "./$(dirname "$dest")"
	cp -a "$src" "./$dest"
done

find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet > "$out.tmp"
mv "$out.tmp" "$out"
echo "initramfs.sh: $out ($(du -k "$out" | cut -f1) KB)" >&2
