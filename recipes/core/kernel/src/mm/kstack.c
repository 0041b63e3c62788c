#include "kstack.h"

#include <stdbool.h>

#include "arch/x86_64/cpu.h"
#include "mm/layout.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "panic.h"

#define SLOT_SIZE (KERNEL_STACK_SIZE + PAGE_SIZE) /* guard page first */
#define SLOT_COUNT 4096

static uint64_t slot_used[SLOT_COUNT / 64];

static uint64_t slot_bottom(unsigned slot)
{
    return KERNEL_STACKS_BASE + (uint64_t)slot * SLOT_SIZE + PAGE_SIZE;
}

static void unmap_stack(uint64_t bottom, uint64_t mapped_bytes)
{
    for (uint64_t offset = 0; offset < mapped_bytes; offset += PAGE_SIZE) {
        uint64_t frame;
        if (paging_unmap(paging_kernel_root(), bottom + offset, &frame) == 0)
            pmm_free(frame);
    }
}

static int claim_slot(void)
{
    irq_state state = irq_save();
    for (unsigned word = 0; word < SLOT_COUNT / 64; word++) {
        if (slot_used[word] != ~0ull) {
            unsigned bit = (unsigned)__builtin_ctzll(~slot_used[word]);
            slot_used[word] |= 1ull << bit;
            irq_restore(state);
            return (int)(word * 64 + bit);
        }
    }
    irq_restore(state);
    return -1;
}

static void release_slot(unsigned slot)
{
    irq_state state = irq_save();
    slot_used[slot / 64] &= ~(1ull << (slot % 64));
    irq_restore(state);
}

uint64_t kstack_alloc(void)
{
    int slot = claim_slot();
    if (slot < 0)
        return 0;
    uint64_t bottom = slot_bottom((unsigned)slot);
    for (uint64_t offset = 0; offset < KERNEL_STACK_SIZE; offset += PAGE_SIZE) {
        uint64_t frame = pmm_alloc();
        if (frame == 0 || paging_map(paging_kernel_root(), bottom + offset, frame,
                                     PTE_WRITABLE | PTE_GLOBAL | PTE_NO_EXECUTE) != 0) {
            if (frame != 0)
                pmm_free(frame);
            unmap_stack(bottom, offset);
            release_slot((unsigned)slot);
            return 0;
        }
    }
    return bottom + KERNEL_STACK_SIZE;
}

void kstack_free(uint64_t top)
{
    uint64_t bottom = top - KERNEL_STACK_SIZE;
    if (bottom < KERNEL_STACKS_BASE || (bottom - KERNEL_STACKS_BASE) % SLOT_SIZE != PAGE_SIZE)
        panic("kstack_free(%p): not a kernel stack", (void *)top);
    unsigned slot = (unsigned)((bottom - KERNEL_STACKS_BASE) / SLOT_SIZE);
    unmap_stack(bottom, KERNEL_STACK_SIZE);
    release_slot(slot);
}
