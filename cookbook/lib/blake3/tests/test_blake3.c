/* Unit tests of the BLAKE3 library: reference vectors, every SIMD back end against the portable
 * one, incremental hashing in random pieces, extendable output, hex conversion. The script test
 * blake3-vs-b3sum.sh compares whole files with b3sum on every back end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blake3/blake3.h"
#include "blake3/blake3_impl.h"
#include "testing/testing.h"

/* A small deterministic generator, so failures reproduce. */
static uint64_t rng_state;

static uint64_t rng_next(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static void rng_fill(uint8_t *buf, size_t len) {
    for (size_t i = 0; i < len; i++)
        buf[i] = (uint8_t)(rng_next() >> 24);
}

/* The input pattern of the published BLAKE3 test vectors: byte i is i mod 251. */
static uint8_t *pattern_input(size_t len) {
    uint8_t *data = malloc(len ? len : 1);
    for (size_t i = 0; i < len; i++)
        data[i] = (uint8_t)(i % 251);
    return data;
}

static void hex_of(const uint8_t *bytes, size_t len, char *hex) {
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        hex[2 * i] = digits[bytes[i] >> 4];
        hex[2 * i + 1] = digits[bytes[i] & 15];
    }
    hex[2 * len] = '\0';
}

static void schedule_is_the_spec_permutation_repeated(void) {
    static const uint8_t permutation[16] = {2, 6, 3, 10, 7, 0, 4, 13, 1, 11, 12, 5, 9, 14, 15, 8};
    uint8_t row[16];
    for (int i = 0; i < 16; i++)
        row[i] = (uint8_t)i;
    for (int r = 0; r < 7; r++) {
        CHECK_MEM_EQ(BLAKE3_MSG_SCHEDULE[r], row, 16);
        uint8_t next[16];
        for (int i = 0; i < 16; i++)
            next[i] = row[permutation[i]];
        memcpy(row, next, sizeof row);
    }
}

/* 64 bytes of output for inputs of the published pattern, as printed by
 * `b3sum --length 64` (b3sum 1.2.0) when these tests were written. */
static const struct {
    size_t len;
    const char *hex;
} VECTORS[] = {
    {0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262e00f03e7b69af26b7faaf09fcd333050338ddfe085b8cc869ca98b206c08243a"},
    {1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213c3a6cb8bf623e20cdb535f8d1a5ffb86342d9c0b64aca3bce1d31f60adfa137b"},
    {63, "e9bc37a594daad83be9470df7f7b3798297c3d834ce80ba85d6e207627b7db7b1197012b1e7d9af4d7cb7bdd1f3bb49a90a9b5dec3ea2bbc6eaebce77f4e470c"},
    {64, "4eed7141ea4a5cd4b788606bd23f46e212af9cacebacdc7d1f4c6dc7f2511b98fc9cc56cb831ffe33ea8e7e1d1df09b26efd2767670066aa82d023b1dfe8ab1b"},
    {65, "de1e5fa0be70df6d2be8fffd0e99ceaa8eb6e8c93a63f2d8d1c30ecb6b263dee0e16e0a4749d6811dd1d6d1265c29729b1b75a9ac346cf93f0e1d7296dfcfd43"},
    {1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11a182d27a591b05592b15607500e1e8dd56bc6c7fc063715b7a1d737df5bad333"},
    {1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af71cf8107265ecdaf8505b95d8fcec83a98a6a96ea5109d2c179c47a387ffbb404"},
    {1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444f4c4a22b4b399155358a994e52bf255de60035742ec71bd08ac275a1b51cc6bf"},
    {2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a9a60bf80001410ec9eea6698cd537939fad4749edd484cb541aced55cd9bf547"},
    {2049, "5f4d72f40d7a5f82b15ca2b2e44b1de3c2ef86c426c95c1af0b687952256303096de31d71d74103403822a2e0bc1eb193e7aecc9643a76b7bbc0c9f9c52e8783"},
    {3072, "b98cb0ff3623be03326b373de6b9095218513e64f1ee2edd2525c7ad1e5cffd29a3f6b0b978d6608335c09dc94ccf682f9951cdfc501bfe47b9c9189a6fc7b40"},
    {3073, "7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd39a27ae3b79d68d89da9bf25bc27139ae65a324918a5f9b7828181e52cf373c84"},
    {8193, "bab6c09cb8ce8cf459261398d2e7aef35700bf488116ceb94a36d0f5f1b7bc3bb2282aa69be089359ea1154b9a9286c4a56af4de975a9aa4a5c497654914d279"},
    {31744, "62b6960e1a44bcc1eb1a611a8d6235b6b4b78f32e7abc4fb4c6cdcce94895c47860cc51f2b0c28a7b77304bd55fe73af663c02d3f52ea053ba43431ca5bab7bf"},
    {102400, "bc3e3d41a1146b069abffad3c0d44860cf664390afce4d9661f7902e7943e085e01c59dab908c04c3342b816941a26d69c2605ebee5ec5291cc55e15b76146e6"},
};

static void matches_reference_vectors(void) {
    for (size_t v = 0; v < MH_COUNT(VECTORS); v++) {
        uint8_t *data = pattern_input(VECTORS[v].len);
        blake3_hasher h;
        blake3_hasher_init(&h);
        blake3_hasher_update(&h, data, VECTORS[v].len);
        uint8_t out[64];
        blake3_hasher_finalize(&h, out, sizeof out);
        char hex[2 * sizeof out + 1];
        hex_of(out, sizeof out, hex);
        if (!CHECK_STR_EQ(hex, VECTORS[v].hex))
            printf("    (input of %zu bytes)\n", VECTORS[v].len);
        uint8_t one_shot[BLAKE3_OUT_LEN];
        blake3_hash(data, VECTORS[v].len, one_shot);
        CHECK_MEM_EQ(one_shot, out, BLAKE3_OUT_LEN);
        free(data);
    }
}

/* Output blocks past the first (`b3sum --length 200` of the 1025-byte pattern input). */
static void extended_output_matches_reference(void) {
    static const char expected[] =
        "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444f4c4a22b4b399155358a994e"
        "52bf255de60035742ec71bd08ac275a1b51cc6bfe332b0ef84b409108cda080e6269ed4b3e2c3f7d722aa4cd"
        "c98d16deb554e5627be8f955c98e1d5f9565a9194cad0c4285f93700062d9595adb992ae68ff12800ab67afe"
        "a516f221cf7d1f8434fc36d8f6fbdf38d445c44d96ba3bb1d4a2e2ae9a53fd46d39307628a47f890cab6ac33"
        "3aad48c0c11edf69e2a6437e8abf42d335327eeeb329bbc9";
    uint8_t *data = pattern_input(1025);
    blake3_hasher h;
    blake3_hasher_init(&h);
    blake3_hasher_update(&h, data, 1025);
    uint8_t out[200];
    blake3_hasher_finalize(&h, out, sizeof out);
    char hex[2 * sizeof out + 1];
    hex_of(out, sizeof out, hex);
    CHECK_STR_EQ(hex, expected);
    free(data);
}

/* Any output length is a prefix of any longer one. */
static void shorter_output_is_prefix_of_longer(void) {
    rng_state = 0x9E3779B97F4A7C15u;
    uint8_t data[5000];
    rng_fill(data, sizeof data);
    blake3_hasher h;
    blake3_hasher_init(&h);
    blake3_hasher_update(&h, data, sizeof data);
    uint8_t longest[1000];
    blake3_hasher_finalize(&h, longest, sizeof longest);
    static const size_t lengths[] = {0, 1, 31, 32, 33, 63, 64, 65, 128, 129, 999};
    for (size_t i = 0; i < MH_COUNT(lengths); i++) {
        uint8_t out[1000];
        memset(out, 0xAA, sizeof out);
        blake3_hasher_finalize(&h, out, lengths[i]);
        CHECK_MEM_EQ(out, longest, lengths[i]);
        /* Nothing past out_len is written. */
        CHECK(lengths[i] == sizeof out || out[lengths[i]] == 0xAA);
    }
}

/* Hashing in random pieces (including empty ones) gives the one-shot result, for lengths around
 * chunk and batch boundaries. */
static void random_pieces_equal_one_shot(void) {
    rng_state = 0x0123456789ABCDEFu;
    static const size_t lengths[] = {0,     1,     64,    1023,   1024,   1025,   4096,
                                     16385, 65535, 65537, 200003, 1048577, 3 << 20};
    size_t max_len = 3 << 20;
    uint8_t *data = malloc(max_len);
    rng_fill(data, max_len);
    for (size_t l = 0; l < MH_COUNT(lengths); l++) {
        size_t len = lengths[l];
        uint8_t expected[BLAKE3_OUT_LEN];
        blake3_hash(data, len, expected);
        for (int trial = 0; trial < 6; trial++) {
            /* Piece sizes from tiny to larger than a batch, favouring odd ones. */
            size_t max_piece = (size_t)1 << (rng_next() % 18);
            blake3_hasher h;
            blake3_hasher_init(&h);
            for (size_t done = 0; done < len;) {
                size_t piece = (size_t)(rng_next() % (max_piece + 1));
                if (piece > len - done)
                    piece = len - done;
                blake3_hasher_update(&h, data + done, piece);
                done += piece;
            }
            uint8_t got[BLAKE3_OUT_LEN];
            blake3_hasher_finalize(&h, got, sizeof got);
            if (!CHECK_MEM_EQ(got, expected, sizeof got))
                printf("    (input of %zu bytes, pieces of up to %zu)\n", len, max_piece);
        }
    }
    free(data);
}

/* An input that ends exactly where a run of whole chunks hashed side by side ends: the root is
 * then the parent of the last two subtrees on the stack, not a chunk. */
static void input_ending_after_whole_chunks(void) {
    rng_state = 5;
    static uint8_t data[600 * BLAKE3_CHUNK_LEN];
    rng_fill(data, sizeof data);
    static const size_t first_chunks[] = {1, 2, 3, 5, 64};
    static const size_t then_chunks[] = {1, 2, 3, 7, 8, 255, 256, 257, 500};
    for (size_t f = 0; f < MH_COUNT(first_chunks); f++) {
        for (size_t t = 0; t < MH_COUNT(then_chunks); t++) {
            size_t first = first_chunks[f] * BLAKE3_CHUNK_LEN;
            size_t len = first + then_chunks[t] * BLAKE3_CHUNK_LEN;
            blake3_hasher h;
            blake3_hasher_init(&h);
            blake3_hasher_update(&h, data, first);
            blake3_hasher_update(&h, data + first, len - first);
            uint8_t got[BLAKE3_OUT_LEN], expected[BLAKE3_OUT_LEN];
            blake3_hasher_finalize(&h, got, sizeof got);
            blake3_hash(data, len, expected);
            if (!CHECK_MEM_EQ(got, expected, sizeof got))
                printf("    (%zu chunks, then %zu)\n", first_chunks[f], then_chunks[t]);
        }
    }
}

/* Finalizing does not disturb the hasher: more input can follow. */
static void finalize_leaves_hasher_usable(void) {
    rng_state = 42;
    uint8_t data[3000];
    rng_fill(data, sizeof data);
    blake3_hasher h;
    blake3_hasher_init(&h);
    blake3_hasher_update(&h, data, 1500);
    uint8_t first[BLAKE3_OUT_LEN], expected_first[BLAKE3_OUT_LEN];
    blake3_hasher_finalize(&h, first, sizeof first);
    blake3_hash(data, 1500, expected_first);
    CHECK_MEM_EQ(first, expected_first, sizeof first);
    blake3_hasher_update(&h, data + 1500, 1500);
    uint8_t all[BLAKE3_OUT_LEN], expected_all[BLAKE3_OUT_LEN];
    blake3_hasher_finalize(&h, all, sizeof all);
    blake3_hash(data, sizeof data, expected_all);
    CHECK_MEM_EQ(all, expected_all, sizeof all);
}

typedef void (*hash_lanes_fn)(const blake3_batch *, uint8_t *);

static void check_back_end(hash_lanes_fn fn, size_t lanes, const char *name) {
    rng_state = 7;
    size_t data_len = 16 * BLAKE3_CHUNK_LEN * 2;
    uint8_t *data = malloc(data_len);
    rng_fill(data, data_len);
    /* Whole chunks, parents, and counters whose low word overflows inside the group of lanes. */
    const blake3_batch batches[] = {
        {data, BLAKE3_CHUNK_LEN, BLAKE3_BLOCKS_PER_CHUNK, 0, 1, 0, BLAKE3_CHUNK_START,
         BLAKE3_CHUNK_END},
        {data + 3, BLAKE3_CHUNK_LEN, BLAKE3_BLOCKS_PER_CHUNK, 0xFFFFFFFFu - 5, 1, 0,
         BLAKE3_CHUNK_START, BLAKE3_CHUNK_END},
        {data, 2 * BLAKE3_CHUNK_LEN, BLAKE3_BLOCKS_PER_CHUNK, (uint64_t)7 << 40, 1, 0,
         BLAKE3_CHUNK_START, BLAKE3_CHUNK_END},
        {data + 64, 2 * BLAKE3_CV_LEN, 1, 0, 0, BLAKE3_PARENT, 0, 0},
        {data + 1, 100, 3, 12345, 0, BLAKE3_ROOT, BLAKE3_CHUNK_START, 0},
    };
    for (size_t b = 0; b < MH_COUNT(batches); b++) {
        uint8_t got[16 * BLAKE3_CV_LEN], expected[16 * BLAKE3_CV_LEN];
        fn(&batches[b], got);
        for (size_t lane = 0; lane < lanes; lane++) {
            blake3_batch one = batches[b];
            one.input += lane * one.stride;
            one.counter += lane * one.counter_step;
            blake3_hash1_portable(&one, expected + lane * BLAKE3_CV_LEN);
        }
        if (!CHECK_MEM_EQ(got, expected, lanes * BLAKE3_CV_LEN))
            printf("    (back end %s, batch %zu)\n", name, b);
    }
    free(data);
}

static void simd_back_ends_match_portable(void) {
    blake3_simd supported = blake3_simd_supported();
    if (supported >= BLAKE3_SIMD_SSE41)
        check_back_end(blake3_hash4_sse41, 4, "sse41");
    if (supported >= BLAKE3_SIMD_AVX2)
        check_back_end(blake3_hash8_avx2, 8, "avx2");
    if (supported >= BLAKE3_SIMD_AVX512)
        check_back_end(blake3_hash16_avx512, 16, "avx512");
}

/* blake3_hash_many spreads any count over the back ends and gives each input its own counter. */
static void hash_many_matches_portable_for_every_count(void) {
    rng_state = 99;
    uint8_t data[40 * BLAKE3_CHUNK_LEN];
    rng_fill(data, sizeof data);
    for (size_t count = 0; count <= 40; count++) {
        blake3_batch batch = {data, BLAKE3_CHUNK_LEN, BLAKE3_BLOCKS_PER_CHUNK, 1000, 1, 0,
                              BLAKE3_CHUNK_START, BLAKE3_CHUNK_END};
        uint8_t got[40 * BLAKE3_CV_LEN], expected[40 * BLAKE3_CV_LEN];
        blake3_hash_many(&batch, count, got);
        for (size_t i = 0; i < count; i++) {
            blake3_batch one = batch;
            one.input += i * BLAKE3_CHUNK_LEN;
            one.counter += i;
            blake3_hash1_portable(&one, expected + i * BLAKE3_CV_LEN);
        }
        if (!CHECK_MEM_EQ(got, expected, count * BLAKE3_CV_LEN))
            printf("    (%zu inputs)\n", count);
    }
}

static void hex_round_trips_and_rejects_bad_text(void) {
    uint8_t hash[BLAKE3_OUT_LEN];
    for (int i = 0; i < BLAKE3_OUT_LEN; i++)
        hash[i] = (uint8_t)(i * 37 + 5);
    char hex[2 * BLAKE3_OUT_LEN + 1];
    blake3_to_hex(hash, hex);
    CHECK_STR_EQ(hex, "052a4f7499bee3082d52779cc1e60b30557a9fc4e90e33587da2c7ec11365b80");
    uint8_t parsed[BLAKE3_OUT_LEN];
    CHECK_INT_EQ(blake3_from_hex(hex, parsed), 0);
    CHECK_MEM_EQ(parsed, hash, sizeof hash);
    CHECK_INT_EQ(blake3_from_hex("052A4F7499BEE3082D52779CC1E60B30557A9FC4E90E33587DA2C7EC11365B80",
                                 parsed),
                 0);
    CHECK_MEM_EQ(parsed, hash, sizeof hash);

    uint8_t untouched[BLAKE3_OUT_LEN];
    memset(untouched, 0x5A, sizeof untouched);
    memcpy(parsed, untouched, sizeof parsed);
    static const char *const bad[] = {
        "",
        "052a4f7499bee3082d52779cc1e60b30557a9fc4e90e33587da2c7ec11365b8",   /* 63 digits */
        "052a4f7499bee3082d52779cc1e60b30557a9fc4e90e33587da2c7ec11365b800", /* 65 digits */
        "052a4f7499bee3082d52779cc1e60b30557a9fc4e90e33587da2c7ec11365bg0",  /* not hex */
        "052a4f7499bee3082d52779cc1e60b30557a9fc4e90e33587da2c7ec11365b80 ",
        " 052a4f7499bee3082d52779cc1e60b30557a9fc4e90e33587da2c7ec11365b8",
    };
    for (size_t i = 0; i < MH_COUNT(bad); i++) {
        if (!CHECK_INT_EQ(blake3_from_hex(bad[i], parsed), -1))
            printf("    (text \"%s\")\n", bad[i]);
    }
    CHECK_MEM_EQ(parsed, untouched, sizeof parsed);
}

static const mh_test TESTS[] = {
    MH_TEST(schedule_is_the_spec_permutation_repeated),
    MH_TEST(matches_reference_vectors),
    MH_TEST(extended_output_matches_reference),
    MH_TEST(shorter_output_is_prefix_of_longer),
    MH_TEST(random_pieces_equal_one_shot),
    MH_TEST(input_ending_after_whole_chunks),
    MH_TEST(finalize_leaves_hasher_usable),
    MH_TEST(simd_back_ends_match_portable),
    MH_TEST(hash_many_matches_portable_for_every_count),
    MH_TEST(hex_round_trips_and_rejects_bad_text),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
