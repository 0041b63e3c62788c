#include "heap.h"

#define HEADER_SIZE 16
#define UNIT 16
#define MIN_BLOCK 32 /* header + two free-list links */
#define CANARY_KEY 0x6b48656170426c6bull

struct block_header {
    uint32_t units_and_used; /* size in 16-byte units << 1 | in-use bit */
    uint32_t previous_units; /* 0 for the first block */
    uint64_t canary;         /* CANARY_KEY ^ own address while the header is live */
};

struct heap_free_block {
    struct block_header header;
    struct heap_free_block *next;
    struct heap_free_block *previous;
};

_Static_assert(sizeof(struct block_header) == HEADER_SIZE, "heap header size");

static size_t block_size(const struct block_header *block)
{
    return (size_t)(block->units_and_used >> 1) * UNIT;
}

static bool block_used(const struct block_header *block)
{
    return (block->units_and_used & 1) != 0;
}

static size_t previous_size(const struct block_header *block)
{
    return (size_t)block->previous_units * UNIT;
}

static uint64_t canary_for(const struct block_header *block)
{
    return CANARY_KEY ^ (uint64_t)(uintptr_t)block;
}

static struct block_header *next_block(const struct block_header *block)
{
    return (struct block_header *)((uintptr_t)block + block_size(block));
}

static struct block_header *end_marker(const struct heap *heap)
{
    return (struct block_header *)(heap->end - HEADER_SIZE);
}

static void list_insert(struct heap *heap, struct heap_free_block *block)
{
    block->previous = NULL;
    block->next = heap->free_list;
    if (heap->free_list != NULL)
        heap->free_list->previous = block;
    heap->free_list = block;
}

static void list_remove(struct heap *heap, struct heap_free_block *block)
{
    if (block->previous != NULL)
        block->previous->next = block->next;
    else
        heap->free_list = block->next;
    if (block->next != NULL)
        block->next->previous = block->previous;
}

/* Writes a header and tells the following block about the new size. */
static void set_block(struct block_header *block, size_t size, bool used)
{
    block->units_and_used = (uint32_t)(size / UNIT) << 1 | (used ? 1u : 0u);
    block->canary = canary_for(block);
    next_block(block)->previous_units = (uint32_t)(size / UNIT);
}

static void set_end_marker(struct heap *heap)
{
    struct block_header *marker = end_marker(heap);
    marker->units_and_used = 1; /* size 0, in use: coalescing stops here */
    marker->canary = 0;
}

/* Turns [block, block + size) into a free block, merging with free neighbours. Headers that
 * disappear into a bigger block lose their canary, so stale pointers to them are refused. */
static void release(struct heap *heap, struct block_header *block, size_t size)
{
    set_block(block, size, false);
    struct block_header *after = next_block(block);
    if (block_size(after) != 0 && !block_used(after)) {
        list_remove(heap, (struct heap_free_block *)after);
        size += block_size(after);
        after->canary = 0;
        set_block(block, size, false);
    }
    if ((uintptr_t)block != heap->start) {
        struct block_header *before = (struct block_header *)((uintptr_t)block - previous_size(block));
        if (!block_used(before)) {
            list_remove(heap, (struct heap_free_block *)before);
            size += block_size(before);
            block->canary = 0;
            block = before;
            set_block(block, size, false);
        }
    }
    list_insert(heap, (struct heap_free_block *)block);
}

void heap_init(struct heap *heap, uintptr_t start, size_t size, heap_grow_fn grow)
{
    size &= ~(size_t)(UNIT - 1);
    *heap = (struct heap){.start = start, .end = start + size, .grow = grow};
    struct block_header *first = (struct block_header *)start;
    first->previous_units = 0;
    set_end_marker(heap);
    set_block(first, size - HEADER_SIZE, false);
    list_insert(heap, (struct heap_free_block *)first);
}

static bool grow_heap(struct heap *heap, size_t needed)
{
    if (heap->grow == NULL)
        return false;
    size_t added = heap->grow(heap, needed + HEADER_SIZE);
    if (added < MIN_BLOCK || added % UNIT != 0)
        return false;
    /* The old end marker becomes the header of the new free block. */
    struct block_header *block = end_marker(heap);
    heap->end += added;
    set_end_marker(heap);
    release(heap, block, added);
    return true;
}

static struct heap_free_block *find_fit(const struct heap *heap, size_t needed)
{
    for (struct heap_free_block *block = heap->free_list; block != NULL; block = block->next) {
        if (block_size(&block->header) >= needed)
            return block;
    }
    return NULL;
}

void *heap_alloc(struct heap *heap, size_t size)
{
    if (size > HEAP_MAX_ALLOCATION)
        return NULL;
    size_t needed = (size + HEADER_SIZE + UNIT - 1) & ~(size_t)(UNIT - 1);
    if (needed < MIN_BLOCK)
        needed = MIN_BLOCK;
    struct heap_free_block *block = find_fit(heap, needed);
    if (block == NULL) {
        if (!grow_heap(heap, needed))
            return NULL;
        block = find_fit(heap, needed);
        if (block == NULL)
            return NULL;
    }
    list_remove(heap, block);
    struct block_header *header = &block->header;
    size_t available = block_size(header);
    if (available - needed >= MIN_BLOCK) {
        set_block(header, needed, true);
        struct block_header *rest = next_block(header);
        set_block(rest, available - needed, false);
        list_insert(heap, (struct heap_free_block *)rest);
    } else {
        set_block(header, available, true);
    }
    heap->used_bytes += block_size(header);
    return (uint8_t *)header + HEADER_SIZE;
}

bool heap_free(struct heap *heap, void *pointer)
{
    uintptr_t address = (uintptr_t)pointer - HEADER_SIZE;
    if ((uintptr_t)pointer < heap->start + HEADER_SIZE || address >= heap->end - HEADER_SIZE ||
        (address - heap->start) % UNIT != 0)
        return false;
    struct block_header *block = (struct block_header *)address;
    if (block->canary != canary_for(block) || !block_used(block))
        return false;
    heap->used_bytes -= block_size(block);
    release(heap, block, block_size(block));
    return true;
}

const char *heap_check(const struct heap *heap)
{
    size_t free_blocks = 0, used_bytes = 0, last_size = 0;
    bool last_free = false;
    const struct block_header *block = (const struct block_header *)heap->start;
    for (;;) {
        if ((uintptr_t)block > heap->end - HEADER_SIZE)
            return "a block runs past the end of the heap";
        if (previous_size(block) != last_size)
            return "a block's previous-size field does not match its neighbour";
        size_t size = block_size(block);
        if (size == 0)
            break;
        if (size < MIN_BLOCK)
            return "a block has an impossible size";
        if (block->canary != canary_for(block))
            return "a block header's canary is damaged";
        if (block_used(block)) {
            used_bytes += size;
            last_free = false;
        } else {
            if (last_free)
                return "two neighbouring free blocks were not merged";
            free_blocks++;
            last_free = true;
        }
        last_size = size;
        block = next_block(block);
    }
    if ((uintptr_t)block != heap->end - HEADER_SIZE || !block_used(block))
        return "the end marker is missing";
    if (used_bytes != heap->used_bytes)
        return "the used-bytes count is wrong";
    size_t listed = 0;
    for (const struct heap_free_block *free_block = heap->free_list; free_block != NULL;
         free_block = free_block->next) {
        if (block_used(&free_block->header))
            return "a block on the free list is marked in use";
        if (free_block->next != NULL && free_block->next->previous != free_block)
            return "the free list's back links are broken";
        if (++listed > free_blocks)
            return "the free list holds more blocks than the heap";
    }
    if (listed != free_blocks)
        return "a free block is missing from the free list";
    return NULL;
}
