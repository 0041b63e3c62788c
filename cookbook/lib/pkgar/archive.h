/* Reading and verifying pkgar archives (a whole .pkgar, or a .pkgar_head alone).
 *
 * Opening verifies everything the head can prove before anything else is done with it: the
 * Ed25519 signature with the trusted key, that the embedded key is the trusted key, the flags,
 * the BLAKE3 of the entry table, each entry (mode, path), that no two entries have the same path
 * and that no entry lies under another (a file or symlink cannot also be a directory). When the
 * file has a data section, every entry's data must lie within it. Each entry's content is then
 * checked against its BLAKE3 as it is read. */
#ifndef MH_PKGAR_ARCHIVE_H
#define MH_PKGAR_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "pkgar/format.h"
#include "pkgar/keys.h"
#include "pkgar/packaging.h"

typedef struct pkgar_archive {
    char *path; /* for messages */
    int fd;
    uint64_t file_size;
    uint64_t head_size; /* 136 + 308 * count: where the data section starts */
    pkgar_header header;
    uint32_t count;
    pkgar_entry *entries; /* in archive order */
    uint32_t *by_path;    /* entry indexes sorted by path */
    uint8_t *buffer;
    pkgar_lzma2 *lzma; /* created on first use */
} pkgar_archive;

int pkgar_archive_open(pkgar_archive *archive, const char *path, const pkgar_public_key *trusted,
                       mh_error *err);
/* Like pkgar_archive_open on an open file (which the archive then owns and closes); name is
 * used in messages. */
int pkgar_archive_open_fd(pkgar_archive *archive, int fd, const char *name,
                          const pkgar_public_key *trusted, mh_error *err);
void pkgar_archive_close(pkgar_archive *archive);

/* Whether the file holds the data of every entry (a .pkgar_head does not, unless all entries
 * are empty); the error says which entry is missing. */
int pkgar_archive_check_data(const pkgar_archive *archive, mh_error *err);

/* Streams entry index's content (uncompressed) to sink, then checks its length and BLAKE3.
 * Returns 0 only when everything given to sink was the signed content; on -1 the sink may
 * already have received bytes, which the caller must discard. */
int pkgar_archive_read_entry(pkgar_archive *archive, uint32_t index, pkgar_sink sink, void *ctx,
                             mh_error *err);

/* Reads and checks every entry's content. */
int pkgar_archive_verify_data(pkgar_archive *archive, mh_error *err);

/* The uncompressed size of an entry (for LZMA2, the length prefix of its data). */
int pkgar_archive_unpacked_size(pkgar_archive *archive, uint32_t index, uint64_t *size,
                                mh_error *err);
/* Upstream's storage_size: the file size when uncompressed, else head + all unpacked sizes. */
int pkgar_archive_storage_size(pkgar_archive *archive, uint64_t *size, mh_error *err);

/* The index of the entry with this path, or -1. */
int64_t pkgar_archive_find(const pkgar_archive *archive, const char *path, size_t len);

/* Writes the head (.pkgar_head: bytes before the data section) to head_path and, when
 * data_path is not NULL, the data section to data_path; each file appears complete or not at
 * all. cat head data reproduces the archive. */
int pkgar_archive_split(pkgar_archive *archive, const char *head_path, const char *data_path,
                        mh_error *err);

#endif
