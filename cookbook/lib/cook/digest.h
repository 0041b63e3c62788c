/* BLAKE3 of files and of several inputs combined, in the hex form the cookbook stores. */
#ifndef MH_COOK_DIGEST_H
#define MH_COOK_DIGEST_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "blake3/blake3.h"

#define COOK_HEX_LEN 64
typedef char cook_hex[COOK_HEX_LEN + 1];

/* BLAKE3 of a file's content. */
int cook_hash_file(const char *path, uint8_t hash[BLAKE3_OUT_LEN], mh_error *err);
int cook_hash_file_hex(const char *path, cook_hex hex, mh_error *err);

/* Feeds a length-prefixed field, so that ("ab","c") and ("a","bc") hash differently. */
void cook_hash_field(blake3_hasher *h, const void *data, size_t len);
void cook_hash_str(blake3_hasher *h, const char *s); /* NULL hashes differently from "" */
void cook_hash_finish_hex(const blake3_hasher *h, cook_hex hex);

#endif
