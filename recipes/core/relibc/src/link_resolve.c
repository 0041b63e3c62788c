/* Symbolic links that lead out of their scheme. A file server cannot follow a link whose
 * target is another scheme (RedoxFS's /dev/null -> /scheme/null): it answers EXDEV, as upstream
 * redoxfs does, and the library walks the path itself, component by component. Each prefix is
 * looked at without following it (O_STAT | O_NOFOLLOW); a link is read (O_SYMLINK |
 * O_NOFOLLOW), its target (relative to the link's directory) takes the place of the prefix, and
 * the walk starts again on the new path. At most LINK_LIMIT links are followed (ELOOP). */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "path_resolve.h"

#define LINK_LIMIT 40 /* Linux's limit on links followed in one lookup */

static long open_prefix(const char *path, size_t length, uint64_t flags)
{
    return mh_syscall3(MH_SYS_OPEN, path, length, flags | MH_O_CLOEXEC);
}

/* Reads a link's target (NUL-terminated, malloc'd into *target). 0 or a negated errno. */
static long read_target(const char *path, size_t length, char **target)
{
    long fd = open_prefix(path, length, MH_O_RDONLY | MH_O_SYMLINK | MH_O_NOFOLLOW);
    if (fd < 0)
        return fd;
    char *text = malloc(MH_PATH_MAX + 1);
    long result = text == NULL ? -ENOMEM : 0;
    size_t got = 0;
    while (result == 0) {
        long done = mh_syscall3(MH_SYS_READ, fd, text + got, MH_PATH_MAX + 1 - got);
        if (done <= 0) {
            result = done;
            break;
        }
        got += (size_t)done;
        if (got > MH_PATH_MAX)
            result = -ENAMETOOLONG;
    }
    mh_syscall1(MH_SYS_CLOSE, fd);
    if (result == 0 && got == 0)
        result = -ENOENT; /* an empty target names nothing */
    if (result != 0) {
        free(text);
        return result;
    }
    text[got] = '\0';
    *target = text;
    return 0;
}

/* Whether the first length bytes of path name a symbolic link: 1 (its target in *target), 0,
 * or a negated errno. */
static long link_at(const char *path, size_t length, char **target)
{
    long fd = open_prefix(path, length, MH_O_STAT | MH_O_NOFOLLOW);
    if (fd < 0)
        return fd;
    struct mh_stat status;
    memset(&status, 0, sizeof status);
    long result = mh_syscall3(MH_SYS_FSTAT, fd, &status, sizeof status);
    mh_syscall1(MH_SYS_CLOSE, fd);
    if (result < 0)
        return result;
    if ((status.st_mode & MH_MODE_TYPE) != MH_MODE_SYMLINK)
        return 0;
    result = read_target(path, length, target);
    return result < 0 ? result : 1;
}

/* The path with the link that ends at offset end (its name starting at start) replaced by
 * target. malloc'd, or NULL with errno set. */
static char *splice(const char *path, size_t start, size_t end, const char *target)
{
    char *directory = malloc(start + 1);
    if (directory == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    memcpy(directory, path, start);
    directory[start] = '\0';
    char *resolved = mh_path_resolve(directory, "file", target);
    free(directory);
    if (resolved == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    size_t head = strlen(resolved);
    const char *rest = path + end; /* "" or "/..." */
    if (head > 0 && resolved[head - 1] == '/' && rest[0] == '/')
        head--;
    size_t length = head + strlen(rest);
    if (length > MH_PATH_MAX) {
        free(resolved);
        errno = ENAMETOOLONG;
        return NULL;
    }
    char *joined = malloc(length + 1);
    if (joined == NULL) {
        free(resolved);
        errno = ENOMEM;
        return NULL;
    }
    memcpy(joined, resolved, head);
    strcpy(joined + head, rest);
    free(resolved);
    return joined;
}

char *__mh_resolve_links(const char *scheme_path, bool follow_last)
{
    char *path = strdup(scheme_path);
    if (path == NULL) {
        errno = ENOMEM;
        return NULL;
    }
    unsigned links = 0;
    size_t at = strcspn(path, ":");
    at += path[at] == ':';
    for (;;) {
        while (path[at] == '/')
            at++;
        if (path[at] == '\0')
            return path;
        size_t start = at;
        at += strcspn(path + at, "/");
        size_t next = at;
        while (path[next] == '/')
            next++;
        bool last = path[next] == '\0';
        if (last && !follow_last)
            return path;
        char *target = NULL;
        long found = link_at(path, at, &target);
        if (found < 0) {
            if (last)
                return path; /* what the caller does with the path reports the problem */
            free(path);
            errno = (int)-found;
            return NULL;
        }
        if (found == 0)
            continue;
        char *spliced = ++links > LINK_LIMIT ? NULL : splice(path, start, at, target);
        if (links > LINK_LIMIT)
            errno = ELOOP;
        free(target);
        free(path);
        if (spliced == NULL)
            return NULL;
        path = spliced;
        at = strcspn(path, ":");
        at += path[at] == ':';
    }
}

long __mh_open_following(const char *scheme_path, uint64_t flags)
{
    long fd = mh_syscall3(MH_SYS_OPEN, scheme_path, strlen(scheme_path), flags);
    if (fd != -EXDEV)
        return fd;
    char *followed = __mh_resolve_links(scheme_path, !(flags & MH_O_NOFOLLOW));
    if (followed == NULL)
        return -errno;
    fd = mh_syscall3(MH_SYS_OPEN, followed, strlen(followed), flags);
    free(followed);
    return fd;
}
