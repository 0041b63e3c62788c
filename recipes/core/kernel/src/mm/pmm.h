/* The physical frame allocator: one bit per 4 KiB frame over all RAM the memory map names
 * (1 = in use) and a reference count per frame, so address spaces can share frames
 * (copy-on-write after fork, shared mappings). Frames below 1 MiB are never handed out (kept
 * for firmware quirks and future AP start-up code). Frame address 0 therefore doubles as
 * "no frame". */
#ifndef KERNEL_PMM_H
#define KERNEL_PMM_H

#include <stddef.h>
#include <stdint.h>

#include "bootinfo.h"

void pmm_init(const struct mh_memory_region *regions, size_t count);

/* A free frame's physical address (reference count 1), or 0 when memory is exhausted. */
uint64_t pmm_alloc(void);

/* Like pmm_alloc, filled with zeros. */
uint64_t pmm_alloc_zeroed(void);

/* Drops one reference; the frame becomes free when none is left. Freeing a free frame is a
 * kernel bug and panics. */
void pmm_free(uint64_t frame);

/* Adds a reference to an allocated frame. */
void pmm_share(uint64_t frame);

/* References held on an allocated frame. */
unsigned pmm_references(uint64_t frame);

/* Adds [base, base + length) to the free frames (memory the boot process no longer needs). */
void pmm_release_range(uint64_t base, uint64_t length);

size_t pmm_free_frames(void);
size_t pmm_total_frames(void);

/* The end of the highest RAM range of the memory map. */
uint64_t pmm_ram_top(void);

#endif
