/* Paths: Redox names every file "scheme:reference"; a POSIX path ("/etc/passwd", "../x") is a
 * reference in the file: scheme, resolved here against the current directory, which the C
 * library keeps (the kernel has none). getcwd() shows file: directories as plain paths. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
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

/* Opens path as a directory to check that it exists and is one. */
static int check_directory(const char *scheme_path)
{
    long fd = mh_syscall3(MH_SYS_OPEN, scheme_path, strlen(scheme_path),
                          O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return (int)__mh_result(fd);
    mh_syscall1(MH_SYS_CLOSE, fd);
    return 0;
}

int chdir(const char *path)
{
    char *resolved = __mh_scheme_path(path);
    if (resolved == NULL)
        return -1;
    if (check_directory(resolved) != 0) {
        free(resolved);
        return -1;
    }
    free(current_directory);
    current_directory = resolved;
    return 0;
}

int fchdir(int fd)
{
    (void)fd;
    return __mh_unsupported(); /* needs fpath */
}

char *realpath(const char *restrict path, char *restrict resolved)
{
    char *full = __mh_scheme_path(path);
    if (full == NULL)
        return NULL;
    long fd = mh_syscall3(MH_SYS_OPEN, full, strlen(full), O_STAT | O_CLOEXEC);
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
