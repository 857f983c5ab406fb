# SPDX-License-Identifier: MIT
# kmod.sh -- sourced: a kernel's modules for an initramfs, with no kmod.
#
# kmod_copy MDIR DST NAME...
#   MDIR is a kernel's module tree (/lib/modules/VER, or kernel.sh's
#   OUTDIR/modules) with a modules.dep. Each NAME (dashes and underscores
#   alike) is copied into DST with everything its modules.dep line lists,
#   at the same relative paths; DST gets a modules.dep of the lines of the
#   modules present (in the tree's order), modules.alias and modules.softdep
#   restricted to them, and the tree's modules.builtin. A NAME built into
#   the kernel is skipped (and said on stderr unless KMOD_QUIET is set); a
#   NAME that is neither is one line on stderr, "KMOD_WHO: no module NAME
#   in MDIR", and status 1. KMOD_WHO names the caller (default kmod.sh).
#
# kmod_has MDIR NAME: status 0 when NAME is a module of MDIR or built in.

# the modules.dep line of NAME, or nothing
kmod_line() {
	awk -v want="$(echo "$2" | tr - _)" -F: '{
		n = $1; sub(/.*\//, "", n); sub(/\.ko(\.[gx]z|\.zst)?$/, "", n)
		gsub(/-/, "_", n)
		if (n == want) { print; exit } }' "$1/modules.dep"
}

kmod_builtin() {
	[ -f "$1/modules.builtin" ] &&
		sed 's|.*/||; s|\.ko$||; s|-|_|g' "$1/modules.builtin" |
		grep -qx "$(echo "$2" | tr - _)"
}

kmod_has() {
	[ -n "$(kmod_line "$1" "$2")" ] || kmod_builtin "$1" "$2"
}

kmod_copy() {
	local mdir=$1 dst=$2 m line f have
	shift 2
	[ -f "$mdir/modules.dep" ] || {
		echo "${KMOD_WHO:-kmod.sh}: $mdir/modules.dep: no such file" >&2
		return 1
	}
	mkdir -p "$dst"
	for m in "$@"; do
		line=$(kmod_line "$mdir" "$m")
		if [ -z "$line" ]; then
			if kmod_builtin "$mdir" "$m"; then
				[ -n "${KMOD_QUIET:-}" ] ||
					echo "${KMOD_WHO:-kmod.sh}: $m is built into the kernel" >&2
				continue
			fi
			echo "${KMOD_WHO:-kmod.sh}: no module $m in $mdir" >&2
			return 1
		fi
		for f in $(echo "$line" | tr -d :); do
			mkdir -p "$dst/$(dirname "$f")"
			cp "$mdir/$f" "$dst/$f"
		done
	done
	have=$(cd "$dst" && find . -name '*.ko*' | sed 's|^\./||')
	if [ -n "$have" ]; then
		echo "$have" | awk -F: 'NR == FNR { h[$0] = 1; next } ($1 in h)' \
			- "$mdir/modules.dep" > "$dst/modules.dep"
		# the aliases (3rd column) and softdeps (2nd) of those, by name
		echo "$have" | sed 's|.*/||; s|\.ko.*$||; s|-|_|g' > "$dst/.names"
		for f in modules.alias modules.softdep; do
			[ -f "$mdir/$f" ] || continue
			awk -v col=$([ $f = modules.alias ] && echo 3 || echo 2) \
				'NR == FNR { h[$0] = 1; next }
				 /^#/ || ($col in h)' "$dst/.names" "$mdir/$f" > "$dst/$f"
		done
		rm -f "$dst/.names"
	else
		: > "$dst/modules.dep"
	fi
	if [ -f "$mdir/modules.builtin" ]; then
		cp "$mdir/modules.builtin" "$dst/"
	fi
}
