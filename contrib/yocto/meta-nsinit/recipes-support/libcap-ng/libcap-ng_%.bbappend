# SPDX-License-Identifier: MIT
# nsinit links libcap-ng statically: keep its libcap-ng.a
DISABLE_STATIC = ""
