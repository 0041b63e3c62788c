/* File descriptors: open/close/read/write on the kernel, and the calls it does not offer yet. */
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
    long result = mh_syscall3(MH_SYS_OPEN, resolved, strlen(resolved), kernel_flags);
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
    if (dirfd != AT_FDCWD && path[0] != '/')
        return __mh_unsupported(); /* needs fpath */
    return open(path, flags, mode);
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

ssize_t readv(int fd, const struct iovec *vectors, int count)
{
    ssize_t total = 0;
    for (int i = 0; i < count; i++) {
        ssize_t done = read(fd, vectors[i].iov_base, vectors[i].iov_len);
        if (done < 0)
            return total > 0 ? total : -1;
        total += done;
        if ((size_t)done < vectors[i].iov_len)
            break;
    }
    return total;
}

ssize_t writev(int fd, const struct iovec *vectors, int count)
{
    ssize_t total = 0;
    for (int i = 0; i < count; i++) {
        ssize_t done = write(fd, vectors[i].iov_base, vectors[i].iov_len);
        if (done < 0)
            return total > 0 ? total : -1;
        total += done;
        if ((size_t)done < vectors[i].iov_len)
            break;
    }
    return total;
}

ssize_t pread(int fd, void *buffer, size_t length, off_t offset)
{
    (void)fd, (void)buffer, (void)length, (void)offset;
    return __mh_unsupported(); /* needs lseek */
}

ssize_t pwrite(int fd, const void *buffer, size_t length, off_t offset)
{
    (void)fd, (void)buffer, (void)length, (void)offset;
    return __mh_unsupported(); /* needs lseek */
}

/* A process the kernel starts has no descriptors; the first program (init, or a test run as
 * init) then gets the debug console as its standard streams. Reading it fails with EACCES
 * until the kernel has serial input, so the streams fall back to write-only. */
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
        if (opened == -EACCES)
            opened = mh_syscall3(MH_SYS_OPEN, console, sizeof console - 1, MH_O_WRONLY);
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

int access(const char *path, int mode)
{
    (void)mode; /* permissions need fstat */
    char *resolved = __mh_scheme_path(path);
    if (resolved == NULL)
        return -1;
    long fd = mh_syscall3(MH_SYS_OPEN, resolved, strlen(resolved), O_STAT | O_CLOEXEC);
    free(resolved);
    if (fd < 0)
        return (int)__mh_result(fd);
    mh_syscall1(MH_SYS_CLOSE, fd);
    return 0;
}

int ioctl(int fd, unsigned long request, ...)
{
    (void)fd, (void)request;
    errno = ENOTTY; /* no terminals yet */
    return -1;
}

/* The kernel has no calls for these yet (listed in README.md). */
off_t lseek(int fd, off_t offset, int whence)
{
    (void)fd, (void)offset, (void)whence;
    return __mh_unsupported();
}

int fstat(int fd, struct stat *status)
{
    (void)fd, (void)status;
    return __mh_unsupported();
}

int stat(const char *restrict path, struct stat *restrict status)
{
    (void)path, (void)status;
    return __mh_unsupported();
}

int lstat(const char *restrict path, struct stat *restrict status)
{
    return stat(path, status);
}

int fcntl(int fd, int command, ...)
{
    (void)fd, (void)command;
    return __mh_unsupported();
}

int dup(int fd)
{
    (void)fd;
    return __mh_unsupported();
}

int dup2(int fd, int target)
{
    (void)fd, (void)target;
    return __mh_unsupported();
}

int dup3(int fd, int target, int flags)
{
    (void)fd, (void)target, (void)flags;
    return __mh_unsupported();
}

int pipe(int fds[2])
{
    (void)fds;
    return __mh_unsupported();
}

int pipe2(int fds[2], int flags)
{
    (void)fds, (void)flags;
    return __mh_unsupported();
}

int fsync(int fd)
{
    (void)fd;
    return __mh_unsupported();
}

int ftruncate(int fd, off_t length)
{
    (void)fd, (void)length;
    return __mh_unsupported();
}

int truncate(const char *path, off_t length)
{
    (void)path, (void)length;
    return __mh_unsupported();
}

int link(const char *existing, const char *new_path)
{
    (void)existing, (void)new_path;
    return __mh_unsupported();
}

int unlink(const char *path)
{
    (void)path;
    return __mh_unsupported();
}

int rmdir(const char *path)
{
    (void)path;
    return __mh_unsupported();
}

int mkdir(const char *path, mode_t mode)
{
    (void)path, (void)mode;
    return __mh_unsupported();
}

int _rename(const char *old_path, const char *new_path)
{
    (void)old_path, (void)new_path;
    return __mh_unsupported();
}

int symlink(const char *target, const char *path)
{
    (void)target, (void)path;
    return __mh_unsupported();
}

ssize_t readlink(const char *restrict path, char *restrict buffer, size_t size)
{
    (void)path, (void)buffer, (void)size;
    return __mh_unsupported();
}

int chmod(const char *path, mode_t mode)
{
    (void)path, (void)mode;
    return __mh_unsupported();
}

int fchmod(int fd, mode_t mode)
{
    (void)fd, (void)mode;
    return __mh_unsupported();
}

int chown(const char *path, uid_t owner, gid_t group)
{
    (void)path, (void)owner, (void)group;
    return __mh_unsupported();
}

int fchown(int fd, uid_t owner, gid_t group)
{
    (void)fd, (void)owner, (void)group;
    return __mh_unsupported();
}

int lchown(const char *path, uid_t owner, gid_t group)
{
    return chown(path, owner, group);
}

int mkfifo(const char *path, mode_t mode)
{
    (void)path, (void)mode;
    return __mh_unsupported();
}

int mknod(const char *path, mode_t mode, dev_t device)
{
    (void)path, (void)mode, (void)device;
    return __mh_unsupported();
}

int utimes(const char *path, const struct timeval *times)
{
    (void)path, (void)times;
    return __mh_unsupported();
}

int futimens(int fd, const struct timespec *times)
{
    (void)fd, (void)times;
    return __mh_unsupported();
}

int utimensat(int dirfd, const char *path, const struct timespec *times, int flags)
{
    (void)dirfd, (void)path, (void)times, (void)flags;
    return __mh_unsupported();
}
