/* Test helpers: files and trees on disk, and archives written entry by entry (so tests can make
 * archives that pkgar_create never would: "..", absolute paths, duplicates, symlink escapes),
 * correctly hashed and signed with a test key so that only the crafted flaw is wrong. */
#ifndef MH_PKGAR_TESTS_CRAFT_H
#define MH_PKGAR_TESTS_CRAFT_H

#include <stddef.h>
#include <stdint.h>

#include "pkgar/format.h"
#include "pkgar/keys.h"

typedef struct craft_entry {
    const char *path;
    uint32_t mode; /* kind | permissions */
    const void *data;
    size_t len;
} craft_entry;

/* A fixed key pair (derived from a constant seed), so failures reproduce. */
void craft_test_key(pkgar_public_key *pk, pkgar_secret_key *sk);
/* A second, different fixed key pair. */
void craft_other_key(pkgar_public_key *pk, pkgar_secret_key *sk);

/* Writes an archive with these entries, in this order, stored with packaging. */
void craft_archive(const char *path, const pkgar_secret_key *sk, pkgar_packaging packaging,
                   const craft_entry *entries, size_t count);
/* Recomputes the entry table hash and the signature of an archive file (after a test changed
 * its entries), with sk. */
void craft_resign(const char *path, const pkgar_secret_key *sk);

/* Small file helpers; they abort the test program on failure (a broken fixture is not a test
 * result). */
void craft_write(const char *dir, const char *rel, const void *data, size_t len, unsigned mode);
void craft_symlink(const char *dir, const char *rel, const char *target);
void craft_mkdir(const char *dir, const char *rel);
char *craft_read(const char *path, size_t *len);
/* Flips one bit of the byte at offset. */
void craft_flip(const char *path, uint64_t offset);
uint64_t craft_file_size(const char *path);
void craft_truncate(const char *path, uint64_t size);
/* Number of directory entries under dir, recursively (0 for an empty or missing dir). */
size_t craft_count_tree(const char *dir);
/* Whether two trees hold the same files, symlinks, contents and permission bits. */
int craft_same_tree(const char *a, const char *b);

#endif
