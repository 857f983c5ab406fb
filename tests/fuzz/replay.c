/* SPDX-License-Identifier: MIT */
/* A main for a fuzz target where libFuzzer is not at hand (a board's
 * compiler, qemu-user): each file named on the command line goes once
 * through LLVMFuzzerTestOneInput, as libFuzzer would give it, in a buffer
 * of exactly its size. A CHECK that fails aborts; 0 when all went through. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The whole of path, malloc'd (the target may keep no pointer into it);
 * NULL with a line on failure. */
static uint8_t *
slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n = 0;

	if (!f || fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) < 0 ||
	    !(buf = malloc(n ? (size_t)n : 1)) ||
	    fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fprintf(stderr, "replay: %s: cannot read it\n", path);
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	*size = (size_t)n;
	return buf;
}

int
main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		size_t size;
		uint8_t *buf = slurp(argv[i], &size);

		if (!buf)
			return 1;
		LLVMFuzzerTestOneInput(buf, size);
		free(buf);
	}
	printf("ok %s: %d inputs\n", argv[0], argc - 1);
	return 0;
}
