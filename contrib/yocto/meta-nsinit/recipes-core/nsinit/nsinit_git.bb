# SPDX-License-Identifier: MIT
SUMMARY = "A static init for appliance containers and small machines"
DESCRIPTION = "One static binary, configured at build time by a config.h \
(nsinit.conf(5)), that runs an appliance in a container or boots a \
machine as the kernel's init."
# the source tree has no licence file yet
LICENSE = "CLOSED"

# Set NSINIT_GIT to where nsinit's repository is, and give your own
# config.h in a bbappend: FILESEXTRAPATHS:prepend := "${THISDIR}/files:"
NSINIT_GIT ??= "git://git.example.org/nsinit.git;protocol=https;branch=main"
SRC_URI = "${NSINIT_GIT} file://config.h"
SRCREV ??= "${AUTOREV}"
PV = "0.1+git"
S = "${WORKDIR}/git"

DEPENDS = "libcap-ng"
# musl only: the Makefile builds a static musl binary
COMPATIBLE_HOST:libc-glibc = "null"

# nsinit's own Makefile, with Yocto's compiler and flags (added after
# nsinit's), its libcap-ng, the toolchain's kernel headers (KH=), no strip
# (Yocto strips and keeps the symbols in -dbg), and -z norelro: RELRO does
# nothing in a static musl binary and pads it by up to 64 KiB on aarch64.
# tests/t_build.sh runs these very lines, with each cross compiler.
EXTRA_OEMAKE = "-C ${S} CC='${CC}' CFLAGS='${CFLAGS}' \
    LDFLAGS='${LDFLAGS} -Wl,-z,norelro' CONFIG=${WORKDIR}/config.h \
    CAPNG=${STAGING_DIR_TARGET}${prefix} KH= STRIP= O=${B}"

do_compile() {
	oe_runmake
}

do_install() {
	oe_runmake install DESTDIR=${D} PREFIX=${prefix} SBINDIR=${sbindir} \
		MANDIR=${mandir}
}

FILES:${PN} = "${sbindir}/nsinit"
FILES:${PN}-doc = "${mandir}"
