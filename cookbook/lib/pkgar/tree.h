/* The files of a directory tree in upstream pkgar's archive order: within each directory,
 * entries sorted by name bytes, subdirectories walked in place (depth first). Only regular
 * files and symlinks are archived (directories are implied by paths; empty ones are lost);
 * anything else is an error naming it. */
#ifndef MH_PKGAR_TREE_H
#define MH_PKGAR_TREE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

typedef struct pkgar_tree_file {
    char *path;        /* relative to the tree's root, "/"-separated, at most 255 bytes */
    uint32_t mode;     /* permission bits | PKGAR_MODE_FILE or PKGAR_MODE_SYMLINK */
    uint64_t size;     /* file size, or the symlink target's length */
    char *link_target; /* symlinks only */
} pkgar_tree_file;

typedef struct pkgar_tree {
    pkgar_tree_file *files;
    size_t count, cap;
} pkgar_tree;

/* Lists dir into tree (which must be zeroed). */
int pkgar_tree_scan(const char *dir, pkgar_tree *tree, mh_error *err);
void pkgar_tree_free(pkgar_tree *tree);

#endif
