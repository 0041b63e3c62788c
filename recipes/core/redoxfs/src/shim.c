/* The RedoxFS core's shim (cookbook/lib/redoxfs/core/shim.h) on relibc. */
#include <stdlib.h>
#include <time.h>

#include "redoxfs/core/shim.h"

void *rfs_shim_alloc(size_t size)
{
    return malloc(size);
}

void rfs_shim_free(void *ptr)
{
    free(ptr);
}

void rfs_shim_now(uint64_t *sec, uint32_t *nsec)
{
    struct timespec now = {0, 0};
    clock_gettime(CLOCK_REALTIME, &now);
    *sec = (uint64_t)now.tv_sec;
    *nsec = (uint32_t)now.tv_nsec;
}
