/* An output file that appears under its name only when complete: data goes to a temporary file
 * beside the target ("<path>.tmp.XXXXXX") and a commit renames it into place; an abort (or any
 * failure) removes it. Used for archives, heads and data files, which can be too large to build
 * in memory first. */
#ifndef MH_PKGAR_OUTFILE_H
#define MH_PKGAR_OUTFILE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

typedef struct pkgar_outfile {
    char *path;
    char *tmp_path;
    int fd;
    uint64_t written; /* bytes appended with pkgar_outfile_write */
    uint8_t *buffer;  /* small writes are gathered here */
    size_t buffered;
} pkgar_outfile;

int pkgar_outfile_open(pkgar_outfile *out, const char *path, mh_error *err);
/* Appends at the current end (buffered). */
int pkgar_outfile_write(pkgar_outfile *out, const void *data, size_t len, mh_error *err);
/* Writes at an absolute offset (after flushing what is buffered); does not move the end. */
int pkgar_outfile_pwrite(pkgar_outfile *out, const void *data, size_t len, uint64_t offset,
                         mh_error *err);
/* Moves the append position to offset (the gap reads as zeros until written). */
int pkgar_outfile_seek(pkgar_outfile *out, uint64_t offset, mh_error *err);
/* Flushes, applies mode, renames over path. The outfile is released either way. */
int pkgar_outfile_commit(pkgar_outfile *out, unsigned mode, mh_error *err);
/* Removes the temporary file; safe to call after a failed commit or on an unopened outfile. */
void pkgar_outfile_abort(pkgar_outfile *out);

#endif
