/* Descriptor management: fcntl, dup, dup2, dup3, pipe, pipe2, and closing a descriptor after a
 * call on it. The O_* and F_* values are the kernel's (Redox's), so flags pass through
 * unchanged. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <unistd.h>

#include "internal.h"

int fcntl(int fd, int command, ...)
{
    va_list arguments;
    va_start(arguments, command);
    long argument = 0;
    switch (command) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
    case F_SETFD:
    case F_SETFL:
        argument = va_arg(arguments, int);
        break;
    case F_GETLK:
    case F_SETLK:
    case F_SETLKW:
        va_end(arguments);
        return __mh_unsupported(); /* no record locks on any scheme yet */
    default:
        break;
    }
    va_end(arguments);
    return (int)__mh_result(mh_syscall3(MH_SYS_FCNTL, fd, command, argument));
}

int dup(int fd)
{
    return (int)__mh_result(mh_syscall3(MH_SYS_DUP, fd, "", 0));
}

int dup2(int fd, int target)
{
    return (int)__mh_result(mh_syscall4(MH_SYS_DUP2, fd, target, "", 0));
}

int dup3(int fd, int target, int flags)
{
    if (fd == target || (flags & ~O_CLOEXEC) != 0) {
        errno = EINVAL;
        return -1;
    }
    if (dup2(fd, target) < 0)
        return -1;
    if ((flags & O_CLOEXEC) && fcntl(target, F_SETFD, FD_CLOEXEC) < 0)
        return (int)__mh_close_after(target, -1);
    return target;
}

long __mh_close_after(int fd, long result)
{
    int saved_errno = errno;
    close(fd);
    errno = saved_errno;
    return result;
}

int pipe2(int fds[2], int flags)
{
    int32_t ends[2];
    if (__mh_result(mh_syscall2(MH_SYS_PIPE2, ends, (unsigned)flags)) < 0)
        return -1;
    fds[0] = ends[0];
    fds[1] = ends[1];
    return 0;
}

int pipe(int fds[2])
{
    return pipe2(fds, 0);
}
