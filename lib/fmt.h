/* SPDX-License-Identifier: MIT */
/* printf's formatting, only as much of it as nsinit's messages use: the
 * flags '-' '0' '+' ' ' '#', a width and a precision (numbers or '*'), the
 * lengths hh h l ll z j t, and %d %i %u %x %X %o %c %s %%. No floating
 * point, no %n, no %p: a conversion it does not know is copied as it
 * stands. In the static binary it is snprintf, vsnprintf, dprintf and
 * printf (see fmt.c): musl's vfprintf, most of it floating point, stays
 * out. */
#ifndef NSINIT_FMT_H
#define NSINIT_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* As vsnprintf: at most size - 1 characters and a NUL (nothing when
 * size is 0); the length the whole text has. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/* As vdprintf: the text written whole to fd (write_all); its length,
 * or -1 with errno when a write failed. */
int fmt_vdprintf(int fd, const char *fmt, va_list ap);

#endif
