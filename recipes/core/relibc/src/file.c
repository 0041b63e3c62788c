/* File descriptors: open, close, read, write and lseek on the kernel, and the vectored and
 * positioned transfers built on them. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <unistd.h>

#include "internal.h"

/* The permission bits of a new file travel in the low bits of the flags, as in Redox. */
#define MODE_BITS 07777

static mode_t file_creation_mask = 022;

int open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list arguments;
        va_start(arguments, flags);
        mode = (mode_t)va_arg(arguments, int);
        va_end(arguments);
        mode &= ~file_creation_mask;
    }
    char *resolved = __mh_scheme_path(path);
    if (resolved == NULL)
        return -1;
    uint64_t kernel_flags = ((uint64_t)(unsigned)flags & ~(uint64_t)MODE_BITS) | (mode & MODE_BITS);
    long result = __mh_open_following(resolved, kernel_flags);
    free(resolved);
    return (int)__mh_result(result);
}

int openat(int dirfd, const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & O_CREAT) {
        va_list arguments;
        va_start(arguments, flags);
        mode = (mode_t)va_arg(arguments, int);
        va_end(arguments);
    }
    char *resolved = __mh_at_scheme_path(dirfd, path);
    if (resolved == NULL)
        return -1;
    int fd = open(resolved, flags, mode);
    free(resolved);
    return fd;
}

int close(int fd)
{
    return (int)__mh_result(mh_syscall1(MH_SYS_CLOSE, fd));
}

ssize_t read(int fd, void *buffer, size_t length)
{
    return __mh_result(mh_syscall3(MH_SYS_READ, fd, buffer, length));
}

ssize_t write(int fd, const void *buffer, size_t length)
{
    return __mh_result(mh_syscall3(MH_SYS_WRITE, fd, buffer, length));
}

/* readv and writev: one transfer per vector, stopping at the first short one; an error after
 * some bytes moved reports those bytes. */
static ssize_t transfer_vectors(int fd, const struct iovec *vectors, int count, bool writing)
{
    ssize_t total = 0;
    for (int i = 0; i < count; i++) {
        ssize_t done = writing ? write(fd, vectors[i].iov_base, vectors[i].iov_len)
                               : read(fd, vectors[i].iov_base, vectors[i].iov_len);
        if (done < 0)
            return total > 0 ? total : -1;
        total += done;
        if ((size_t)done < vectors[i].iov_len)
            break;
    }
    return total;
}

ssize_t readv(int fd, const struct iovec *vectors, int count)
{
    return transfer_vectors(fd, vectors, count, false);
}

ssize_t writev(int fd, const struct iovec *vectors, int count)
{
    return transfer_vectors(fd, vectors, count, true);
}

off_t lseek(int fd, off_t offset, int whence)
{
    return (off_t)__mh_result(mh_syscall3(MH_SYS_LSEEK, fd, (int64_t)offset, whence));
}

/* The kernel has no positioned transfers: seek there, transfer, seek back. Not atomic with
 * respect to other users of the same open file description. */
ssize_t pread(int fd, void *buffer, size_t length, off_t offset)
{
    off_t saved = lseek(fd, 0, SEEK_CUR);
    if (saved < 0 || lseek(fd, offset, SEEK_SET) < 0)
        return -1;
    ssize_t done = read(fd, buffer, length);
    int saved_errno = errno;
    lseek(fd, saved, SEEK_SET);
    errno = saved_errno;
    return done;
}

ssize_t pwrite(int fd, const void *buffer, size_t length, off_t offset)
{
    off_t saved = lseek(fd, 0, SEEK_CUR);
    if (saved < 0 || lseek(fd, offset, SEEK_SET) < 0)
        return -1;
    ssize_t done = write(fd, buffer, length);
    int saved_errno = errno;
    lseek(fd, saved, SEEK_SET);
    errno = saved_errno;
    return done;
}

/* A process the kernel starts has no descriptors; the first program (init, or a test run as
 * init) then gets the debug console (serial input and output) as its standard streams. */
void __mh_open_standard_streams(void)
{
    char probe;
    for (int fd = 0; fd <= 2; fd++) {
        if (mh_syscall3(MH_SYS_WRITE, fd, &probe, 0) != -EBADF ||
            mh_syscall3(MH_SYS_READ, fd, &probe, 0) != -EBADF)
            return;
    }
    static const char console[] = "debug:";
    for (int fd = 0; fd <= 2; fd++) {
        long opened = mh_syscall3(MH_SYS_OPEN, console, sizeof console - 1, MH_O_RDWR);
        if (opened != fd)
            return;
    }
}

mode_t umask(mode_t mask)
{
    mode_t previous = file_creation_mask;
    file_creation_mask = mask & 0777;
    return previous;
}

/* The check itself is faccessat's (at_path.c). */
int access(const char *path, int mode)
{
    return faccessat(AT_FDCWD, path, mode, 0);
}
