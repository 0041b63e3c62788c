/* Raw MACROHARD system calls for the boot programs (bootstrap, init, drivers, redoxfsd),
 * which talk to schemes directly: registering and serving a scheme, fexec, fmap and the
 * driver calls have no POSIX names. Results are the kernel's: >= 0, or -errno. */
#ifndef MH_SYS_H
#define MH_SYS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "syscall_abi_posix.h"

/* errno values the kernel's header does not name (Linux/Redox numbers). */
#define MH_EXDEV 18
#define MH_ENOSPC 28
#define MH_EROFS 30
#define MH_ENOTEMPTY 39

static inline long mh_call(uint64_t number, uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                           uint64_t e)
{
    return mh_syscall6(number, a, b, c, d, e, 0);
}

static inline long mh_open(const char *path, uint64_t flags)
{
    return mh_call(MH_SYS_OPEN, (uint64_t)path, strlen(path), flags, 0, 0);
}

static inline long mh_close(long fd)
{
    return mh_call(MH_SYS_CLOSE, (uint64_t)fd, 0, 0, 0, 0);
}

static inline long mh_read(long fd, void *buf, size_t len)
{
    return mh_call(MH_SYS_READ, (uint64_t)fd, (uint64_t)buf, len, 0, 0);
}

static inline long mh_write(long fd, const void *buf, size_t len)
{
    return mh_call(MH_SYS_WRITE, (uint64_t)fd, (uint64_t)buf, len, 0, 0);
}

static inline long mh_lseek(long fd, int64_t offset, int whence)
{
    return mh_call(MH_SYS_LSEEK, (uint64_t)fd, (uint64_t)offset, (uint64_t)whence, 0, 0);
}

/* Maps size bytes of fd (MH_MAP_ANONYMOUS_FD: zeroed memory) from offset; shared or
 * private per flags. Returns the address or -errno. */
static inline long mh_fmap(uint64_t fd, uint64_t offset, uint64_t size, uint64_t flags)
{
    struct mh_map map = {.offset = offset, .size = size, .flags = flags, .address = 0};
    return mh_call(MH_SYS_FMAP, fd, (uint64_t)&map, sizeof map, 0, 0);
}

/* Registers scheme `name`: the returned descriptor is the server end. */
static inline long mh_register_scheme(const char *name)
{
    char path[40] = ":";
    strncat(path, name, sizeof path - 2);
    return mh_open(path, MH_O_RDWR | MH_O_CREAT | MH_O_CLOEXEC);
}

#endif
