# SPDX-License-Identifier: MIT
# size.sh: size of each program's own binary, as installed, against
# nsinit's ./init (the default config.h). Sourced by run.sh.

section "Binary size"

# size_row NAME PATH: bytes of the file PATH resolves to; the name says
# whether the binary is static or needs the dynamic loader and libraries.
size_row() {
	local f
	f=$(readlink -f "$2" 2>/dev/null) || f=
	if [ -z "$f" ] || [ ! -f "$f" ]; then
		row "$1" - B nsinit
		note "$1: $2 not found"
		return 0
	fi
	if [ "$1" != nsinit ] && readelf -l "$f" 2>/dev/null | grep -q INTERP; then
		set -- "$1 (dynamic)" "$2"
	fi
	row "$1" "$(stat -c %s "$f")" B nsinit
}

size_row nsinit ./init
size_row tini-static /usr/bin/tini-static
size_row catatonit "$(command -v catatonit || echo catatonit)"
size_row bwrap "$(command -v bwrap || echo bwrap)"
size_row crun "$(command -v crun || echo crun)"
size_row runc "$(command -v runc || echo runc)"
note "nsinit: static musl with libcap-ng, stripped. Dynamic binaries are counted without their shared libraries; tini-static and catatonit are static glibc."
target "nsinit size ≤ 96 KiB" nsinit 98304

# The same on the boards: nsinit built for each (make cross), beside the
# peers of that architecture from Debian's packages (the archive's current
# version, which apt checks against its signed index), not installed: each
# .deb is unpacked under build/bench/arch. riscv64 has no Debian 12
# packages: nsinit alone there.
# shellcheck source=busybox-test/deb.sh
. busybox-test/deb.sh

# peer_file DEBARCH PKG PATH: PATH inside Debian's PKG of DEBARCH, fetched
# and unpacked when missing; empty when it cannot be had.
peer_file() {
	local dir=$OUT/arch/$1 deb
	mkdir -p "$dir"
	deb=$(ls "$dir/${2}_"*"_$1.deb" 2>/dev/null | head -n 1)
	if [ -z "$deb" ]; then
		(cd "$dir" && deb_apt "$1" -qq download "$2") >/dev/null 2>&1 ||
			{ deb_apt "$1" -qq update >/dev/null 2>&1 || :
			  (cd "$dir" && deb_apt "$1" -qq download "$2") >/dev/null 2>&1; } ||
			return 0
		deb=$(ls "$dir/${2}_"*"_$1.deb" 2>/dev/null | head -n 1)
	fi
	[ -n "$deb" ] || return 0
	deb_unpack "$deb" "$dir/$2" >/dev/null
	[ -f "$dir/$2$3" ] && echo "$dir/$2$3"
}

for arch in aarch64 armhf riscv64; do
	section "Binary size, $arch"
	size_row nsinit "build/$arch/init"
	da=$(deb_arch "$arch")
	[ "$arch" = riscv64 ] && { note "Debian 12 has no riscv64 packages of the peers."; continue; }
	for p in "tini-static tini /usr/bin/tini-static" "catatonit catatonit /usr/bin/catatonit" \
		 "bwrap bubblewrap /usr/bin/bwrap" "crun crun /usr/bin/crun" "runc runc /usr/sbin/runc"; do
		set -- $p
		size_row "$1" "$(peer_file "$da" "$2" "$3")"
	done
	note "Debian's $da packages, unpacked; nsinit from make ARCH=$arch with the default config.h."
done
