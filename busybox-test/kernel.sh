#!/bin/sh
# kernel.sh OUTDIR -- fetch Debian's kernel for QEMU boot tests, without
# installing it on this machine.
#
# Produces, skipping any step whose output already exists:
#   OUTDIR/<pkg>_<ver>_amd64.deb   the pinned package (sha256 verified)
#   OUTDIR/pkg/                    its contents (dpkg-deb -x)
#   OUTDIR/vmlinuz                 -> pkg/boot/vmlinuz-<kver> (bzImage)
#   OUTDIR/vmlinux                 uncompressed ELF from the bzImage (PVH: boot
#                                  it with qemu -kernel, no self-decompression)
#   OUTDIR/modules                 -> pkg/lib/modules/<kver>, with a
#                                  modules.dep, modules.alias and
#                                  modules.softdep generated here (the package
#                                  has none: depmod runs at install time; this
#                                  needs no kmod, it reads each .ko's .modinfo)
#   OUTDIR/kver                    the kernel release string, one line
#
# The package is pinned below (the default amd64 kernel of Debian 12, i.e. what
# `apt-cache depends linux-image-amd64` names). When the archive moves on,
# update all three values, or override them from the environment:
#   KERNEL_PKG, KERNEL_VERSION, KERNEL_SHA256
set -eu

KERNEL_PKG=${KERNEL_PKG:-linux-image-6.1.0-57-amd64}
KERNEL_VERSION=${KERNEL_VERSION:-6.1.192-3}
KERNEL_SHA256=${KERNEL_SHA256:-14d219d01e1283261817d961dbb3895cb5b4288d0de10e0ba0632a0d993e15bf}

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
deb="$out/${KERNEL_PKG}_${KERNEL_VERSION}_amd64.deb"
deb=$(printf '%s' "$deb" | sed 's/:/%3a/g')   # apt's file name for epochs

# 1. download and verify
if [ ! -f "$deb" ]; then
	echo "kernel.sh: downloading $KERNEL_PKG=$KERNEL_VERSION" >&2
	(cd "$out" && apt-get -q -o APT::Sandbox::User=root \
		download "$KERNEL_PKG=$KERNEL_VERSION") || {
		echo "kernel.sh: download failed; is $KERNEL_VERSION still in the archive?" \
			"(apt-cache policy $KERNEL_PKG; apt-cache depends linux-image-amd64)" >&2
		exit 1
	}
fi
if ! echo "$KERNEL_SHA256  $deb" | sha256sum -c --status; then
	echo "kernel.sh: sha256 mismatch for $deb (expected $KERNEL_SHA256)" >&2
	mv "$deb" "$deb.bad"
	exit 1
fi

# 2. unpack
# (pkg/.done names the package it came from: a new pin redoes everything)
if [ "$(cat "$out/pkg/.done" 2>/dev/null)" != "$(basename "$deb")" ]; then
	rm -rf "$out/pkg" "$out/vmlinux"
	dpkg-deb -x "$deb" "$out/pkg"
	basename "$deb" > "$out/pkg/.done"
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
if [ ! -f "$out/vmlinux" ]; then
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
    if d[:4] != b'\x7fELF' or d[4] != 2:
        sys.exit('kernel.sh: %s: not a 64-bit ELF module' % path)
    shoff, = struct.unpack_from('<Q', d, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from('<HHH', d, 0x3a)
    def sh(i):
        o = shoff + i * shentsize
        name, = struct.unpack_from('<I', d, o)
        off, size = struct.unpack_from('<QQ', d, o + 0x18)
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
echo "kernel.sh: $kver: $out/vmlinux, $out/modules" >&2
