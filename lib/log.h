/* SPDX-License-Identifier: MIT */
/* One line per failure: "init: LABEL: object: reason". The label is the
 * running stage's name from init.c's tables (log_stage), so a stage never
 * writes its own name. Logging never clobbers errno, never allocates. */
#ifndef NSINIT_LOG_H
#define NSINIT_LOG_H

#include <stdbool.h>

/* The label of the lines that follow; returns the one before. */
const char *log_stage(const char *name);

/* For code outside the stage tables: the lines of the rest of the calling
 * function carry name, and the label before comes back when it returns. */
#define LOG_AS(name)							\
	const char *log_was_ __attribute__((cleanup(log_back), unused)) = \
		log_stage(name)
void log_back(const char **was);

/* An error (kept for the launcher while held) and a warning. */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A line for the console as it is, e.g. the status line of boot mode. */
void info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void log_kmsg(int fd);	/* boot mode: also to the kernel's log */
void log_hold(bool on);	/* keep the last error for the launcher */
const char *last_error(void);

#endif
