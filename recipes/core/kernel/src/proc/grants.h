/* Grants: windows of a scheme server's address space through which it sees the buffer of a
 * request it serves (the path of an open, the data of a read or write). Each is fresh zeroed
 * memory in [GRANT_BASE, GRANT_END), filled from the client's buffer before the server sees the
 * request and copied back when it answers; the client's own pages are never exposed. */
#ifndef KERNEL_GRANTS_H
#define KERNEL_GRANTS_H

#include <stdint.h>

#define GRANT_BASE 0x00007f0000000000ull
#define GRANT_END 0x00007f8000000000ull
#define GRANT_LIMIT (1ull << 20) /* bytes one request moves at most */

struct process;

struct grant_range {
    uint64_t start, size;    /* size includes a guard page */
    struct grant_range *next; /* sorted by start */
};

/* Maps size bytes (rounded up to pages) of zeroed memory into process. Returns 0 and the
 * address, or -MH_ENOMEM. */
int grant_map(struct process *process, uint64_t size, uint64_t *address);

void grant_unmap(struct process *process, uint64_t address);

/* fork: removes the copies of parent's grant windows from the child's new address space
 * (they belong to requests the parent serves). */
void grants_remove_copies(uint64_t child_space, const struct process *parent);

/* Forgets every window without touching the address space (exit, exec replace it). */
void grants_forget_all(struct process *process);

#endif
