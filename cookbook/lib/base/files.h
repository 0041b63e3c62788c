/* File helpers shared by the host tools. Every writer goes through a temporary name and a
 * rename, so a reader never sees a half-written file. */
#ifndef MH_BASE_FILES_H
#define MH_BASE_FILES_H

#include <stddef.h>

#include "base/error.h"

/* Reads a whole file; *out is NUL-terminated (the NUL is not counted in *len). */
int mh_read_file(const char *path, char **out, size_t *len, mh_error *err);

/* Writes path.tmp.<pid>, fsyncs it, then renames it over path. mode is applied to the file. */
int mh_write_file_atomic(const char *path, const void *data, size_t len, unsigned mode,
                         mh_error *err);

/* mkdir -p with mode 0755 for every created directory. */
int mh_mkdir_p(const char *path, mh_error *err);

/* rm -rf; a missing path is not an error. */
int mh_remove_tree(const char *path, mh_error *err);

/* "a" + "/" + "b" (no doubled slash); the caller frees. */
char *mh_path_join(const char *a, const char *b);

/* 1 if path exists (without following a final symlink), else 0. */
int mh_path_exists(const char *path);
int mh_is_directory(const char *path);

#endif
