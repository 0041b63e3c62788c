/* Chooses the SIMD back end once per process and spreads a batch of inputs over it: as many
 * inputs as possible go through the widest allowed back end, the rest through narrower ones. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "blake3/blake3_impl.h"

blake3_simd blake3_simd_supported(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        return BLAKE3_SIMD_AVX512;
    if (__builtin_cpu_supports("avx2"))
        return BLAKE3_SIMD_AVX2;
    if (__builtin_cpu_supports("sse4.1"))
        return BLAKE3_SIMD_SSE41;
    return BLAKE3_SIMD_PORTABLE;
}

/* MH_BLAKE3_SIMD names the widest back end to use; unknown values leave the choice to the CPU. */
static blake3_simd requested_level(void) {
    const char *name = getenv("MH_BLAKE3_SIMD");
    if (!name)
        return BLAKE3_SIMD_AVX512;
    if (strcmp(name, "portable") == 0)
        return BLAKE3_SIMD_PORTABLE;
    if (strcmp(name, "sse41") == 0)
        return BLAKE3_SIMD_SSE41;
    if (strcmp(name, "avx2") == 0)
        return BLAKE3_SIMD_AVX2;
    /* "avx512" and anything else */
    return BLAKE3_SIMD_AVX512;
}

blake3_simd blake3_simd_level(void) {
    /* Racing first calls all compute the same value, so a relaxed atomic cache is enough. */
    static _Atomic int cached = -1;
    int level = atomic_load_explicit(&cached, memory_order_relaxed);
    if (level < 0) {
        blake3_simd supported = blake3_simd_supported();
        blake3_simd requested = requested_level();
        level = (int)(requested < supported ? requested : supported);
        atomic_store_explicit(&cached, level, memory_order_relaxed);
    }
    return (blake3_simd)level;
}

typedef void (*hash_lanes_fn)(const blake3_batch *, uint8_t *);

/* Hashes groups of `lanes` inputs while at least that many are left, moving the batch, the
 * output and the count past them. */
static void run_back_end(hash_lanes_fn hash_lanes, size_t lanes, blake3_batch *rest,
                         size_t *count, uint8_t **out) {
    for (; *count >= lanes; *count -= lanes) {
        hash_lanes(rest, *out);
        rest->input += lanes * rest->stride;
        rest->counter += lanes * rest->counter_step;
        *out += lanes * BLAKE3_CV_LEN;
    }
}

void blake3_hash_many(const blake3_batch *batch, size_t count, uint8_t *out) {
    blake3_simd level = blake3_simd_level();
    blake3_batch rest = *batch;
    if (level >= BLAKE3_SIMD_AVX512)
        run_back_end(blake3_hash16_avx512, 16, &rest, &count, &out);
    if (level >= BLAKE3_SIMD_AVX2)
        run_back_end(blake3_hash8_avx2, 8, &rest, &count, &out);
    if (level >= BLAKE3_SIMD_SSE41)
        run_back_end(blake3_hash4_sse41, 4, &rest, &count, &out);
    run_back_end(blake3_hash1_portable, 1, &rest, &count, &out);
}
