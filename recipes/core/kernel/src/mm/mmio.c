#include "mmio.h"

#include "mm/layout.h"
#include "mm/paging.h"
#include "panic.h"

static uint64_t next_free = MMIO_BASE;

volatile void *mmio_map(uint64_t phys, size_t size)
{
    uint64_t first = PAGE_ROUND_DOWN(phys);
    uint64_t last = PAGE_ROUND_UP(phys + size);
    uint64_t base = next_free;
    if (last - first > MMIO_BASE + MMIO_LIMIT - base)
        panic("MMIO window exhausted mapping %p (+%zu)", (void *)phys, size);
    for (uint64_t page = first; page < last; page += PAGE_SIZE) {
        if (paging_map(paging_kernel_root(), base + (page - first), page,
                       PTE_WRITABLE | PTE_CACHE_DISABLE | PTE_WRITE_THROUGH | PTE_GLOBAL |
                           PTE_NO_EXECUTE) != 0)
            panic("cannot map MMIO page %p", (void *)page);
    }
    next_free = base + (last - first);
    return (volatile void *)(base + (phys - first));
}
