/* Paths: Redox names every file "scheme:reference"; a POSIX path ("/etc/passwd", "../x") is a
 * reference in the file: scheme, resolved here against the current directory. The kernel keeps
 * each process's current directory over fork and exec (chdir sets it there, start-up reads
 * it), as older Redox did; the library resolves relative paths itself with its copy.
 * getcwd() shows file: directories as plain paths. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "path_resolve.h"

#define DEFAULT_SCHEME "file"

static char *current_directory; /* scheme path; NULL means "file:/" */

static const char *current(void)
{
    return current_directory != NULL ? current_directory : DEFAULT_SCHEME ":/";
}

char *__mh_scheme_path(const char *path)
{
    if (path == NULL) {
        errno = EFAULT;
        return NULL;
    }
    if (path[0] == '\0') {
        errno = ENOENT;
        return NULL;
    }
    char *resolved = mh_path_resolve(current(), DEFAULT_SCHEME, path);
    if (resolved == NULL)
        errno = ENOMEM;
    else if (strlen(resolved) > MH_PATH_MAX) {
        free(resolved);
        errno = ENAMETOOLONG;
        return NULL;
    }
    return resolved;
}

/* The form getcwd() and realpath() show: file: paths without their scheme. */
static const char *shown_form(const char *scheme_path)
{
    size_t prefix = strlen(DEFAULT_SCHEME ":");
    if (strncmp(scheme_path, DEFAULT_SCHEME ":", prefix) == 0)
        return scheme_path + prefix;
    return scheme_path;
}

char *getcwd(char *buffer, size_t size)
{
    const char *shown = shown_form(current());
    size_t length = strlen(shown);
    if (buffer == NULL) {
        if (size == 0)
            size = length + 1;
        buffer = malloc(size);
        if (buffer == NULL) {
            errno = ENOMEM;
            return NULL;
        }
        if (size <= length) {
            free(buffer);
            errno = ERANGE;
            return NULL;
        }
    } else if (size == 0) {
        errno = EINVAL;
        return NULL;
    } else if (size <= length) {
        errno = ERANGE;
        return NULL;
    }
    memcpy(buffer, shown, length + 1);
    return buffer;
}

void __mh_init_current_directory(void)
{
    char probe[256];
    long length = mh_syscall2(MH_SYS_GETCWD, probe, sizeof probe);
    if (length <= 0 || length > MH_PATH_MAX)
        return; /* the kernel's default is file:/, which is ours too */
    char *directory = malloc((size_t)length + 1);
    if (directory == NULL)
        return;
    if ((size_t)length <= sizeof probe)
        memcpy(directory, probe, (size_t)length);
    else if (mh_syscall2(MH_SYS_GETCWD, directory, length) != length) {
        free(directory);
        return;
    }
    directory[length] = '\0';
    current_directory = directory;
}

/* Whether the caller may search a directory (its effective ids against the mode; root may
 * search any). */
static bool may_search(const struct stat *status)
{
    uid_t uid = geteuid();
    if (uid == 0)
        return true;
    if (uid == status->st_uid)
        return (status->st_mode & S_IXUSR) != 0;
    if (getegid() == status->st_gid)
        return (status->st_mode & S_IXGRP) != 0;
    return (status->st_mode & S_IXOTH) != 0;
}

/* Makes scheme_path (malloc'd, taken over) the current directory, here and in the kernel,
 * once it is known to be a directory the caller may search. A path through a link into another
 * scheme is kept with its links resolved. */
static int enter_directory(char *scheme_path)
{
    const uint64_t flags = MH_O_STAT | MH_O_DIRECTORY | MH_O_CLOEXEC;
    long fd = mh_syscall3(MH_SYS_OPEN, scheme_path, strlen(scheme_path), flags);
    if (fd == -EXDEV) {
        char *followed = __mh_resolve_links(scheme_path, true);
        if (followed == NULL) {
            free(scheme_path);
            return -1;
        }
        free(scheme_path);
        scheme_path = followed;
        fd = mh_syscall3(MH_SYS_OPEN, scheme_path, strlen(scheme_path), flags);
    }
    int result = (int)__mh_result(fd);
    if (result >= 0) {
        struct stat status;
        result = fstat((int)fd, &status);
        mh_syscall1(MH_SYS_CLOSE, fd);
        if (result == 0 && !S_ISDIR(status.st_mode)) {
            errno = ENOTDIR;
            result = -1;
        } else if (result == 0 && !may_search(&status)) {
            errno = EACCES;
            result = -1;
        }
    }
    if (result == 0)
        result = (int)__mh_result(mh_syscall2(MH_SYS_CHDIR, scheme_path, strlen(scheme_path)));
    if (result != 0) {
        free(scheme_path);
        return -1;
    }
    free(current_directory);
    current_directory = scheme_path;
    return 0;
}

int chdir(const char *path)
{
    char *resolved = __mh_scheme_path(path);
    return resolved != NULL ? enter_directory(resolved) : -1;
}

/* The directory's path comes from the file server (fpath), which names it as opened. */
int fchdir(int fd)
{
    char *path = malloc(MH_PATH_MAX + 1);
    if (path == NULL) {
        errno = ENOMEM;
        return -1;
    }
    long length = __mh_result(mh_syscall3(MH_SYS_FPATH, fd, path, MH_PATH_MAX + 1));
    if (length < 0 || length > MH_PATH_MAX || memchr(path, ':', (size_t)length) == NULL) {
        if (length >= 0)
            errno = length > MH_PATH_MAX ? ENAMETOOLONG : ENOENT;
        free(path);
        return -1;
    }
    path[length] = '\0';
    return enter_directory(path);
}

char *realpath(const char *restrict path, char *restrict resolved)
{
    char *full = __mh_scheme_path(path);
    if (full == NULL)
        return NULL;
    long fd = mh_syscall3(MH_SYS_OPEN, full, strlen(full), O_STAT | O_CLOEXEC);
    if (fd == -EXDEV) {
        /* Through a link into another scheme: the answer is where the links lead. */
        char *followed = __mh_resolve_links(full, true);
        free(full);
        if (followed == NULL)
            return NULL;
        full = followed;
        fd = mh_syscall3(MH_SYS_OPEN, full, strlen(full), O_STAT | O_CLOEXEC);
    }
    if (fd < 0) {
        free(full);
        __mh_result(fd);
        return NULL;
    }
    mh_syscall1(MH_SYS_CLOSE, fd);
    const char *shown = shown_form(full);
    size_t length = strlen(shown);
    char *out = resolved;
    if (out == NULL)
        out = malloc(length + 1);
    else if (length >= PATH_MAX) {
        free(full);
        errno = ENAMETOOLONG;
        return NULL;
    }
    if (out == NULL) {
        free(full);
        errno = ENOMEM;
        return NULL;
    }
    memmove(out, shown, length + 1);
    free(full);
    return out;
}
