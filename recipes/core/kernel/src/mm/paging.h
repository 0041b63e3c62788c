/* 4-level page tables. Every address space shares the kernel half: the kernel's PML4 slots
 * 256..511 point at page-directory-pointer tables created once at boot, so kernel mappings
 * made later (heap growth, stacks, MMIO) are visible in every process without copying. */
#ifndef KERNEL_PAGING_H
#define KERNEL_PAGING_H

#include <stdbool.h>
#include <stdint.h>

#include "bootinfo.h"

#define PTE_PRESENT (1ull << 0)
#define PTE_WRITABLE (1ull << 1)
#define PTE_USER (1ull << 2)
#define PTE_WRITE_THROUGH (1ull << 3)
#define PTE_CACHE_DISABLE (1ull << 4)
#define PTE_LARGE (1ull << 7)
#define PTE_GLOBAL (1ull << 8)
/* Bits the CPU leaves to software: */
#define PTE_COPY_ON_WRITE (1ull << 9) /* private page shared after fork; copied on first write */
#define PTE_SHARED (1ull << 10)       /* shared mapping: fork shares it instead of copying */
#define PTE_PHYSICAL (1ull << 11)     /* physical memory mapped for a driver: not reference counted */
#define PTE_NO_EXECUTE (1ull << 63)
#define PTE_ADDRESS_MASK 0x000ffffffffff000ull

/* Builds the kernel's own tables (physical map, kernel image with per-section permissions)
 * and switches to them; the bootloader's identity map is gone afterwards. */
void paging_init(const struct mh_boot_info *boot_info);

/* Bytes of physical memory reachable through phys_to_virt() (at least 4 GiB and all RAM). */
uint64_t paging_phys_map_size(void);

/* Physical address of the kernel's PML4 (used by kernel threads). */
uint64_t paging_kernel_root(void);

/* Maps one 4 KiB page. Returns 0, -MH_ENOMEM (no frame for a table) or -MH_EEXIST. */
int paging_map(uint64_t root, uint64_t virt, uint64_t phys, uint64_t flags);

/* Removes a 4 KiB mapping; *phys receives the frame. Returns 0 or -MH_ENOENT. */
int paging_unmap(uint64_t root, uint64_t virt, uint64_t *phys);

/* Removes a 4 KiB user mapping and drops its reference on the frame (frames of PTE_PHYSICAL
 * mappings are not the process's and stay untouched). Returns 0 or -MH_ENOENT. */
int paging_unmap_user(uint64_t root, uint64_t virt);

/* Replaces the flags of an existing 4 KiB mapping. Returns 0 or -MH_ENOENT. */
int paging_set_flags(uint64_t root, uint64_t virt, uint64_t flags);

/* Looks up virt (4 KiB or 2 MiB pages); false if not mapped. */
bool paging_translate(uint64_t root, uint64_t virt, uint64_t *phys, uint64_t *flags);
bool paging_is_mapped(uint64_t root, uint64_t virt);

/* The first address in [virt, end) whose page table exists, so a page from there on may be
 * mapped; end when none. Lets range operations skip empty gigabytes in a few steps. */
uint64_t paging_next_candidate(uint64_t root, uint64_t virt, uint64_t end);

/* A new address space: empty user half, shared kernel half. 0 when out of memory. */
uint64_t paging_create_user_root(void);

/* Frees every user page, every user page table and the root itself. root must not be loaded
 * in CR3. (Frames shared with other address spaces lose one reference; PTE_PHYSICAL frames are
 * left alone.) */
void paging_destroy_user_root(uint64_t root);

/* A copy of the user half of root for a child process: shared pages stay shared, writable
 * private pages become copy-on-write in both spaces, read-only pages are shared. Returns the
 * new root, or 0 when out of memory. */
uint64_t paging_clone_user_space(uint64_t root);

/* Resolves a write to the copy-on-write page at virt: the last sharer takes the frame over,
 * others get a private copy. Returns 0, -MH_EFAULT (not a copy-on-write page) or
 * -MH_ENOMEM. */
int paging_break_copy_on_write(uint64_t root, uint64_t virt);

/* Loads root into CR3 unless it is already there. */
void paging_activate(uint64_t root);

#endif
