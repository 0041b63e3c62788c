#include "kmalloc.h"

#include "arch/x86_64/cpu.h"
#include "lib/kstring.h"
#include "mm/heap.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "panic.h"

#define INITIAL_HEAP_PAGES 16

static struct heap kernel_heap;

/* Maps fresh frames after the current end of the heap. */
static size_t map_heap_pages(uint64_t start, size_t pages)
{
    for (size_t i = 0; i < pages; i++) {
        uint64_t virt = start + i * PAGE_SIZE;
        uint64_t frame = pmm_alloc();
        if (frame == 0 || virt + PAGE_SIZE > KERNEL_HEAP_BASE + KERNEL_HEAP_LIMIT ||
            paging_map(paging_kernel_root(), virt, frame,
                       PTE_WRITABLE | PTE_GLOBAL | PTE_NO_EXECUTE) != 0) {
            if (frame != 0)
                pmm_free(frame);
            return i * PAGE_SIZE;
        }
    }
    return pages * PAGE_SIZE;
}

static size_t grow_kernel_heap(struct heap *heap, size_t min_bytes)
{
    /* Grow by at least 64 KiB so small allocations do not map a page at a time. */
    size_t pages = PAGE_ROUND_UP(min_bytes) / PAGE_SIZE;
    if (pages < 16)
        pages = 16;
    size_t added = map_heap_pages(heap->end, pages);
    if (added < min_bytes) {
        /* Could not get enough: give back what was mapped (the heap does not use it). */
        for (uint64_t virt = heap->end; virt < heap->end + added; virt += PAGE_SIZE) {
            uint64_t frame;
            if (paging_unmap(paging_kernel_root(), virt, &frame) == 0)
                pmm_free(frame);
        }
        return 0;
    }
    return added;
}

void kmalloc_init(void)
{
    size_t mapped = map_heap_pages(KERNEL_HEAP_BASE, INITIAL_HEAP_PAGES);
    if (mapped != INITIAL_HEAP_PAGES * PAGE_SIZE)
        panic("out of memory while creating the kernel heap");
    heap_init(&kernel_heap, KERNEL_HEAP_BASE, mapped, grow_kernel_heap);
}

void *kmalloc(size_t size)
{
    irq_state state = irq_save();
    void *pointer = heap_alloc(&kernel_heap, size);
    irq_restore(state);
    return pointer;
}

void *kzalloc(size_t size)
{
    void *pointer = kmalloc(size);
    if (pointer != NULL)
        memset(pointer, 0, size);
    return pointer;
}

void kfree(void *pointer)
{
    if (pointer == NULL)
        return;
    irq_state state = irq_save();
    bool freed = heap_free(&kernel_heap, pointer);
    irq_restore(state);
    if (!freed)
        panic("kfree(%p): not a live heap block (double free or wild pointer)", pointer);
}

const char *kmalloc_check(void)
{
    irq_state state = irq_save();
    const char *problem = heap_check(&kernel_heap);
    irq_restore(state);
    return problem;
}

size_t kmalloc_used_bytes(void)
{
    return kernel_heap.used_bytes;
}
