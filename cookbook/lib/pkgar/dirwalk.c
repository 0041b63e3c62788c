#include "pkgar/dirwalk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "pkgar/format.h"

int pkgar_dirwalk_open(pkgar_dirwalk *walk, const char *base, mh_error *err) {
    memset(walk, 0, sizeof *walk);
    walk->cached_fd = -1;
    walk->base_fd = open(base, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (walk->base_fd < 0)
        return mh_error_errno(err, base, errno, "cannot open directory");
    walk->base_path = mh_xstrdup(base);
    return 0;
}

static void drop_cache(pkgar_dirwalk *walk) {
    if (walk->cached_fd >= 0 && walk->cached_fd != walk->base_fd)
        close(walk->cached_fd);
    walk->cached_fd = -1;
    free(walk->cached_rel);
    walk->cached_rel = NULL;
}

void pkgar_dirwalk_close(pkgar_dirwalk *walk) {
    drop_cache(walk);
    if (walk->base_fd >= 0)
        close(walk->base_fd);
    walk->base_fd = -1;
    for (size_t i = 0; i < walk->created_count; i++)
        free(walk->created[i]);
    free(walk->created);
    free(walk->base_path);
    memset(walk, 0, sizeof *walk);
    walk->base_fd = walk->cached_fd = -1;
}

static int component_error(pkgar_dirwalk *walk, int dir_fd, const char *name, const char *rel,
                           size_t rel_len, int errnum, mh_error *err) {
    char *shown_rel = pkgar_path_display(rel, rel_len);
    char *shown = mh_path_join(walk->base_path, shown_rel);
    struct stat st;
    if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode))
        mh_error_set(err, shown, 0, 0, "is a symlink on disk; refusing to go through it");
    else if (errnum == ENOTDIR || errnum == ELOOP)
        mh_error_set(err, shown, 0, 0, "is not a directory");
    else
        mh_error_errno(err, shown, errnum, "cannot open directory");
    free(shown);
    free(shown_rel);
    return -1;
}

static void remember_created(pkgar_dirwalk *walk, const char *rel, size_t len) {
    if (walk->created_count == walk->created_cap) {
        walk->created_cap = walk->created_cap ? 2 * walk->created_cap : 16;
        walk->created = mh_xrealloc(walk->created, walk->created_cap * sizeof *walk->created);
    }
    walk->created[walk->created_count++] = mh_xstrndup(rel, len);
}

int pkgar_dirwalk_parent(pkgar_dirwalk *walk, const char *rel, int create, const char **leaf,
                         mh_error *err) {
    const char *slash = strrchr(rel, '/');
    size_t parent_len = slash ? (size_t)(slash - rel) : 0;
    *leaf = slash ? slash + 1 : rel;
    if (walk->cached_rel && strlen(walk->cached_rel) == parent_len &&
        memcmp(walk->cached_rel, rel, parent_len) == 0)
        return walk->cached_fd;

    /* Start below the cached directory when the parent lies inside it (the usual case when
     * entries come in tree order), else at the base. */
    int fd = walk->base_fd;
    size_t pos = 0;
    if (walk->cached_rel) {
        size_t cached_len = strlen(walk->cached_rel);
        if (cached_len > 0 && cached_len < parent_len && rel[cached_len] == '/' &&
            memcmp(walk->cached_rel, rel, cached_len) == 0) {
            fd = dup(walk->cached_fd);
            if (fd < 0)
                return mh_error_errno(err, walk->base_path, errno, "cannot duplicate a descriptor");
            pos = cached_len + 1;
        }
    }
    drop_cache(walk);
    while (pos < parent_len) {
        const char *end = memchr(rel + pos, '/', parent_len - pos);
        size_t comp_end = end ? (size_t)(end - rel) : parent_len;
        char *name = mh_xstrndup(rel + pos, comp_end - pos);
        int next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        if (next < 0 && errno == ENOENT) {
            if (!create) {
                free(name);
                if (fd != walk->base_fd)
                    close(fd);
                return PKGAR_DIRWALK_MISSING;
            }
            if (mkdirat(fd, name, 0755) == 0)
                remember_created(walk, rel, comp_end);
            else if (errno != EEXIST) {
                int saved = errno;
                char *shown_rel = pkgar_path_display(rel, comp_end);
                char *shown = mh_path_join(walk->base_path, shown_rel);
                mh_error_errno(err, shown, saved, "cannot create directory");
                free(shown);
                free(shown_rel);
                free(name);
                if (fd != walk->base_fd)
                    close(fd);
                return -1;
            }
            next = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        }
        if (next < 0) {
            component_error(walk, fd, name, rel, comp_end, errno, err);
            free(name);
            if (fd != walk->base_fd)
                close(fd);
            return -1;
        }
        free(name);
        if (fd != walk->base_fd)
            close(fd);
        fd = next;
        pos = comp_end + 1;
    }
    walk->cached_fd = fd;
    walk->cached_rel = mh_xstrndup(rel, parent_len);
    return fd;
}

void pkgar_dirwalk_rollback(pkgar_dirwalk *walk) {
    drop_cache(walk);
    for (size_t i = walk->created_count; i-- > 0;) {
        unlinkat(walk->base_fd, walk->created[i], AT_REMOVEDIR);
        free(walk->created[i]);
    }
    walk->created_count = 0;
}
