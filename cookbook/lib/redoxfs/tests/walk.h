/* Reads a whole volume through the public API (every directory, every byte of every file
 * and symlink), as a reader that trusts nothing would. Used by the corruption test and the
 * fuzzer; returns the number of operations that failed (each with a message). */
#ifndef RFS_TEST_WALK_H
#define RFS_TEST_WALK_H

#include <stdlib.h>
#include <string.h>

#include "redoxfs/core/redoxfs.h"

typedef struct walk_state {
    rfs_fs *fs;
    unsigned failures, depth;
    uint32_t ids[64];
    unsigned n;
} walk_state;

static inline int walk_collect(void *ctx, const uint8_t *name, uint32_t len, uint32_t id) {
    walk_state *w = ctx;
    (void)name;
    (void)len;
    if (w->n == 64)
        return 1;
    w->ids[w->n++] = id;
    return 0;
}

static inline void walk_failed(walk_state *w) {
    const rfs_error *e = rfs_last_error(w->fs);
    if (!e->message[0])
        abort(); /* every failure must say what went wrong */
    w->failures++;
}

static inline void walk_node(walk_state *w, uint32_t id) {
    rfs_attr st;
    if (rfs_stat(w->fs, id, &st) < 0) {
        walk_failed(w);
        return;
    }
    if ((st.mode & RFS_MODE_TYPE) != RFS_MODE_DIR) {
        uint8_t buf[65536];
        uint64_t limit = st.size < (64u << 20) ? st.size : (64u << 20);
        for (uint64_t off = 0; off < limit; off += sizeof buf) {
            size_t done;
            if (rfs_read(w->fs, id, off, buf, sizeof buf, &done) < 0) {
                walk_failed(w);
                return;
            }
        }
        return;
    }
    if (w->depth > 32)
        return;
    uint64_t cookie = 0;
    for (;;) {
        walk_state batch = {w->fs, 0, w->depth + 1, {0}, 0};
        int rc = rfs_readdir(w->fs, id, &cookie, walk_collect, &batch);
        if (rc < 0) {
            walk_failed(w);
            return;
        }
        for (unsigned i = 0; i < batch.n; i++)
            walk_node(&batch, batch.ids[i]);
        w->failures += batch.failures;
        if (batch.n < 64)
            return;
    }
}

static inline unsigned walk_volume(rfs_fs *fs) {
    walk_state w = {fs, 0, 0, {0}, 0};
    walk_node(&w, RFS_ROOT_ID);
    return w.failures;
}

#endif
