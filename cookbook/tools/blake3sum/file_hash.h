/* BLAKE3 of a file's contents, read in large pieces. */
#ifndef MH_BLAKE3SUM_FILE_HASH_H
#define MH_BLAKE3SUM_FILE_HASH_H

#include <stdint.h>

#include "base/error.h"
#include "blake3/blake3.h"

/* Hashes everything readable from fd until end of file; `name` is used in errors. */
int hash_fd(int fd, const char *name, uint8_t out[BLAKE3_OUT_LEN], mh_error *err);

/* Opens and hashes the file at path. */
int hash_path(const char *path, uint8_t out[BLAKE3_OUT_LEN], mh_error *err);

#endif
