/* SSE4.1 back end: 4 inputs side by side in 128-bit registers. Compiled with -msse4.1 and
 * called only when the CPU has it (blake3_dispatch.c). */
#include <immintrin.h>
#include <stdint.h>

#include "blake3/blake3_impl.h"

#define LANES 4
typedef __m128i vec;

static inline vec vadd(vec a, vec b) { return _mm_add_epi32(a, b); }
static inline vec vxor(vec a, vec b) { return _mm_xor_si128(a, b); }
static inline vec vset1(uint32_t x) { return _mm_set1_epi32((int)x); }
static inline vec vloadu(const void *p) { return _mm_loadu_si128((const __m128i *)p); }

/* Rotations by whole bytes are one byte shuffle; the others are two shifts and an OR. */
static inline vec vrot16(vec x) {
    return _mm_shuffle_epi8(x, _mm_setr_epi8(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
}
static inline vec vrot12(vec x) { return _mm_or_si128(_mm_srli_epi32(x, 12), _mm_slli_epi32(x, 20)); }
static inline vec vrot8(vec x) {
    return _mm_shuffle_epi8(x, _mm_setr_epi8(1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12));
}
static inline vec vrot7(vec x) { return _mm_or_si128(_mm_srli_epi32(x, 7), _mm_slli_epi32(x, 25)); }

/* Rows r[i] become columns: afterwards r[k] holds word k of every former row. */
static inline void transpose4(vec r[4]) {
    vec ab_low = _mm_unpacklo_epi32(r[0], r[1]);
    vec ab_high = _mm_unpackhi_epi32(r[0], r[1]);
    vec cd_low = _mm_unpacklo_epi32(r[2], r[3]);
    vec cd_high = _mm_unpackhi_epi32(r[2], r[3]);
    r[0] = _mm_unpacklo_epi64(ab_low, cd_low);
    r[1] = _mm_unpackhi_epi64(ab_low, cd_low);
    r[2] = _mm_unpacklo_epi64(ab_high, cd_high);
    r[3] = _mm_unpackhi_epi64(ab_high, cd_high);
}

static inline void load_message(const blake3_batch *batch, size_t offset, vec m[16]) {
    for (int quarter = 0; quarter < 4; quarter++) {
        for (int lane = 0; lane < LANES; lane++)
            m[4 * quarter + lane] =
                vloadu(batch->input + (size_t)lane * batch->stride + offset + 16 * quarter);
        transpose4(&m[4 * quarter]);
    }
}

static inline void store_cvs(const vec h[8], uint8_t *out) {
    for (int half = 0; half < 2; half++) {
        vec rows[4] = {h[4 * half], h[4 * half + 1], h[4 * half + 2], h[4 * half + 3]};
        transpose4(rows);
        for (int lane = 0; lane < LANES; lane++)
            _mm_storeu_si128((__m128i *)(out + BLAKE3_CV_LEN * lane + 16 * half), rows[lane]);
    }
}

#include "blake3/blake3_lanes.h"

void blake3_hash4_sse41(const blake3_batch *batch, uint8_t *out) {
    hash_lanes(batch, out);
}
