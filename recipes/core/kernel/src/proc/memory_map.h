/* Memory mappings of user processes: fmap() of anonymous memory and of physical memory (for
 * drivers, through memory:), and funmap(). Anonymous pages are allocated and zeroed when mapped;
 * private pages become copy-on-write at fork, shared ones stay shared between parent and child.
 * Physical mappings are always shared and never free the frames they show. */
#ifndef KERNEL_MEMORY_MAP_H
#define KERNEL_MEMORY_MAP_H

#include <stdint.h>

#include "syscall_abi.h"

/* Where mappings without MH_MAP_FIXED go (upwards, never reused for now). */
#define USER_MAP_BASE 0x0000100000000000ull
#define USER_MAP_END 0x00007e0000000000ull
#define USER_MAP_LIMIT (1ull << 30) /* bytes per call */
/* Fixed mappings must end below this (above lie the scheme grants and the stack). */
#define USER_FIXED_MAP_END 0x00007f0000000000ull

struct process;

/* Maps request->size bytes of zeroed memory; *address receives where. Returns 0, -MH_EINVAL
 * (bad flags, size, offset or fixed address), -MH_EEXIST (MH_MAP_FIXED_NOREPLACE onto a
 * mapping) or -MH_ENOMEM. */
int memory_map_anonymous(struct process *process, const struct mh_map *request, uint64_t *address);

/* Maps the physical range [request->offset, + size) (page aligned, MH_MAP_SHARED) with the
 * extra page flags cache_flags (PTE_CACHE_DISABLE, PTE_WRITE_THROUGH). Same errors. */
int memory_map_physical(struct process *process, const struct mh_map *request, uint64_t cache_flags,
                        uint64_t *address);

/* Removes every page mapped in [address, address + length). Returns 0 or -MH_EINVAL. */
int memory_unmap(struct process *process, uint64_t address, uint64_t length);

#endif
