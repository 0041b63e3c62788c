#include "memory_map.h"

#include <stdbool.h>

#include "mm/layout.h"
#include "mm/paging.h"
#include "mm/pmm.h"
#include "proc/elf_loader.h"
#include "proc/process.h"

#define KNOWN_FLAGS (MH_PROT_EXEC | MH_PROT_WRITE | MH_PROT_READ | MH_MAP_SHARED | MH_MAP_PRIVATE | \
                     MH_MAP_FIXED_NOREPLACE)
#define PROTECTION (MH_PROT_EXEC | MH_PROT_WRITE | MH_PROT_READ)
#define PHYSICAL_ADDRESS_LIMIT (1ull << 52)

static uint64_t page_flags(uint64_t map_flags)
{
    uint64_t flags = PTE_USER;
    if (map_flags & MH_PROT_WRITE)
        flags |= PTE_WRITABLE;
    if (!(map_flags & MH_PROT_EXEC))
        flags |= PTE_NO_EXECUTE;
    if (map_flags & MH_MAP_SHARED)
        flags |= PTE_SHARED;
    return flags;
}

static void unmap_range(uint64_t address_space, uint64_t start, uint64_t end)
{
    for (uint64_t page = paging_next_candidate(address_space, start, end); page < end;
         page = paging_next_candidate(address_space, page + PAGE_SIZE, end)) {
        paging_unmap_user(address_space, page);
    }
}

static bool range_has_mapping(uint64_t address_space, uint64_t start, uint64_t end)
{
    for (uint64_t page = paging_next_candidate(address_space, start, end); page < end;
         page = paging_next_candidate(address_space, page + PAGE_SIZE, end)) {
        if (paging_is_mapped(address_space, page))
            return true;
    }
    return false;
}

static int check_request(const struct mh_map *request)
{
    uint64_t sharing = request->flags & (MH_MAP_SHARED | MH_MAP_PRIVATE);
    uint64_t fixed = request->flags & MH_MAP_FIXED_NOREPLACE;
    if ((request->flags & ~(uint64_t)KNOWN_FLAGS) != 0 ||
        (fixed != 0 && fixed != MH_MAP_FIXED && fixed != MH_MAP_FIXED_NOREPLACE) ||
        (sharing != MH_MAP_SHARED && sharing != MH_MAP_PRIVATE) || request->size == 0 ||
        request->size > USER_MAP_LIMIT)
        return -MH_EINVAL;
    return 0;
}

static int choose_address(struct process *process, const struct mh_map *request, uint64_t size,
                          uint64_t *address)
{
    if ((request->flags & MH_MAP_FIXED) == 0) {
        /* One unmapped page between mappings catches runs off their ends. */
        if (size > USER_MAP_END - process->map_cursor)
            return -MH_ENOMEM;
        *address = process->map_cursor;
        process->map_cursor += size + PAGE_SIZE;
        return 0;
    }
    uint64_t start = request->address;
    if (start % PAGE_SIZE != 0 || start < USER_IMAGE_LOWEST || start > USER_FIXED_MAP_END ||
        size > USER_FIXED_MAP_END - start)
        return -MH_EINVAL;
    if ((request->flags & MH_MAP_FIXED_NOREPLACE) == MH_MAP_FIXED_NOREPLACE) {
        if (range_has_mapping(process->address_space, start, start + size))
            return -MH_EEXIST;
    } else {
        unmap_range(process->address_space, start, start + size);
    }
    *address = start;
    return 0;
}

/* Maps size bytes at start: a fresh zeroed frame per page (physical == UINT64_MAX) or the
 * physical range from physical on. */
static int map_pages(struct process *process, uint64_t start, uint64_t size, uint64_t flags,
                     uint64_t physical)
{
    for (uint64_t offset = 0; offset < size; offset += PAGE_SIZE) {
        uint64_t frame = physical == UINT64_MAX ? pmm_alloc_zeroed() : physical + offset;
        if (frame == 0 || paging_map(process->address_space, start + offset, frame, flags) != 0) {
            if (frame != 0 && physical == UINT64_MAX)
                pmm_free(frame);
            unmap_range(process->address_space, start, start + offset);
            return -MH_ENOMEM;
        }
    }
    return 0;
}

int memory_map_anonymous(struct process *process, const struct mh_map *request, uint64_t *address)
{
    int result = check_request(request);
    if (result == 0 && request->offset != 0)
        result = -MH_EINVAL;
    if (result != 0)
        return result;
    uint64_t size = PAGE_ROUND_UP(request->size);
    uint64_t start;
    result = choose_address(process, request, size, &start);
    if (result != 0)
        return result;
    /* Without any access the range stays unmapped: every touch faults. */
    if ((request->flags & PROTECTION) != 0) {
        result = map_pages(process, start, size, page_flags(request->flags), UINT64_MAX);
        if (result != 0)
            return result;
    }
    *address = start;
    return 0;
}

int memory_map_physical(struct process *process, const struct mh_map *request, uint64_t cache_flags,
                        uint64_t *address)
{
    int result = check_request(request);
    uint64_t size = PAGE_ROUND_UP(request->size);
    if (result == 0 && (!(request->flags & MH_MAP_SHARED) || request->offset % PAGE_SIZE != 0 ||
                        request->offset >= PHYSICAL_ADDRESS_LIMIT ||
                        size > PHYSICAL_ADDRESS_LIMIT - request->offset))
        result = -MH_EINVAL;
    if (result != 0)
        return result;
    uint64_t start;
    result = choose_address(process, request, size, &start);
    if (result != 0)
        return result;
    if ((request->flags & PROTECTION) != 0) {
        uint64_t flags = page_flags(request->flags) | PTE_PHYSICAL | cache_flags;
        result = map_pages(process, start, size, flags, request->offset);
        if (result != 0)
            return result;
    }
    *address = start;
    return 0;
}

int memory_unmap(struct process *process, uint64_t address, uint64_t length)
{
    if (address % PAGE_SIZE != 0 || length == 0 || address >= USER_SPACE_END ||
        length > USER_SPACE_END - address)
        return -MH_EINVAL;
    unmap_range(process->address_space, address, PAGE_ROUND_UP(address + length));
    return 0;
}
