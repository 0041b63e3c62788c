/* Unpacking source archives (tar with any compression libarchive knows, zip) into a directory,
 * dropping the top-level directory as `tar --strip-components 1` does. Refuses entries that
 * would land outside the directory: absolute paths, ".." components, symbolic links whose
 * target leaves the tree, and hard links to anything outside. Owners are not restored; file
 * modes are, made writable by the owner so the tree can be patched and removed. */
#ifndef MH_COOK_UNPACK_H
#define MH_COOK_UNPACK_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"

/* Unpacks archive into dest (created if needed). *newest_mtime receives the latest modification
 * time of any entry (the tarball's SOURCE_DATE_EPOCH), 0 when there were none. */
int cook_unpack(const char *archive, const char *dest, int64_t *newest_mtime, mh_error *err);

/* Whether a symbolic link at path (relative to the tree's root) pointing at target stays inside
 * the tree when resolved lexically. */
bool cook_link_stays_inside(const char *path, const char *target);

#endif
