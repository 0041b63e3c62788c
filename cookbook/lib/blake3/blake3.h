/* BLAKE3 hashing (plain mode, extendable output), written from the BLAKE3 specification.
 *
 *   blake3_hasher h;
 *   blake3_hasher_init(&h);
 *   blake3_hasher_update(&h, data, len);       (any number of times, any split)
 *   blake3_hasher_finalize(&h, out, BLAKE3_OUT_LEN);
 *
 * Large updates hash many 1 KiB chunks in parallel with SSE4.1, AVX2 or AVX-512 when the CPU has
 * them (chosen once at run time); every path gives the same bytes. The environment variable
 * MH_BLAKE3_SIMD=portable|sse41|avx2|avx512 caps the path used, so tests can exercise each one. */
#ifndef MH_BLAKE3_H
#define MH_BLAKE3_H

#include <stddef.h>
#include <stdint.h>

#define BLAKE3_OUT_LEN 32

/* The fields are private; the struct is public only so a hasher can live on the stack. */
typedef struct blake3_hasher {
    uint32_t chunk_cv[8];      /* chaining value of the chunk being filled */
    uint64_t chunk_counter;    /* index of that chunk in the input */
    uint8_t block[64];         /* its last, not yet compressed, block */
    uint8_t block_len;         /* bytes in block */
    uint8_t blocks_compressed; /* blocks of the chunk already folded into chunk_cv */
    uint8_t stack_len;
    /* Chaining values of completed subtrees, largest first: at most one per set bit of the
     * number of completed chunks (an input has fewer than 2^54) plus the latest subtree. */
    uint8_t stack[55][32];
} blake3_hasher;

void blake3_hasher_init(blake3_hasher *h);
void blake3_hasher_update(blake3_hasher *h, const void *data, size_t len);
/* Writes out_len bytes of output (any length: the first 32 are the hash); h is unchanged, so
 * more input may follow. */
void blake3_hasher_finalize(const blake3_hasher *h, uint8_t *out, size_t out_len);

/* One-shot hash of data. */
void blake3_hash(const void *data, size_t len, uint8_t out[BLAKE3_OUT_LEN]);

/* Lowercase hex, NUL-terminated. */
void blake3_to_hex(const uint8_t hash[BLAKE3_OUT_LEN], char hex[2 * BLAKE3_OUT_LEN + 1]);
/* Parses exactly 64 hex digits (either case) followed by the end of the string. Returns 0, or -1
 * (hash untouched) for anything else. */
int blake3_from_hex(const char *hex, uint8_t hash[BLAKE3_OUT_LEN]);

#endif
