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
#                     uses the system's package lists; another one a private
#                     apt configuration in $APT_DIR (default build/apt-DEBARCH
#                     at the top of this repository) with the system's sources
#                     and APT::Architecture=DEBARCH, its lists fetched on the
#                     first miss.
#   deb_unpack DEB DIR
#                     dpkg-deb -x DEB into DIR, redone when DIR/.done names
#                     another package.

deb_top=$(cd "$(dirname "$0")/.." && pwd)

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

# deb_apt DEBARCH APT-GET-ARGS...: apt-get for DEBARCH's packages.
deb_apt() {
	_a=$1
	shift
	if [ "$_a" = "$(dpkg --print-architecture)" ]; then
		apt-get -q -o APT::Sandbox::User=root "$@"
		return
	fi
	_d=${APT_DIR:-$deb_top/build/apt-$_a}
	mkdir -p "$_d/lists/partial" "$_d/cache/archives/partial"
	apt-get -q -o APT::Architecture="$_a" -o APT::Architectures="$_a" \
		-o Dir::State::Lists="$_d/lists" -o Dir::Cache="$_d/cache" \
		-o Dir::State::status=/dev/null -o APT::Sandbox::User=root "$@"
}

deb_fetch() {
	_a=$1 _out=$2 _pkg=$3 _ver=$4 _sum=$5
	_deb=$(printf '%s' "$_out/${_pkg}_${_ver}_$_a.deb" | sed 's/:/%3a/g')
	if [ ! -f "$_deb" ]; then
		echo "deb.sh: downloading $_pkg=$_ver ($_a)" >&2
		# a private list is fetched when it lacks the package; a mirror
		# index that fails (a security one in sync) leaves the others
		if ! (cd "$_out" && deb_apt "$_a" download "$_pkg=$_ver") >&2 2>/dev/null; then
			[ "$_a" = "$(dpkg --print-architecture)" ] ||
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
	echo "$_deb"
}

deb_unpack() {
	if [ "$(cat "$2/.done" 2>/dev/null)" != "$(basename "$1")" ]; then
		rm -rf "$2"
		dpkg-deb -x "$1" "$2"
		basename "$1" > "$2/.done"
	fi
}
