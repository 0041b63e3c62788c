/* What the freestanding test programs share: strings, console output, the check counter and
 * a few process helpers. */
#ifndef KTEST_ULIB_H
#define KTEST_ULIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "syscalls.h"

/* The kernel's own string and memory functions (src/lib/kstring.c, built into each program):
 * the same freestanding code serves both, and gcc may emit calls to memcpy & co. on its own. */
#include "kstring.h"

bool same_string(const char *a, const char *b);
bool has_prefix(const char *text, const char *prefix);
/* Whether needle occurs in the first length bytes of haystack. */
bool contains(const char *haystack, size_t length, const char *needle);

extern int64_t console; /* debug: */
extern bool quiet;      /* print only failures and the summary */
extern int passed, failed;

void print(const char *text);
void print_number(int64_t value);
/* Formats value in decimal into buffer (NUL-terminated); returns the length. */
size_t format_number(char *buffer, int64_t value);
void check(bool ok, const char *what);

uint64_t nanoseconds(const struct mh_timespec *time);
uint64_t monotonic_ns(void);
void sleep_ms(int64_t milliseconds);

/* The wait status of child pid (reaping it), or -1. */
int32_t wait_for(int64_t pid);

/* Opens a path given as a C string. */
int64_t open_path(const char *path, unsigned flags);

/* Reads until length bytes arrived or end of file; returns the total or the first error. */
int64_t read_fully(int64_t fd, void *buffer, size_t length);
int64_t write_fully(int64_t fd, const void *buffer, size_t length);

int64_t map_anonymous(uint64_t size, uint64_t flags, uint64_t address);

/* Calls the restorer given to sigaction (signal_trampoline.S). */
void signal_restorer(void);

#endif
