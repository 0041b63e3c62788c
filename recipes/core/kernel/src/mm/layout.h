/* The kernel's virtual address space (x86_64, 48-bit, 4-level paging).
 *
 *   0x0000000000000000 .. 0x00007fffffffffff  user space (per process)
 *   0xffff800000000000 ..                     physical map: all of physical memory (PML4 256)
 *   0xffffc00000000000 .. +1 GiB              kernel heap, grown on demand (PML4 384)
 *   0xffffc08000000000 ..                     kernel thread stacks with guard pages (PML4 385)
 *   0xffffc10000000000 ..                     device memory (MMIO) mappings (PML4 386)
 *   0xffffffff80000000 .. top                 the kernel image (-mcmodel=kernel)
 */
#ifndef KERNEL_LAYOUT_H
#define KERNEL_LAYOUT_H

#include <stdint.h>

#include "bootinfo.h"

#define PAGE_SIZE 4096ull
#define PAGE_MASK (PAGE_SIZE - 1)
#define PAGE_ROUND_DOWN(x) ((x) & ~PAGE_MASK)
#define PAGE_ROUND_UP(x) (((x) + PAGE_MASK) & ~PAGE_MASK)
#define LARGE_PAGE_SIZE (2ull << 20)

#define USER_SPACE_END 0x0000800000000000ull
#define KERNEL_SPACE_START 0xffff800000000000ull
#define PHYS_MAP_BASE MH_PHYS_MAP_BASE
#define KERNEL_HEAP_BASE 0xffffc00000000000ull
#define KERNEL_HEAP_LIMIT (1ull << 30)
#define KERNEL_STACKS_BASE 0xffffc08000000000ull
#define MMIO_BASE 0xffffc10000000000ull
#define MMIO_LIMIT (1ull << 30)
#define KERNEL_IMAGE_BASE 0xffffffff80000000ull

static inline void *phys_to_virt(uint64_t physical)
{
    return (void *)(PHYS_MAP_BASE + physical);
}

static inline uint64_t phys_map_to_phys(const void *pointer)
{
    return (uint64_t)pointer - PHYS_MAP_BASE;
}

#endif
