/* SPDX-License-Identifier: MIT */
/* Unit tests for lib/interp.c: which files run without an interpreter
 * looked up by path. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "interp.h"
#include "unit.h"
#include "util.h"

/* A file holding an ELF header of this machine and the program headers
 * of the given types; cut to len bytes when len is not 0. */
static int
elf_file(const unsigned *types, unsigned n, size_t len)
{
	unsigned char buf[1024] = { 0 };
	elf_ehdr *eh = (elf_ehdr *)buf;
	elf_phdr *ph = (elf_phdr *)(buf + sizeof(*eh));
	int fd = memfd_create("elf", 0);
	unsigned i;

	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELF_CLASS;
	eh->e_ident[EI_DATA] = *(const unsigned char *)&(uint16_t){ 1 } ?
			       ELFDATA2LSB : ELFDATA2MSB;
	eh->e_type = ET_EXEC;
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = (uint16_t)n;
	for (i = 0; i < n; i++)
		ph[i].p_type = types[i];
	if (!len)
		len = sizeof(*eh) + n * sizeof(*ph);
	if (write(fd, buf, len) != (ssize_t)len)
		return -1;
	return fd;
}

static int
an_elf_executable_without_an_interpreter_is_static(void)
{
	unsigned t[] = { PT_LOAD, PT_LOAD, PT_GNU_STACK };
	int fd = elf_file(t, 3, 0);

	CHECK(fd >= 0 && elf_static(fd));
	close(fd);
	return 1;
}

static int
a_pt_interp_anywhere_makes_it_dynamic(void)
{
	unsigned t[] = { PT_LOAD, PT_LOAD, PT_INTERP };
	int fd = elf_file(t, 3, 0);

	CHECK(fd >= 0 && !elf_static(fd));
	close(fd);
	return 1;
}

static int
program_headers_cut_short_are_not_static(void)
{
	unsigned t[] = { PT_LOAD, PT_LOAD };
	int fd = elf_file(t, 2, sizeof(elf_ehdr) + sizeof(elf_phdr) + 4);

	CHECK(fd >= 0 && !elf_static(fd));
	close(fd);
	return 1;
}

static int
a_script_is_not_static(void)
{
	int fd = memfd_create("script", 0);

	CHECK(fd >= 0 && write(fd, "#!/bin/sh\necho hi\n", 18) == 18);
	CHECK(!elf_static(fd));
	close(fd);
	return 1;
}

static int
an_empty_file_is_not_static(void)
{
	int fd = memfd_create("empty", 0);

	CHECK(fd >= 0 && !elf_static(fd));
	close(fd);
	return 1;
}

int
main(void)
{
	static const struct unit_test tests[] = {
		T(an_elf_executable_without_an_interpreter_is_static),
		T(a_pt_interp_anywhere_makes_it_dynamic),
		T(program_headers_cut_short_are_not_static),
		T(a_script_is_not_static),
		T(an_empty_file_is_not_static),
	};

	return run_tests(tests, LEN(tests));
}
