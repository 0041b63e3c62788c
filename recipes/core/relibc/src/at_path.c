/* The *at calls' paths: a relative path is taken from the directory a descriptor names, whose
 * scheme path the file server reports (fpath), and resolved the way open() resolves against
 * the current directory (".." lexically, never above the root). */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int fstatat(int dirfd, const char *restrict path, struct stat *restrict status, int flags)
{
    if ((flags & ~AT_SYMLINK_NOFOLLOW) != 0) {
        errno = EINVAL; /* AT_EMPTY_PATH and others are not supported */
        return -1;
    }
    char *resolved = __mh_at_scheme_path(dirfd, path);
    if (resolved == NULL)
        return -1;
    int result = (flags & AT_SYMLINK_NOFOLLOW) ? lstat(resolved, status) : stat(resolved, status);
    free(resolved);
    return result;
}
