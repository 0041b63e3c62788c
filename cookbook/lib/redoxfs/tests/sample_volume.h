/* A small volume with a bit of everything (directories with an H-tree, inline and record
 * files, compressed and incompressible records, a symlink, a hard link, an open-unlinked
 * node on the release list), built in memory for the corruption test and the fuzzer. */
#ifndef RFS_TEST_SAMPLE_VOLUME_H
#define RFS_TEST_SAMPLE_VOLUME_H

#include <stdio.h>
#include <string.h>

#include "redoxfs/core/redoxfs.h"
#include "redoxfs/host/memdisk.h"

#define SAMPLE_BLOCKS 1024u

static inline int sample_build_sized(rfs_memdisk *m, uint64_t blocks) {
    rfs_memdisk_init(m, blocks);
    rfs_mkfs_options mo = {.time_sec = 1700000000};
    memcpy(mo.uuid, "sample-volume-01", 16);
    rfs_error err;
    if (rfs_mkfs(&m->disk, &mo, &err) < 0)
        return -1;
    rfs_open_options oo = {.writable = true};
    rfs_fs *fs;
    if (rfs_open(&fs, &m->disk, &oo, &err) < 0)
        return -1;
    uint32_t dir, id, big;
    static uint8_t data[300000];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = i < 150000 ? (uint8_t)("redox "[i % 6]) : (uint8_t)((i * 2654435761u) >> 13);
    int rc = rfs_create(fs, RFS_ROOT_ID, (const uint8_t *)"dir", 3, RFS_MODE_DIR | 0755, 0, 0, &dir);
    for (int i = 0; rc == 0 && i < 40; i++) {
        char name[64];
        int n = snprintf(name, sizeof name, "entry-number-%02d-with-a-long-name-to-fill-blocks", i);
        rc = rfs_create(fs, dir, (const uint8_t *)name, (uint32_t)n, RFS_MODE_FILE | 0644, 1, 1, &id);
        if (rc == 0)
            rc = rfs_write(fs, id, 0, data + i * 1000, (size_t)i * 100);
    }
    if (rc == 0)
        rc = rfs_create(fs, RFS_ROOT_ID, (const uint8_t *)"big", 3, RFS_MODE_FILE | 0600, 0, 0, &big);
    if (rc == 0)
        rc = rfs_write(fs, big, 0, data, sizeof data);
    if (rc == 0)
        rc = rfs_create(fs, RFS_ROOT_ID, (const uint8_t *)"link", 4, RFS_MODE_SYMLINK | 0777, 0, 0, &id);
    if (rc == 0)
        rc = rfs_write(fs, id, 0, "dir/entry", 9);
    if (rc == 0)
        rc = rfs_link(fs, dir, (const uint8_t *)"hard", 4, big);
    if (rc == 0)
        rc = rfs_create(fs, RFS_ROOT_ID, (const uint8_t *)"open", 4, RFS_MODE_FILE | 0600, 0, 0, &id);
    if (rc == 0)
        rc = rfs_write(fs, id, 0, data, 5000);
    if (rc == 0)
        rc = rfs_unlink(fs, RFS_ROOT_ID, (const uint8_t *)"open", 4, true);
    if (rc == 0)
        rc = rfs_commit(fs, true);
    /* One more ordinary commit so the log has an appended list too. */
    if (rc == 0)
        rc = rfs_write(fs, big, 1000, "changed", 7);
    if (rc == 0)
        rc = rfs_commit(fs, false);
    rfs_close(fs);
    return rc;
}

static inline int sample_build(rfs_memdisk *m) {
    return sample_build_sized(m, SAMPLE_BLOCKS);
}

#endif
