/* Creating a pkgar archive from a directory (upstream `pkgar create`): the tree's files and
 * symlinks in upstream's order, each stored raw or LZMA2-compressed, hashed with BLAKE3, and the
 * header signed with Ed25519. The same tree and key always give the same bytes. */
#ifndef MH_PKGAR_CREATE_H
#define MH_PKGAR_CREATE_H

#include <stdint.h>

#include "base/error.h"
#include "pkgar/format.h"
#include "pkgar/keys.h"

typedef struct pkgar_create_options {
    pkgar_packaging packaging;
    uint8_t architecture; /* pkgar_architecture; upstream's CLI always writes 0 */
} pkgar_create_options;

/* What a package's metadata needs to know about the archive just written. */
typedef struct pkgar_create_info {
    uint8_t entries_hash[PKGAR_HASH_SIZE]; /* header bytes 96..128: the package toml's blake3 */
    uint32_t count;
    uint64_t network_size; /* the archive's size */
    uint64_t storage_size; /* archive size if raw, else head + uncompressed data */
} pkgar_create_info;

/* Writes the archive of dir to archive_path (through a temporary file beside it, so the path
 * holds a complete archive or is untouched). options may be NULL (raw, architecture 0); info
 * may be NULL. */
int pkgar_create(const char *archive_path, const char *dir, const pkgar_secret_key *key,
                 const pkgar_create_options *options, pkgar_create_info *info, mh_error *err);

#endif
