/* Damaged images: a flipped byte in any block the newest generation uses is detected (the
 * volume does not open, the check reports it, or reading fails with a message), a flip in a
 * free block is harmless, and truncated images are refused clearly. Nothing crashes. */
#include <stdlib.h>
#include <string.h>

#include "fs_helpers.h"
#include "redoxfs/core/internal.h"
#include "sample_volume.h"
#include "walk.h"

static void quiet(void *ctx, bool error, const char *message) {
    (void)error;
    (void)message;
    (*(unsigned *)ctx)++;
}

/* Which blocks the sample's newest generation uses (not free, past the reserved area). */
static uint8_t *used_blocks(rfs_memdisk *m) {
    uint8_t *used = calloc(SAMPLE_BLOCKS, 1);
    rfs_fs *fs = open_volume(m, true);
    for (uint64_t b = RFS_RESERVED_BLOCKS; fs && b < SAMPLE_BLOCKS; b++)
        used[b] = !rfs_alloc_range_free(&fs->alloc, b, 1);
    rfs_close(fs);
    return used;
}

/* Opens, checks and walks an image; returns how many problems were found. */
static unsigned inspect(rfs_memdisk *m) {
    rfs_open_options oo = {.writable = false};
    rfs_error err = {0};
    rfs_fs *fs;
    if (rfs_open(&fs, &m->disk, &oo, &err) < 0) {
        if (!CHECK(err.message[0] != 0))
            return 1;
        return 1;
    }
    unsigned findings = 0;
    rfs_check_result res;
    if (rfs_check(fs, quiet, &findings, &res) < 0) {
        CHECK(rfs_last_error(fs)->message[0] != 0);
        findings++;
    }
    findings += (unsigned)res.errors;
    findings += walk_volume(fs);
    rfs_close(fs);
    return findings;
}

static void every_used_block_is_protected(void) {
    rfs_memdisk base;
    if (!CHECK_INT_EQ(sample_build(&base), 0))
        return;
    CHECK_INT_EQ(inspect(&base), 0);
    uint8_t *used = used_blocks(&base);
    unsigned used_count = 0;
    for (uint64_t b = RFS_RESERVED_BLOCKS; b < SAMPLE_BLOCKS; b++) {
        if (!used[b] && b % 7)
            continue; /* a sample of the free blocks is enough */
        rfs_memdisk m;
        rfs_memdisk_from(&m, base.data, SAMPLE_BLOCKS * RFS_BLOCK_SIZE);
        m.data[b * RFS_BLOCK_SIZE + (b * 37) % RFS_BLOCK_SIZE] ^= 0x5A;
        unsigned findings = inspect(&m);
        if (used[b]) {
            used_count++;
            if (!CHECK(findings > 0))
                fprintf(stderr, "    damage in used block %llu went unnoticed\n", (unsigned long long)b);
        } else if (!CHECK_INT_EQ(findings, 0)) {
            fprintf(stderr, "    damage in free block %llu was reported\n", (unsigned long long)b);
        }
        rfs_memdisk_free(&m);
    }
    CHECK(used_count > 20);
    free(used);
    rfs_memdisk_free(&base);
}

static void damaged_headers_fall_back_or_fail_clearly(void) {
    rfs_memdisk base;
    if (!CHECK_INT_EQ(sample_build(&base), 0))
        return;
    for (uint64_t b = 0; b < 8; b++) {
        for (unsigned off = 0; off < RFS_BLOCK_SIZE; off += 509) {
            rfs_memdisk m;
            rfs_memdisk_from(&m, base.data, SAMPLE_BLOCKS * RFS_BLOCK_SIZE);
            m.data[b * RFS_BLOCK_SIZE + off] ^= 0x01;
            inspect(&m); /* either generation may win; it must just not crash */
            rfs_memdisk_free(&m);
        }
    }
    /* Every header gone: a clear refusal. */
    rfs_memdisk m;
    rfs_memdisk_from(&m, base.data, SAMPLE_BLOCKS * RFS_BLOCK_SIZE);
    memset(m.data, 0, RFS_HEADER_RING * RFS_BLOCK_SIZE);
    rfs_open_options oo = {.writable = false};
    rfs_error err = {0};
    rfs_fs *fs;
    CHECK_INT_EQ(rfs_open(&fs, &m.disk, &oo, &err), -RFS_EINVAL);
    CHECK(strstr(err.message, "no RedoxFS v8 header") != NULL);
    rfs_memdisk_free(&m);
    rfs_memdisk_free(&base);
}

static void truncated_images_are_refused(void) {
    rfs_memdisk base;
    if (!CHECK_INT_EQ(sample_build(&base), 0))
        return;
    for (uint64_t blocks = 1; blocks < SAMPLE_BLOCKS; blocks = blocks * 3 + 1) {
        rfs_memdisk m;
        rfs_memdisk_from(&m, base.data, blocks * RFS_BLOCK_SIZE);
        rfs_open_options oo = {.writable = true};
        rfs_error err = {0};
        rfs_fs *fs;
        int rc = rfs_open(&fs, &m.disk, &oo, &err);
        CHECK(rc < 0);
        CHECK(err.message[0] != 0);
        if (blocks > 8)
            CHECK(strstr(err.message, "truncated") != NULL);
        rfs_memdisk_free(&m);
    }
    rfs_memdisk_free(&base);
}

static void encrypted_volumes_are_reported(void) {
    rfs_memdisk m;
    if (!CHECK_INT_EQ(sample_build(&m), 0))
        return;
    /* Make every header look encrypted: encrypted_hash differs from hash || 0. */
    for (uint64_t slot = 0; slot < RFS_HEADER_RING; slot++) {
        rfs_header *h = (rfs_header *)(void *)(m.data + slot * RFS_BLOCK_SIZE);
        if (h->version == RFS_VERSION)
            h->encrypted_hash[12] ^= 0xFF;
    }
    rfs_open_options oo = {.writable = false};
    rfs_error err = {0};
    rfs_fs *fs;
    CHECK_INT_EQ(rfs_open(&fs, &m.disk, &oo, &err), -RFS_ENOKEY);
    CHECK_STR_EQ(err.message, "encrypted RedoxFS volumes are not supported yet");
    rfs_memdisk_free(&m);
}

/* Writing into a damaged volume fails with a message; a failed commit leaves the newest
 * generation on disk as it was. */
static void writes_to_damaged_volumes_fail_safely(void) {
    rfs_memdisk base;
    if (!CHECK_INT_EQ(sample_build(&base), 0))
        return;
    uint8_t *used = used_blocks(&base);
    for (uint64_t b = RFS_RESERVED_BLOCKS; b < SAMPLE_BLOCKS; b++) {
        if (!used[b])
            continue;
        rfs_memdisk m;
        rfs_memdisk_from(&m, base.data, SAMPLE_BLOCKS * RFS_BLOCK_SIZE);
        m.data[b * RFS_BLOCK_SIZE + 100] ^= 0xFF;
        rfs_fs *fs = open_volume(&m, true);
        if (fs) {
            uint32_t dir, id;
            if (rfs_lookup_path(fs, "/dir", &dir) == 0 &&
                rfs_create(fs, dir, (const uint8_t *)"new", 3, RFS_MODE_FILE | 0644, 0, 0, &id) == 0)
                rfs_write(fs, id, 0, "x", 1);
            rfs_unlink(fs, RFS_ROOT_ID, (const uint8_t *)"big", 3, false);
            rfs_info before;
            rfs_get_info(fs, &before);
            bool failed = rfs_commit(fs, false) < 0;
            if (failed)
                CHECK(last_error(fs)[0] != 0);
            rfs_close(fs);
            fs = failed ? open_volume(&m, false) : NULL;
            if (fs) {
                rfs_info after;
                rfs_get_info(fs, &after);
                CHECK_INT_EQ(after.generation, before.generation);
                rfs_close(fs);
            }
        }
        rfs_memdisk_free(&m);
    }
    free(used);
    rfs_memdisk_free(&base);
}

int main(int argc, char **argv) {
    static const mh_test tests[] = {
        MH_TEST(every_used_block_is_protected),
        MH_TEST(damaged_headers_fall_back_or_fail_clearly),
        MH_TEST(truncated_images_are_refused),
        MH_TEST(encrypted_volumes_are_reported),
        MH_TEST(writes_to_damaged_volumes_fail_safely),
    };
    return mh_test_run(tests, MH_COUNT(tests), argc, argv);
}
