#include "debug_scheme.h"

#include "console.h"
#include "syscall_abi.h"

static int debug_open(const char *path, size_t length, unsigned flags, void **handle)
{
    (void)path;
    (void)length;
    if ((flags & MH_O_ACCMODE) != MH_O_WRONLY)
        return -MH_EACCES;
    *handle = NULL;
    return 0;
}

static int64_t debug_write(void *handle, const void *buffer, size_t length)
{
    (void)handle;
    console_write(buffer, length);
    return (int64_t)length;
}

const struct scheme debug_scheme = {
    .name = "debug",
    .open = debug_open,
    .write = debug_write,
};
