# SPDX-License-Identifier: MIT
# deb.sh: sourced (sh) by kernel.sh and busybox.sh. Fetches a pinned Debian
# package of any architecture without installing it and without touching the
# system's apt state.
#
#   deb_arch [ARCH]   Debian's name for ARCH (the build's: x86_64, aarch64,
#                     armhf, riscv64; default x86_64): amd64, arm64, ...
#   deb_fetch DEBARCH OUTDIR PKG VERSION SHA256
#                     OUTDIR/PKG_VERSION_DEBARCH.deb (":" as apt writes it,
#                     "%3a"), sha256 verified (a mismatch is renamed .bad and
#                     fails); prints its path. The machine's own architecture
#                     and release use the system's package lists; another
#                     one a private apt configuration in $APT_DIR (default
#                     build/apt-DEBARCH, or build/apt-RELEASE-DEBARCH, at the
#                     top of this repository) with APT::Architecture=DEBARCH
#                     and the system's sources, their suites renamed for
#                     DEB_RELEASE (a codename: bullseye, trixie; default the
#                     system's), its lists fetched on the first miss.
#                     A package found in $NSINIT_CACHE (default
#                     /var/cache/nsinit; "" for none), in debs/SHA256/, is
#                     taken from there, and one downloaded is left there when
#                     that directory can be written: fresh clones need not
#                     download it again. Either way the pin is checked.
#   deb_unpack DEB DIR
#                     dpkg-deb -x DEB into DIR, redone when DIR/.done names
#                     another package.

deb_top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck disable=SC1091 # the system's
deb_host=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")

deb_arch() {
	case ${1:-x86_64} in
	x86_64 | amd64) echo amd64 ;;
	aarch64 | arm64) echo arm64 ;;
	armhf | arm) echo armhf ;;
	riscv64) echo riscv64 ;;
	*) echo "deb.sh: unknown ARCH ${1}: x86_64, aarch64, armhf or riscv64" >&2
	   return 1 ;;
	esac
}

# deb_apt DEBARCH APT-GET-ARGS...: apt-get for DEBARCH's packages of
# DEB_RELEASE.
deb_apt() {
	_a=$1 _r=${DEB_RELEASE:-$deb_host}
	shift
	if [ "$_a" = "$(dpkg --print-architecture)" ] && [ "$_r" = "$deb_host" ]; then
		apt-get -q -o APT::Sandbox::User=root "$@"
		return
	fi
	if [ "$_r" = "$deb_host" ]; then
		_d=${APT_DIR:-$deb_top/build/apt-$_a} _src=
	else
		_d=${APT_DIR:-$deb_top/build/apt-$_r-$_a} _src=$_d/sources.d
		deb_sources "$_r" "$_src"
	fi
	mkdir -p "$_d/lists/partial" "$_d/cache/archives/partial"
	apt-get -q -o APT::Architecture="$_a" -o APT::Architectures="$_a" \
		${_src:+-o Dir::Etc::SourceList=/dev/null -o Dir::Etc::SourceParts="$_src"} \
		-o Dir::State::Lists="$_d/lists" -o Dir::Cache="$_d/cache" \
		-o Dir::State::status=/dev/null -o APT::Sandbox::User=root "$@"
}

# deb_sources RELEASE DIR: the system's Debian sources in DIR, each suite
# of the system's release (bookworm, bookworm-updates, bookworm-security)
# renamed for RELEASE; sources of other suites are left out.
deb_sources() {
	mkdir -p "$2"
	# one-line format: "deb [opts] URI SUITE COMPONENT..."
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null |
		awk -v h="$deb_host" -v r="$1" '$1 == "deb" {
			for (i = 2; i <= NF && $i ~ /^\[/; i++) while ($i !~ /\]$/) i++
			if ($(i + 1) != h && index($(i + 1), h "-") != 1) next
			sub("^" h, r, $(i + 1)); print }' >"$2/release.list"
	# deb822: Suites: fields
	for _f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$_f" ] || continue
		awk -v h="$deb_host" -v r="$1" '
			/^Suites:/ { s = "Suites:"; for (i = 2; i <= NF; i++)
				if ($i == h || index($i, h "-") == 1) {
					sub("^" h, r, $i); s = s " " $i }
				$0 = s; if (s == "Suites:") skip = 1 }
			/^$/ { if (!skip) printf "%s", para; para = ""; skip = 0; print; next }
			{ para = para $0 "\n" }
			END { if (!skip) printf "%s", para }' "$_f"
	done >"$2/release.sources"
}

deb_fetch() {
	_a=$1 _out=$2 _pkg=$3 _ver=$4 _sum=$5
	_deb=$(printf '%s' "$_out/${_pkg}_${_ver}_$_a.deb" | sed 's/:/%3a/g')
	_cache=${NSINIT_CACHE-/var/cache/nsinit}
	_cache=${_cache:+$_cache/debs/$_sum}
	if [ ! -f "$_deb" ] && [ -n "$_cache" ] && [ -f "$_cache/${_deb##*/}" ]; then
		cp "$_cache/${_deb##*/}" "$_deb.tmp" && mv "$_deb.tmp" "$_deb"
	fi
	if [ ! -f "$_deb" ]; then
		echo "deb.sh: downloading $_pkg=$_ver ($_a)" >&2
		# a private list is fetched when it lacks the package; a mirror
		# index that fails (a security one in sync) leaves the others
		if ! (cd "$_out" && deb_apt "$_a" download "$_pkg=$_ver") >&2 2>/dev/null; then
			{ [ "$_a" = "$(dpkg --print-architecture)" ] &&
			  [ "${DEB_RELEASE:-$deb_host}" = "$deb_host" ]; } ||
				deb_apt "$_a" -qq update >&2 ||
				echo "deb.sh: some $_a package lists failed; trying with the others" >&2
			(cd "$_out" && deb_apt "$_a" download "$_pkg=$_ver") >&2 || {
				echo "deb.sh: download of $_pkg=$_ver ($_a) failed; is it still" \
					"in the archive? (apt-cache policy $_pkg)" >&2
				return 1
			}
		fi
	fi
	if ! echo "$_sum  $_deb" | sha256sum -c --status; then
		echo "deb.sh: sha256 mismatch for $_deb (expected $_sum)" >&2
		mv "$_deb" "$_deb.bad"
		return 1
	fi
	if [ -n "$_cache" ] && [ ! -f "$_cache/${_deb##*/}" ] &&
	   mkdir -p "$_cache" 2>/dev/null &&
	   cp "$_deb" "$_cache/${_deb##*/}.tmp" 2>/dev/null; then
		mv "$_cache/${_deb##*/}.tmp" "$_cache/${_deb##*/}"
	fi
	echo "$_deb"
}

deb_unpack() {
	if [ "$(cat "$2/.done" 2>/dev/null)" != "$(basename "$1")" ]; then
		rm -rf "$2"
		dpkg-deb -x "$1" "$2"
		basename "$1" > "$2/.done"
	fi
}
