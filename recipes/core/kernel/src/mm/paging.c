#include "paging.h"

#include "arch/x86_64/cpu.h"
#include "syscall_abi.h"
#include "lib/kstring.h"
#include "mm/layout.h"
#include "mm/pmm.h"
#include "panic.h"

#define ENTRIES 512
#define KERNEL_FIRST_SLOT 256
#define GIB (1ull << 30)
#define TABLE_FLAGS_KERNEL (PTE_PRESENT | PTE_WRITABLE)
#define TABLE_FLAGS_USER (PTE_PRESENT | PTE_WRITABLE | PTE_USER)

/* Section boundaries from linker.ld. */
extern const char __kernel_start[], __text_start[], __text_end[], __data_start[], __data_end[];

static uint64_t kernel_root;
static uint64_t phys_map_size;

static uint64_t *table_at(uint64_t phys)
{
    return phys_to_virt(phys & PTE_ADDRESS_MASK);
}

static unsigned slot(uint64_t virt, unsigned level)
{
    return (unsigned)((virt >> (12 + 9 * level)) & (ENTRIES - 1));
}

/* The level-0 entry for virt, creating intermediate tables when create is set. */
static uint64_t *leaf_entry(uint64_t root, uint64_t virt, bool create)
{
    uint64_t *table = table_at(root);
    uint64_t table_flags = virt < USER_SPACE_END ? TABLE_FLAGS_USER : TABLE_FLAGS_KERNEL;
    for (unsigned level = 3; level > 0; level--) {
        uint64_t *entry = &table[slot(virt, level)];
        if (!(*entry & PTE_PRESENT)) {
            if (!create)
                return NULL;
            uint64_t frame = pmm_alloc_zeroed();
            if (frame == 0)
                return NULL;
            *entry = frame | table_flags;
        } else if (*entry & PTE_LARGE) {
            return NULL; /* part of a 2 MiB mapping: not managed page by page */
        }
        table = table_at(*entry);
    }
    return &table[slot(virt, 0)];
}

int paging_map(uint64_t root, uint64_t virt, uint64_t phys, uint64_t flags)
{
    irq_state state = irq_save();
    uint64_t *entry = leaf_entry(root, virt, true);
    int result = 0;
    if (entry == NULL)
        result = -MH_ENOMEM;
    else if (*entry & PTE_PRESENT)
        result = -MH_EEXIST;
    else
        *entry = (phys & PTE_ADDRESS_MASK) | flags | PTE_PRESENT;
    irq_restore(state);
    return result;
}

/* After any page's entry changed: kernel pages are cached whichever space is loaded. */
static void flush_if_cached(uint64_t root, uint64_t virt)
{
    if ((cpu_read_cr3() & PTE_ADDRESS_MASK) == root || virt >= KERNEL_SPACE_START)
        cpu_invalidate_page(virt);
}

/* Rewrites virt's present level-0 entry in root as (entry & keep) | set, with interrupts masked,
 * and drops any cached translation of it; *old gets the entry it replaced. */
static int rewrite_leaf_entry(uint64_t root, uint64_t virt, uint64_t keep, uint64_t set,
                              uint64_t *old)
{
    irq_state state = irq_save();
    uint64_t *entry = leaf_entry(root, virt, false);
    bool present = entry != NULL && (*entry & PTE_PRESENT);
    if (present) {
        *old = *entry;
        *entry = (*entry & keep) | set;
        flush_if_cached(root, virt);
    }
    irq_restore(state);
    return present ? 0 : -MH_ENOENT;
}

int paging_unmap(uint64_t root, uint64_t virt, uint64_t *phys)
{
    uint64_t old;
    int result = rewrite_leaf_entry(root, virt, 0, 0, &old);
    if (result == 0)
        *phys = old & PTE_ADDRESS_MASK;
    return result;
}

int paging_unmap_user(uint64_t root, uint64_t virt)
{
    uint64_t old;
    int result = rewrite_leaf_entry(root, virt, 0, 0, &old);
    if (result == 0 && !(old & PTE_PHYSICAL))
        pmm_free(old & PTE_ADDRESS_MASK);
    return result;
}

int paging_set_flags(uint64_t root, uint64_t virt, uint64_t flags)
{
    uint64_t old;
    return rewrite_leaf_entry(root, virt, PTE_ADDRESS_MASK, flags | PTE_PRESENT, &old);
}

bool paging_translate(uint64_t root, uint64_t virt, uint64_t *phys, uint64_t *flags)
{
    const uint64_t *table = table_at(root);
    for (unsigned level = 3;; level--) {
        uint64_t entry = table[slot(virt, level)];
        if (!(entry & PTE_PRESENT))
            return false;
        if (level == 0 || (level == 1 && (entry & PTE_LARGE))) {
            uint64_t page_mask = level == 0 ? PAGE_MASK : LARGE_PAGE_SIZE - 1;
            *phys = (entry & PTE_ADDRESS_MASK & ~page_mask) | (virt & page_mask);
            *flags = entry & ~PTE_ADDRESS_MASK;
            return true;
        }
        if (entry & PTE_LARGE)
            return false; /* 1 GiB pages are never created */
        table = table_at(entry);
    }
}

uint64_t paging_next_candidate(uint64_t root, uint64_t virt, uint64_t end)
{
    while (virt < end) {
        const uint64_t *table = table_at(root);
        unsigned level = 3;
        for (; level > 0; level--) {
            uint64_t entry = table[slot(virt, level)];
            if (!(entry & PTE_PRESENT) || (entry & PTE_LARGE))
                break;
            table = table_at(entry);
        }
        if (level == 0)
            return virt;
        uint64_t span = 1ull << (12 + 9 * level);
        uint64_t next = (virt & ~(span - 1)) + span;
        if (next <= virt)
            return end; /* wrapped around the top of the address space */
        virt = next;
    }
    return end;
}

bool paging_is_mapped(uint64_t root, uint64_t virt)
{
    uint64_t phys, flags;
    return paging_translate(root, virt, &phys, &flags);
}

uint64_t paging_phys_map_size(void)
{
    return phys_map_size;
}

uint64_t paging_kernel_root(void)
{
    return kernel_root;
}

void paging_activate(uint64_t root)
{
    if ((cpu_read_cr3() & PTE_ADDRESS_MASK) != root)
        cpu_write_cr3(root);
}

uint64_t paging_create_user_root(void)
{
    uint64_t root = pmm_alloc_zeroed();
    if (root != 0)
        memcpy(table_at(root) + KERNEL_FIRST_SLOT, table_at(kernel_root) + KERNEL_FIRST_SLOT,
               (ENTRIES - KERNEL_FIRST_SLOT) * sizeof(uint64_t));
    return root;
}

/* Frees a user table of the given level and everything it maps. */
static void free_user_table(uint64_t table_phys, unsigned level)
{
    uint64_t *table = table_at(table_phys);
    for (unsigned i = 0; i < ENTRIES; i++) {
        if (!(table[i] & PTE_PRESENT))
            continue;
        if (level == 0) {
            if (!(table[i] & PTE_PHYSICAL))
                pmm_free(table[i] & PTE_ADDRESS_MASK);
        } else {
            free_user_table(table[i] & PTE_ADDRESS_MASK, level - 1);
        }
    }
    pmm_free(table_phys);
}

void paging_destroy_user_root(uint64_t root)
{
    if ((cpu_read_cr3() & PTE_ADDRESS_MASK) == root)
        panic("destroying the active address space %p", (void *)root);
    uint64_t *table = table_at(root);
    for (unsigned i = 0; i < KERNEL_FIRST_SLOT; i++) {
        if (table[i] & PTE_PRESENT)
            free_user_table(table[i] & PTE_ADDRESS_MASK, 2);
    }
    pmm_free(root);
}

/* After a user page's entry changed: only the loaded address space can have it cached. */
static void flush_if_active(uint64_t root, uint64_t virt)
{
    if ((cpu_read_cr3() & PTE_ADDRESS_MASK) == root)
        cpu_invalidate_page(virt);
}

int paging_break_copy_on_write(uint64_t root, uint64_t virt)
{
    irq_state state = irq_save();
    uint64_t page = PAGE_ROUND_DOWN(virt);
    uint64_t *entry = page < USER_SPACE_END ? leaf_entry(root, page, false) : NULL;
    int result = -MH_EFAULT;
    if (entry != NULL && (*entry & PTE_PRESENT) && (*entry & PTE_COPY_ON_WRITE)) {
        uint64_t frame = *entry & PTE_ADDRESS_MASK;
        uint64_t flags = (*entry & ~PTE_ADDRESS_MASK & ~PTE_COPY_ON_WRITE) | PTE_WRITABLE;
        result = 0;
        if (pmm_references(frame) == 1) {
            *entry = frame | flags;
        } else {
            uint64_t copy = pmm_alloc();
            if (copy == 0) {
                result = -MH_ENOMEM;
            } else {
                memcpy(phys_to_virt(copy), phys_to_virt(frame), PAGE_SIZE);
                *entry = copy | flags;
                pmm_free(frame);
            }
        }
        if (result == 0)
            flush_if_active(root, page);
    }
    irq_restore(state);
    return result;
}

/* The child's version of one leaf entry; marks the parent's entry copy-on-write if needed. */
static uint64_t clone_leaf(uint64_t *parent_entry)
{
    uint64_t entry = *parent_entry;
    if (!(entry & PTE_SHARED) && (entry & (PTE_WRITABLE | PTE_COPY_ON_WRITE))) {
        entry = (entry & ~PTE_WRITABLE) | PTE_COPY_ON_WRITE;
        *parent_entry = entry;
    }
    if (!(entry & PTE_PHYSICAL))
        pmm_share(entry & PTE_ADDRESS_MASK);
    return entry;
}

/* Copies the present entries of a parent table (level 0..2, or the user half of the PML4 at
 * level 3) into the empty child table. Child tables are linked in before they are filled, so
 * a failure leaves a consistent partial copy that paging_destroy_user_root can free. */
static bool clone_table(uint64_t parent_phys, uint64_t child_phys, unsigned level)
{
    uint64_t *parent = table_at(parent_phys);
    uint64_t *child = table_at(child_phys);
    unsigned limit = level == 3 ? KERNEL_FIRST_SLOT : ENTRIES;
    for (unsigned i = 0; i < limit; i++) {
        if (!(parent[i] & PTE_PRESENT))
            continue;
        if (level == 0) {
            child[i] = clone_leaf(&parent[i]);
            continue;
        }
        uint64_t table = pmm_alloc_zeroed();
        if (table == 0)
            return false;
        child[i] = table | (parent[i] & ~PTE_ADDRESS_MASK);
        if (!clone_table(parent[i] & PTE_ADDRESS_MASK, table, level - 1))
            return false;
    }
    return true;
}

uint64_t paging_clone_user_space(uint64_t root)
{
    uint64_t child = paging_create_user_root();
    if (child == 0)
        return 0;
    irq_state state = irq_save();
    bool complete = clone_table(root, child, 3);
    /* Pages of the parent just lost their write permission. */
    if ((cpu_read_cr3() & PTE_ADDRESS_MASK) == root)
        cpu_write_cr3(root);
    irq_restore(state);
    if (!complete) {
        paging_destroy_user_root(child);
        return 0;
    }
    return child;
}

static uint64_t alloc_table(void)
{
    uint64_t frame = pmm_alloc_zeroed();
    if (frame == 0)
        panic("out of memory while building the kernel page tables");
    return frame;
}

static void map_physical_memory(uint64_t *pml4, uint64_t size)
{
    uint64_t *pdpt = table_at(pml4[slot(PHYS_MAP_BASE, 3)]);
    for (uint64_t gib = 0; gib < size / GIB; gib++) {
        uint64_t directory = alloc_table();
        pdpt[slot(PHYS_MAP_BASE + gib * GIB, 2)] = directory | TABLE_FLAGS_KERNEL;
        uint64_t *entries = table_at(directory);
        for (unsigned i = 0; i < ENTRIES; i++)
            entries[i] = (gib * GIB + i * LARGE_PAGE_SIZE) | PTE_PRESENT | PTE_WRITABLE |
                         PTE_LARGE | PTE_GLOBAL | PTE_NO_EXECUTE;
    }
}

/* Code is executable, data and bss writable, everything else (constants, the symbol
 * table) read-only. */
static uint64_t section_flags(uint64_t virt)
{
    if (virt >= (uint64_t)__text_start && virt < (uint64_t)__text_end)
        return PTE_GLOBAL;
    if (virt >= (uint64_t)__data_start && virt < (uint64_t)__data_end)
        return PTE_GLOBAL | PTE_NO_EXECUTE | PTE_WRITABLE;
    return PTE_GLOBAL | PTE_NO_EXECUTE;
}

/* The extent comes from the bootloader: the image's end depends on the symbol table, which
 * code must not refer to (see linker.ld). */
static void map_kernel_image(uint64_t root, const struct mh_boot_info *boot_info)
{
    uint64_t end = boot_info->kernel_virt_base + boot_info->kernel_size;
    if (end < (uint64_t)__data_end)
        panic("the bootloader loaded only %llu bytes of the kernel image",
              (unsigned long long)boot_info->kernel_size);
    for (uint64_t virt = (uint64_t)__kernel_start; virt < end; virt += PAGE_SIZE) {
        uint64_t phys = boot_info->kernel_phys_base + (virt - boot_info->kernel_virt_base);
        if (paging_map(root, virt, phys, section_flags(virt)) != 0)
            panic("cannot map the kernel image at %p", (void *)virt);
    }
}

void paging_init(const struct mh_boot_info *boot_info)
{
    if ((uint64_t)__kernel_start != boot_info->kernel_virt_base)
        panic("the bootloader placed the kernel at %p, but it is linked at %p",
              (void *)boot_info->kernel_virt_base, (void *)__kernel_start);
    kernel_root = alloc_table();
    uint64_t *pml4 = table_at(kernel_root);
    /* Every kernel-half slot gets its table now, so user address spaces can share them. */
    for (unsigned i = KERNEL_FIRST_SLOT; i < ENTRIES; i++)
        pml4[i] = alloc_table() | TABLE_FLAGS_KERNEL;

    uint64_t map_size = pmm_ram_top() > 4 * GIB ? pmm_ram_top() : 4 * GIB;
    map_size = (map_size + GIB - 1) & ~(GIB - 1);
    if (map_size > ENTRIES * GIB)
        panic("%llu GiB of physical memory; at most 512 GiB is supported",
              (unsigned long long)(map_size / GIB));
    map_physical_memory(pml4, map_size);
    phys_map_size = map_size;
    map_kernel_image(kernel_root, boot_info);

    cpu_write_msr(MSR_EFER, cpu_read_msr(MSR_EFER) | EFER_NO_EXECUTE);
    cpu_write_cr4(cpu_read_cr4() | CR4_GLOBAL_PAGES);
    cpu_write_cr0(cpu_read_cr0() | CR0_WRITE_PROTECT);
    cpu_write_cr3(kernel_root);
}
