/* libFuzzer target: a small sample volume (built once, in memory) is damaged as the input
 * says, then opened, checked, read completely and, when the input asks, written to and
 * committed. Input: byte 0 = flags (1: skip hash checks so damage reaches the parsers,
 * 2: writable, 4: truncate to the block count in bytes 1-2), then 5-byte patches
 * (offset u32 LE, XOR mask). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../tests/sample_volume.h"
#include "../tests/walk.h"
#include "redoxfs/core/check.h"

#define FUZZ_BLOCKS 512u

static void ignore_finding(void *ctx, bool error, const char *message) {
    (void)ctx;
    (void)error;
    if (!message[0])
        abort();
}

static void exercise_writes(rfs_fs *fs) {
    uint32_t dir = RFS_ROOT_ID, id;
    rfs_lookup_path(fs, "/dir", &dir);
    if (rfs_create(fs, dir, (const uint8_t *)"fuzz", 4, RFS_MODE_FILE | 0644, 0, 0, &id) == 0) {
        static const uint8_t data[20000] = {1, 2, 3};
        rfs_write(fs, id, 0, data, sizeof data);
        rfs_write(fs, id, 200000, data, 100);
    }
    rfs_unlink(fs, RFS_ROOT_ID, (const uint8_t *)"big", 3, false);
    rfs_rename(fs, RFS_ROOT_ID, (const uint8_t *)"link", 4, dir, (const uint8_t *)"moved", 5, 0);
    rfs_release_all(fs);
    rfs_commit(fs, false);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static rfs_memdisk base;
    static int built;
    if (!built) {
        if (sample_build_sized(&base, FUZZ_BLOCKS) < 0)
            abort();
        built = 1;
    }
    if (size < 3)
        return 0;
    uint8_t flags = data[0];
    uint64_t blocks = FUZZ_BLOCKS;
    if (flags & 4)
        blocks = ((uint64_t)data[1] | (uint64_t)data[2] << 8) % (FUZZ_BLOCKS + 1);
    rfs_memdisk m;
    rfs_memdisk_from(&m, base.data, blocks * RFS_BLOCK_SIZE);
    for (size_t i = 3; blocks && i + 5 <= size; i += 5) {
        uint32_t off = (uint32_t)data[i] | (uint32_t)data[i + 1] << 8 | (uint32_t)data[i + 2] << 16 |
                       (uint32_t)data[i + 3] << 24;
        m.data[off % (blocks * RFS_BLOCK_SIZE)] ^= data[i + 4];
    }
    rfs_open_options oo = {.writable = (flags & 2) != 0, .skip_hash_check = (flags & 1) != 0};
    rfs_error err;
    rfs_fs *fs;
    if (rfs_open(&fs, &m.disk, &oo, &err) == 0) {
        walk_volume(fs);
        rfs_check_result res;
        rfs_check(fs, ignore_finding, NULL, &res);
        if (oo.writable)
            exercise_writes(fs);
        rfs_close(fs);
    } else if (!err.message[0]) {
        abort();
    }
    rfs_memdisk_free(&m);
    return 0;
}
