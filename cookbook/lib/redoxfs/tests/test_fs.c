/* The RedoxFS core on in-memory volumes: files at every record level, inline data,
 * directories, links, renames, truncation, the release list, commits and reopening, the
 * allocation log across squashes, and damaged images. */
#include <stdlib.h>
#include <string.h>

#include "fs_helpers.h"

#define S(str) (const uint8_t *)(str), (uint32_t)strlen(str)

static void fill_pattern(uint8_t *buf, size_t len, uint64_t offset, unsigned seed) {
    for (size_t i = 0; i < len; i++) {
        uint64_t x = (offset + i) * 2654435761u + seed;
        buf[i] = (uint8_t)(x >> 13 ^ x >> 5);
    }
}

static void mkfs_gives_empty_root(void) {
    rfs_memdisk m;
    rfs_fs *fs = new_volume(&m, 2048, 0);
    if (!CHECK(fs))
        return;
    rfs_attr st;
    CHECK_OK(rfs_stat(fs, RFS_ROOT_ID, &st));
    CHECK_INT_EQ(st.mode, RFS_MODE_DIR | 0755);
    CHECK_INT_EQ(st.links, 1);
    CHECK_INT_EQ(st.size, 0);
    CHECK_INT_EQ(st.blocks, 1);
    CHECK_INT_EQ(st.ctime, 1700000000);
    rfs_info info;
    rfs_get_info(fs, &info);
    CHECK_INT_EQ(info.generation, 1);
    CHECK_INT_EQ(info.size_bytes, 2048 * 4096);
    CHECK(memcmp(info.uuid, "0123456789abcdef", 16) == 0);
    expect_clean(fs);
    rfs_close(fs);
    rfs_memdisk_free(&m);
}

/* Writes `len` pattern bytes at `offset` of a new file, commits, reopens, reads back. */
static void roundtrip(rfs_memdisk *m, rfs_fs **fsp, const char *name, uint64_t offset, size_t len) {
    rfs_fs *fs = *fsp;
    uint32_t id;
    CHECK_OK(rfs_create(fs, RFS_ROOT_ID, S(name), RFS_MODE_FILE | 0644, 1, 2, &id));
    uint8_t *buf = malloc(len + 1), *back = malloc(len + 1);
    fill_pattern(buf, len, offset, 7);
    CHECK_OK(rfs_write(fs, id, offset, buf, len));
    CHECK_OK(rfs_commit(fs, false));
    rfs_close(fs);
    fs = *fsp = open_volume(m, true);
    if (!CHECK(fs))
        return;
    rfs_attr st;
    CHECK_OK(rfs_stat(fs, id, &st));
    CHECK_INT_EQ(st.size, offset + len);
    size_t done;
    CHECK_OK(rfs_read(fs, id, offset, back, len + 1, &done));
    CHECK_INT_EQ(done, len);
    if (!CHECK(memcmp(back, buf, len) == 0))
        fprintf(stderr, "    content differs for %s\n", name);
    /* The hole before the data reads as zeros. */
    if (offset >= 10) {
        CHECK_OK(rfs_read(fs, id, offset - 10, back, 10, &done));
        CHECK_INT_EQ(done, 10);
        uint8_t zeros[10] = {0};
        CHECK(memcmp(back, zeros, 10) == 0);
    }
    free(buf);
    free(back);
}

static void files_at_every_record_level(void) {
    rfs_memdisk m;
    rfs_fs *fs = new_volume(&m, 16384, 0);
    if (!CHECK(fs))
        return;
    const uint64_t rec = 131072;
    /* Inline edge, first records, and the first records of level1..level4 (sparse). */
    roundtrip(&m, &fs, "empty", 0, 0);
    roundtrip(&m, &fs, "inline-max", 0, 3967);
    roundtrip(&m, &fs, "just-not-inline", 0, 3968);
    roundtrip(&m, &fs, "one-record-plus", 0, rec + 1);
    roundtrip(&m, &fs, "level1", 127 * rec + 5000, rec * 2);
    roundtrip(&m, &fs, "level2", (128 + 64 * 256) * rec - 300, 600);
    roundtrip(&m, &fs, "level3", (128 + 64 * 256 + 32 * 65536ULL) * rec - 10, 30);
    roundtrip(&m, &fs, "level4", (128 + 64 * 256 + 32 * 65536ULL + 16 * 16777216ULL) * rec + 77, 4096);
    uint32_t id;
    CHECK_OK(rfs_create(fs, RFS_ROOT_ID, S("too-far"), RFS_MODE_FILE | 0644, 0, 0, &id));
    uint64_t beyond = (128 + 64 * 256 + 32 * 65536ULL + 16 * 16777216ULL + 8 * 4294967296ULL) * rec;
    CHECK_INT_EQ(rfs_write(fs, id, beyond, "x", 1), -RFS_EFBIG);
    CHECK_OK(rfs_commit(fs, false));
    expect_clean(fs);
    rfs_close(fs);
    rfs_memdisk_free(&m);
}

static void overwrite_truncate_and_grow(void) {
    rfs_memdisk m;
    rfs_fs *fs = new_volume(&m, 8192, 0);
    if (!CHECK(fs))
        return;
    size_t len = 700000;
    uint8_t *model = calloc(1, 2 * len), *back = malloc(2 * len);
    uint32_t id;
    CHECK_OK(rfs_create(fs, RFS_ROOT_ID, S("f"), RFS_MODE_FILE | 0600, 0, 0, &id));
    /* Grow from inline through records with small writes. */
    for (size_t off = 0; off < len; off += 3000) {
        size_t n = off + 3000 > len ? len - off : 3000;
        fill_pattern(model + off, n, off, 1);
        CHECK_OK(rfs_write(fs, id, off, model + off, n));
        if (off % 90000 == 0)
            CHECK_OK(rfs_commit(fs, false));
    }
    /* Overwrite the middle across a record boundary. */
    fill_pattern(model + 131000, 5000, 0, 9);
    CHECK_OK(rfs_write(fs, id, 131000, model + 131000, 5000));
    /* Shrink inside a record, then grow again: the old tail must read as zeros. */
    rfs_attr_update up = {.mask = RFS_SET_SIZE, .size = 300001};
    CHECK_OK(rfs_setattr(fs, id, &up));
    CHECK_OK(rfs_commit(fs, false));
    memset(model + 300001, 0, len - 300001);
    up.size = 500000;
    CHECK_OK(rfs_setattr(fs, id, &up));
    /* Write past the end leaves a hole. */
    fill_pattern(model + 900000, 100, 0, 3);
    CHECK_OK(rfs_write(fs, id, 900000, model + 900000, 100));
    CHECK_OK(rfs_commit(fs, false));
    size_t done;
    CHECK_OK(rfs_read(fs, id, 0, back, 2 * len, &done));
    CHECK_INT_EQ(done, 900100);
    CHECK(memcmp(back, model, 900100) == 0);
    expect_clean(fs);
    /* Shrinking to inline-size keeps records (no way back to inline), 0 frees all. */
    up.size = 10;
    CHECK_OK(rfs_setattr(fs, id, &up));
    CHECK_OK(rfs_read(fs, id, 0, back, 100, &done));
    CHECK_INT_EQ(done, 10);
    CHECK(memcmp(back, model, 10) == 0);
    up.size = 0;
    CHECK_OK(rfs_setattr(fs, id, &up));
    rfs_attr st;
    CHECK_OK(rfs_stat(fs, id, &st));
    CHECK_INT_EQ(st.blocks, 1);
    CHECK_OK(rfs_commit(fs, false));
    expect_clean(fs);
    free(model);
    free(back);
    rfs_close(fs);
    rfs_memdisk_free(&m);
}

typedef struct listing {
    char names[64][64];
    uint32_t ids[64];
    size_t n;
} listing;

static int collect(void *ctx, const uint8_t *name, uint32_t len, uint32_t id) {
    listing *l = ctx;
    if (l->n < 64 && len < 64) {
        memcpy(l->names[l->n], name, len);
        l->names[l->n][len] = 0;
        l->ids[l->n++] = id;
    }
    return 0;
}

static void directories_links_and_renames(void) {
    rfs_memdisk m;
    rfs_fs *fs = new_volume(&m, 4096, 0);
    if (!CHECK(fs))
        return;
    uint32_t a, b, f, l, found;
    CHECK_OK(rfs_create(fs, RFS_ROOT_ID, S("a"), RFS_MODE_DIR | 0755, 0, 0, &a));
    CHECK_OK(rfs_create(fs, RFS_ROOT_ID, S("b"), RFS_MODE_DIR | 0700, 0, 0, &b));
    CHECK_OK(rfs_create(fs, a, S("file"), RFS_MODE_FILE | 0644, 5, 6, &f));
    CHECK_OK(rfs_write(fs, f, 0, "hello", 5));
    CHECK_OK(rfs_create(fs, a, S("link"), RFS_MODE_SYMLINK | 0777, 0, 0, &l));
    CHECK_OK(rfs_write(fs, l, 0, "../b/target", 11));
    CHECK_INT_EQ(rfs_create(fs, a, S("file"), RFS_MODE_FILE | 0644, 0, 0, &found), -RFS_EEXIST);
    CHECK_INT_EQ(rfs_create(fs, a, S("x:y"), RFS_MODE_FILE | 0644, 0, 0, &found), -RFS_EINVAL);
    CHECK_INT_EQ(rfs_create(fs, a, S(".."), RFS_MODE_FILE | 0644, 0, 0, &found), -RFS_EINVAL);
    CHECK_INT_EQ(rfs_create(fs, a, (const uint8_t *)"\xff", 1, RFS_MODE_FILE, 0, 0, &found), -RFS_EINVAL);
    char long_name[260];
    memset(long_name, 'n', 253);
    long_name[253] = 0;
    CHECK_INT_EQ(rfs_create(fs, a, S(long_name), RFS_MODE_FILE, 0, 0, &found), -RFS_ENAMETOOLONG);
    long_name[252] = 0;
    CHECK_OK(rfs_create(fs, a, S(long_name), RFS_MODE_FILE, 0, 0, &found));
    CHECK_INT_EQ(rfs_create(fs, f, S("sub"), RFS_MODE_FILE, 0, 0, &found), -RFS_ENOTDIR);
    CHECK_OK(rfs_lookup_path(fs, "/a/file", &found));
    CHECK_INT_EQ(found, f);
    /* Hard link, then rename across directories replacing nothing, then over a file. */
    CHECK_OK(rfs_link(fs, b, S("hard"), f));
    rfs_attr st;
    CHECK_OK(rfs_stat(fs, f, &st));
    CHECK_INT_EQ(st.links, 2);
    CHECK_INT_EQ(rfs_link(fs, b, S("dirlink"), a), -RFS_EPERM);
    CHECK_OK(rfs_rename(fs, a, S("file"), b, S("moved"), 0));
    CHECK_INT_EQ(rfs_lookup(fs, a, S("file"), &found), -RFS_ENOENT);
    CHECK_OK(rfs_lookup(fs, b, S("moved"), &found));
    CHECK_INT_EQ(found, f);
    CHECK_INT_EQ(rfs_rename(fs, b, S("hard"), b, S("moved"), 0), 0); /* same node: no-op */
    CHECK_INT_EQ(rfs_rename(fs, a, S("link"), b, S("moved"), RFS_RENAME_NOREPLACE), -RFS_EEXIST);
    CHECK_OK(rfs_rename(fs, a, S("link"), b, S("moved"), 0));
    CHECK_OK(rfs_stat(fs, f, &st));
    CHECK_INT_EQ(st.links, 1);
    CHECK_INT_EQ(rfs_rename(fs, RFS_ROOT_ID, S("a"), b, S("hard"), 0), -RFS_ENOTDIR);
    CHECK_INT_EQ(rfs_rmdir(fs, RFS_ROOT_ID, S("b")), -RFS_ENOTEMPTY);
    CHECK_INT_EQ(rfs_unlink(fs, RFS_ROOT_ID, S("b"), false), -RFS_EISDIR);
    CHECK_INT_EQ(rfs_rmdir(fs, b, S("hard")), -RFS_ENOTDIR);
    listing lst = {0};
    uint64_t cookie = 0;
    CHECK_OK(rfs_readdir(fs, b, &cookie, collect, &lst));
    CHECK_INT_EQ(lst.n, 2);
    CHECK_INT_EQ(cookie, 2);
    CHECK_OK(rfs_commit(fs, false));
    expect_clean(fs);
    /* Empty a directory and remove it; the directory shrinks back to nothing. */
    CHECK_OK(rfs_unlink(fs, b, S("hard"), false));
    CHECK_OK(rfs_unlink(fs, b, S("moved"), false));
    CHECK_OK(rfs_stat(fs, b, &st));
    CHECK_INT_EQ(st.size, 0);
    CHECK_INT_EQ(st.blocks, 1);
    CHECK_INT_EQ(rfs_stat(fs, l, &st), -RFS_ENOENT);
    CHECK_OK(rfs_rmdir(fs, RFS_ROOT_ID, S("b")));
    CHECK_INT_EQ(rfs_stat(fs, b, &st), -RFS_ENOENT);
    CHECK_OK(rfs_commit(fs, true));
    expect_clean(fs);
    rfs_close(fs);
    rfs_memdisk_free(&m);
}

static void release_list_survives_reopen(void) {
    rfs_memdisk m;
    rfs_fs *fs = new_volume(&m, 4096, 0);
    if (!CHECK(fs))
        return;
    uint32_t id;
    uint8_t data[20000];
    fill_pattern(data, sizeof data, 0, 4);
    CHECK_OK(rfs_create(fs, RFS_ROOT_ID, S("tmp"), RFS_MODE_FILE | 0600, 0, 0, &id));
    CHECK_OK(rfs_write(fs, id, 0, data, sizeof data));
    CHECK_OK(rfs_unlink(fs, RFS_ROOT_ID, S("tmp"), true));
    /* Still readable while "open". */
    uint8_t back[20000];
    size_t done;
    CHECK_OK(rfs_read(fs, id, 0, back, sizeof back, &done));
    CHECK(done == sizeof back && memcmp(back, data, sizeof data) == 0);
    CHECK_OK(rfs_commit(fs, false));
    expect_clean(fs);
    rfs_info before;
    rfs_get_info(fs, &before);
    rfs_close(fs);
    fs = open_volume(&m, true);
    if (!CHECK(fs))
        return;
    CHECK_OK(rfs_release_all(fs));
    CHECK_OK(rfs_commit(fs, true));
    rfs_attr st;
    CHECK_INT_EQ(rfs_stat(fs, id, &st), -RFS_ENOENT);
    rfs_info after;
    rfs_get_info(fs, &after);
    CHECK(after.free_blocks > before.free_blocks);
    expect_clean(fs);
    rfs_close(fs);
    rfs_memdisk_free(&m);
}

/* Create/delete cycles over more than 1024 commits must give every block back. */
static void create_delete_cycles_do_not_leak(void) {
    rfs_memdisk m;
    rfs_fs *fs = new_volume(&m, 8192, 0);
    if (!CHECK(fs))
        return;
    CHECK_OK(rfs_commit(fs, true));
    rfs_info start;
    rfs_get_info(fs, &start);
    uint8_t data[140000];
    fill_pattern(data, sizeof data, 0, 2);
    for (int round = 0; round < 1100; round++) {
        uint32_t id;
        char name[32];
        snprintf(name, sizeof name, "file%d", round % 7);
        CHECK_OK(rfs_create(fs, RFS_ROOT_ID, S(name), RFS_MODE_FILE | 0644, 0, 0, &id));
        CHECK_OK(rfs_write(fs, id, 0, data, (size_t)(round * 1237) % sizeof data));
        CHECK_OK(rfs_commit(fs, false));
        CHECK_OK(rfs_unlink(fs, RFS_ROOT_ID, S(name), false));
        CHECK_OK(rfs_commit(fs, false));
        if (round % 300 == 0) {
            rfs_close(fs);
            fs = open_volume(&m, true);
            if (!CHECK(fs))
                return;
            expect_clean(fs);
        }
    }
    CHECK_OK(rfs_commit(fs, true));
    rfs_info end;
    rfs_get_info(fs, &end);
    CHECK(end.generation > 2048);
    CHECK_INT_EQ(end.free_blocks, start.free_blocks);
    rfs_attr st;
    CHECK_OK(rfs_stat(fs, RFS_ROOT_ID, &st));
    CHECK_INT_EQ(st.size, 0);
    expect_clean(fs);
    rfs_close(fs);
    rfs_memdisk_free(&m);
}

static void volume_after_reserved_area(void) {
    rfs_memdisk m;
    rfs_fs *fs = new_volume(&m, 1024, 512);
    if (!CHECK(fs))
        return;
    uint32_t id;
    CHECK_OK(rfs_create(fs, RFS_ROOT_ID, S("boot"), RFS_MODE_FILE | 0644, 0, 0, &id));
    CHECK_OK(rfs_write(fs, id, 0, "kernel", 6));
    CHECK_OK(rfs_commit(fs, false));
    rfs_info info;
    rfs_get_info(fs, &info);
    CHECK_INT_EQ(info.block, 512);
    rfs_close(fs);
    fs = open_volume(&m, false); /* found by scanning */
    if (!CHECK(fs))
        return;
    rfs_get_info(fs, &info);
    CHECK_INT_EQ(info.block, 512);
    CHECK_INT_EQ(info.generation, 2);
    char buf[8];
    size_t done;
    CHECK_OK(rfs_lookup_path(fs, "/boot", &id));
    CHECK_OK(rfs_read(fs, id, 0, buf, sizeof buf, &done));
    CHECK(done == 6 && memcmp(buf, "kernel", 6) == 0);
    CHECK_INT_EQ(rfs_create(fs, RFS_ROOT_ID, S("x"), RFS_MODE_FILE, 0, 0, &id), -RFS_EROFS);
    rfs_close(fs);
    rfs_memdisk_free(&m);
}

/* Filling the volume ends in clean ENOSPC errors; what was written before stays consistent
 * and deleting gives the space back. */
static void full_volume_fails_cleanly(void) {
    rfs_memdisk m;
    rfs_fs *fs = new_volume(&m, 700, 0);
    if (!CHECK(fs))
        return;
    uint8_t data[100000];
    fill_pattern(data, sizeof data, 0, 8);
    int rc = 0, files = 0;
    for (; files < 100 && rc == 0; files++) {
        char name[32];
        snprintf(name, sizeof name, "f%d", files);
        uint32_t id;
        rc = rfs_create(fs, RFS_ROOT_ID, S(name), RFS_MODE_FILE | 0644, 0, 0, &id);
        if (rc == 0)
            rc = rfs_write(fs, id, 0, data, sizeof data);
        if (rc == 0)
            rc = rfs_commit(fs, false);
    }
    CHECK_INT_EQ(rc, -RFS_ENOSPC);
    CHECK(strstr(last_error(fs), "space") != NULL);
    CHECK(files > 5);
    CHECK_OK(rfs_commit(fs, false));
    expect_clean(fs);
    for (int i = 0; i < files; i++) {
        char name[32];
        snprintf(name, sizeof name, "f%d", i);
        uint32_t id;
        if (rfs_lookup(fs, RFS_ROOT_ID, S(name), &id) == 0)
            CHECK_OK(rfs_unlink(fs, RFS_ROOT_ID, S(name), false));
    }
    CHECK_OK(rfs_commit(fs, true));
    expect_clean(fs);
    rfs_info info;
    rfs_get_info(fs, &info);
    CHECK(info.free_blocks > 400);
    rfs_close(fs);
    rfs_memdisk_free(&m);
}

static void resize_grows_and_shrinks(void) {
    rfs_memdisk m;
    rfs_fs *fs = new_volume(&m, 1000, 0);
    if (!CHECK(fs))
        return;
    rfs_close(fs);
    /* A bigger device: grow the filesystem onto it. */
    uint8_t *bigger = calloc(4000, RFS_BLOCK_SIZE);
    memcpy(bigger, m.data, 1000 * RFS_BLOCK_SIZE);
    rfs_memdisk_free(&m);
    rfs_memdisk_from(&m, bigger, 4000 * RFS_BLOCK_SIZE);
    free(bigger);
    fs = open_volume(&m, true);
    if (!CHECK(fs))
        return;
    CHECK_OK(rfs_resize(fs, 4000ULL * RFS_BLOCK_SIZE));
    rfs_info info;
    rfs_get_info(fs, &info);
    CHECK_INT_EQ(info.size_bytes, 4000ULL * RFS_BLOCK_SIZE);
    /* Fill beyond the old end, then free most of it again. */
    uint8_t data[200000];
    fill_pattern(data, sizeof data, 0, 5);
    uint32_t keep, gone;
    CHECK_OK(rfs_create(fs, RFS_ROOT_ID, S("keep"), RFS_MODE_FILE | 0644, 0, 0, &keep));
    CHECK_OK(rfs_write(fs, keep, 0, data, sizeof data));
    CHECK_OK(rfs_create(fs, RFS_ROOT_ID, S("gone"), RFS_MODE_FILE | 0644, 0, 0, &gone));
    for (int i = 0; i < 50; i++)
        CHECK_OK(rfs_write(fs, gone, (uint64_t)i * sizeof data, data, sizeof data));
    CHECK_OK(rfs_commit(fs, false));
    CHECK(rfs_min_size(fs) > 2000ULL * RFS_BLOCK_SIZE);
    CHECK_INT_EQ(rfs_resize(fs, 1000ULL * RFS_BLOCK_SIZE), -RFS_ENOSPC);
    CHECK_OK(rfs_unlink(fs, RFS_ROOT_ID, S("gone"), false));
    CHECK_OK(rfs_commit(fs, true));
    /* The node tree was written after the big file; the next change moves it down. */
    rfs_attr_update up = {.mask = RFS_SET_MODE, .mode = 0600};
    CHECK_OK(rfs_setattr(fs, keep, &up));
    CHECK_OK(rfs_commit(fs, true));
    uint64_t min = rfs_min_size(fs);
    CHECK(min < 1000ULL * RFS_BLOCK_SIZE);
    CHECK_OK(rfs_resize(fs, min));
    CHECK_INT_EQ(rfs_resize(fs, 100ULL * RFS_BLOCK_SIZE), -RFS_EINVAL);
    CHECK_INT_EQ(rfs_resize(fs, 5000ULL * RFS_BLOCK_SIZE), -RFS_EINVAL);
    expect_clean(fs);
    rfs_close(fs);
    fs = open_volume(&m, true);
    if (!CHECK(fs))
        return;
    rfs_get_info(fs, &info);
    CHECK_INT_EQ(info.size_bytes, min);
    uint8_t back[200000];
    size_t done;
    CHECK_OK(rfs_read(fs, keep, 0, back, sizeof back, &done));
    CHECK(done == sizeof back && memcmp(back, data, sizeof data) == 0);
    expect_clean(fs);
    rfs_close(fs);
    rfs_memdisk_free(&m);
}

int main(int argc, char **argv) {
    static const mh_test tests[] = {
        MH_TEST(mkfs_gives_empty_root),
        MH_TEST(files_at_every_record_level),
        MH_TEST(overwrite_truncate_and_grow),
        MH_TEST(directories_links_and_renames),
        MH_TEST(release_list_survives_reopen),
        MH_TEST(create_delete_cycles_do_not_leak),
        MH_TEST(volume_after_reserved_area),
        MH_TEST(resize_grows_and_shrinks),
        MH_TEST(full_volume_fails_cleanly),
    };
    return mh_test_run(tests, MH_COUNT(tests), argc, argv);
}
