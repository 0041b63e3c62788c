/* AVX2 back end: 8 inputs side by side in 256-bit registers. Compiled with -mavx2 and called
 * only when the CPU has it (blake3_dispatch.c). */
#include <immintrin.h>
#include <stdint.h>

#include "blake3/blake3_impl.h"

#define LANES 8
typedef __m256i vec;

static inline vec vadd(vec a, vec b) { return _mm256_add_epi32(a, b); }
static inline vec vxor(vec a, vec b) { return _mm256_xor_si256(a, b); }
static inline vec vset1(uint32_t x) { return _mm256_set1_epi32((int)x); }
static inline vec vloadu(const void *p) { return _mm256_loadu_si256((const __m256i *)p); }

/* Rotations by whole bytes are one byte shuffle (within each 128-bit half); the others are two
 * shifts and an OR. */
static inline vec vrot16(vec x) {
    return _mm256_shuffle_epi8(x, _mm256_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15,
                                                   12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9,
                                                   14, 15, 12, 13));
}
static inline vec vrot12(vec x) {
    return _mm256_or_si256(_mm256_srli_epi32(x, 12), _mm256_slli_epi32(x, 20));
}
static inline vec vrot8(vec x) {
    return _mm256_shuffle_epi8(x, _mm256_setr_epi8(1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14,
                                                   15, 12, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8,
                                                   13, 14, 15, 12));
}
static inline vec vrot7(vec x) {
    return _mm256_or_si256(_mm256_srli_epi32(x, 7), _mm256_slli_epi32(x, 25));
}

/* Rows r[i] become columns: afterwards r[k] holds word k of every former row. Always inlined:
 * around a call, every vector register would be saved and restored. */
static inline __attribute__((always_inline)) void transpose8(vec r[8]) {
    /* Interleave pairs of rows, then pairs of pairs: each 128-bit half then holds one word of
     * four rows (words 0-3 in the low halves, 4-7 in the high halves)... */
    vec ab_low = _mm256_unpacklo_epi32(r[0], r[1]);
    vec ab_high = _mm256_unpackhi_epi32(r[0], r[1]);
    vec cd_low = _mm256_unpacklo_epi32(r[2], r[3]);
    vec cd_high = _mm256_unpackhi_epi32(r[2], r[3]);
    vec ef_low = _mm256_unpacklo_epi32(r[4], r[5]);
    vec ef_high = _mm256_unpackhi_epi32(r[4], r[5]);
    vec gh_low = _mm256_unpacklo_epi32(r[6], r[7]);
    vec gh_high = _mm256_unpackhi_epi32(r[6], r[7]);
    vec abcd0 = _mm256_unpacklo_epi64(ab_low, cd_low);
    vec abcd1 = _mm256_unpackhi_epi64(ab_low, cd_low);
    vec abcd2 = _mm256_unpacklo_epi64(ab_high, cd_high);
    vec abcd3 = _mm256_unpackhi_epi64(ab_high, cd_high);
    vec efgh0 = _mm256_unpacklo_epi64(ef_low, gh_low);
    vec efgh1 = _mm256_unpackhi_epi64(ef_low, gh_low);
    vec efgh2 = _mm256_unpacklo_epi64(ef_high, gh_high);
    vec efgh3 = _mm256_unpackhi_epi64(ef_high, gh_high);
    /* ...and joining the matching halves of rows 0-3 and 4-7 gives whole columns. */
    r[0] = _mm256_permute2x128_si256(abcd0, efgh0, 0x20);
    r[1] = _mm256_permute2x128_si256(abcd1, efgh1, 0x20);
    r[2] = _mm256_permute2x128_si256(abcd2, efgh2, 0x20);
    r[3] = _mm256_permute2x128_si256(abcd3, efgh3, 0x20);
    r[4] = _mm256_permute2x128_si256(abcd0, efgh0, 0x31);
    r[5] = _mm256_permute2x128_si256(abcd1, efgh1, 0x31);
    r[6] = _mm256_permute2x128_si256(abcd2, efgh2, 0x31);
    r[7] = _mm256_permute2x128_si256(abcd3, efgh3, 0x31);
}

static inline void load_message(const blake3_batch *batch, size_t offset, vec m[16]) {
    for (int half = 0; half < 2; half++) {
        for (int lane = 0; lane < LANES; lane++)
            m[8 * half + lane] =
                vloadu(batch->input + (size_t)lane * batch->stride + offset + 32 * half);
        transpose8(&m[8 * half]);
    }
}

static inline void store_cvs(const vec h[8], uint8_t *out) {
    vec rows[8];
    for (int i = 0; i < 8; i++)
        rows[i] = h[i];
    transpose8(rows);
    for (int lane = 0; lane < LANES; lane++)
        _mm256_storeu_si256((__m256i *)(out + BLAKE3_CV_LEN * lane), rows[lane]);
}

#include "blake3/blake3_lanes.h"

void blake3_hash8_avx2(const blake3_batch *batch, uint8_t *out) {
    hash_lanes(batch, out);
}
