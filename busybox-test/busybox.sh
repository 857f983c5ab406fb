#!/bin/sh
# SPDX-License-Identifier: MIT
# busybox.sh: prints the path of a static busybox for ARCH (environment; the
# build's names x86_64, aarch64, armhf, riscv64; default x86_64).
#
# x86_64: /bin/busybox, Debian's busybox-static installed on this machine
# (make deps). Another ARCH: the same pinned Debian package of that
# architecture, fetched without installing it (busybox-test/deb.sh) into
# OUTDIR (default build/ARCH/busybox at the top of this repository):
# OUTDIR/pkg/bin/busybox (pkg/usr/bin/busybox from Debian 13).
#
# A foreign busybox cannot list its applets here: rootfs.sh and initramfs.sh
# take the list of /bin/busybox, the same Debian version (the pins below)
# built from one configuration for every architecture. riscv64's is Debian
# 13's (1.37; Debian 12 has none): it has every applet of 1.35's list
# but ipneigh.
set -eu

ARCH=${ARCH:-x86_64}
case $ARCH in amd64) ARCH=x86_64 ;; arm64) ARCH=aarch64 ;; arm) ARCH=armhf ;; esac
[ $# -le 1 ] || { echo "usage: $0 [OUTDIR]" >&2; exit 2; }
if [ "$ARCH" = x86_64 ]; then
	echo /bin/busybox
	exit 0
fi
VERSION=1:1.35.0-4+deb12u1+b1
case $ARCH in
aarch64) sum=732c9135564fc71337e0e05fb4da4d11e6c28c1834bce3e405e575afef2a52f5 ;;
armhf) sum=2f68dbeaebeda49f3cde34ac421d5add85fb1c837ff7c4a4971945340d9d66ff ;;
riscv64) VERSION=1:1.37.0-6+b9 DEB_RELEASE=trixie
	export DEB_RELEASE
	sum=4add476d2b185c5b487c285b38d790f0881a7e4a8e2ddde835f917e770eb8633 ;;
*) echo "busybox.sh: unknown ARCH $ARCH" >&2; exit 2 ;;
esac
# shellcheck source=busybox-test/deb.sh
. "$(dirname "$0")/deb.sh"
out=${1:-$deb_top/build/$ARCH/busybox}
mkdir -p "$out"
out=$(cd "$out" && pwd)
deb=$(deb_fetch "$(deb_arch "$ARCH")" "$out" busybox-static "$VERSION" "$sum")
deb_unpack "$deb" "$out/pkg"
for f in "$out/pkg/bin/busybox" "$out/pkg/usr/bin/busybox"; do	# merged /usr: 13
	[ -x "$f" ] && { echo "$f"; exit 0; }
done
echo "busybox.sh: no bin/busybox in $deb" >&2
exit 1
