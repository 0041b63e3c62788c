/* AVX-512 back end: 16 inputs side by side in 512-bit registers, with the native rotate
 * instruction. Compiled with -mavx512f and called only when the CPU has it (blake3_dispatch.c). */
#include <immintrin.h>
#include <stdint.h>

#include "blake3/blake3_impl.h"

#define LANES 16
typedef __m512i vec;

static inline vec vadd(vec a, vec b) { return _mm512_add_epi32(a, b); }
static inline vec vxor(vec a, vec b) { return _mm512_xor_si512(a, b); }
static inline vec vset1(uint32_t x) { return _mm512_set1_epi32((int)x); }
static inline vec vloadu(const void *p) { return _mm512_loadu_si512(p); }
static inline vec vrot16(vec x) { return _mm512_ror_epi32(x, 16); }
static inline vec vrot12(vec x) { return _mm512_ror_epi32(x, 12); }
static inline vec vrot8(vec x) { return _mm512_ror_epi32(x, 8); }
static inline vec vrot7(vec x) { return _mm512_ror_epi32(x, 7); }

/* Rows r[i] become columns: afterwards r[k] holds word k of every former row. Always inlined:
 * around a call, every vector register would be saved and restored. */
static inline __attribute__((always_inline)) void transpose16(vec r[16]) {
    /* Within each group of four rows, interleave words and then pairs of words: u[4g + j] has,
     * in 128-bit block b, word 4b + j of rows 4g..4g+3. */
    vec u[16];
    for (int g = 0; g < 4; g++) {
        vec ab_low = _mm512_unpacklo_epi32(r[4 * g], r[4 * g + 1]);
        vec ab_high = _mm512_unpackhi_epi32(r[4 * g], r[4 * g + 1]);
        vec cd_low = _mm512_unpacklo_epi32(r[4 * g + 2], r[4 * g + 3]);
        vec cd_high = _mm512_unpackhi_epi32(r[4 * g + 2], r[4 * g + 3]);
        u[4 * g] = _mm512_unpacklo_epi64(ab_low, cd_low);
        u[4 * g + 1] = _mm512_unpackhi_epi64(ab_low, cd_low);
        u[4 * g + 2] = _mm512_unpacklo_epi64(ab_high, cd_high);
        u[4 * g + 3] = _mm512_unpackhi_epi64(ab_high, cd_high);
    }
    /* Then transpose the 4x4 grid of 128-bit blocks for each j: word 4b + j of all rows is
     * block b of u[j], u[4 + j], u[8 + j], u[12 + j]. */
    for (int j = 0; j < 4; j++) {
        vec g01_low = _mm512_shuffle_i32x4(u[j], u[4 + j], 0x44);   /* blocks 0,1 | 0,1 */
        vec g01_high = _mm512_shuffle_i32x4(u[j], u[4 + j], 0xEE);  /* blocks 2,3 | 2,3 */
        vec g23_low = _mm512_shuffle_i32x4(u[8 + j], u[12 + j], 0x44);
        vec g23_high = _mm512_shuffle_i32x4(u[8 + j], u[12 + j], 0xEE);
        r[j] = _mm512_shuffle_i32x4(g01_low, g23_low, 0x88);       /* block 0 of each */
        r[4 + j] = _mm512_shuffle_i32x4(g01_low, g23_low, 0xDD);   /* block 1 */
        r[8 + j] = _mm512_shuffle_i32x4(g01_high, g23_high, 0x88); /* block 2 */
        r[12 + j] = _mm512_shuffle_i32x4(g01_high, g23_high, 0xDD); /* block 3 */
    }
}

static inline void load_message(const blake3_batch *batch, size_t offset, vec m[16]) {
    for (int lane = 0; lane < LANES; lane++)
        m[lane] = vloadu(batch->input + (size_t)lane * batch->stride + offset);
    transpose16(m);
}

static inline void store_cvs(const vec h[8], uint8_t *out) {
    /* Only 8 words per input: transpose as if the other 8 were zero and keep each row's low
     * half. */
    vec rows[16];
    for (int i = 0; i < 8; i++) {
        rows[i] = h[i];
        rows[i + 8] = _mm512_setzero_si512();
    }
    transpose16(rows);
    for (int lane = 0; lane < LANES; lane++)
        _mm256_storeu_si256((__m256i *)(out + BLAKE3_CV_LEN * lane),
                            _mm512_castsi512_si256(rows[lane]));
}

#include "blake3/blake3_lanes.h"

void blake3_hash16_avx512(const blake3_batch *batch, uint8_t *out) {
    hash_lanes(batch, out);
}
