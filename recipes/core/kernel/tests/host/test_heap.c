/* The kernel heap allocator (mm/heap.c) on ordinary memory, with a growth callback that hands
 * out more of a fixed arena, so every path (split, merge, growth, refusal) runs under ASan. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mm/heap.h"
#include "testing/testing.h"

#define ARENA_SIZE (4u << 20)
#define INITIAL_SIZE 4096u
#define GROWTH_STEP 8192u

static uint8_t *arena;
static size_t arena_limit; /* how far the heap may grow */
static int grow_calls;

static size_t grow_in_arena(struct heap *heap, size_t min_bytes)
{
    grow_calls++;
    size_t used = heap->end - (uintptr_t)arena;
    size_t step = min_bytes > GROWTH_STEP ? (min_bytes + 15) & ~(size_t)15 : GROWTH_STEP;
    if (used + step > arena_limit)
        return 0;
    return step;
}

static void fresh_heap(struct heap *heap, size_t limit)
{
    free(arena);
    arena = aligned_alloc(16, ARENA_SIZE);
    arena_limit = limit;
    grow_calls = 0;
    heap_init(heap, (uintptr_t)arena, INITIAL_SIZE, grow_in_arena);
}

static void allocations_are_aligned_and_distinct(void)
{
    struct heap heap;
    fresh_heap(&heap, ARENA_SIZE);
    void *a = heap_alloc(&heap, 1);
    void *b = heap_alloc(&heap, 0);
    void *c = heap_alloc(&heap, 100);
    CHECK(a != NULL && b != NULL && c != NULL);
    CHECK(a != b && b != c && a != c);
    CHECK((uintptr_t)a % 16 == 0 && (uintptr_t)b % 16 == 0 && (uintptr_t)c % 16 == 0);
    memset(c, 0x77, 100); /* ASan would catch a block smaller than asked for */
    CHECK(heap_check(&heap) == NULL);
    CHECK(heap_free(&heap, a) && heap_free(&heap, b) && heap_free(&heap, c));
    CHECK_INT_EQ(heap.used_bytes, 0);
    CHECK(heap_check(&heap) == NULL);
}

static void freed_neighbours_merge_back_into_one_block(void)
{
    struct heap heap;
    fresh_heap(&heap, INITIAL_SIZE); /* no growth: only merging can satisfy the last request */
    void *a = heap_alloc(&heap, 1000);
    void *b = heap_alloc(&heap, 1000);
    void *c = heap_alloc(&heap, 1000);
    CHECK(a != NULL && b != NULL && c != NULL);
    CHECK(heap_alloc(&heap, 3000) == NULL);
    heap_free(&heap, a);
    heap_free(&heap, c);
    heap_free(&heap, b); /* joins both neighbours */
    CHECK(heap_check(&heap) == NULL);
    void *whole = heap_alloc(&heap, INITIAL_SIZE - 64);
    CHECK(whole != NULL);
    CHECK_INT_EQ(grow_calls, 1); /* only the refused 3000-byte request tried to grow */
}

static void grows_when_full_and_refuses_when_it_cannot(void)
{
    struct heap heap;
    fresh_heap(&heap, 64 * 1024);
    void *big = heap_alloc(&heap, 20000);
    CHECK(big != NULL);
    CHECK(grow_calls >= 1);
    CHECK(heap.end - heap.start > INITIAL_SIZE);
    memset(big, 1, 20000);
    CHECK(heap_alloc(&heap, 100000) == NULL);
    CHECK(heap_check(&heap) == NULL);
    CHECK(heap_alloc(&heap, HEAP_MAX_ALLOCATION + 1) == NULL);
    CHECK(heap_free(&heap, big));
    CHECK(heap_check(&heap) == NULL);
}

static void refuses_pointers_that_are_not_live_blocks(void)
{
    struct heap heap;
    fresh_heap(&heap, ARENA_SIZE);
    uint8_t *a = heap_alloc(&heap, 64);
    uint8_t *b = heap_alloc(&heap, 64);
    CHECK(!heap_free(&heap, NULL));
    CHECK(!heap_free(&heap, a + 16));      /* inside a block */
    CHECK(!heap_free(&heap, a - 4096));    /* before the heap */
    CHECK(!heap_free(&heap, (void *)heap.end)); /* past it */
    CHECK(heap_free(&heap, b));
    CHECK(!heap_free(&heap, b));           /* double free */
    CHECK(heap_free(&heap, a));            /* b's header is now merged into a bigger block */
    CHECK(!heap_free(&heap, b));
    CHECK(heap_check(&heap) == NULL);
}

static void survives_random_use_with_contents_intact(void)
{
    enum { SLOTS = 400, ROUNDS = 20000 };
    struct heap heap;
    fresh_heap(&heap, ARENA_SIZE);
    uint8_t *blocks[SLOTS] = {0};
    size_t sizes[SLOTS] = {0};
    uint64_t state = 12345;
    int corrupted = 0, failures = 0;
    for (int round = 0; round < ROUNDS; round++) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        int slot = (int)((state >> 33) % SLOTS);
        if (blocks[slot] != NULL) {
            for (size_t i = 0; i < sizes[slot]; i++)
                corrupted += blocks[slot][i] != (uint8_t)slot;
            failures += !heap_free(&heap, blocks[slot]);
            blocks[slot] = NULL;
        } else {
            sizes[slot] = (state >> 40) % ((state & 7) == 0 ? 4000 : 200);
            blocks[slot] = heap_alloc(&heap, sizes[slot]);
            failures += blocks[slot] == NULL;
            if (blocks[slot] != NULL)
                memset(blocks[slot], slot, sizes[slot]);
        }
        if (round % 1000 == 0 && heap_check(&heap) != NULL)
            failures++;
    }
    CHECK_INT_EQ(corrupted, 0);
    CHECK_INT_EQ(failures, 0);
    for (int slot = 0; slot < SLOTS; slot++) {
        if (blocks[slot] != NULL)
            heap_free(&heap, blocks[slot]);
    }
    CHECK_INT_EQ(heap.used_bytes, 0);
    CHECK(heap_check(&heap) == NULL);
}

static void check_reports_damage(void)
{
    struct heap heap;
    fresh_heap(&heap, ARENA_SIZE);
    uint8_t *a = heap_alloc(&heap, 64);
    heap_alloc(&heap, 64);
    CHECK(heap_check(&heap) == NULL);
    memset(a + 64, 0xff, 16); /* overflow into the next header */
    CHECK(heap_check(&heap) != NULL);
}

static const mh_test TESTS[] = {
    MH_TEST(allocations_are_aligned_and_distinct),
    MH_TEST(freed_neighbours_merge_back_into_one_block),
    MH_TEST(grows_when_full_and_refuses_when_it_cannot),
    MH_TEST(refuses_pointers_that_are_not_live_blocks),
    MH_TEST(survives_random_use_with_contents_intact),
    MH_TEST(check_reports_damage),
};

int main(int argc, char **argv)
{
    int result = mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
    free(arena);
    return result;
}
