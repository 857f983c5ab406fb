#!/bin/sh
# SPDX-License-Identifier: MIT
# kernel.sh [--kdir TREE | --kernel FILE [--modules DIR]] OUTDIR
#   -- a kernel for QEMU boot tests: Debian's, fetched without installing
#   it on this machine, or the user's own.
#
# ARCH (environment; the build's names) picks the machine, DEBIAN the
# release of Debian's kernel (11, 12, 13; the default is 12, and 13 for
# riscv64, which no older release has):
#   x86_64 (default)  linux-image-*-amd64, booted as vmlinux (below)
#   aarch64           linux-image-*-arm64 (its vmlinuz is a plain arm64 Image)
#   armhf             linux-image-*-armmp-lpae (a zImage; LPAE: cortex-a15)
#   riscv64           linux-image-*-riscv64 (Debian 13; its vmlinux is a
#                     plain riscv64 Image)
# The package comes through busybox-test/deb.sh: another architecture's or
# another release's through a private apt configuration; nothing is
# installed and the system's package lists are not touched. Debian 13's
# package keeps its modules in usr/lib/modules (merged /usr), compressed
# (.ko.xz); Debian 11's and 12's in lib/modules, plain .ko.
#
# A kernel of the user's own instead of Debian's:
#   --kdir TREE       a kernel build tree (what virtme-ng's --kdir takes):
#                     arch/*/boot/{bzImage,Image,zImage} as the kernel, the
#                     modules that TREE/modules.order lists, built in TREE,
#                     and its release from include/config/kernel.release
#   --kernel FILE     a kernel image, with --modules DIR a module tree as
#                     `make modules_install` leaves it (lib/modules/VER: its
#                     kernel/ and modules.builtin; VER is the release), or
#                     without one no module (a kernel with all it needs
#                     built in)
# Nothing is written into TREE or DIR: OUTDIR/modules is a tree of links
# to their modules with the files below.
#
# Produces, skipping any step whose output already exists:
#   OUTDIR/<pkg>_<ver>_<debarch>.deb  the pinned package (sha256 verified)
#   OUTDIR/pkg/                    its contents (dpkg-deb -x)
#   OUTDIR/vmlinuz                 -> the kernel file (what QEMU's -kernel
#                                  boots on the virt machines)
#   OUTDIR/vmlinux                 x86_64 only: the uncompressed ELF from the
#                                  bzImage, whichever its compression (xz,
#                                  zstd, gzip), when it can boot by PVH
#                                  (qemu -kernel, no self-decompression);
#                                  else a link to the bzImage itself
#   OUTDIR/modules                 -> pkg/{usr/,}lib/modules/<kver>, with a
#                                  modules.dep, modules.alias and
#                                  modules.softdep generated here (the package
#                                  has none: depmod runs at install time; this
#                                  needs no kmod, it reads each module's
#                                  .modinfo: .ko, .ko.xz, .ko.gz, .ko.zst;
#                                  kept in NSINIT_CACHE for Debian's)
#   OUTDIR/kver                    the kernel release string, one line
#
# The packages are pinned below: for each release and architecture the
# default kernel of that release's main suite (what `apt-cache depends
# linux-image-amd64` names, or linux-image-arm64, linux-image-armmp-lpae,
# linux-image-riscv64, with the private configuration; a security update
# leaves its suite when the next one comes, the main suite's stays). When
# the archive moves on, update all three values of that row, or override
# them from the environment: KERNEL_PKG, KERNEL_VERSION, KERNEL_SHA256.
set -eu

usage() {
	echo "usage: $0 [--kdir TREE | --kernel FILE [--modules DIR]] OUTDIR" >&2
	exit 2
}
kdir='' kfile='' kmods='' debsum=''
while [ $# -gt 1 ]; do
	case $1 in
	--kdir) kdir=$2 ;;
	--kernel) kfile=$2 ;;
	--modules) kmods=$2 ;;
	*) usage ;;
	esac
	shift 2
done
[ $# -eq 1 ] || usage
case $1 in -*) usage ;; esac
[ -z "$kdir" ] || [ -z "$kfile$kmods" ] || usage
[ -z "$kmods" ] || [ -n "$kfile" ] || usage
outdir=$1
ARCH=${ARCH:-x86_64}

# shellcheck source=busybox-test/deb.sh
. "$(dirname "$0")/deb.sh"
debarch=$(deb_arch "$ARCH")
mkdir -p "$outdir"
out=$(cd "$outdir" && pwd)
abs() { (cd "$(dirname "$1")" && echo "$(pwd)/$(basename "$1")"); }

if [ -n "$kdir$kfile" ]; then
	# The user's kernel: OUTDIR/own/ holds the links, redone when the
	# source changes (.done names it) or was built again since.
	if [ -n "$kdir" ]; then
		[ -d "$kdir" ] || { echo "kernel.sh: $kdir: no such directory" >&2; exit 1; }
		kdir=$(cd "$kdir" && pwd)
		kfile=
		for f in "$kdir"/arch/*/boot/bzImage "$kdir"/arch/*/boot/Image \
			 "$kdir"/arch/*/boot/zImage; do
			[ -f "$f" ] && { kfile=$f; break; }
		done
		[ -n "$kfile" ] || { echo "kernel.sh: no arch/*/boot/*Image in $kdir (built?)" >&2; exit 1; }
		kver=$(cat "$kdir/include/config/kernel.release" 2>/dev/null) ||
			{ echo "kernel.sh: $kdir/include/config/kernel.release: none (built?)" >&2; exit 1; }
		src="kdir $kdir"
	else
		[ -f "$kfile" ] || { echo "kernel.sh: $kfile: no such file" >&2; exit 1; }
		kfile=$(abs "$kfile")
		if [ -n "$kmods" ]; then
			[ -d "$kmods/kernel" ] || [ -f "$kmods/modules.builtin" ] ||
				{ echo "kernel.sh: $kmods: not a module tree (no kernel/, no modules.builtin)" >&2; exit 1; }
			kmods=$(cd "$kmods" && pwd)
			kver=${kmods##*/}
		else
			kver=own
		fi
		src="kernel $kfile $kmods"
	fi
	if [ "$(cat "$out/own/.done" 2>/dev/null)" != "$src" ] ||
	   [ -n "$(find "$kfile" "${kdir:-$kmods}/modules.order" \
		"$kmods/modules.builtin" -prune -newer "$out/own/.done" 2>/dev/null)" ]; then
		rm -rf "$out/own" "$out/vmlinux"
		mkdir -p "$out/own/$kver/kernel"
		if [ -n "$kdir" ] && [ -f "$kdir/modules.order" ]; then
			# modules.order: kernel/path/x.o (5.x: kernel/path/x.ko)
			sed 's|^kernel/||; s|\.o$|.ko|' "$kdir/modules.order" |
			while read -r m; do
				[ -f "$kdir/$m" ] || continue
				mkdir -p "$out/own/$kver/kernel/$(dirname "$m")"
				ln -s "$kdir/$m" "$out/own/$kver/kernel/$m"
			done
			[ ! -f "$kdir/modules.builtin" ] ||
				cp "$kdir/modules.builtin" "$out/own/$kver/"
		elif [ -n "$kmods" ]; then
			[ ! -d "$kmods/kernel" ] || cp -rs "$kmods/kernel/." "$out/own/$kver/kernel/"
			[ ! -f "$kmods/modules.builtin" ] || cp "$kmods/modules.builtin" "$out/own/$kver/"
		fi
		echo "$src" >"$out/own/.done"
	fi
	echo "$kver" >"$out/kver"
	ln -sfn "$kfile" "$out/vmlinuz"
	ln -sfn "own/$kver" "$out/modules"
else
	DEBIAN=${DEBIAN:-$([ "$ARCH" = riscv64 ] && echo 13 || echo 12)}
	case $DEBIAN in
	11) DEB_RELEASE=bullseye ;;
	12) DEB_RELEASE=bookworm ;;
	13) DEB_RELEASE=trixie ;;
	*) echo "kernel.sh: DEBIAN=$DEBIAN: 11, 12 or 13" >&2; exit 2 ;;
	esac
	export DEB_RELEASE
	case $DEBIAN-$ARCH in
	11-x86_64) pin="linux-image-5.10.0-32-amd64 5.10.223-1 86a6792f3a03ab15a643f385830cdaa921f15e3e9c8bf63aa55a9243c62fc797" ;;
	11-aarch64) pin="linux-image-5.10.0-32-arm64 5.10.223-1 53850b52e93158e3055c1d18a5527f9f95250f44b16ee48fb5ab0b42bed44665" ;;
	11-armhf) pin="linux-image-5.10.0-32-armmp-lpae 5.10.223-1 0e1e06bc12353f9f4bb18cfdb1ea9d8631c2c42831acf537f4548ad62e6ca8aa" ;;
	12-x86_64) pin="linux-image-6.1.0-57-amd64 6.1.192-3 14d219d01e1283261817d961dbb3895cb5b4288d0de10e0ba0632a0d993e15bf" ;;
	12-aarch64) pin="linux-image-6.1.0-57-arm64 6.1.192-3 8301bd5b5b2cf8fd5e479832200c23e64eca0ae9ec45c487c5c318b1e44d4692" ;;
	12-armhf) pin="linux-image-6.1.0-50-armmp-lpae 6.1.176-1 7a1a2b179324d910db6415d67b73c7495a58d239f61103d9cf2b79a11b7ece3e" ;;
	13-x86_64) pin="linux-image-6.12.117+deb13-amd64 6.12.117-1 ca712d36790184f6ac125ce2b20ea4e2202ae6bb7817b7de268f1f0115ccda73" ;;
	13-aarch64) pin="linux-image-6.12.117+deb13-arm64 6.12.117-1 73805585385c78e048e63fdfba66da36bab724c2cdebd96a3055a8a4f1ae287a" ;;
	13-armhf) pin="linux-image-6.12.117+deb13-armmp-lpae 6.12.117-1 57f936460bbe2b0e800869d9efa2235c6c0c3ceb5085a6fad437ff650ecc14c2" ;;
	13-riscv64) pin="linux-image-6.12.117+deb13-riscv64 6.12.117-1 f5d9424b6f6a4518197202effc7e8eeaa90f8d73466c2dba2470f6ea7fb4f55c" ;;
	*)	echo "kernel.sh: no Debian $DEBIAN kernel for ARCH=$ARCH" >&2
		exit 2 ;;
	esac
	# shellcheck disable=SC2086 # package, version, sha256
	set -- $pin
	KERNEL_PKG=${KERNEL_PKG:-$1}
	KERNEL_VERSION=${KERNEL_VERSION:-$2}
	KERNEL_SHA256=${KERNEL_SHA256:-$3} debsum=${KERNEL_SHA256:-$3}

	# 1. download and verify
	deb=$(deb_fetch "$debarch" "$out" "$KERNEL_PKG" "$KERNEL_VERSION" "$KERNEL_SHA256")

	# 2. unpack
	# (pkg/.done names the package it came from: a new pin redoes everything)
	if [ "$(cat "$out/pkg/.done" 2>/dev/null)" != "$(basename "$deb")" ]; then
		rm -f "$out/vmlinux"
		deb_unpack "$deb" "$out/pkg"
	fi

	kver='' kfile=''
	for d in "$out"/pkg/lib/modules/* "$out"/pkg/usr/lib/modules/*; do
		for f in "$out/pkg/boot/vmlinuz-${d##*/}" "$out/pkg/boot/vmlinux-${d##*/}"; do
			[ -f "$f" ] && { kver=${d##*/} kfile=$f mdir=${d#"$out"/}; }
		done
	done
	[ -n "$kver" ] || { echo "kernel.sh: no kernel found in $out/pkg" >&2; exit 1; }
	echo "$kver" >"$out/kver"
	ln -sfn "${kfile#"$out"/}" "$out/vmlinuz"
	ln -sfn "$mdir" "$out/modules"
fi

# 3. vmlinux: the payload of the bzImage, decompressed, when it boots by
# PVH (an ELF note XEN_ELFNOTE_PHYS32_ENTRY); else the bzImage itself
if [ "$debarch" = amd64 ] && [ ! -e "$out/vmlinux" ]; then
	if python3 - "$out/vmlinuz" "$out/vmlinux.tmp" <<'PY'
import gzip, lzma, struct, subprocess, sys
src, dst = sys.argv[1], sys.argv[2]
img = open(src, 'rb').read()
if img[0x202:0x206] != b'HdrS':
    sys.exit('kernel.sh: %s is not a bzImage' % src)
# Boot protocol >= 2.08: payload_offset/length, relative to the protected-mode
# code, which starts after the (setup_sects + 1) * 512 bytes of setup code.
setup_sects = img[0x1f1] or 4
poff, plen = struct.unpack_from('<II', img, 0x248)
start = (setup_sects + 1) * 512 + poff
payload = img[start:start + plen]
if payload[:6] == b'\xfd7zXZ\x00':
    d = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
    elf = d.decompress(payload)
elif payload[:4] == b'\x28\xb5\x2f\xfd':    # zstd: Python has no module;
    # the kernel's build appends the size (4 bytes), which zstd refuses
    elf = subprocess.run(['zstd', '-dcq'], input=payload[:-4], check=True,
                         stdout=subprocess.PIPE).stdout
elif payload[:2] == b'\x1f\x8b':
    elf = gzip.decompress(payload)
else:
    sys.exit('kernel.sh: %s: payload neither xz, zstd nor gzip: booted as it is' % src)
if elf[:4] != b'\x7fELF' or elf[4] != 2:
    sys.exit('kernel.sh: payload of %s is not a 64-bit ELF' % src)
# PT_NOTE segments: a "Xen" note of type 18 (PHYS32_ENTRY) is the PVH entry
phoff, = struct.unpack_from('<Q', elf, 0x20)
phentsize, phnum = struct.unpack_from('<HH', elf, 0x36)
pvh = False
for i in range(phnum):
    p = phoff + i * phentsize
    ptype, = struct.unpack_from('<I', elf, p)
    off, = struct.unpack_from('<Q', elf, p + 8)
    size, = struct.unpack_from('<Q', elf, p + 32)
    o = off
    while ptype == 4 and o + 12 <= off + size:
        n, dsz, t = struct.unpack_from('<III', elf, o)
        if elf[o + 12:o + 12 + n] == b'Xen\0' and t == 18:
            pvh = True
        o += 12 + (n + 3 & ~3) + (dsz + 3 & ~3)
if not pvh:
    sys.exit('kernel.sh: %s has no PVH entry: booted as it is' % src)
open(dst, 'wb').write(elf)
PY
	then
		mv "$out/vmlinux.tmp" "$out/vmlinux"
	else
		rm -f "$out/vmlinux.tmp"
		ln -sfn vmlinuz "$out/vmlinux"
	fi
fi

# 4. modules.dep, in depmod's format: "path.ko: dep.ko ...", paths relative to
# the modules directory, each module's dependencies transitively, listed so
# that loading them from the last to the first, then the module, works.
# modules.alias ("alias PATTERN name", a line per alias= of a module's
# .modinfo) and modules.softdep ("softdep name pre: ... post: ...", its
# softdep=), as depmod writes them, names with '_' for '-'.
# A Debian package's are kept in $NSINIT_CACHE (see deb.sh), by the
# package's sha256 and this script's: a fresh clone need not read 4000
# modules again.
gen="modules.dep modules.alias modules.softdep"
cache=${NSINIT_CACHE-/var/cache/nsinit}
if [ -n "$cache" ] && [ -n "$debsum" ]; then
	cache=$cache/kernels/$debsum-$(sha256sum <"$0" | cut -c1-16)
	for f in $gen; do
		[ -f "$out/modules/$f" ] || [ ! -f "$cache/$f" ] ||
			cp "$cache/$f" "$out/modules/$f"
	done
else
	cache=
fi
if [ ! -f "$out/modules/modules.dep" ] || [ ! -f "$out/modules/modules.alias" ] ||
   [ ! -f "$out/modules/modules.softdep" ]; then
	python3 - "$out/modules" <<'PY'
import gzip, lzma, os, re, struct, subprocess, sys
top = sys.argv[1]
SUFFIX = re.compile(r'\.ko(\.xz|\.gz|\.zst)?$')

def content(path):                          # the ELF, decompressed
    d = open(path, 'rb').read()
    if path.endswith('.xz'):
        return lzma.decompress(d)
    if path.endswith('.gz'):
        return gzip.decompress(d)
    if path.endswith('.zst'):
        return subprocess.run(['zstd', '-dcq'], input=d, check=True,
                              stdout=subprocess.PIPE).stdout
    return d

def modinfo(path):                          # its .modinfo: [(key, value)]
    d = content(path)
    if d[:4] != b'\x7fELF' or d[4] not in (1, 2) or d[5] != 1:
        sys.exit('kernel.sh: %s: not a little-endian ELF module' % path)
    if d[4] == 2:                           # ELF64
        shoff, = struct.unpack_from('<Q', d, 0x28)
        shentsize, shnum, shstrndx = struct.unpack_from('<HHH', d, 0x3a)
        offs, word = 0x18, '<QQ'
    else:                                   # ELF32 (armhf)
        shoff, = struct.unpack_from('<I', d, 0x20)
        shentsize, shnum, shstrndx = struct.unpack_from('<HHH', d, 0x2e)
        offs, word = 0x10, '<II'
    def sh(i):
        o = shoff + i * shentsize
        name, = struct.unpack_from('<I', d, o)
        off, size = struct.unpack_from(word, d, o + offs)
        return name, off, size
    _, stroff, _ = sh(shstrndx)
    for i in range(shnum):
        name, off, size = sh(i)
        end = d.index(b'\0', stroff + name)
        if d[stroff + name:end] == b'.modinfo':
            return [tuple(f.decode().split('=', 1))
                    for f in d[off:off + size].split(b'\0') if b'=' in f]
    return []

mods = {}                                   # name -> (relpath, [dep names])
aliases, softdeps = [], []
for root, _, files in os.walk(os.path.join(top, 'kernel')):
    for f in sorted(files):
        if SUFFIX.search(f):
            path = os.path.join(root, f)
            info = modinfo(path)
            name = SUFFIX.sub('', f).replace('-', '_')
            deps = dict(info).get('depends', '')
            mods[name] = (os.path.relpath(path, top),
                          [x.replace('-', '_') for x in deps.split(',') if x])
            aliases += [(mods[name][0], v, name) for k, v in info
                        if k == 'alias']
            softdeps += [(mods[name][0], v, name) for k, v in info
                         if k == 'softdep']

def closure(name, seen, order):             # post-order: dependencies first
    for dep in mods[name][1]:
        if dep not in mods:
            sys.exit('kernel.sh: %s needs unknown module %s' % (name, dep))
        if dep not in seen:
            seen.add(dep)
            closure(dep, seen, order)
            order.append(dep)

with open(os.path.join(top, 'modules.dep.tmp'), 'w') as out:
    for name in sorted(mods, key=lambda n: mods[n][0]):
        order = []
        closure(name, {name}, order)
        out.write('%s:%s\n' % (mods[name][0], ''.join(
            ' ' + mods[d][0] for d in reversed(order))))
os.rename(os.path.join(top, 'modules.dep.tmp'), os.path.join(top, 'modules.dep'))
for f, lines in (('modules.alias', ['alias %s %s' % (a, n)
                                    for _, a, n in sorted(aliases)]),
                 ('modules.softdep', ['softdep %s %s' % (n, s)
                                      for _, s, n in sorted(softdeps)])):
    with open(os.path.join(top, f + '.tmp'), 'w') as out:
        out.write('# generated by busybox-test/kernel.sh from .modinfo\n')
        out.writelines(l + '\n' for l in lines)
    os.rename(os.path.join(top, f + '.tmp'), os.path.join(top, f))
PY
	if [ -n "$cache" ] && mkdir -p "$cache" 2>/dev/null; then
		for f in $gen; do
			cp "$out/modules/$f" "$cache/$f.tmp" 2>/dev/null &&
				mv "$cache/$f.tmp" "$cache/$f"
		done
	fi
fi
if [ "$debarch" = amd64 ]; then
	echo "kernel.sh: $kver: $out/vmlinux, $out/modules" >&2
else
	echo "kernel.sh: $kver: $out/vmlinuz, $out/modules" >&2
fi
