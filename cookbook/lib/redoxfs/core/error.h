/* Error messages of the freestanding core, formatted without libc.
 *   RFS_FAIL(fs, RFS_EIO, "block %u: hash %x expected", RFS_U(index), RFS_U(hash))
 * records the code and message in fs->error and evaluates to -RFS_EIO. Conversions: %u
 * (decimal), %x (hex), %s (string). */
#ifndef RFS_ERROR_H
#define RFS_ERROR_H

#include <stdint.h>

#include "redoxfs/core/redoxfs.h"

typedef union rfs_arg {
    uint64_t u;
    const char *s;
} rfs_arg;

#define RFS_U(x) ((rfs_arg){.u = (uint64_t)(x)})
#define RFS_S(x) ((rfs_arg){.s = (x)})

/* args[1..] are the arguments of fmt (args[0] is a placeholder so the array is never
 * empty). Returns -code. */
int rfs_error_set(rfs_error *err, int code, const char *fmt, const rfs_arg *args);
/* Puts "prefix: " in front of the current message. */
void rfs_error_prefix(rfs_error *err, const char *fmt, const rfs_arg *args);

#define rfs_error_set(err, code, fmt, ...) \
    rfs_error_set((err), (code), (fmt), (const rfs_arg[]){RFS_U(0), ##__VA_ARGS__})
#define rfs_error_prefix(err, fmt, ...) \
    rfs_error_prefix((err), (fmt), (const rfs_arg[]){RFS_U(0), ##__VA_ARGS__})

#endif
