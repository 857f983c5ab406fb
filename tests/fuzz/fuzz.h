/* SPDX-License-Identifier: MIT */
/* The fuzz targets' check: an invariant that fails aborts, with the
 * condition's text, so that libFuzzer keeps the input. */
#ifndef NSINIT_FUZZ_H
#define NSINIT_FUZZ_H

#include <stdio.h>
#include <stdlib.h>

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
		abort(); \
	} \
} while (0)

#endif
