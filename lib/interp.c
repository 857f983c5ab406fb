/* SPDX-License-Identifier: MIT */
/* interp.h: a static executable, told by its program headers. */
#include <endian.h>
#include <string.h>
#include <unistd.h>

#include "interp.h"

#if __BYTE_ORDER == __LITTLE_ENDIAN
#define DATA ELFDATA2LSB
#else
#define DATA ELFDATA2MSB
#endif

#define PHNUM_MAX 256	/* more is no executable a shell would be */

bool
elf_static(int fd)
{
	elf_ehdr eh;
	elf_phdr ph;
	unsigned i;

	if (pread(fd, &eh, sizeof(eh), 0) != (ssize_t)sizeof(eh) ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELF_CLASS || eh.e_ident[EI_DATA] != DATA ||
	    (eh.e_type != ET_EXEC && eh.e_type != ET_DYN) ||
	    eh.e_phentsize != sizeof(ph) || eh.e_phnum == 0 ||
	    eh.e_phnum > PHNUM_MAX)
		return false;
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph),
			  (off_t)(eh.e_phoff + (uint64_t)i * sizeof(ph))) !=
		    (ssize_t)sizeof(ph))
			return false;
		if (ph.p_type == PT_INTERP)
			return false;
	}
	return true;
}
