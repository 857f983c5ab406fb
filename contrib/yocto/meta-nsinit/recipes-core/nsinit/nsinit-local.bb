# SPDX-License-Identifier: MIT
require nsinit.inc

# nsinit built from a local checkout as it is, uncommitted changes
# included (externalsrc: no fetch, no unpack, rebuilt when a file changes):
# by default the checkout this layer sits in; elsewhere, in local.conf:
#   EXTERNALSRC:pn-nsinit-local = "/path/to/nsinit"
# Install nsinit-local (and nsinit-local-init) instead of nsinit; the two
# recipes make the same files and cannot share an image.
inherit externalsrc
EXTERNALSRC ?= "${NSINIT_TREE}"
EXTERNALSRC_BUILD ?= "${B}"
SRC_URI = "file://config.h"
PV = "0.1"
RCONFLICTS:${PN} = "nsinit"
RCONFLICTS:${PN}-init = "nsinit-init"
