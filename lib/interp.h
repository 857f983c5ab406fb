/* SPDX-License-Identifier: MIT */
/* Whether an executable runs by itself: the kernel looks up a script's
 * interpreter (#!) and a dynamic binary's (PT_INTERP) by path when it
 * runs them, and a path is what an untrusted writer may have changed. */
#ifndef NSINIT_INTERP_H
#define NSINIT_INTERP_H

#include <elf.h>
#include <stdbool.h>
#include <stdint.h>

/* This machine's ELF headers. */
#if UINTPTR_MAX > 0xffffffffU
typedef Elf64_Ehdr elf_ehdr;
typedef Elf64_Phdr elf_phdr;
#define ELF_CLASS ELFCLASS64
#else
typedef Elf32_Ehdr elf_ehdr;
typedef Elf32_Phdr elf_phdr;
#define ELF_CLASS ELFCLASS32
#endif

/* true when the file on fd (readable, any offset: it is read with pread)
 * is an ELF executable of this machine's class and byte order with no
 * PT_INTERP: static, or static-pie */
bool elf_static(int fd);

#endif
