/* The RedoxFS core's shim (core/shim.h) on POSIX hosts. */
#include <stdlib.h>
#include <time.h>

#include "redoxfs/core/shim.h"

void *rfs_shim_alloc(size_t size) {
    return malloc(size ? size : 1);
}

void rfs_shim_free(void *ptr) {
    free(ptr);
}

void rfs_shim_now(uint64_t *sec, uint32_t *nsec) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    *sec = (uint64_t)ts.tv_sec;
    *nsec = (uint32_t)ts.tv_nsec;
}
