/* Hashing directory trees by content, fast enough to run on every cook: a stat cache remembers
 * each file's BLAKE3 together with its inode, size, modification and change times, and a file
 * whose stat is unchanged is not read again. Files modified in the last two seconds are hashed
 * but not cached, since a later change within the file system's timestamp granularity could go
 * unnoticed. The cache is a text file, rewritten only when it changed. */
#ifndef MH_COOK_TREE_HASH_H
#define MH_COOK_TREE_HASH_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "base/strmap.h"
#include "blake3/blake3.h"

typedef struct cook_stat_cache {
    char *path;
    mh_strmap entries;       /* key -> struct (see tree_hash.c) */
    void **owned;            /* every entry, for freeing and saving */
    size_t count, cap;
    bool dirty;
    int64_t now;             /* when hashing started (seconds) */
} cook_stat_cache;

/* Loads the cache at path (a missing or damaged file gives an empty cache). */
void cook_stat_cache_open(cook_stat_cache *cache, const char *path);
/* Writes the entries used since opening, when anything changed. */
int cook_stat_cache_save(cook_stat_cache *cache, mh_error *err);
void cook_stat_cache_close(cook_stat_cache *cache);

/* Decides which names of a directory are left out; rel is the path from the tree's root. */
typedef bool (*cook_tree_filter)(const char *rel, const char *name, bool is_dir);

/* Feeds the tree at dir into h: every entry's relative path and kind, files' executable bit
 * and content hash, symlinks' targets, in sorted order. prefix keeps the cache keys of
 * different trees apart. *newest_mtime is raised to the latest modification time seen. A
 * missing dir hashes as empty. */
int cook_tree_hash(cook_stat_cache *cache, const char *prefix, const char *dir,
                   cook_tree_filter filter, blake3_hasher *h, int64_t *newest_mtime,
                   mh_error *err);

/* Like cook_tree_hash for a path that may also be a single file (links are followed); a
 * missing path hashes differently from an empty directory or file. */
int cook_path_hash(cook_stat_cache *cache, const char *prefix, const char *path,
                   cook_tree_filter filter, blake3_hasher *h, int64_t *newest_mtime,
                   mh_error *err);

#endif
