#include "pkgar/inspect.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "blake3/blake3.h"

#define HASH_BUFFER_SIZE (1024u * 1024u)
#define LINK_TARGET_MAX 4096u

void pkgar_report_add(pkgar_report *report, const char *path, pkgar_file_state state) {
    if (report->count == report->cap) {
        report->cap = report->cap ? 2 * report->cap : 16;
        report->items = mh_xrealloc(report->items, report->cap * sizeof *report->items);
    }
    report->items[report->count].path = mh_xstrdup(path);
    report->items[report->count].state = state;
    report->count++;
}

void pkgar_report_free(pkgar_report *report) {
    for (size_t i = 0; i < report->count; i++)
        free(report->items[i].path);
    free(report->items);
    memset(report, 0, sizeof *report);
}

const char *pkgar_file_state_name(pkgar_file_state state) {
    switch (state) {
    case PKGAR_FILE_OK:
        return "ok";
    case PKGAR_FILE_MISSING:
        return "missing";
    case PKGAR_FILE_MODIFIED:
        return "modified";
    case PKGAR_FILE_WRONG_KIND:
        return "not a file of the archive's kind";
    case PKGAR_FILE_UNREACHABLE:
        return "unreachable (a directory on its path is a symlink or not a directory)";
    }
    return "unknown";
}

static int hash_file(int dir_fd, const char *leaf, const char *shown, uint8_t *buffer,
                     size_t buffer_size, uint8_t hash[PKGAR_HASH_SIZE], mh_error *err) {
    int fd = openat(dir_fd, leaf, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return mh_error_errno(err, shown, errno, "cannot open");
    blake3_hasher hasher;
    blake3_hasher_init(&hasher);
    for (;;) {
        ssize_t n = read(fd, buffer, buffer_size);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            close(fd);
            return mh_error_errno(err, shown, saved, "cannot read");
        }
        if (n == 0)
            break;
        blake3_hasher_update(&hasher, buffer, (size_t)n);
    }
    close(fd);
    blake3_hasher_finalize(&hasher, hash, PKGAR_HASH_SIZE);
    return 0;
}

int pkgar_inspect_entry(pkgar_dirwalk *walk, const pkgar_entry *entry, uint8_t *buffer,
                        size_t buffer_size, pkgar_file_state *state, mh_error *err) {
    const char *leaf;
    mh_error walk_err;
    int dir_fd = pkgar_dirwalk_parent(walk, entry->path, 0, &leaf, &walk_err);
    if (dir_fd == PKGAR_DIRWALK_MISSING) {
        *state = PKGAR_FILE_MISSING;
        return 0;
    }
    if (dir_fd < 0) {
        *state = PKGAR_FILE_UNREACHABLE;
        return 0;
    }
    char *shown = mh_path_join(walk->base_path, entry->path);
    int want_symlink = (entry->mode & PKGAR_MODE_KIND) == PKGAR_MODE_SYMLINK;
    uint8_t hash[PKGAR_HASH_SIZE];
    struct stat st;
    int rc = 0;
    if (fstatat(dir_fd, leaf, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            *state = PKGAR_FILE_MISSING;
        else
            rc = mh_error_errno(err, shown, errno, "cannot stat");
        goto done;
    }
    if (want_symlink ? !S_ISLNK(st.st_mode) : !S_ISREG(st.st_mode)) {
        *state = PKGAR_FILE_WRONG_KIND;
        goto done;
    }
    if (want_symlink) {
        char *target = mh_xmalloc(LINK_TARGET_MAX);
        ssize_t n = readlinkat(dir_fd, leaf, target, LINK_TARGET_MAX);
        if (n < 0)
            rc = mh_error_errno(err, shown, errno, "cannot read symlink");
        else
            blake3_hash(target, (size_t)n, hash);
        free(target);
    } else {
        rc = hash_file(dir_fd, leaf, shown, buffer, buffer_size, hash, err);
    }
    if (rc == 0)
        *state =
            memcmp(hash, entry->hash, PKGAR_HASH_SIZE) == 0 ? PKGAR_FILE_OK : PKGAR_FILE_MODIFIED;
done:
    free(shown);
    return rc;
}

/* Looks at every entry, collecting the ones that are exactly as the archive says in ok (when not
 * NULL) and the others in report. */
static int inspect_all(pkgar_archive *archive, pkgar_dirwalk *walk, pkgar_report *report,
                       uint32_t *ok, uint32_t *ok_count, mh_error *err) {
    uint8_t *buffer = mh_xmalloc(HASH_BUFFER_SIZE);
    int rc = 0;
    *ok_count = 0;
    for (uint32_t i = 0; rc == 0 && i < archive->count; i++) {
        pkgar_file_state state = PKGAR_FILE_MISSING;
        rc = pkgar_inspect_entry(walk, &archive->entries[i], buffer, HASH_BUFFER_SIZE, &state, err);
        if (rc != 0)
            break;
        if (state != PKGAR_FILE_OK)
            pkgar_report_add(report, archive->entries[i].path, state);
        else if (ok)
            ok[(*ok_count)++] = i;
    }
    free(buffer);
    return rc;
}

int pkgar_unlink_entries(pkgar_dirwalk *walk, const pkgar_archive *archive, const uint32_t *indexes,
                         uint32_t count, pkgar_report *report, mh_error *err) {
    for (uint32_t i = 0; i < count; i++) {
        const pkgar_entry *e = &archive->entries[indexes[i]];
        const char *leaf;
        int dir_fd = pkgar_dirwalk_parent(walk, e->path, 0, &leaf, err);
        if (dir_fd == PKGAR_DIRWALK_MISSING)
            continue; /* gone since it was checked */
        if (dir_fd < 0)
            return -1;
        if (unlinkat(dir_fd, leaf, 0) != 0 && errno != ENOENT) {
            int saved = errno;
            char *shown = mh_path_join(walk->base_path, e->path);
            mh_error_errno(err, shown, saved, "cannot remove");
            free(shown);
            return -1;
        }
        report->removed++;
    }
    return 0;
}

int pkgar_verify_tree(pkgar_archive *archive, const char *dir, pkgar_report *report,
                      mh_error *err) {
    pkgar_dirwalk walk;
    if (pkgar_dirwalk_open(&walk, dir, err) != 0)
        return -1;
    uint32_t ok_count;
    int rc = inspect_all(archive, &walk, report, NULL, &ok_count, err);
    pkgar_dirwalk_close(&walk);
    return rc;
}

int pkgar_remove(pkgar_archive *archive, const char *dir, pkgar_report *report, mh_error *err) {
    pkgar_dirwalk walk;
    if (pkgar_dirwalk_open(&walk, dir, err) != 0)
        return -1;
    uint32_t *ok = mh_xmalloc((archive->count ? archive->count : 1) * sizeof *ok);
    uint32_t ok_count;
    int rc = inspect_all(archive, &walk, report, ok, &ok_count, err);
    if (rc == 0)
        rc = pkgar_unlink_entries(&walk, archive, ok, ok_count, report, err);
    free(ok);
    pkgar_dirwalk_close(&walk);
    return rc;
}
