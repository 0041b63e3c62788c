/* Shared helpers of the RedoxFS unit tests: in-memory volumes and a consistency check that
 * fails the running test with every finding. */
#ifndef RFS_TEST_FS_HELPERS_H
#define RFS_TEST_FS_HELPERS_H

#include <stdio.h>
#include <string.h>

#include "redoxfs/core/check.h"
#include "redoxfs/core/redoxfs.h"
#include "redoxfs/host/memdisk.h"
#include "testing/testing.h"

static inline void print_finding(void *ctx, bool error, const char *message) {
    (void)ctx;
    fprintf(stderr, "    fsck %s: %s\n", error ? "error" : "warning", message);
}

/* Runs the full check; the test fails on any error. */
static inline void expect_clean(rfs_fs *fs) {
    rfs_check_result res;
    int rc = rfs_check(fs, print_finding, NULL, &res);
    CHECK_INT_EQ(rc, 0);
    CHECK_INT_EQ(res.errors, 0);
}

static inline rfs_fs *open_volume(rfs_memdisk *m, bool writable) {
    rfs_open_options opt = {.writable = writable};
    rfs_error err = {0};
    rfs_fs *fs = NULL;
    if (rfs_open(&fs, &m->disk, &opt, &err) < 0)
        fprintf(stderr, "    open: %s\n", err.message);
    return fs;
}

/* A fresh volume of `blocks` blocks after `reserved` blocks, opened writable. */
static inline rfs_fs *new_volume(rfs_memdisk *m, uint64_t blocks, uint64_t reserved) {
    rfs_memdisk_init(m, blocks + reserved);
    rfs_mkfs_options opt = {.reserved_blocks = reserved, .time_sec = 1700000000};
    memcpy(opt.uuid, "0123456789abcdef", 16);
    rfs_error err = {0};
    if (rfs_mkfs(&m->disk, &opt, &err) < 0) {
        fprintf(stderr, "    mkfs: %s\n", err.message);
        return NULL;
    }
    return open_volume(m, true);
}

static inline const char *last_error(rfs_fs *fs) {
    return rfs_last_error(fs)->message;
}

#define CHECK_OK(expr)                                                                       \
    do {                                                                                     \
        int rc_ = (expr);                                                                    \
        if (rc_ != 0)                                                                        \
            fprintf(stderr, "    %s -> %d: %s\n", #expr, rc_, last_error(fs));               \
        CHECK_INT_EQ(rc_, 0);                                                                \
    } while (0)

#endif
