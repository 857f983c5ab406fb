#!/bin/sh
# kernel.sh OUTDIR -- fetch Debian's kernel for QEMU boot tests, without
# installing it on this machine.
#
# ARCH (environment; the build's names) picks the kernel:
#   x86_64 (default)  linux-image-*-amd64, booted as vmlinux (below)
#   aarch64           linux-image-*-arm64 (its vmlinuz is a plain arm64 Image)
#   armhf             linux-image-*-armmp-lpae (a zImage; LPAE: cortex-a15)
# (riscv64: Debian 12 has no kernel package.) Another architecture's
# package comes through a private apt configuration (busybox-test/deb.sh):
# nothing is installed and the system's package lists are not touched.
#
# Produces, skipping any step whose output already exists:
#   OUTDIR/<pkg>_<ver>_<debarch>.deb  the pinned package (sha256 verified)
#   OUTDIR/pkg/                    its contents (dpkg-deb -x)
#   OUTDIR/vmlinuz                 -> pkg/boot/vmlinuz-<kver> (what QEMU's
#                                  -kernel boots on the arm machines)
#   OUTDIR/vmlinux                 x86_64 only: the uncompressed ELF from the
#                                  bzImage (PVH: boot it with qemu -kernel, no
#                                  self-decompression)
#   OUTDIR/modules                 -> pkg/lib/modules/<kver>, with a
#                                  modules.dep, modules.alias and
#                                  modules.softdep generated here (the package
#                                  has none: depmod runs at install time; this
#                                  needs no kmod, it reads each .ko's .modinfo)
#   OUTDIR/kver                    the kernel release string, one line
#
# The packages are pinned below (the default kernel of Debian 12 for each
# architecture, i.e. what `apt-cache depends linux-image-amd64` names, or
# linux-image-arm64, linux-image-armmp-lpae with the private configuration).
# When the archive moves on, update all three values of that architecture,
# or override them from the environment: KERNEL_PKG, KERNEL_VERSION,
# KERNEL_SHA256.
set -eu

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
outdir=$1
case ${ARCH:-x86_64} in
x86_64)
	pin="linux-image-6.1.0-57-amd64 6.1.192-3 14d219d01e1283261817d961dbb3895cb5b4288d0de10e0ba0632a0d993e15bf" ;;
aarch64)
	pin="linux-image-6.1.0-57-arm64 6.1.192-3 8301bd5b5b2cf8fd5e479832200c23e64eca0ae9ec45c487c5c318b1e44d4692" ;;
armhf)
	pin="linux-image-6.1.0-50-armmp-lpae 6.1.176-1 7a1a2b179324d910db6415d67b73c7495a58d239f61103d9cf2b79a11b7ece3e" ;;
*)	echo "kernel.sh: no Debian kernel for ARCH=$ARCH (x86_64, aarch64, armhf)" >&2
	exit 2 ;;
esac
# shellcheck disable=SC2086 # package, version, sha256
set -- $pin
KERNEL_PKG=${KERNEL_PKG:-$1}
KERNEL_VERSION=${KERNEL_VERSION:-$2}
KERNEL_SHA256=${KERNEL_SHA256:-$3}

# shellcheck source=busybox-test/deb.sh
. "$(dirname "$0")/deb.sh"
debarch=$(deb_arch "${ARCH:-x86_64}")
mkdir -p "$outdir"
out=$(cd "$outdir" && pwd)

# 1. download and verify
deb=$(deb_fetch "$debarch" "$out" "$KERNEL_PKG" "$KERNEL_VERSION" "$KERNEL_SHA256")

# 2. unpack
# (pkg/.done names the package it came from: a new pin redoes everything)
if [ "$(cat "$out/pkg/.done" 2>/dev/null)" != "$(basename "$deb")" ]; then
	rm -f "$out/vmlinux"
	deb_unpack "$deb" "$out/pkg"
fi

kver=
for d in "$out"/pkg/lib/modules/*; do
	[ -f "$out/pkg/boot/vmlinuz-${d##*/}" ] && kver=${d##*/}
done
[ -n "$kver" ] || { echo "kernel.sh: no kernel found in $out/pkg" >&2; exit 1; }
echo "$kver" > "$out/kver"
ln -sfn "pkg/boot/vmlinuz-$kver" "$out/vmlinuz"
ln -sfn "pkg/lib/modules/$kver" "$out/modules"

# 3. vmlinux: the xz payload of the bzImage, decompressed
if [ "$debarch" = amd64 ] && [ ! -f "$out/vmlinux" ]; then
	python3 - "$out/pkg/boot/vmlinuz-$kver" "$out/vmlinux.tmp" <<'PY'
import lzma, struct, sys
src, dst = sys.argv[1], sys.argv[2]
img = open(src, 'rb').read()
if img[0x202:0x206] != b'HdrS':
    sys.exit('kernel.sh: %s is not a bzImage' % src)
# Boot protocol >= 2.08: payload_offset/length, relative to the protected-mode
# code, which starts after the (setup_sects + 1) * 512 bytes of setup code.
setup_sects = img[0x1f1] or 4
poff, plen = struct.unpack_from('<II', img, 0x248)
start = (setup_sects + 1) * 512 + poff
magic = b'\xfd7zXZ\x00'
if img[start:start + 6] != magic:          # fall back to searching for it
    start = img.find(magic)
    if start < 0:
        sys.exit('kernel.sh: no xz stream in %s' % src)
d = lzma.LZMADecompressor(format=lzma.FORMAT_XZ)
elf = d.decompress(img[start:])
if not d.eof or elf[:4] != b'\x7fELF':
    sys.exit('kernel.sh: payload of %s is not an xz-compressed ELF' % src)
open(dst, 'wb').write(elf)
PY
	mv "$out/vmlinux.tmp" "$out/vmlinux"
fi
# 4. modules.dep, in depmod's format: "path.ko: dep.ko ...", paths relative to
# the modules directory, each module's dependencies transitively, listed so
# that loading them from the last to the first, then the module, works.
# modules.alias ("alias PATTERN name", a line per alias= of a module's
# .modinfo) and modules.softdep ("softdep name pre: ... post: ...", its
# softdep=), as depmod writes them, names with '_' for '-'.
if [ ! -f "$out/modules/modules.dep" ] || [ ! -f "$out/modules/modules.alias" ] ||
   [ ! -f "$out/modules/modules.softdep" ]; then
	python3 - "$out/modules" <<'PY'
import os, struct, sys
top = sys.argv[1]

def modinfo(path):                          # its .modinfo: [(key, value)]
    d = open(path, 'rb').read()
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
        if f.endswith('.ko'):
            path = os.path.join(root, f)
            info = modinfo(path)
            name = f[:-3].replace('-', '_')
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
fi
if [ "$debarch" = amd64 ]; then
	echo "kernel.sh: $kver: $out/vmlinux, $out/modules" >&2
else
	echo "kernel.sh: $kver: $out/vmlinuz, $out/modules" >&2
fi
