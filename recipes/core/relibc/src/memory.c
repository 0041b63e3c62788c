/* Memory: the heap behind malloc (sbrk) and mmap, on the kernel's fmap/funmap. The heap is one
 * reserved range (mapped without access) whose pages are made readable and writable as the
 * break moves up, so it stays contiguous as newlib's malloc prefers. */
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "internal.h"

#define PAGE_SIZE 4096u
#define HEAP_RESERVATION (1ull << 30) /* the kernel's limit for one mapping */

static uint64_t heap_start, heap_break, heap_committed;

static uint64_t round_up(uint64_t value)
{
    return (value + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
}

static long map(uint64_t fd, uint64_t address, uint64_t size, uint64_t flags)
{
    struct mh_map request = {.offset = 0, .size = size, .flags = flags, .address = address};
    return mh_syscall3(MH_SYS_FMAP, fd, &request, sizeof request);
}

void *sbrk(ptrdiff_t increment)
{
    if (heap_start == 0) {
        long reserved = map(MH_MAP_ANONYMOUS_FD, 0, HEAP_RESERVATION, MH_MAP_PRIVATE);
        if (reserved < 0) {
            __mh_result(reserved);
            return (void *)-1;
        }
        heap_start = heap_break = heap_committed = (uint64_t)reserved;
    }
    uint64_t old_break = heap_break;
    if ((increment > 0 && (uint64_t)increment > heap_start + HEAP_RESERVATION - heap_break) ||
        (increment < 0 && (uint64_t)-increment > heap_break - heap_start)) {
        errno = ENOMEM;
        return (void *)-1;
    }
    uint64_t new_break = heap_break + (uint64_t)increment;
    if (new_break > heap_committed) {
        uint64_t end = round_up(new_break);
        long mapped = map(MH_MAP_ANONYMOUS_FD, heap_committed, end - heap_committed,
                          MH_PROT_READ | MH_PROT_WRITE | MH_MAP_PRIVATE | MH_MAP_FIXED);
        if (mapped < 0) {
            __mh_result(mapped);
            errno = ENOMEM;
            return (void *)-1;
        }
        heap_committed = end;
    }
    heap_break = new_break;
    return (void *)old_break;
}

void *mmap(void *address, size_t length, int protection, int flags, int fd, off_t offset)
{
    if (length == 0 || offset != 0 || (flags & MAP_TYPE) == 0) {
        errno = EINVAL;
        return MAP_FAILED;
    }
    uint64_t kernel_flags = 0;
    if (protection & PROT_READ)
        kernel_flags |= MH_PROT_READ;
    if (protection & PROT_WRITE)
        kernel_flags |= MH_PROT_WRITE;
    if (protection & PROT_EXEC)
        kernel_flags |= MH_PROT_EXEC;
    kernel_flags |= (flags & MAP_TYPE) == MAP_SHARED ? MH_MAP_SHARED : MH_MAP_PRIVATE;
    if (flags & MAP_FIXED_NOREPLACE)
        kernel_flags |= MH_MAP_FIXED_NOREPLACE;
    else if (flags & MAP_FIXED)
        kernel_flags |= MH_MAP_FIXED;
    uint64_t source = (flags & MAP_ANONYMOUS) ? MH_MAP_ANONYMOUS_FD : (uint64_t)(int64_t)fd;
    long result = map(source, (uint64_t)address, round_up(length), kernel_flags);
    if (result < 0) {
        __mh_result(result);
        return MAP_FAILED;
    }
    return (void *)result;
}

int munmap(void *address, size_t length)
{
    return (int)__mh_result(mh_syscall2(MH_SYS_FUNMAP, address, round_up(length)));
}

int mprotect(void *address, size_t length, int protection)
{
    (void)address, (void)length, (void)protection;
    return __mh_unsupported();
}

int msync(void *address, size_t length, int flags)
{
    (void)address, (void)length, (void)flags;
    return 0; /* anonymous memory only: nothing to write back */
}

int madvise(void *address, size_t length, int advice)
{
    (void)address, (void)length, (void)advice;
    return 0; /* advice may be ignored */
}

int posix_madvise(void *address, size_t length, int advice)
{
    (void)address, (void)length, (void)advice;
    return 0;
}

int mlock(const void *address, size_t length)
{
    (void)address, (void)length;
    return 0; /* memory is never paged out */
}

int munlock(const void *address, size_t length)
{
    (void)address, (void)length;
    return 0;
}

int getpagesize(void)
{
    return PAGE_SIZE;
}

int posix_memalign(void **result, size_t alignment, size_t size)
{
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0)
        return EINVAL;
    void *memory = memalign(alignment, size);
    if (memory == NULL)
        return ENOMEM;
    *result = memory;
    return 0;
}
