/* Directory H-trees: many names grow the tree to one, two and three levels of HTreeNodes;
 * every name stays findable and listed exactly once through splits, removals and reopening,
 * and removing everything shrinks the directory back to nothing. */
#include <stdlib.h>
#include <string.h>

#include "fs_helpers.h"
#include "redoxfs/core/internal.h"

/* Long names fill DirLists fast, so fewer entries are needed for deep trees. The number
 * leads (for the listing check) and ends the name (for the test hash). */
static uint32_t make_name(char *out, unsigned i, unsigned len) {
    char suffix[16];
    int n = snprintf(out, 256, "%08u-", i);
    int tail = snprintf(suffix, sizeof suffix, "__%u", i / 3);
    memset(out + n, 'a' + (char)(i % 26), len - (unsigned)n - (unsigned)tail);
    memcpy(out + len - tail, suffix, (size_t)tail);
    out[len] = 0;
    return len;
}

/* Like upstream's test hash: the number after the last "__", so consecutive names get
 * ascending hashes (each shared by three names) and half-full blocks stay half full. */
static uint32_t suffix_hash(const uint8_t *name, uint32_t len) {
    uint32_t v = 0, mult = 1;
    for (uint32_t i = len; i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9'; i--, mult *= 10)
        v += (uint32_t)(name[i - 1] - '0') * mult;
    return v;
}

static unsigned levels_of(rfs_fs *fs, uint32_t dir) {
    rfs_node n;
    unsigned levels = 0;
    if (rfs_node_get(fs, dir, &n) == 0)
        rfs_dir_levels(fs, &n, &levels);
    return levels;
}

typedef struct seen {
    uint8_t *marks;
    unsigned count, bad;
} seen;

static int mark(void *ctx, const uint8_t *name, uint32_t len, uint32_t id) {
    seen *s = ctx;
    (void)id;
    unsigned i = (unsigned)strtoul((const char *)name, NULL, 10);
    (void)len;
    if (s->marks[i]++)
        s->bad++;
    s->count++;
    return 0;
}

/* Adds `count` names (len bytes) to a new directory and checks the tree reaches `levels`. */
static void grow_to(unsigned count, unsigned len, unsigned want_levels, bool test_hash) {
    rfs_memdisk m;
    rfs_fs *fs = new_volume(&m, 200000, 0);
    if (!CHECK(fs))
        return;
    if (test_hash)
        fs->name_hash = suffix_hash;
    uint32_t dir, id;
    char name[256];
    CHECK_OK(rfs_create(fs, RFS_ROOT_ID, (const uint8_t *)"d", 1, RFS_MODE_DIR | 0755, 0, 0, &dir));
    /* Names 0..99 get their own nodes, the rest are hard links to node ids[0] (a node block
     * per name would make the volume needlessly big). */
    uint32_t *ids = malloc(count * sizeof *ids);
    for (unsigned i = 0; i < count; i++) {
        uint32_t n = make_name(name, i, len);
        ids[i] = ids[0];
        int rc = i < 100 ? rfs_create(fs, dir, (const uint8_t *)name, n, RFS_MODE_FILE | 0644, 0, 0, &ids[i])
                         : rfs_link(fs, dir, (const uint8_t *)name, n, ids[0]);
        if (rc < 0) {
            CHECK(!"create succeeds");
            fprintf(stderr, "    %u: %s\n", i, last_error(fs));
            break;
        }
        if (i % 20000 == 19999)
            CHECK_OK(rfs_commit(fs, false));
    }
    CHECK_OK(rfs_commit(fs, false));
    CHECK_INT_EQ(levels_of(fs, dir), want_levels);
    expect_clean(fs);
    rfs_close(fs);
    fs = open_volume(&m, true);
    if (test_hash)
        fs->name_hash = suffix_hash;
    for (unsigned i = 0; i < count; i += 7) {
        uint32_t n = make_name(name, i, len);
        CHECK_OK(rfs_lookup(fs, dir, (const uint8_t *)name, n, &id));
        CHECK_INT_EQ(id, ids[i]);
    }
    seen s = {calloc(count, 1), 0, 0};
    uint64_t cookie = 0;
    CHECK_OK(rfs_readdir(fs, dir, &cookie, mark, &s));
    CHECK_INT_EQ(s.count, count);
    CHECK_INT_EQ(s.bad, 0);
    /* Remove every other name, check, then the rest. */
    for (unsigned pass = 0; pass < 2; pass++) {
        for (unsigned i = pass; i < count; i += 2) {
            uint32_t n = make_name(name, i, len);
            CHECK_OK(rfs_unlink(fs, dir, (const uint8_t *)name, n, false));
        }
        CHECK_OK(rfs_commit(fs, false));
        for (unsigned i = 1 - pass; pass == 0 && i < count; i += 10) {
            uint32_t n = make_name(name, i, len);
            CHECK_OK(rfs_lookup(fs, dir, (const uint8_t *)name, n, &id));
        }
        expect_clean(fs);
    }
    rfs_attr st;
    CHECK_OK(rfs_stat(fs, dir, &st));
    CHECK_INT_EQ(st.size, 0);
    CHECK_INT_EQ(st.blocks, 1);
    CHECK_OK(rfs_rmdir(fs, RFS_ROOT_ID, (const uint8_t *)"d", 1));
    CHECK_OK(rfs_commit(fs, true));
    expect_clean(fs);
    free(s.marks);
    free(ids);
    rfs_close(fs);
    rfs_memdisk_free(&m);
}

static void one_dirlist(void) {
    grow_to(100, 20, 0, false);
}

static void one_level(void) {
    grow_to(3000, 40, 1, false);
}

static void two_levels(void) {
    grow_to(12000, 252, 2, false);
}

static void two_levels_with_equal_hashes(void) {
    grow_to(12000, 252, 2, true);
}

/* The root splits once it has 204 children that each hold at least half a node. */
static void three_levels_with_equal_hashes(void) {
    grow_to(200000, 252, 3, true);
}

int main(int argc, char **argv) {
    static const mh_test tests[] = {MH_TEST(one_dirlist), MH_TEST(one_level), MH_TEST(two_levels),
                                    MH_TEST(two_levels_with_equal_hashes),
                                    MH_TEST(three_levels_with_equal_hashes)};
    return mh_test_run(tests, MH_COUNT(tests), argc, argv);
}
