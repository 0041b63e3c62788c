/* The pkgar on-disk format (upstream pkgar 0.2.x): a 136-byte signed header, a table of
 * 308-byte entries, then the entries' data, all little-endian.
 *
 *   header: signature[64] public_key[32] entries_hash[32] count u32
 *           data_version u8, architecture u8, packaging u8, reserved u8
 *   entry:  blake3[32] offset u64 size u64 mode u32 path[256]
 *
 * The signature (Ed25519) covers header bytes 64..136; entries_hash is the BLAKE3 of the whole
 * entry table; each entry's blake3 is the hash of its uncompressed content. This file encodes
 * and decodes those structs and checks what a single entry may contain (mode, path). */
#ifndef MH_PKGAR_FORMAT_H
#define MH_PKGAR_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"

#define PKGAR_HEADER_SIZE 136u
#define PKGAR_ENTRY_SIZE 308u
#define PKGAR_SIGNED_OFFSET 64u /* the signature covers header bytes 64..136 */
#define PKGAR_SIGNATURE_SIZE 64u
#define PKGAR_PUBLIC_KEY_SIZE 32u
#define PKGAR_SECRET_KEY_SIZE 64u /* libsodium layout: seed[32] || public key[32] */
#define PKGAR_HASH_SIZE 32u
#define PKGAR_PATH_FIELD_SIZE 256u
#define PKGAR_PATH_MAX 255u /* the path field is NUL-terminated */

#define PKGAR_MODE_PERM 07777u
#define PKGAR_MODE_KIND 0170000u
#define PKGAR_MODE_FILE 0100000u
#define PKGAR_MODE_SYMLINK 0120000u

/* Bytes of LZMA2 entry data before the raw LZMA2 stream: the uncompressed length, u64 LE. */
#define PKGAR_LZMA2_PREFIX_SIZE 8u

typedef enum pkgar_packaging {
    PKGAR_PACKAGING_RAW = 0,
    PKGAR_PACKAGING_LZMA2 = 1,
} pkgar_packaging;

typedef enum pkgar_architecture {
    PKGAR_ARCH_INDEPENDENT = 0,
    PKGAR_ARCH_X86_64 = 1,
    PKGAR_ARCH_I586 = 2,
    PKGAR_ARCH_AARCH64 = 3,
    PKGAR_ARCH_RISCV64 = 4,
} pkgar_architecture;

typedef struct pkgar_header {
    uint8_t signature[PKGAR_SIGNATURE_SIZE];
    uint8_t public_key[PKGAR_PUBLIC_KEY_SIZE];
    uint8_t entries_hash[PKGAR_HASH_SIZE];
    uint32_t count;
    uint8_t data_version; /* 0 is the only version */
    uint8_t architecture; /* pkgar_architecture (newer upstream values are kept as read) */
    uint8_t packaging;    /* pkgar_packaging */
    uint8_t reserved;
} pkgar_header;

typedef struct pkgar_entry {
    uint8_t hash[PKGAR_HASH_SIZE]; /* BLAKE3 of the uncompressed content */
    uint64_t offset;               /* of the stored data, from the start of the data section */
    uint64_t size;                 /* stored bytes (with the LZMA2 prefix when compressed) */
    uint32_t mode;                 /* permissions | PKGAR_MODE_FILE or PKGAR_MODE_SYMLINK */
    uint16_t path_len;
    char path[PKGAR_PATH_FIELD_SIZE]; /* relative path, NUL-terminated */
} pkgar_entry;

/* 136 + 308 * count: where the data section starts, and the size of a .pkgar_head file. */
uint64_t pkgar_head_size(uint32_t count);

void pkgar_header_encode(const pkgar_header *header, uint8_t out[PKGAR_HEADER_SIZE]);
void pkgar_header_decode(const uint8_t in[PKGAR_HEADER_SIZE], pkgar_header *header);

/* Entry bytes: the path field is zero-filled after the path, so equal entries encode equally. */
void pkgar_entry_encode(const pkgar_entry *entry, uint8_t out[PKGAR_ENTRY_SIZE]);
/* Decodes and checks one entry (mode, path). archive names the file in errors; index is the
 * entry's position in the table. */
int pkgar_entry_decode(const uint8_t in[PKGAR_ENTRY_SIZE], pkgar_entry *entry, const char *archive,
                       uint32_t index, mh_error *err);

/* Every mode bit must be a permission bit or the FILE/SYMLINK kind; the kind is required. */
int pkgar_mode_check(uint32_t mode, const char *archive, const char *path, mh_error *err);

/* A path an archive may contain: 1..255 bytes, no NUL, relative, and every component a plain
 * name (not empty, ".", ".."). Returns 0, or -1 with a message naming the bad component. */
int pkgar_path_check(const char *path, size_t len, const char *archive, mh_error *err);

/* path with control bytes and backslashes escaped (\xNN, \\), for messages; the caller frees. */
char *pkgar_path_display(const char *path, size_t len);

#endif
