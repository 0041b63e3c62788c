/* Path resolution on a RedoxFS volume: '.', '..' and symbolic links (at most 32). A link
 * whose target is another scheme ("/scheme/NAME...", "NAME:...") cannot be followed here: the
 * answer is EXDEV, and the C library resolves such paths itself (as with upstream redoxfs). */
#ifndef REDOXFSD_PATH_H
#define REDOXFSD_PATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "access.h"
#include "redoxfs/core/redoxfs.h"

#define PATH_NAME_MAX 255
#define PATH_SCHEME "file" /* the scheme redoxfsd serves */

struct resolved {
    uint32_t id;     /* the node, 0 when only the last component is missing */
    uint32_t parent; /* the directory holding the last component */
    uint8_t name[PATH_NAME_MAX + 1]; /* the last component ("" for the root) */
    uint32_t name_len;
};

/* Resolves the absolute path (len bytes) for caller, who needs search permission on every
 * directory passed through (-13, EACCES); a symbolic link as last component is followed when
 * follow_last. Link targets in this scheme may be written "/a", "a", "file:/a" or
 * "/scheme/file/a". Returns 0 or a negative RFS_E* / ELOOP (-40) / EACCES code, -RFS_EXDEV
 * for a link to be followed into another scheme. */
int path_resolve(rfs_fs *fs, const struct caller *caller, const char *path, size_t len, bool follow_last,
                 struct resolved *out);

#endif
