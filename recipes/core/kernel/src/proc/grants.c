#include "grants.h"

#include <stddef.h>

#include "mm/kmalloc.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "proc/process.h"
#include "syscall_abi.h"

int grant_map(struct process *process, uint64_t size, uint64_t *address)
{
    uint64_t span = PAGE_ROUND_UP(size) + PAGE_SIZE; /* an unmapped guard page follows */
    struct grant_range *range = kmalloc(sizeof *range);
    if (range == NULL)
        return -MH_ENOMEM;
    /* First fit in the sorted list of windows. */
    uint64_t start = GRANT_BASE;
    struct grant_range **link = &process->grants;
    while (*link != NULL && (*link)->start - start < span) {
        start = (*link)->start + (*link)->size;
        link = &(*link)->next;
    }
    if (GRANT_END - start < span) {
        kfree(range);
        return -MH_ENOMEM;
    }
    for (uint64_t offset = 0; offset + PAGE_SIZE < span; offset += PAGE_SIZE) {
        uint64_t frame = pmm_alloc_zeroed();
        if (frame == 0 || paging_map(process->address_space, start + offset, frame,
                                     PTE_USER | PTE_WRITABLE | PTE_NO_EXECUTE) != 0) {
            if (frame != 0)
                pmm_free(frame);
            for (uint64_t undo = 0; undo < offset; undo += PAGE_SIZE)
                paging_unmap_user(process->address_space, start + undo);
            kfree(range);
            return -MH_ENOMEM;
        }
    }
    *range = (struct grant_range){.start = start, .size = span, .next = *link};
    *link = range;
    *address = start;
    return 0;
}

void grant_unmap(struct process *process, uint64_t address)
{
    struct grant_range **link = &process->grants;
    while (*link != NULL && (*link)->start != address)
        link = &(*link)->next;
    struct grant_range *range = *link;
    if (range == NULL)
        return;
    *link = range->next;
    for (uint64_t offset = 0; offset + PAGE_SIZE < range->size; offset += PAGE_SIZE)
        paging_unmap_user(process->address_space, range->start + offset);
    kfree(range);
}

void grants_remove_copies(uint64_t child_space, const struct process *parent)
{
    for (const struct grant_range *range = parent->grants; range != NULL; range = range->next) {
        for (uint64_t offset = 0; offset + PAGE_SIZE < range->size; offset += PAGE_SIZE)
            paging_unmap_user(child_space, range->start + offset);
    }
}

void grants_forget_all(struct process *process)
{
    while (process->grants != NULL) {
        struct grant_range *range = process->grants;
        process->grants = range->next;
        kfree(range);
    }
}
