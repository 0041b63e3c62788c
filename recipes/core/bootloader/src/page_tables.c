#include "page_tables.h"

#include <efilib.h>

#include "bootinfo.h"
#include "memory_types.h"

#define ENTRY_PRESENT 0x1ull
#define ENTRY_WRITABLE 0x2ull
#define ENTRY_LARGE_PAGE 0x80ull
#define ENTRY_ADDRESS_MASK 0x000ffffffffff000ull
#define ENTRIES_PER_TABLE 512
#define GIB (1ull << 30)
#define MIB2 (2ull << 20)

/* Tables come from one block sized up front, handed out in order. */
struct table_pool {
    UINT64 *next;
    UINTN remaining;
};

static UINT64 *pool_take(struct table_pool *pool)
{
    if (pool->remaining == 0)
        return NULL;
    UINT64 *table = pool->next;
    pool->next += ENTRIES_PER_TABLE;
    pool->remaining--;
    return table;
}

static unsigned table_index(UINT64 address, unsigned level)
{
    return (unsigned)((address >> (12 + 9 * level)) & (ENTRIES_PER_TABLE - 1));
}

/* The table that entry refers to, created if missing. Identity mapping of the pool lets the
 * physical address double as the pointer. */
static UINT64 *next_level(struct table_pool *pool, UINT64 *entry)
{
    if (*entry & ENTRY_PRESENT)
        return (UINT64 *)(UINTN)(*entry & ENTRY_ADDRESS_MASK);
    UINT64 *table = pool_take(pool);
    if (table != NULL)
        *entry = (UINT64)(UINTN)table | ENTRY_PRESENT | ENTRY_WRITABLE;
    return table;
}

static EFI_STATUS map_kernel_page(struct table_pool *pool, UINT64 *pml4, UINT64 virt, UINT64 phys)
{
    UINT64 *table = pml4;
    for (unsigned level = 3; level > 0; level--) {
        table = next_level(pool, &table[table_index(virt, level)]);
        if (table == NULL)
            return EFI_OUT_OF_RESOURCES;
    }
    table[table_index(virt, 0)] = phys | ENTRY_PRESENT | ENTRY_WRITABLE;
    return EFI_SUCCESS;
}

EFI_STATUS page_tables_build(UINT64 phys_map_size, const struct loaded_kernel *kernel, UINT64 *pml4_out)
{
    if (phys_map_size == 0 || phys_map_size % GIB != 0 || phys_map_size > BOOT_PHYS_MAP_LIMIT)
        return EFI_INVALID_PARAMETER;
    UINTN directories = phys_map_size / GIB;
    /* PML4, the shared PDPT and its directories, then for the kernel: a PDPT, up to two
     * directories (the top 2 GiB) and one table per 2 MiB touched. */
    UINTN kernel_tables = kernel->size / MIB2 + 2;
    UINTN pages = 2 + directories + 1 + 2 + kernel_tables;
    EFI_PHYSICAL_ADDRESS block = 0;
    EFI_STATUS status = BS->AllocatePages(AllocateAnyPages,
                                          (EFI_MEMORY_TYPE)BOOT_MEMORY_BOOT_RECLAIMABLE, pages, &block);
    if (EFI_ERROR(status))
        return status;
    BS->SetMem((void *)(UINTN)block, pages * BOOT_PAGE_SIZE, 0);
    struct table_pool pool = {.next = (UINT64 *)(UINTN)block, .remaining = pages};

    UINT64 *pml4 = pool_take(&pool);
    UINT64 *shared_pdpt = pool_take(&pool);
    for (UINTN gib = 0; gib < directories; gib++) {
        UINT64 *directory = pool_take(&pool);
        shared_pdpt[gib] = (UINT64)(UINTN)directory | ENTRY_PRESENT | ENTRY_WRITABLE;
        for (UINTN entry = 0; entry < ENTRIES_PER_TABLE; entry++)
            directory[entry] = (gib * GIB + entry * MIB2) | ENTRY_PRESENT | ENTRY_WRITABLE |
                               ENTRY_LARGE_PAGE;
    }
    UINT64 shared = (UINT64)(UINTN)shared_pdpt | ENTRY_PRESENT | ENTRY_WRITABLE;
    pml4[table_index(0, 3)] = shared;
    pml4[table_index(MH_PHYS_MAP_BASE, 3)] = shared;

    for (UINT64 offset = 0; offset < kernel->size; offset += BOOT_PAGE_SIZE) {
        status = map_kernel_page(&pool, pml4, kernel->virt_base + offset, kernel->phys_base + offset);
        if (EFI_ERROR(status)) {
            BS->FreePages(block, pages);
            return status;
        }
    }
    *pml4_out = (UINT64)(UINTN)pml4;
    return EFI_SUCCESS;
}
