/* Consistency check of a whole volume (what redoxfsck runs): every block pointer is read and
 * verified, every block must be used exactly once or be free, node and directory fields
 * must agree with what they describe. */
#ifndef RFS_CHECK_H
#define RFS_CHECK_H

#include <stdbool.h>
#include <stdint.h>

#include "redoxfs/core/redoxfs.h"

typedef struct rfs_check_result {
    uint64_t errors, warnings;
    uint64_t nodes, files, dirs, symlinks, entries;
    uint64_t used_blocks, free_blocks;
    uint64_t data_bytes; /* sum of file and symlink sizes */
} rfs_check_result;

/* Receives each finding; error == false for oddities upstream itself produces. */
typedef void (*rfs_check_report_fn)(void *ctx, bool error, const char *message);

/* Walks the committed state (uncommitted changes are refused). Returns 0 when the walk could run (findings are in *res), or a negative
 * code when not even that was possible. */
int rfs_check(rfs_fs *fs, rfs_check_report_fn report, void *ctx, rfs_check_result *res);

#endif
