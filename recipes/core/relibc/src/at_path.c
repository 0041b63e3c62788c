/* The *at calls: a relative path is taken from the directory a descriptor names, whose
 * scheme path the file server reports (fpath), and resolved the way open() resolves against
 * the current directory (".." lexically, never above the root). Each call then makes the
 * path call on that scheme path, which open() and the other path calls pass on unchanged.
 * openat is in file.c, next to open. */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "path_resolve.h"

/* "name:rest", a colon before any '/', names its scheme (as in path_resolve.h). */
static bool names_scheme(const char *path)
{
    return path[strcspn(path, ":/")] == ':';
}

char *__mh_at_scheme_path(int dirfd, const char *path)
{
    if (path == NULL) {
        errno = EFAULT;
        return NULL;
    }
    /* AT_FDCWD, an absolute path or one naming its scheme: the descriptor plays no part. */
    if (dirfd == AT_FDCWD || path[0] == '/' || names_scheme(path))
        return __mh_scheme_path(path);
    if (path[0] == '\0') {
        errno = ENOENT;
        return NULL;
    }
    struct stat status;
    if (fstat(dirfd, &status) != 0)
        return NULL; /* EBADF */
    if (!S_ISDIR(status.st_mode)) {
        errno = ENOTDIR;
        return NULL;
    }
    char *directory = malloc(MH_PATH_MAX + 1);
    if (directory == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    long length = __mh_result(mh_syscall3(MH_SYS_FPATH, dirfd, directory, MH_PATH_MAX + 1));
    if (length < 0 || length > MH_PATH_MAX || memchr(directory, ':', (size_t)length) == NULL) {
        if (length >= 0)
            errno = length > MH_PATH_MAX ? ENAMETOOLONG : ENOENT;
        free(directory);
        return NULL;
    }
    directory[length] = '\0';
    /* The path is relative, so the default scheme (for "/...") is never used. */
    char *resolved = mh_path_resolve(directory, "file", path);
    free(directory);
    if (resolved == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    if (strlen(resolved) > MH_PATH_MAX) {
        free(resolved);
        errno = ENAMETOOLONG;
        return NULL;
    }
    return resolved;
}

/* Frees a resolved path without disturbing the errno of the call made on it. */
static void release(char *resolved)
{
    int saved_errno = errno;
    free(resolved);
    errno = saved_errno;
}

/* Fails with EINVAL when flags has a bit outside allowed. */
static bool flags_outside(int flags, int allowed)
{
    if ((flags & ~allowed) == 0)
        return false;
    errno = EINVAL;
    return true;
}

/* Makes call, an expression of type type using the scheme path resolved, on (dirfd, path) and
 * returns its result from the enclosing function (-1 when the path does not resolve). */
#define ON_AT_PATH(type, dirfd, path, resolved, call)              \
    do {                                                           \
        char *resolved = __mh_at_scheme_path((dirfd), (path));     \
        if (resolved == NULL)                                      \
            return -1;                                             \
        type result_ = (call);                                     \
        release(resolved);                                         \
        return result_;                                            \
    } while (0)

/* Runs operation (rename, link) on the two scheme paths, both resolved before anything changes
 * (a bad descriptor on either side is reported first). */
static int on_path_pair(int old_dirfd, const char *old_path, int new_dirfd, const char *new_path,
                        int (*operation)(const char *, const char *))
{
    char *old_resolved = __mh_at_scheme_path(old_dirfd, old_path);
    if (old_resolved == NULL)
        return -1;
    char *new_resolved = __mh_at_scheme_path(new_dirfd, new_path);
    int result = new_resolved == NULL ? -1 : operation(old_resolved, new_resolved);
    release(old_resolved);
    release(new_resolved);
    return result;
}

/* Opens the file (dirfd, path) names for its status only, for the descriptor calls (fchmod,
 * fchown, futimens); with AT_SYMLINK_NOFOLLOW a symbolic link itself. A descriptor or -1. */
static int open_at_for_status(int dirfd, const char *path, int flags)
{
    ON_AT_PATH(int, dirfd, path, resolved,
               __mh_open_for_status(resolved, (flags & AT_SYMLINK_NOFOLLOW) == 0));
}

int fstatat(int dirfd, const char *restrict path, struct stat *restrict status, int flags)
{
    if (flags_outside(flags, AT_SYMLINK_NOFOLLOW))
        return -1; /* AT_EMPTY_PATH and others are not supported */
    ON_AT_PATH(int, dirfd, path, resolved,
               (flags & AT_SYMLINK_NOFOLLOW) ? lstat(resolved, status) : stat(resolved, status));
}

int unlinkat(int dirfd, const char *path, int flags)
{
    if (flags_outside(flags, AT_REMOVEDIR))
        return -1;
    ON_AT_PATH(int, dirfd, path, resolved, (flags & AT_REMOVEDIR) ? rmdir(resolved) : unlink(resolved));
}

int mkdirat(int dirfd, const char *path, mode_t mode)
{
    ON_AT_PATH(int, dirfd, path, resolved, mkdir(resolved, mode));
}

int symlinkat(const char *target, int dirfd, const char *path)
{
    ON_AT_PATH(int, dirfd, path, resolved, symlink(target, resolved));
}

ssize_t readlinkat(int dirfd, const char *restrict path, char *restrict buffer, size_t size)
{
    ON_AT_PATH(ssize_t, dirfd, path, resolved, readlink(resolved, buffer, size));
}

int renameat(int old_dirfd, const char *old_path, int new_dirfd, const char *new_path)
{
    return on_path_pair(old_dirfd, old_path, new_dirfd, new_path, rename);
}

/* The flags and paths are checked; link itself is not there yet (ENOSYS, README.md). */
int linkat(int old_dirfd, const char *old_path, int new_dirfd, const char *new_path, int flags)
{
    if (flags_outside(flags, AT_SYMLINK_FOLLOW))
        return -1;
    return on_path_pair(old_dirfd, old_path, new_dirfd, new_path, link);
}

int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
    if (flags_outside(flags, AT_SYMLINK_NOFOLLOW))
        return -1;
    int fd = open_at_for_status(dirfd, path, flags);
    return fd < 0 ? -1 : (int)__mh_close_after(fd, fchmod(fd, mode));
}

int fchownat(int dirfd, const char *path, uid_t owner, gid_t group, int flags)
{
    if (flags_outside(flags, AT_SYMLINK_NOFOLLOW))
        return -1;
    int fd = open_at_for_status(dirfd, path, flags);
    return fd < 0 ? -1 : (int)__mh_close_after(fd, fchown(fd, owner, group));
}

int utimensat(int dirfd, const char *path, const struct timespec *times, int flags)
{
    if (flags_outside(flags, AT_SYMLINK_NOFOLLOW))
        return -1;
    int fd = open_at_for_status(dirfd, path, flags);
    return fd < 0 ? -1 : (int)__mh_close_after(fd, futimens(fd, times));
}

/* POSIX: the mode bits are checked against the real uid and gid, or the effective ones with
 * AT_EACCESS, as the file servers check the effective ones (uid 0 may read and write
 * anything, and execute what has an execute bit or is a directory). Kernel schemes do not
 * report meaningful owners: their modes decide. */
int faccessat(int dirfd, const char *path, int mode, int flags)
{
    if (flags_outside(flags, AT_EACCESS))
        return -1;
    if (mode & ~(R_OK | W_OK | X_OK)) {
        errno = EINVAL;
        return -1;
    }
    struct stat status;
    if (fstatat(dirfd, path, &status, 0) != 0)
        return -1;
    if (mode == F_OK)
        return 0;
    bool effective = (flags & AT_EACCESS) != 0;
    uid_t uid = effective ? geteuid() : getuid();
    gid_t gid = effective ? getegid() : getgid();
    unsigned granted;
    if (uid == 0)
        granted = R_OK | W_OK | ((S_ISDIR(status.st_mode) || (status.st_mode & 0111)) ? X_OK : 0);
    else if (uid == status.st_uid)
        granted = (status.st_mode >> 6) & 7;
    else if (gid == status.st_gid)
        granted = (status.st_mode >> 3) & 7;
    else
        granted = status.st_mode & 7;
    if ((granted & (unsigned)mode) != (unsigned)mode) {
        errno = EACCES;
        return -1;
    }
    return 0;
}
