#!/bin/bash
# SPDX-License-Identifier: MIT
# rootfs.sh DIR [PROBE]: build a minimal busybox root filesystem in DIR from
# Debian's busybox-static, for integration and boot tests.
#
# ARCH (environment, default x86_64: /bin/busybox) takes another
# architecture's busybox from busybox-test/busybox.sh, with the applet
# links of /bin/busybox (the same pinned version).
#
# DIR is rebuilt from scratch each time (built in DIR.tmp, then renamed), so
# running it twice gives the same tree. It refuses to touch a DIR that still
# has something mounted under it. PROBE, if given, becomes DIR/usr/bin/probe.
set -eu

die() { echo "rootfs.sh: $*" >&2; exit 1; }

[ $# -ge 1 ] && [ $# -le 2 ] || die "usage: rootfs.sh DIR [PROBE]"
[ -n "$1" ] || die "empty DIR"
dir=$(realpath -m -- "$1")
probe=${2:-}
if [ "${ARCH:-x86_64}" = x86_64 ]; then
	busybox=/bin/busybox
else
	busybox=$(ARCH=$ARCH "$(dirname "$0")/busybox.sh") || die "no busybox for $ARCH"
fi

[ "$dir" != / ] || die "refusing to build over /"
[ -x "$busybox" ] || die "$busybox not found (apt-get install busybox-static)"
[ -z "$probe" ] || [ -f "$probe" ] || die "probe $probe not found"

# Removing a tree with a live mount under it would delete through the mount.
mounted_under() {
	awk -v d="$1" '$5 == d || index($5, d "/") == 1 { found = 1 } END { exit !found }' \
		/proc/self/mountinfo
}
for d in "$dir" "$dir.tmp"; do
	! mounted_under "$d" || die "something is still mounted under $d"
done

umask 022
tmp=$dir.tmp
rm -rf --one-file-system -- "$tmp"
mkdir -p -- "$tmp"

mkdir -p "$tmp"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,etc,root,home/app,home/2000,run,var}
chmod 1777 "$tmp/tmp"
chmod 0700 "$tmp/root"
cp -- "$busybox" "$tmp/bin/busybox"
chmod 0755 "$tmp/bin/busybox"

# One relative link per applet: bin/sh -> busybox, usr/sbin/x -> ../../bin/busybox.
/bin/busybox --list-full | while IFS= read -r applet; do
	case $applet in
	linuxrc | bin/busybox | "") continue ;;
	bin/*) target=busybox ;;
	*) up=${applet//[!\/]/}; target=${up//\//../}bin/busybox ;;
	esac
	ln -s "$target" "$tmp/$applet"
done

cat >"$tmp/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
app:x:1000:1000:app:/home/app:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
2000:x:3000:3000:numeric name:/home/2000:/bin/sh
EOF
cat >"$tmp/etc/group" <<'EOF'
root:x:0:
tty:x:5:
wheel:x:10:app
audio:x:29:app
app:x:1000:
nogroup:x:65534:
2000:x:3000:
EOF
chmod 0644 "$tmp/etc/passwd" "$tmp/etc/group"

chown -R 0:0 -- "$tmp"
chown 1000:1000 "$tmp/home/app"
chown 3000:3000 "$tmp/home/2000"

if [ -n "$probe" ]; then
	install -m 0755 -o 0 -g 0 -- "$probe" "$tmp/usr/bin/probe"
fi

rm -rf --one-file-system -- "$dir"
mv -- "$tmp" "$dir"
