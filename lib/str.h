/* SPDX-License-Identifier: MIT */
/* strtoul, strtol and strstr, as C says, in less than musl's code (its
 * strtoul reads through a FILE, its strstr is the two-way search for
 * long texts). In the static binary they are the C library's functions
 * (see str.c), for nsinit's calls and libcap-ng's. */
#ifndef NSINIT_STR_H
#define NSINIT_STR_H

unsigned long str_toul(const char *s, char **end, int base);
long str_tol(const char *s, char **end, int base);
/* Compares at each place in turn: as many steps as the two lengths'
 * product at worst, for the short lines nsinit searches. */
char *str_str(const char *text, const char *word);

#endif
