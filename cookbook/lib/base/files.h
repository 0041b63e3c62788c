/* File helpers shared by the host tools. Every writer goes through a temporary name and a
 * rename, so a reader never sees a half-written file. */
#ifndef MH_BASE_FILES_H
#define MH_BASE_FILES_H

#include <dirent.h>
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

/* The names an open directory lists, without "." and "..", sorted bytewise (so that walks are
 * reproducible). Returns 0, or -1 with errno set when reading fails (nothing to free then). */
int mh_read_dir_names(DIR *dir, char ***names, size_t *count);
/* The same for the directory at path, opened and closed here. */
int mh_list_dir(const char *path, char ***names, size_t *count);
void mh_free_names(char **names, size_t count);
/* qsort and bsearch order of an array of strings: bytewise. */
int mh_compare_strings(const void *a, const void *b);

#endif
