/* Internals of the BLAKE3 library shared by the hasher, the compression back ends (portable C,
 * SSE4.1, AVX2, AVX-512) and the unit tests. Not part of the public API. */
#ifndef MH_BLAKE3_IMPL_H
#define MH_BLAKE3_IMPL_H

#include <stddef.h>
#include <stdint.h>

#define BLAKE3_BLOCK_LEN 64
#define BLAKE3_CHUNK_LEN 1024
#define BLAKE3_BLOCKS_PER_CHUNK (BLAKE3_CHUNK_LEN / BLAKE3_BLOCK_LEN)
#define BLAKE3_CV_LEN 32

/* Domain flags of the compression function. */
enum {
    BLAKE3_CHUNK_START = 1 << 0,
    BLAKE3_CHUNK_END = 1 << 1,
    BLAKE3_PARENT = 1 << 2,
    BLAKE3_ROOT = 1 << 3,
};

/* The initial chaining value (the key, in plain hashing mode). */
static const uint32_t BLAKE3_IV[8] = {
    0x6A09E667, 0xBB67AE85, 0x3C6EF372, 0xA54FF53A, 0x510E527F, 0x9B05688C, 0x1F83D9AB, 0x5BE0CD19,
};

/* Message word used at position i of round r. The spec permutes the 16 words between rounds by
 * (2 6 3 10 7 0 4 13 1 11 12 5 9 14 15 8); indexing through this table instead of moving words
 * lets the compiler fold every index into a constant. Row 0 is the identity and row r+1 is row r
 * permuted (the unit tests re-derive it). */
static const uint8_t BLAKE3_MSG_SCHEDULE[7][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8},
    {3, 4, 10, 12, 13, 2, 7, 14, 6, 5, 9, 0, 11, 15, 8, 1},
    {10, 7, 12, 9, 14, 3, 13, 15, 4, 0, 11, 2, 5, 8, 1, 6},
    {12, 13, 9, 11, 15, 10, 14, 8, 7, 2, 5, 3, 0, 1, 6, 4},
    {9, 14, 11, 5, 8, 12, 15, 1, 13, 3, 0, 10, 2, 6, 4, 7},
    {11, 15, 5, 0, 1, 9, 8, 6, 14, 10, 2, 12, 3, 4, 7, 13},
};

/* The 16-word state after compressing one block; its first 8 words XOR the last 8 are the new
 * chaining value, and all 16 words (with the last 8 also XORed with cv) are 64 bytes of
 * extendable output. */
void blake3_compress(const uint32_t cv[8], const uint8_t block[BLAKE3_BLOCK_LEN],
                     uint8_t block_len, uint64_t counter, uint8_t flags, uint32_t state[16]);

/* A run of independent inputs of equal length that can be hashed side by side: input i starts at
 * `input + i * stride`, is `blocks` whole 64-byte blocks long and uses the counter
 * `counter + i * counter_step`. The first block of each also gets flags_first, the last flags_last.
 *   whole chunks:  blocks 16, stride 1024, counter_step 1, flags_first CHUNK_START, flags_last CHUNK_END
 *   parent nodes:  blocks 1, stride 64 (pairs of child CVs), counter 0, counter_step 0, flags PARENT
 * Each input's 32-byte chaining value goes to out + 32 * i. */
typedef struct blake3_batch {
    const uint8_t *input;
    size_t stride;
    size_t blocks;
    uint64_t counter;
    uint64_t counter_step;
    uint8_t flags, flags_first, flags_last;
} blake3_batch;

/* Hashes `count` inputs of the batch with the fastest path allowed (see blake3_simd_level). */
void blake3_hash_many(const blake3_batch *batch, size_t count, uint8_t *out);

/* Back ends, each hashing exactly its width of inputs (the first ones of the batch). */
void blake3_hash1_portable(const blake3_batch *batch, uint8_t *out);
void blake3_hash4_sse41(const blake3_batch *batch, uint8_t *out);
void blake3_hash8_avx2(const blake3_batch *batch, uint8_t *out);
void blake3_hash16_avx512(const blake3_batch *batch, uint8_t *out);

typedef enum blake3_simd {
    BLAKE3_SIMD_PORTABLE,
    BLAKE3_SIMD_SSE41,
    BLAKE3_SIMD_AVX2,
    BLAKE3_SIMD_AVX512,
} blake3_simd;

/* What this CPU (and OS) supports, capped by MH_BLAKE3_SIMD when set; decided on first use. */
blake3_simd blake3_simd_level(void);
/* What this CPU supports, ignoring the environment (tests compare every path with portable). */
blake3_simd blake3_simd_supported(void);

#endif
