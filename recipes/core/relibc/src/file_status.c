/* File status and metadata: fstat/stat, and the calls the kernel forwards to the file's scheme
 * (fsync, ftruncate, fchmod, fchown, futimens, frename, unlink, rmdir). Calls on a path open
 * it with O_STAT (no data access), apply the descriptor call and close it. Directories and
 * symbolic links are made by open flags, as on Redox. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "internal.h"

/* <sys/stat.h>'s st_atime... macros would rename the kernel structure's fields. */
#undef st_atime
#undef st_mtime
#undef st_ctime

/* newlib's <sys/stat.h> defines these for Cygwin only; the values are Linux's (and Redox's). */
#ifndef UTIME_NOW
#define UTIME_NOW ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)
#endif

int fstat(int fd, struct stat *status)
{
    struct mh_stat kernel;
    memset(&kernel, 0, sizeof kernel);
    if (__mh_result(mh_syscall3(MH_SYS_FSTAT, fd, &kernel, sizeof kernel)) < 0)
        return -1;
    memset(status, 0, sizeof *status);
    status->st_dev = kernel.st_dev;
    status->st_ino = kernel.st_ino;
    status->st_mode = kernel.st_mode;
    status->st_nlink = kernel.st_nlink;
    status->st_uid = (uid_t)kernel.st_uid;
    status->st_gid = (gid_t)kernel.st_gid;
    status->st_size = (off_t)kernel.st_size;
    status->st_blksize = kernel.st_blksize;
    status->st_blocks = (blkcnt_t)kernel.st_blocks;
    status->st_atim.tv_sec = (time_t)kernel.st_atime;
    status->st_atim.tv_nsec = kernel.st_atime_nsec;
    status->st_mtim.tv_sec = (time_t)kernel.st_mtime;
    status->st_mtim.tv_nsec = kernel.st_mtime_nsec;
    status->st_ctim.tv_sec = (time_t)kernel.st_ctime;
    status->st_ctim.tv_nsec = kernel.st_ctime_nsec;
    return 0;
}

int __mh_open_for_status(const char *path, bool follow_last)
{
    return open(path, O_STAT | O_CLOEXEC | (follow_last ? 0 : O_NOFOLLOW | O_SYMLINK));
}

/* Runs a descriptor call on path's file and closes it, keeping the call's errno. */
#define ON_PATH(path, follow_last, call)                          \
    do {                                                          \
        int fd_ = __mh_open_for_status((path), (follow_last));    \
        if (fd_ < 0)                                              \
            return -1;                                            \
        return (int)__mh_close_after(fd_, (call));                \
    } while (0)

int stat(const char *restrict path, struct stat *restrict status)
{
    ON_PATH(path, true, fstat(fd_, status));
}

int lstat(const char *restrict path, struct stat *restrict status)
{
    ON_PATH(path, false, fstat(fd_, status));
}

int fsync(int fd)
{
    return (int)__mh_result(mh_syscall1(MH_SYS_FSYNC, fd));
}

int ftruncate(int fd, off_t length)
{
    if (length < 0) {
        errno = EINVAL;
        return -1;
    }
    return (int)__mh_result(mh_syscall2(MH_SYS_FTRUNCATE, fd, length));
}

int truncate(const char *path, off_t length)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    return (int)__mh_close_after(fd, ftruncate(fd, length));
}

int fchmod(int fd, mode_t mode)
{
    return (int)__mh_result(mh_syscall2(MH_SYS_FCHMOD, fd, mode & 07777));
}

int chmod(const char *path, mode_t mode)
{
    ON_PATH(path, true, fchmod(fd_, mode));
}

int fchown(int fd, uid_t owner, gid_t group)
{
    return (int)__mh_result(mh_syscall3(MH_SYS_FCHOWN, fd, (uint32_t)owner, (uint32_t)group));
}

int chown(const char *path, uid_t owner, gid_t group)
{
    ON_PATH(path, true, fchown(fd_, owner, group));
}

int lchown(const char *path, uid_t owner, gid_t group)
{
    ON_PATH(path, false, fchown(fd_, owner, group));
}

/* UTIME_NOW and UTIME_OMIT are resolved here: the kernel's structure has plain times. */
int futimens(int fd, const struct timespec *times)
{
    struct mh_timespec kernel[2];
    struct stat current;
    struct timespec now;
    int need_current = 0;
    for (int i = 0; times != NULL && i < 2; i++)
        need_current |= times[i].tv_nsec == UTIME_OMIT;
    if (need_current && fstat(fd, &current) < 0)
        return -1;
    clock_gettime(CLOCK_REALTIME, &now);
    for (int i = 0; i < 2; i++) {
        struct timespec chosen = now;
        if (times != NULL && times[i].tv_nsec == UTIME_OMIT)
            chosen = i == 0 ? current.st_atim : current.st_mtim;
        else if (times != NULL && times[i].tv_nsec != UTIME_NOW)
            chosen = times[i];
        if (chosen.tv_nsec < 0 || chosen.tv_nsec >= 1000000000) {
            errno = EINVAL;
            return -1;
        }
        kernel[i] = (struct mh_timespec){.seconds = chosen.tv_sec,
                                         .nanoseconds = (int32_t)chosen.tv_nsec};
    }
    return (int)__mh_result(mh_syscall3(MH_SYS_FUTIMENS, fd, kernel, sizeof kernel));
}

int utimes(const char *path, const struct timeval *times)
{
    if (times == NULL)
        return utimensat(AT_FDCWD, path, NULL, 0);
    struct timespec converted[2];
    for (int i = 0; i < 2; i++)
        converted[i] = (struct timespec){.tv_sec = times[i].tv_sec, .tv_nsec = times[i].tv_usec * 1000};
    return utimensat(AT_FDCWD, path, converted, 0);
}

/* The kernel's path calls take "scheme:reference" paths, so relative POSIX paths are
 * resolved first; a directory on the way that links into another scheme (EXDEV) is followed
 * here (the last component, which the call is about, is not). */
static int on_scheme_path(uint64_t number, const char *path)
{
    char *resolved = __mh_scheme_path(path);
    if (resolved == NULL)
        return -1;
    long result = mh_syscall2(number, resolved, strlen(resolved));
    if (result == -EXDEV) {
        char *followed = __mh_resolve_links(resolved, false);
        result = followed != NULL ? mh_syscall2(number, followed, strlen(followed)) : -errno;
        free(followed);
    }
    free(resolved);
    return (int)__mh_result(result);
}

int unlink(const char *path)
{
    return on_scheme_path(MH_SYS_UNLINK, path);
}

int rmdir(const char *path)
{
    return on_scheme_path(MH_SYS_RMDIR, path);
}

int _rename(const char *old_path, const char *new_path)
{
    char *resolved = __mh_scheme_path(new_path);
    if (resolved == NULL)
        return -1;
    int fd = open(old_path, O_STAT | O_CLOEXEC | O_NOFOLLOW | O_SYMLINK);
    if (fd < 0) {
        free(resolved);
        return -1;
    }
    long result = mh_syscall3(MH_SYS_FRENAME, fd, resolved, strlen(resolved));
    free(resolved);
    close(fd);
    return (int)__mh_result(result);
}

int mkdir(const char *path, mode_t mode)
{
    int fd = open(path, O_CREAT | O_EXCL | O_DIRECTORY | O_CLOEXEC, mode & 0777);
    return fd < 0 ? -1 : close(fd);
}

int symlink(const char *target, const char *path)
{
    int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_SYMLINK | O_NOFOLLOW | O_CLOEXEC, 0777);
    if (fd < 0)
        return -1;
    size_t length = strlen(target);
    ssize_t written = write(fd, target, length);
    int saved_errno = errno;
    close(fd);
    if (written != (ssize_t)length) {
        errno = written < 0 ? saved_errno : EIO;
        return -1;
    }
    return 0;
}

ssize_t readlink(const char *restrict path, char *restrict buffer, size_t size)
{
    int fd = open(path, O_RDONLY | O_SYMLINK | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    return __mh_close_after(fd, read(fd, buffer, size));
}

/* Not there yet (listed in README.md): hard links and special files need scheme support. */
int link(const char *existing, const char *new_path)
{
    (void)existing, (void)new_path;
    return __mh_unsupported();
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
