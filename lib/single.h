/* SPDX-License-Identifier: MIT */
/* fork, setresuid, setresgid and setgroups for a process of one thread,
 * as nsinit's are: musl's take its locks for other threads around fork
 * and run its atfork handlers, and change the ids of every thread one by
 * one (__synccall, with its semaphores and signals), which here is the
 * one. In the static binary these replace musl's (see single.c): 2.6 KiB
 * of code less, for the same system calls. */
#ifndef NSINIT_SINGLE_H
#define NSINIT_SINGLE_H

#endif
