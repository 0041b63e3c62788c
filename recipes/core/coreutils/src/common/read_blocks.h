/* Reading a file descriptor to its end in blocks, for cat and wc. */
#ifndef COREUTILS_READ_BLOCKS_H
#define COREUTILS_READ_BLOCKS_H

#include <stddef.h>

/* Calls consume(bytes, length, context) with each block read from fd (a read interrupted by a
 * signal is retried). Returns 0 at end of file, or 1 after reporting a read error as
 * "PROGRAM: NAME: error" on standard error. */
int read_blocks(const char *program, int fd, const char *name,
                void (*consume)(const char *bytes, size_t length, void *context), void *context);

#endif
