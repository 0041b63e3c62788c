/* A first-fit heap with boundary tags over one contiguous, growable address range. Pure logic
 * with no kernel dependencies (tests/host/test_heap.c runs it under ASan); kmalloc.c wraps it
 * with locking and page mapping.
 *
 * Every block starts with a 16-byte header: its size including the header and the size of the
 * block before it (both in 16-byte units, so both neighbours can be found for coalescing), an
 * in-use bit, and a canary derived from the header's own address, which lets heap_free refuse
 * pointers that are not live blocks (wild or double frees) in constant time. Free blocks keep
 * free-list links in their payload; a zero-size used header marks the end of the range. */
#ifndef KERNEL_HEAP_H
#define KERNEL_HEAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HEAP_ALIGNMENT 16
#define HEAP_MIN_REGION 64
#define HEAP_MAX_ALLOCATION (1ull << 34)

struct heap_free_block;
struct heap;

/* Makes at least min_bytes more memory usable right after heap->end; returns how many bytes
 * were added (a multiple of 16), or 0 when the heap cannot grow. */
typedef size_t (*heap_grow_fn)(struct heap *heap, size_t min_bytes);

struct heap {
    uintptr_t start;
    uintptr_t end; /* one past the end marker */
    struct heap_free_block *free_list;
    heap_grow_fn grow;
    size_t used_bytes; /* payload + headers of blocks in use */
};

/* Sets the heap up over [start, start + size); start must be 16-byte aligned and size at
 * least HEAP_MIN_REGION. grow may be NULL. */
void heap_init(struct heap *heap, uintptr_t start, size_t size, heap_grow_fn grow);

/* 16-byte aligned memory, or NULL. size 0 yields a valid minimum allocation. Blocks are
 * limited to HEAP_MAX_ALLOCATION bytes. */
void *heap_alloc(struct heap *heap, size_t size);

/* Returns false (and changes nothing) when pointer is not a block in use. */
bool heap_free(struct heap *heap, void *pointer);

/* Walks the heap; NULL when every invariant holds, else a description of the first break. */
const char *heap_check(const struct heap *heap);

#endif
