/* RedoxFS building blocks: struct layouts against the spec tables, seahash, LZ4 (checked
 * against liblz4 both ways) and the allocator against a textbook buddy allocator. */
#include <lz4.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "redoxfs/core/alloc.h"
#include "redoxfs/core/format.h"
#include "redoxfs/core/lz4.h"
#include "redoxfs/core/seahash.h"
#include "testing/testing.h"

static void header_layout(void) {
    CHECK_INT_EQ(sizeof(rfs_header), 4096);
    CHECK_INT_EQ(offsetof(rfs_header, signature), 0);
    CHECK_INT_EQ(offsetof(rfs_header, version), 8);
    CHECK_INT_EQ(offsetof(rfs_header, uuid), 16);
    CHECK_INT_EQ(offsetof(rfs_header, size), 32);
    CHECK_INT_EQ(offsetof(rfs_header, generation), 40);
    CHECK_INT_EQ(offsetof(rfs_header, tree), 48);
    CHECK_INT_EQ(offsetof(rfs_header, alloc), 64);
    CHECK_INT_EQ(offsetof(rfs_header, key_slots), 80);
    CHECK_INT_EQ(sizeof(rfs_keyslot), 48);
    CHECK_INT_EQ(offsetof(rfs_keyslot, key1), 16);
    CHECK_INT_EQ(offsetof(rfs_keyslot, key2), 32);
    CHECK_INT_EQ(offsetof(rfs_header, release), 3152);
    CHECK_INT_EQ(offsetof(rfs_header, padding), 3168);
    CHECK_INT_EQ(offsetof(rfs_header, encrypted_hash), 4072);
    CHECK_INT_EQ(offsetof(rfs_header, hash), 4088);
    CHECK_INT_EQ(sizeof(rfs_blockptr), 16);
    CHECK_INT_EQ(offsetof(rfs_blockptr, hash), 8);
}

static void node_layout(void) {
    CHECK_INT_EQ(sizeof(rfs_node), 4096);
    CHECK_INT_EQ(offsetof(rfs_node, mode), 0);
    CHECK_INT_EQ(offsetof(rfs_node, uid), 2);
    CHECK_INT_EQ(offsetof(rfs_node, gid), 6);
    CHECK_INT_EQ(offsetof(rfs_node, links), 10);
    CHECK_INT_EQ(offsetof(rfs_node, size), 14);
    CHECK_INT_EQ(offsetof(rfs_node, blocks), 22);
    CHECK_INT_EQ(offsetof(rfs_node, ctime), 30);
    CHECK_INT_EQ(offsetof(rfs_node, ctime_nsec), 38);
    CHECK_INT_EQ(offsetof(rfs_node, mtime), 42);
    CHECK_INT_EQ(offsetof(rfs_node, mtime_nsec), 50);
    CHECK_INT_EQ(offsetof(rfs_node, atime), 54);
    CHECK_INT_EQ(offsetof(rfs_node, atime_nsec), 62);
    CHECK_INT_EQ(offsetof(rfs_node, record_level), 66);
    CHECK_INT_EQ(offsetof(rfs_node, flags), 70);
    CHECK_INT_EQ(offsetof(rfs_node, padding), 74);
    CHECK_INT_EQ(offsetof(rfs_node, level0), 128);
    CHECK_INT_EQ(offsetof(rfs_node, inline_data), 128);
    CHECK_INT_EQ(offsetof(rfs_node, level1), 2176);
    CHECK_INT_EQ(offsetof(rfs_node, level2), 3200);
    CHECK_INT_EQ(offsetof(rfs_node, level3), 3712);
    CHECK_INT_EQ(offsetof(rfs_node, level4), 3968);
    CHECK_INT_EQ(sizeof(((rfs_node *)0)->inline_data), 3968);
}

static void list_layouts(void) {
    CHECK_INT_EQ(sizeof(rfs_tree_list), 4096);
    CHECK_INT_EQ(offsetof(rfs_tree_list, full_flags), 4064);
    CHECK_INT_EQ(sizeof(rfs_block_list), 4096);
    CHECK_INT_EQ(sizeof(rfs_alloc_list), 4096);
    CHECK_INT_EQ(offsetof(rfs_alloc_list, entries), 16);
    CHECK_INT_EQ(sizeof(rfs_alloc_entry), 16);
    CHECK_INT_EQ(offsetof(rfs_alloc_entry, count), 8);
    CHECK_INT_EQ(sizeof(rfs_release_list), 4096);
    CHECK_INT_EQ(offsetof(rfs_release_list, ids), 16);
    CHECK_INT_EQ(sizeof(rfs_htree_ptr), 20);
    CHECK_INT_EQ(offsetof(rfs_htree_ptr, ptr), 4);
    CHECK_INT_EQ(sizeof(rfs_htree_node), 4096);
    CHECK_INT_EQ(offsetof(rfs_htree_node, padding), 4080);
    CHECK_INT_EQ(sizeof(rfs_dir_list), 4096);
    CHECK_INT_EQ(offsetof(rfs_dir_list, count), 4092);
    CHECK_INT_EQ(offsetof(rfs_dir_list, used_len), 4094);
}

static void addresses_and_markers(void) {
    uint64_t a = rfs_addr(12345, 3, 5);
    CHECK_INT_EQ(rfs_addr_index(a), 12345);
    CHECK_INT_EQ(rfs_addr_level(a), 3);
    CHECK_INT_EQ(rfs_addr_decomp(a), 5);
    CHECK_INT_EQ(rfs_addr_logical_level(a), 5);
    CHECK_INT_EQ(rfs_addr_logical_level(rfs_addr(7, 2, 0)), 2);
    rfs_blockptr m = rfs_marker(2);
    CHECK(rfs_ptr_is_marker(&m));
    CHECK_INT_EQ(m.addr, 0xFFFFFFFFFFFFFFF2ULL);
    CHECK_INT_EQ(rfs_addr_level(m.addr), 2);
    rfs_blockptr p = {rfs_addr(5, 0, 0), 0};
    CHECK(!rfs_ptr_is_marker(&p));
    CHECK_INT_EQ(rfs_level_for_bytes(0), 0);
    CHECK_INT_EQ(rfs_level_for_bytes(1), 0);
    CHECK_INT_EQ(rfs_level_for_bytes(4096), 0);
    CHECK_INT_EQ(rfs_level_for_bytes(4097), 1);
    CHECK_INT_EQ(rfs_level_for_bytes(3 * 4096), 2);
    CHECK_INT_EQ(rfs_level_for_bytes(131072), 5);
}

static void seahash_vectors(void) {
    uint8_t zeros[4072] = {0};
    CHECK_INT_EQ(rfs_seahash(zeros, sizeof zeros), 0xe81ffcb86026ff96ULL);
    CHECK_INT_EQ(rfs_seahash("to be or not to be", 18), 0x1b993a826f4ae575ULL);
    CHECK_INT_EQ(rfs_name_hash((const uint8_t *)"test", 4), 0x2bea97e4u);
}

/* Data with repeats of varied distance and length plus incompressible stretches. */
static void fill_mixed(uint8_t *buf, size_t len, unsigned seed) {
    srand(seed);
    size_t i = 0;
    while (i < len) {
        size_t run = (size_t)(rand() % 300) + 1;
        if (rand() % 3 == 0 && i > 0) {
            size_t dist = (size_t)(rand() % (i < 70000 ? i : 70000)) + 1;
            for (size_t k = 0; k < run && i < len; k++, i++)
                buf[i] = buf[i - dist];
        } else {
            for (size_t k = 0; k < run && i < len; k++, i++)
                buf[i] = (uint8_t)(rand() % (rand() % 2 ? 4 : 256));
        }
    }
}

static void lz4_matches_liblz4(void) {
    static uint32_t table[RFS_LZ4_TABLE_ENTRIES];
    const size_t sizes[] = {0, 1, 12, 13, 100, 4096, 65536, 131072};
    for (size_t s = 0; s < MH_COUNT(sizes); s++) {
        for (unsigned seed = 1; seed <= 4; seed++) {
            size_t len = sizes[s];
            uint8_t *src = malloc(len + 1), *comp = malloc(len + len / 255 + 64),
                    *back = malloc(len + 1);
            fill_mixed(src, len, seed);
            if (seed == 4)
                memset(src, 'a', len);
            size_t n = rfs_lz4_compress(src, len, comp, len + len / 255 + 64, table);
            CHECK(n > 0);
            /* liblz4 reads what we write ... */
            int got = LZ4_decompress_safe((const char *)comp, (char *)back, (int)n, (int)len + 1);
            CHECK_INT_EQ(got, (int64_t)len);
            CHECK(memcmp(back, src, len) == 0);
            /* ... and we read what liblz4 writes. */
            int bound = LZ4_compressBound((int)len);
            char *theirs = malloc((size_t)bound);
            int tn = LZ4_compress_default((const char *)src, theirs, (int)len, bound);
            memset(back, 0, len + 1);
            CHECK_INT_EQ(rfs_lz4_decompress((const uint8_t *)theirs, (size_t)tn, back, len), (int64_t)len);
            CHECK(memcmp(back, src, len) == 0);
            free(theirs);
            free(src);
            free(comp);
            free(back);
        }
    }
}

static void lz4_rejects_bad_input(void) {
    static uint32_t table[RFS_LZ4_TABLE_ENTRIES];
    uint8_t src[4096], comp[5000], out[4096];
    fill_mixed(src, sizeof src, 9);
    size_t n = rfs_lz4_compress(src, sizeof src, comp, sizeof comp, table);
    CHECK(n > 0);
    /* Too small an output buffer, and every truncation, fail cleanly. */
    CHECK_INT_EQ(rfs_lz4_decompress(comp, n, out, sizeof out - 1), -1);
    for (size_t cut = 1; cut < n; cut += 7)
        CHECK(rfs_lz4_decompress(comp, cut, out, sizeof out) < (int64_t)sizeof out);
    const uint8_t bad_offset[] = {0x1F, 'x', 0x09, 0x00};
    CHECK_INT_EQ(rfs_lz4_decompress(bad_offset, sizeof bad_offset, out, sizeof out), -1);
    CHECK_INT_EQ(rfs_lz4_decompress(src, 0, out, sizeof out), -1);
    /* A compressor told the output is too small says so. */
    CHECK_INT_EQ(rfs_lz4_compress(src, sizeof src, comp, 100, table), 0);
}

/* ---- A textbook buddy allocator (per-level sorted sets) as the reference. */

#define MODEL_LEVELS 16
typedef struct model {
    uint64_t *set[MODEL_LEVELS];
    size_t len[MODEL_LEVELS];
} model;

static bool model_remove(model *m, unsigned level, uint64_t index) {
    for (size_t i = 0; i < m->len[level]; i++) {
        if (m->set[level][i] == index) {
            m->set[level][i] = m->set[level][--m->len[level]];
            return true;
        }
    }
    return false;
}

static void model_add(model *m, unsigned level, uint64_t index) {
    m->set[level] = realloc(m->set[level], (m->len[level] + 1) * sizeof(uint64_t));
    m->set[level][m->len[level]++] = index;
}

static void model_free(model *m, uint64_t index, unsigned level) {
    while (level + 1 < MODEL_LEVELS && model_remove(m, level, index ^ (1ULL << level))) {
        index &= ~(1ULL << level);
        level++;
    }
    model_add(m, level, index);
}

static bool model_alloc(model *m, unsigned level, uint64_t *out) {
    int best_level = -1;
    uint64_t best = UINT64_MAX;
    for (unsigned l = level; l < MODEL_LEVELS; l++) {
        for (size_t i = 0; i < m->len[l]; i++) {
            if (m->set[l][i] < best) {
                best = m->set[l][i];
                best_level = (int)l;
            }
        }
    }
    if (best_level < 0)
        return false;
    model_remove(m, (unsigned)best_level, best);
    for (unsigned l = (unsigned)best_level; l > level; l--)
        model_add(m, l - 1, best + (1ULL << (l - 1)));
    *out = best;
    return true;
}

static void allocator_matches_buddy_model(void) {
    const uint64_t blocks = 5000;
    rfs_alloc a;
    CHECK(rfs_alloc_init(&a, blocks));
    model m = {0};
    /* Free [300, blocks) block by block like a log replay would. */
    for (uint64_t i = 300; i < blocks; i++)
        model_free(&m, i, 0);
    rfs_alloc_mark_free(&a, 300, blocks - 300);
    CHECK_INT_EQ(a.free_count, blocks - 300);
    uint64_t held[400][2];
    size_t nheld = 0;
    srand(42);
    for (int step = 0; step < 6000; step++) {
        if (nheld < 400 && (rand() % 3 != 0 || nheld == 0)) {
            unsigned level = (unsigned)(rand() % 7);
            uint64_t want = 0, got = 0;
            bool ok_model = model_alloc(&m, level, &want);
            bool ok = rfs_alloc_take(&a, level, &got);
            if (!CHECK_INT_EQ(ok, ok_model))
                break;
            if (!ok)
                continue;
            if (!CHECK_INT_EQ(got, want))
                break;
            held[nheld][0] = got;
            held[nheld][1] = level;
            nheld++;
        } else {
            size_t k = (size_t)rand() % nheld;
            CHECK(rfs_alloc_range_used(&a, held[k][0], 1ULL << held[k][1]));
            model_free(&m, held[k][0], (unsigned)held[k][1]);
            rfs_alloc_mark_free(&a, held[k][0], 1ULL << held[k][1]);
            held[k][0] = held[nheld - 1][0];
            held[k][1] = held[nheld - 1][1];
            nheld--;
        }
    }
    uint64_t model_free_blocks = 0;
    for (unsigned l = 0; l < MODEL_LEVELS; l++)
        model_free_blocks += m.len[l] << l;
    CHECK_INT_EQ(a.free_count, model_free_blocks);
    for (unsigned l = 0; l < MODEL_LEVELS; l++)
        free(m.set[l]);
    rfs_alloc_destroy(&a);
}

static void allocator_merges_and_splits(void) {
    rfs_alloc a;
    CHECK(rfs_alloc_init(&a, 256));
    rfs_alloc_mark_free(&a, 64, 64);
    uint64_t idx;
    /* A level-6 request takes the whole aligned run, nothing else fits afterwards. */
    CHECK(rfs_alloc_take(&a, 6, &idx));
    CHECK_INT_EQ(idx, 64);
    CHECK(!rfs_alloc_take(&a, 0, &idx));
    /* Freeing two halves lets a level-6 allocation succeed again (they merged). */
    rfs_alloc_mark_free(&a, 64, 32);
    CHECK(!rfs_alloc_take(&a, 6, &idx));
    rfs_alloc_mark_free(&a, 96, 32);
    CHECK(rfs_alloc_take(&a, 6, &idx));
    CHECK_INT_EQ(idx, 64);
    /* Splits hand out the lowest piece; unaligned free runs cannot serve bigger levels. */
    rfs_alloc_mark_free(&a, 3, 10);
    CHECK(rfs_alloc_take(&a, 2, &idx));
    CHECK_INT_EQ(idx, 4);
    CHECK(rfs_alloc_take(&a, 0, &idx));
    CHECK_INT_EQ(idx, 3);
    CHECK(!rfs_alloc_take(&a, 3, &idx));
    CHECK(rfs_alloc_take(&a, 2, &idx));
    CHECK_INT_EQ(idx, 8);
    CHECK(rfs_alloc_take(&a, 0, &idx));
    CHECK_INT_EQ(idx, 12);
    CHECK_INT_EQ(a.free_count, 0);
    /* Runs over a plain bitmap. */
    uint64_t bits[2] = {0xF0F0ULL, 1ULL << 63 | 1};
    uint64_t pos = 0, start, len, runs = 0;
    while (rfs_bitmap_next_run(bits, 2, &pos, &start, &len))
        runs++;
    CHECK_INT_EQ(runs, 4); /* 4-7, 12-15, 64, 127 */
    pos = 60;
    CHECK(rfs_bitmap_next_run(bits, 2, &pos, &start, &len));
    CHECK_INT_EQ(start, 64);
    CHECK_INT_EQ(len, 1);
    CHECK(rfs_bitmap_next_run(bits, 2, &pos, &start, &len));
    CHECK_INT_EQ(start, 127);
    CHECK_INT_EQ(len, 1);
    CHECK(!rfs_bitmap_next_run(bits, 2, &pos, &start, &len));
    rfs_alloc_destroy(&a);
}

int main(int argc, char **argv) {
    static const mh_test tests[] = {
        MH_TEST(header_layout),       MH_TEST(node_layout),
        MH_TEST(list_layouts),        MH_TEST(addresses_and_markers),
        MH_TEST(seahash_vectors),     MH_TEST(lz4_matches_liblz4),
        MH_TEST(lz4_rejects_bad_input), MH_TEST(allocator_matches_buddy_model),
        MH_TEST(allocator_merges_and_splits),
    };
    return mh_test_run(tests, MH_COUNT(tests), argc, argv);
}
