# SPDX-License-Identifier: MIT
require nsinit.inc

# The source: by default the git checkout this layer sits in, at the
# pinned SRCREV (a commit of main whose tree the recipe was checked
# against). Override both where you keep your own copy, in a bbappend or
# local.conf:
#   NSINIT_GIT:pn-nsinit = "git://git.example.org/nsinit.git;protocol=https;branch=main"
#   SRCREV:pn-nsinit = "<40 hex digits>"
# Your own config.h: a bbappend with FILESEXTRAPATHS:prepend :=
# "${THISDIR}/files:" and files/config.h, or NSINIT_CONFIG = "/abs/path.h".
NSINIT_GIT ??= "git://${NSINIT_TREE};protocol=file;branch=main"
SRC_URI = "${NSINIT_GIT};destsuffix=git file://config.h"
SRCREV ?= "644e1cec76455b769b9054d86fb70fe93bb2daf6"
PV = "0.1+git"
S = "${UNPACKDIR}/git"
