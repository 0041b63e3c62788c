/* Turning raw system call results into the POSIX convention. */
#include <errno.h>

#include "internal.h"

long __mh_result(long raw)
{
    if (raw < 0 && raw >= -4095) {
        errno = (int)-raw;
        return -1;
    }
    return raw;
}

int __mh_unsupported(void)
{
    errno = ENOSYS;
    return -1;
}
