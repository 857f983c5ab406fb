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
