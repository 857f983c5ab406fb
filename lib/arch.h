/* SPDX-License-Identifier: MIT */
/* This architecture's AUDIT_ARCH_*, for a seccomp filter's first
 * check: the seccomp stage's and the tests' ENOSYS helper's. */
#ifndef NSINIT_ARCH_H
#define NSINIT_ARCH_H

#include <linux/audit.h>

/* The numbers of <sys/syscall.h> are this architecture's: the filter
 * must see a call of this architecture to compare them, and kills any
 * other. That is how a 64-bit kernel's compat ABI is refused: i386 on
 * x86_64 (x32 shares the arch and is refused by its number bit), AArch32
 * on aarch64 (AUDIT_ARCH_ARM), rv32 on riscv64. 32-bit ARM has no other:
 * its kernel offers the seccomp filter only without OABI_COMPAT. clone's
 * flags are its first argument on all of these (s390 differs). */
#if defined(__x86_64__)
#define NATIVE_ARCH AUDIT_ARCH_X86_64
#define X32_BIT 0x40000000U	/* same arch, other numbers: the x32 ABI */
#elif defined(__aarch64__)
#define NATIVE_ARCH AUDIT_ARCH_AARCH64
#elif defined(__arm__)
#define NATIVE_ARCH AUDIT_ARCH_ARM
#elif defined(__i386__)
#define NATIVE_ARCH AUDIT_ARCH_I386
#elif defined(__riscv) && __riscv_xlen == 64
#define NATIVE_ARCH AUDIT_ARCH_RISCV64
#else
#error "arch.h: add this architecture's AUDIT_ARCH_*"
#endif

#endif
