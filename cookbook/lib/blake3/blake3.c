/* The BLAKE3 hasher: splits the input into 1 KiB chunks, builds the binary tree of chaining
 * values over them, and produces the root's extendable output.
 *
 * The tree is left-complete: a left subtree always holds a power-of-two number of chunks, the
 * largest that leaves something for the right. The hasher keeps a stack of the chaining values of
 * completed subtrees, largest first. Whatever node turns out to be the root must be compressed
 * with the ROOT flag, so nothing is merged until input is known to follow it: when input arrives
 * after the first C chunks, the stack is merged down to one entry per set bit of C (the subtrees
 * those C chunks form in the final tree), merging its top two entries at a time. Finalize then
 * folds the stack from the right onto the last node.
 *
 * Long updates skip the byte-at-a-time path: whole chunks are hashed side by side
 * (blake3_hash_many), then each aligned power-of-two run of them is reduced to one subtree
 * chaining value level by level, again side by side, before it goes on the stack. */
#include "blake3/blake3.h"

#include <string.h>

#include "blake3/blake3_impl.h"

/* Chunks hashed side by side per step of a long update: enough that the few parent nodes near
 * the top of each step's subtree, too few to fill the SIMD lanes, cost next to nothing, while
 * the chaining values (8 KiB) stay in the L1 cache. */
#define MAX_BATCH_CHUNKS 256

static void store_cv_words(uint8_t out[BLAKE3_CV_LEN], const uint32_t cv[8]) {
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (uint8_t)cv[i];
        out[4 * i + 1] = (uint8_t)(cv[i] >> 8);
        out[4 * i + 2] = (uint8_t)(cv[i] >> 16);
        out[4 * i + 3] = (uint8_t)(cv[i] >> 24);
    }
}

static void start_chunk(blake3_hasher *h, uint64_t counter) {
    memcpy(h->chunk_cv, BLAKE3_IV, sizeof h->chunk_cv);
    h->chunk_counter = counter;
    h->block_len = 0;
    h->blocks_compressed = 0;
}

void blake3_hasher_init(blake3_hasher *h) {
    start_chunk(h, 0);
    h->stack_len = 0;
}

/* Flags of the chunk's buffered block, were it compressed now. */
static uint8_t block_flags(const blake3_hasher *h, int is_last) {
    uint8_t flags = 0;
    if (h->blocks_compressed == 0)
        flags |= BLAKE3_CHUNK_START;
    if (is_last)
        flags |= BLAKE3_CHUNK_END;
    return flags;
}

static void compress_into_cv(uint32_t cv[8], const uint8_t block[BLAKE3_BLOCK_LEN],
                             uint8_t block_len, uint64_t counter, uint8_t flags) {
    uint32_t state[16];
    blake3_compress(cv, block, block_len, counter, flags, state);
    memcpy(cv, state, 8 * sizeof cv[0]);
}

static void parent_cv(uint8_t out[BLAKE3_CV_LEN], const uint8_t left[BLAKE3_CV_LEN],
                      const uint8_t right[BLAKE3_CV_LEN]) {
    uint8_t block[BLAKE3_BLOCK_LEN];
    memcpy(block, left, BLAKE3_CV_LEN);
    memcpy(block + BLAKE3_CV_LEN, right, BLAKE3_CV_LEN);
    uint32_t cv[8];
    memcpy(cv, BLAKE3_IV, sizeof cv);
    compress_into_cv(cv, block, BLAKE3_BLOCK_LEN, 0, BLAKE3_PARENT);
    store_cv_words(out, cv);
}

static void pop_parent(blake3_hasher *h) {
    h->stack_len--;
    parent_cv(h->stack[h->stack_len - 1], h->stack[h->stack_len - 1], h->stack[h->stack_len]);
}

/* Input follows the first `chunks` chunks: merge what they complete. */
static void merge_stack(blake3_hasher *h, uint64_t chunks) {
    while (h->stack_len > __builtin_popcountll(chunks))
        pop_parent(h);
}

/* Pushes the chaining value of a completed subtree that starts after the first `chunks` chunks
 * (and is aligned: its size divides `chunks`). */
static void push_subtree(blake3_hasher *h, const uint8_t cv[BLAKE3_CV_LEN], uint64_t chunks) {
    merge_stack(h, chunks);
    memcpy(h->stack[h->stack_len], cv, BLAKE3_CV_LEN);
    h->stack_len++;
}

/* Hashes `chunks` whole chunks at data, the first being chunk number h->chunk_counter, and pushes
 * them as the largest aligned power-of-two subtrees they split into. */
static void hash_whole_chunks(blake3_hasher *h, const uint8_t *data, size_t chunks) {
    uint8_t cvs[MAX_BATCH_CHUNKS * BLAKE3_CV_LEN];
    uint8_t parents[MAX_BATCH_CHUNKS / 2 * BLAKE3_CV_LEN];
    uint64_t counter = h->chunk_counter;
    blake3_batch chunk_batch = {
        .input = data,
        .stride = BLAKE3_CHUNK_LEN,
        .blocks = BLAKE3_BLOCKS_PER_CHUNK,
        .counter = counter,
        .counter_step = 1,
        .flags = 0,
        .flags_first = BLAKE3_CHUNK_START,
        .flags_last = BLAKE3_CHUNK_END,
    };
    blake3_hash_many(&chunk_batch, chunks, cvs);

    uint8_t *subtree = cvs;
    while (chunks > 0) {
        /* The largest power of two that fits and keeps the subtree aligned in the input. */
        unsigned level = 0;
        while (((size_t)2 << level) <= chunks && (counter & (((uint64_t)2 << level) - 1)) == 0)
            level++;
        size_t size = (size_t)1 << level;
        /* Reduce its chaining values pairwise, one tree level at a time. */
        uint8_t *level_cvs = subtree;
        uint8_t *next = parents;
        for (size_t n = size; n > 1; n /= 2) {
            blake3_batch parent_batch = {
                .input = level_cvs,
                .stride = 2 * BLAKE3_CV_LEN,
                .blocks = 1,
                .flags = BLAKE3_PARENT,
            };
            blake3_hash_many(&parent_batch, n / 2, next);
            /* The level just read is no longer needed: the one after next goes there. */
            uint8_t *done = level_cvs;
            level_cvs = next;
            next = done;
        }
        push_subtree(h, level_cvs, counter);
        counter += size;
        subtree += size * BLAKE3_CV_LEN;
        chunks -= size;
    }
    start_chunk(h, counter);
}

static int chunk_state_is_empty(const blake3_hasher *h) {
    return h->blocks_compressed == 0 && h->block_len == 0;
}

void blake3_hasher_update(blake3_hasher *h, const void *data, size_t len) {
    const uint8_t *p = data;
    while (len > 0) {
        if (chunk_state_is_empty(h)) {
            /* Whole chunks go straight to the SIMD path, except that a single subtree must not
             * cover the whole input: its top compression would need the ROOT flag. So the
             * first chunks of the input keep at least one byte behind. */
            size_t chunks = h->chunk_counter == 0 ? (len - 1) / BLAKE3_CHUNK_LEN
                                                  : len / BLAKE3_CHUNK_LEN;
            if (chunks > MAX_BATCH_CHUNKS)
                chunks = MAX_BATCH_CHUNKS;
            if (chunks > 0) {
                hash_whole_chunks(h, p, chunks);
                p += chunks * BLAKE3_CHUNK_LEN;
                len -= chunks * BLAKE3_CHUNK_LEN;
                continue;
            }
            merge_stack(h, h->chunk_counter);
        } else if (h->block_len == BLAKE3_BLOCK_LEN) {
            /* More input follows, so the buffered block is not the input's last. */
            if (h->blocks_compressed + 1 == BLAKE3_BLOCKS_PER_CHUNK) {
                compress_into_cv(h->chunk_cv, h->block, BLAKE3_BLOCK_LEN, h->chunk_counter,
                                 block_flags(h, 1));
                uint8_t cv[BLAKE3_CV_LEN];
                store_cv_words(cv, h->chunk_cv);
                push_subtree(h, cv, h->chunk_counter);
                start_chunk(h, h->chunk_counter + 1);
                continue;
            }
            compress_into_cv(h->chunk_cv, h->block, BLAKE3_BLOCK_LEN, h->chunk_counter,
                             block_flags(h, 0));
            h->blocks_compressed++;
            h->block_len = 0;
        }
        size_t take = BLAKE3_BLOCK_LEN - h->block_len;
        if (take > len)
            take = len;
        memcpy(h->block + h->block_len, p, take);
        h->block_len = (uint8_t)(h->block_len + take);
        p += take;
        len -= take;
    }
}

/* A compression not yet done: the chunk in progress, or a parent of two chaining values. */
typedef struct pending_node {
    uint32_t cv[8];
    uint8_t block[BLAKE3_BLOCK_LEN]; /* zero-padded past block_len */
    uint8_t block_len;
    uint64_t counter;
    uint8_t flags;
} pending_node;

static void set_parent_node(pending_node *node, const uint8_t left[BLAKE3_CV_LEN],
                            const uint8_t right[BLAKE3_CV_LEN]) {
    memcpy(node->cv, BLAKE3_IV, sizeof node->cv);
    memcpy(node->block, left, BLAKE3_CV_LEN);
    memcpy(node->block + BLAKE3_CV_LEN, right, BLAKE3_CV_LEN);
    node->block_len = BLAKE3_BLOCK_LEN;
    node->counter = 0;
    node->flags = BLAKE3_PARENT;
}

void blake3_hasher_finalize(const blake3_hasher *h, uint8_t *out, size_t out_len) {
    pending_node node;
    size_t left_siblings = h->stack_len;
    if (!chunk_state_is_empty(h) || h->stack_len == 0) {
        /* The last node is the chunk in progress (the root, for an input of one chunk). */
        memcpy(node.cv, h->chunk_cv, sizeof node.cv);
        memcpy(node.block, h->block, h->block_len);
        memset(node.block + h->block_len, 0, sizeof node.block - h->block_len);
        node.block_len = h->block_len;
        node.counter = h->chunk_counter;
        node.flags = block_flags(h, 1);
    } else {
        /* The input ended with a pushed subtree, which always has a left sibling (see
         * update): the last node is their parent. */
        set_parent_node(&node, h->stack[h->stack_len - 2], h->stack[h->stack_len - 1]);
        left_siblings -= 2;
    }
    /* Each remaining stack entry is the left sibling of everything after it. */
    while (left_siblings > 0) {
        uint32_t right_words[8];
        memcpy(right_words, node.cv, sizeof right_words);
        compress_into_cv(right_words, node.block, node.block_len, node.counter, node.flags);
        uint8_t right[BLAKE3_CV_LEN];
        store_cv_words(right, right_words);
        left_siblings--;
        set_parent_node(&node, h->stack[left_siblings], right);
    }
    /* What is left is the root. Its output block k is its compression with the ROOT flag and
     * counter k (a root chunk is chunk 0, so the counter field means nothing else there). */
    for (uint64_t k = 0; out_len > 0; k++) {
        uint32_t state[16];
        blake3_compress(node.cv, node.block, node.block_len, k, node.flags | BLAKE3_ROOT, state);
        uint8_t bytes[BLAKE3_BLOCK_LEN];
        store_cv_words(bytes, state);
        store_cv_words(bytes + BLAKE3_CV_LEN, state + 8);
        size_t take = out_len < sizeof bytes ? out_len : sizeof bytes;
        memcpy(out, bytes, take);
        out += take;
        out_len -= take;
    }
}

void blake3_hash(const void *data, size_t len, uint8_t out[BLAKE3_OUT_LEN]) {
    blake3_hasher h;
    blake3_hasher_init(&h);
    blake3_hasher_update(&h, data, len);
    blake3_hasher_finalize(&h, out, BLAKE3_OUT_LEN);
}
