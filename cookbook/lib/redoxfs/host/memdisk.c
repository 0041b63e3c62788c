#include "redoxfs/host/memdisk.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

static int mem_read(void *ctx, uint64_t block, uint64_t count, void *buf) {
    rfs_memdisk *m = ctx;
    if (block > m->blocks || count > m->blocks - block)
        return -RFS_EIO;
    memcpy(buf, m->data + block * RFS_BLOCK_SIZE, count * RFS_BLOCK_SIZE);
    return 0;
}

static int mem_write(void *ctx, uint64_t block, uint64_t count, const void *buf) {
    rfs_memdisk *m = ctx;
    if (block > m->blocks || count > m->blocks - block)
        return -RFS_EIO;
    memcpy(m->data + block * RFS_BLOCK_SIZE, buf, count * RFS_BLOCK_SIZE);
    return 0;
}

static void wire(rfs_memdisk *m) {
    m->disk.ctx = m;
    m->disk.read = mem_read;
    m->disk.write = mem_write;
    m->disk.flush = NULL;
    m->disk.blocks = m->blocks;
}

void rfs_memdisk_init(rfs_memdisk *m, uint64_t blocks) {
    m->blocks = blocks;
    m->data = mh_xcalloc(blocks ? blocks : 1, RFS_BLOCK_SIZE);
    wire(m);
}

void rfs_memdisk_from(rfs_memdisk *m, const void *bytes, size_t len) {
    m->blocks = len / RFS_BLOCK_SIZE;
    m->data = mh_xmalloc(m->blocks ? m->blocks * RFS_BLOCK_SIZE : 1);
    memcpy(m->data, bytes, m->blocks * RFS_BLOCK_SIZE);
    wire(m);
}

void rfs_memdisk_free(rfs_memdisk *m) {
    free(m->data);
    m->data = NULL;
}
