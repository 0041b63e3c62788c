/* Reaching paths inside a base directory without ever following a symlink: every directory
 * component is opened with O_NOFOLLOW relative to its parent, so a symlink already on disk
 * (or planted while we work) cannot redirect a write outside the base. Directories created on
 * the way are remembered so that a failed operation can remove them again. */
#ifndef MH_PKGAR_DIRWALK_H
#define MH_PKGAR_DIRWALK_H

#include <stddef.h>

#include "base/error.h"

#define PKGAR_DIRWALK_MISSING (-2)

typedef struct pkgar_dirwalk {
    int base_fd;
    char *base_path;  /* for messages */
    char *cached_rel; /* relative path of cached_fd ("" = the base) */
    int cached_fd;
    char **created; /* relative paths of directories this walk made, oldest first */
    size_t created_count, created_cap;
} pkgar_dirwalk;

int pkgar_dirwalk_open(pkgar_dirwalk *walk, const char *base, mh_error *err);
void pkgar_dirwalk_close(pkgar_dirwalk *walk);

/* Opens the directory holding rel (a checked relative path) and points *leaf at rel's last
 * component. Returns a directory fd owned by the walk (valid until the next call), or
 * PKGAR_DIRWALK_MISSING (without an error) when a directory is missing and create is 0, or -1
 * with err set when a component is a symlink or not a directory. With create, missing
 * directories are made with mode 0755. */
int pkgar_dirwalk_parent(pkgar_dirwalk *walk, const char *rel, int create, const char **leaf,
                         mh_error *err);

/* Removes the directories this walk created, newest first, as far as they are empty. */
void pkgar_dirwalk_rollback(pkgar_dirwalk *walk);

#endif
