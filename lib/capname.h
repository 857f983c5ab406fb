/* SPDX-License-Identifier: MIT */
/* The names of capabilities, as the kernel and libcap-ng spell them, for
 * the lines that name one (caps.c) and --print-config (print.c). */
#ifndef NSINIT_CAPNAME_H
#define NSINIT_CAPNAME_H

#include <stddef.h>

/* "net_raw" for CAP_NET_RAW (buf holds "cap_N" for a number the table
 * lacks); NULL for one the running kernel does not know */
const char *cap_name(int cap, char *buf, size_t size);

#endif
