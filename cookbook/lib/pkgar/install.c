#include "pkgar/install.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/hex.h"
#include "base/strbuf.h"
#include "pkgar/dirwalk.h"
#include "pkgar/inspect.h"

#define TEMP_PREFIX ".pkgar."
#define LINK_TARGET_MAX 4095u
#define HASH_BUFFER_SIZE (1024u * 1024u)

/* An entry written under a temporary name, waiting to be renamed into place. */
typedef struct staged {
    uint32_t index;
    char *temp_name; /* in the entry's directory */
} staged;

typedef struct transaction {
    pkgar_archive *archive;
    pkgar_dirwalk walk;
    staged *staged;
    size_t count;
} transaction;

typedef struct file_sink {
    int fd;
    const char *shown;
} file_sink;

static int write_to_file(void *ctx, const uint8_t *data, size_t len, mh_error *err) {
    file_sink *f = ctx;
    while (len) {
        ssize_t n = write(f->fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return mh_error_errno(err, f->shown, errno, "cannot write");
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

typedef struct link_sink {
    char target[LINK_TARGET_MAX + 1];
    size_t len;
    const char *shown;
} link_sink;

static int collect_link(void *ctx, const uint8_t *data, size_t len, mh_error *err) {
    link_sink *l = ctx;
    if (len > LINK_TARGET_MAX - l->len)
        return mh_error_set(err, l->shown, 0, 0, "symlink target longer than %u bytes",
                            LINK_TARGET_MAX);
    memcpy(l->target + l->len, data, len);
    l->len += len;
    return 0;
}

/* Temporary names to try for an entry, as upstream: ".pkgar.<name>", then ".pkgar.<blake3>",
 * then (ours) ".pkgar.<blake3>.<index>". A name that is itself a path in the archive is
 * skipped, so that no rename can land on another entry's temporary file. */
static char *temp_name(const pkgar_archive *a, uint32_t index, const char *leaf, int attempt) {
    const pkgar_entry *e = &a->entries[index];
    char hex[2 * PKGAR_HASH_SIZE + 1];
    mh_hex_encode(e->hash, PKGAR_HASH_SIZE, hex);
    char *name;
    if (attempt == 0 && strlen(leaf) + strlen(TEMP_PREFIX) > NAME_MAX)
        return NULL; /* too long a name: go on to the hash */
    if (attempt == 0)
        name = mh_xasprintf(TEMP_PREFIX "%s", leaf);
    else if (attempt == 1)
        name = mh_xasprintf(TEMP_PREFIX "%s", hex);
    else
        name = mh_xasprintf(TEMP_PREFIX "%s.%u", hex, (unsigned)index);
    size_t dir_len = (size_t)(leaf - e->path);
    char *as_path = mh_xasprintf("%.*s%s", (int)dir_len, e->path, name);
    int taken = pkgar_archive_find(a, as_path, strlen(as_path)) >= 0;
    free(as_path);
    if (taken) {
        free(name);
        return NULL;
    }
    return name;
}

/* Writes entry index under a fresh temporary name in dir_fd; returns that name. */
static char *stage_entry(pkgar_archive *a, uint32_t index, int dir_fd, const char *leaf,
                         const char *shown, mh_error *err) {
    const pkgar_entry *e = &a->entries[index];
    int is_link = (e->mode & PKGAR_MODE_KIND) == PKGAR_MODE_SYMLINK;
    link_sink *link = NULL;
    if (is_link) {
        link = mh_xcalloc(1, sizeof *link);
        link->shown = shown;
        if (pkgar_archive_read_entry(a, index, collect_link, link, err) != 0) {
            free(link);
            return NULL;
        }
        if (link->len == 0 || memchr(link->target, '\0', link->len)) {
            free(link);
            mh_error_set(err, shown, 0, 0, "invalid symlink target (empty or containing NUL)");
            return NULL;
        }
        link->target[link->len] = '\0';
    }
    for (int attempt = 0; attempt < 3; attempt++) {
        char *name = temp_name(a, index, leaf, attempt);
        if (!name)
            continue;
        if (is_link) {
            if (symlinkat(link->target, dir_fd, name) == 0) {
                free(link);
                return name;
            }
        } else {
            int fd =
                openat(dir_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (fd >= 0) {
                file_sink sink = {fd, shown};
                int rc = pkgar_archive_read_entry(a, index, write_to_file, &sink, err);
                if (rc == 0 && fchmod(fd, e->mode & PKGAR_MODE_PERM) != 0)
                    rc = mh_error_errno(err, shown, errno, "cannot set the mode of");
                if (close(fd) != 0 && rc == 0)
                    rc = mh_error_errno(err, shown, errno, "cannot write");
                if (rc != 0) {
                    unlinkat(dir_fd, name, 0);
                    free(name);
                    return NULL;
                }
                return name;
            }
        }
        int saved = errno;
        free(name);
        if (saved != EEXIST) {
            free(link);
            mh_error_errno(err, shown, saved, "cannot create a temporary file beside");
            return NULL;
        }
    }
    free(link);
    mh_error_set(err, shown, 0, 0,
                 "cannot find a free temporary name beside it (stale .pkgar.* files?)");
    return NULL;
}

/* Removes the temporary files of staged entries [0, end). */
static void discard_staged(transaction *t, size_t end) {
    for (size_t i = 0; i < end; i++) {
        const char *leaf;
        mh_error ignored;
        int dir_fd = pkgar_dirwalk_parent(&t->walk, t->archive->entries[t->staged[i].index].path, 0,
                                          &leaf, &ignored);
        if (dir_fd >= 0)
            unlinkat(dir_fd, t->staged[i].temp_name, 0);
    }
}

static void transaction_free(transaction *t) {
    for (size_t i = 0; i < t->count; i++)
        free(t->staged[i].temp_name);
    free(t->staged);
    pkgar_dirwalk_close(&t->walk);
}

/* Stages every entry; on failure nothing is left behind. */
static int stage_all(transaction *t, pkgar_archive *a, const char *dir, mh_error *err) {
    memset(t, 0, sizeof *t);
    t->archive = a;
    if (pkgar_archive_check_data(a, err) != 0)
        return -1;
    if (pkgar_dirwalk_open(&t->walk, dir, err) != 0)
        return -1;
    t->staged = mh_xcalloc(a->count ? a->count : 1, sizeof *t->staged);
    for (uint32_t i = 0; i < a->count; i++) {
        const pkgar_entry *e = &a->entries[i];
        char *shown = mh_path_join(dir, e->path);
        const char *leaf;
        int dir_fd = pkgar_dirwalk_parent(&t->walk, e->path, 1, &leaf, err);
        struct stat st;
        char *name = NULL;
        if (dir_fd >= 0 && fstatat(dir_fd, leaf, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
            S_ISDIR(st.st_mode))
            mh_error_set(err, shown, 0, 0, "is a directory on disk; cannot replace it with a %s",
                         (e->mode & PKGAR_MODE_KIND) == PKGAR_MODE_SYMLINK ? "symlink" : "file");
        else if (dir_fd >= 0)
            name = stage_entry(a, i, dir_fd, leaf, shown, err);
        free(shown);
        if (!name) {
            discard_staged(t, t->count);
            pkgar_dirwalk_rollback(&t->walk);
            transaction_free(t);
            return -1;
        }
        t->staged[t->count].index = i;
        t->staged[t->count].temp_name = name;
        t->count++;
    }
    return 0;
}

/* Renames every staged entry into place, last first. */
static int commit_all(transaction *t, const char *dir, mh_error *err) {
    for (size_t i = t->count; i-- > 0;) {
        const pkgar_entry *e = &t->archive->entries[t->staged[i].index];
        const char *leaf;
        int dir_fd = pkgar_dirwalk_parent(&t->walk, e->path, 0, &leaf, err);
        if (dir_fd < 0 || renameat(dir_fd, t->staged[i].temp_name, dir_fd, leaf) != 0) {
            int saved = errno;
            if (dir_fd >= 0) {
                char *shown = mh_path_join(dir, e->path);
                mh_error_errno(err, shown, saved, "cannot move %s into place",
                               t->staged[i].temp_name);
                free(shown);
            } else if (dir_fd == PKGAR_DIRWALK_MISSING) {
                mh_error_set(err, dir, 0, 0, "a directory vanished while installing");
            }
            discard_staged(t, i + 1); /* entries after i are already in place */
            return -1;
        }
    }
    return 0;
}

int pkgar_install(pkgar_archive *archive, const char *dir, mh_error *err) {
    transaction t;
    if (stage_all(&t, archive, dir, err) != 0)
        return -1;
    int rc = commit_all(&t, dir, err);
    transaction_free(&t);
    return rc;
}

/* The first ancestor of path (or path itself) that does not exist, or NULL. */
static char *first_missing_ancestor(const char *path) {
    char *missing = NULL;
    char *p = mh_xstrdup(path);
    for (;;) {
        if (mh_path_exists(p))
            break;
        free(missing);
        missing = mh_xstrdup(p);
        char *slash = strrchr(p, '/');
        while (slash && slash > p && slash[1] == '\0') { /* trailing slashes */
            *slash = '\0';
            slash = strrchr(p, '/');
        }
        if (!slash || slash == p)
            break;
        *slash = '\0';
    }
    free(p);
    return missing;
}

/* Extracts into a temporary directory beside dir, then renames it to dir. */
static int extract_fresh(pkgar_archive *archive, const char *dir, mh_error *err) {
    char *trimmed = mh_xstrdup(dir);
    for (size_t n = strlen(trimmed); n > 1 && trimmed[n - 1] == '/'; n--)
        trimmed[n - 1] = '\0';
    const char *slash = strrchr(trimmed, '/');
    char *parent = slash ? mh_xstrndup(trimmed, slash == trimmed ? 1 : (size_t)(slash - trimmed))
                         : mh_xstrdup(".");
    char *created_parent = first_missing_ancestor(parent);
    int rc = created_parent ? mh_mkdir_p(parent, err) : 0;
    char *tmp = mh_xasprintf("%s.pkgar-tmp.XXXXXX", trimmed);
    if (rc == 0 && !mkdtemp(tmp))
        rc = mh_error_errno(err, tmp, errno, "cannot create a temporary directory");
    else if (rc == 0) {
        rc = pkgar_install(archive, tmp, err);
        if (rc == 0 && chmod(tmp, 0755) != 0)
            rc = mh_error_errno(err, tmp, errno, "cannot chmod");
        if (rc == 0 && rename(tmp, trimmed) != 0)
            rc = mh_error_errno(err, trimmed, errno, "cannot rename %s to", tmp);
        if (rc != 0) {
            mh_error ignored;
            mh_remove_tree(tmp, &ignored);
        }
    }
    if (rc != 0 && created_parent) {
        mh_error ignored;
        mh_remove_tree(created_parent, &ignored);
    }
    free(tmp);
    free(created_parent);
    free(parent);
    free(trimmed);
    return rc;
}

int pkgar_extract(pkgar_archive *archive, const char *dir, mh_error *err) {
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (!S_ISDIR(st.st_mode))
            return mh_error_set(err, dir, 0, 0, "exists and is not a directory");
        return pkgar_install(archive, dir, err);
    }
    if (errno != ENOENT)
        return mh_error_errno(err, dir, errno, "cannot stat");
    return extract_fresh(archive, dir, err);
}

int pkgar_replace(pkgar_archive *old_archive, pkgar_archive *new_archive, const char *dir,
                  pkgar_report *report, mh_error *err) {
    transaction t;
    if (stage_all(&t, new_archive, dir, err) != 0)
        return -1;
    /* Files only the old package has are deleted if unmodified; decide before anything moves. */
    uint32_t *doomed = mh_xmalloc((old_archive->count ? old_archive->count : 1) * sizeof *doomed);
    uint32_t doomed_count = 0;
    uint8_t *buffer = mh_xmalloc(HASH_BUFFER_SIZE);
    int rc = 0;
    for (uint32_t i = 0; rc == 0 && i < old_archive->count; i++) {
        const pkgar_entry *e = &old_archive->entries[i];
        if (pkgar_archive_find(new_archive, e->path, e->path_len) >= 0)
            continue;
        pkgar_file_state state;
        rc = pkgar_inspect_entry(&t.walk, e, buffer, HASH_BUFFER_SIZE, &state, err);
        if (rc == 0 && state == PKGAR_FILE_OK)
            doomed[doomed_count++] = i;
        else if (rc == 0 && state != PKGAR_FILE_MISSING)
            pkgar_report_add(report, e->path, state);
    }
    free(buffer);
    if (rc != 0) {
        discard_staged(&t, t.count);
        pkgar_dirwalk_rollback(&t.walk);
    } else {
        rc = commit_all(&t, dir, err);
    }
    if (rc == 0)
        rc = pkgar_unlink_entries(&t.walk, old_archive, doomed, doomed_count, report, err);
    free(doomed);
    transaction_free(&t);
    return rc;
}
