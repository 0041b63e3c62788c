/* Mirroring a local directory (a recipe's `path` source) into source/: files whose size or
 * modification time differ are copied (keeping mode and time), links re-created, and what no
 * longer exists in the original is removed. Unchanged files are not touched, so a synced tree
 * keeps its timestamps and incremental builds stay incremental. */
#ifndef MH_COOK_TREE_SYNC_H
#define MH_COOK_TREE_SYNC_H

#include <stdint.h>

#include "base/error.h"

/* *newest_mtime receives the latest modification time in from (seconds). */
int cook_sync_tree(const char *from, const char *to, int64_t *newest_mtime, mh_error *err);

#endif
