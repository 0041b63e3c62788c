#include "cook/unpack.h"

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/files.h"
#include "base/strbuf.h"

/* Depth of path's directory after walking target's components; -1 when it climbs above 0. */
bool cook_link_stays_inside(const char *path, const char *target) {
    if (target[0] == '/' || target[0] == '\0')
        return false;
    int depth = 0;
    for (const char *p = path; *p;) { /* the link's own directory depth */
        const char *slash = strchr(p, '/');
        if (!slash)
            break;
        if (slash != p && !(slash - p == 1 && p[0] == '.'))
            depth++;
        p = slash + 1;
    }
    for (const char *p = target; *p;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            if (--depth < 0)
                return false;
        } else if (len && !(len == 1 && p[0] == '.')) {
            depth++;
        }
        p += len + (slash != NULL);
    }
    return true;
}

/* The entry path without its first component and without "./" prefixes; NULL when nothing
 * remains (the top directory itself). Sets *bad when the path is absolute or has "..". */
static const char *strip_top(const char *path, bool *bad) {
    *bad = false;
    if (path[0] == '/') {
        *bad = true;
        return NULL;
    }
    while (path[0] == '.' && path[1] == '/')
        path += 2;
    const char *slash = strchr(path, '/');
    if (!slash)
        return NULL;
    const char *rest = slash + 1;
    while (*rest == '/')
        rest++;
    if (!*rest)
        return NULL;
    for (const char *p = rest; *p;) {
        const char *s = strchr(p, '/');
        size_t len = s ? (size_t)(s - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.') {
            *bad = true;
            return NULL;
        }
        p += len + (s != NULL);
    }
    return rest;
}

static int archive_fail(struct archive *a, const char *path, const char *what, mh_error *err) {
    const char *msg = archive_error_string(a);
    return mh_error_set(err, path, 0, 0, "%s: %s", what, msg ? msg : "unknown libarchive error");
}

static int unpack_here(const char *archive_abs, const char *archive_path, int64_t *newest_mtime,
                       mh_error *err);

/* Entries are written relative to dest, with the working directory moved there for the
 * duration: libarchive's own checks (no "..", no absolute path, never through a symlink) then
 * apply to the archive's paths only, whatever the directories above dest are. */
int cook_unpack(const char *archive_path, const char *dest, int64_t *newest_mtime,
                mh_error *err) {
    *newest_mtime = 0;
    if (mh_mkdir_p(dest, err) != 0)
        return -1;
    char *archive_abs = realpath(archive_path, NULL);
    if (!archive_abs)
        return mh_error_errno(err, archive_path, errno, "cannot open archive");
    int saved_cwd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (saved_cwd < 0 || chdir(dest) != 0) {
        int e = errno;
        if (saved_cwd >= 0)
            close(saved_cwd);
        free(archive_abs);
        return mh_error_errno(err, dest, e, "cannot enter");
    }
    int rc = unpack_here(archive_abs, archive_path, newest_mtime, err);
    if (fchdir(saved_cwd) != 0 && rc == 0)
        rc = mh_error_errno(err, ".", errno, "cannot return to the working directory");
    close(saved_cwd);
    free(archive_abs);
    return rc;
}

static int unpack_here(const char *archive_abs, const char *archive_path, int64_t *newest_mtime,
                       mh_error *err) {
    struct archive *in = archive_read_new();
    archive_read_support_filter_all(in);
    archive_read_support_format_tar(in);
    archive_read_support_format_gnutar(in);
    archive_read_support_format_zip(in);
    archive_read_support_format_cpio(in);
    struct archive *out = archive_write_disk_new();
    archive_write_disk_set_options(out, ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_PERM |
                                            ARCHIVE_EXTRACT_SECURE_NODOTDOT |
                                            ARCHIVE_EXTRACT_SECURE_SYMLINKS |
                                            ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS);
    int rc = 0;
    if (archive_read_open_filename(in, archive_abs, 1 << 16) != ARCHIVE_OK) {
        rc = archive_fail(in, archive_path, "cannot open archive", err);
        goto done;
    }
    struct archive_entry *entry;
    size_t entries = 0;
    for (;;) {
        int r = archive_read_next_header(in, &entry);
        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN) {
            rc = archive_fail(in, archive_path, "cannot read archive", err);
            break;
        }
        entries++;
        const char *name = archive_entry_pathname(entry);
        bool bad;
        const char *rel = strip_top(name ? name : "", &bad);
        if (bad) {
            rc = mh_error_set(err, archive_path, 0, 0,
                              "refusing entry \"%s\": absolute paths and \"..\" would write "
                              "outside the source directory", name);
            break;
        }
        if (!rel)
            continue;
        const char *symlink = archive_entry_symlink(entry);
        if (symlink && !cook_link_stays_inside(rel, symlink)) {
            rc = mh_error_set(err, archive_path, 0, 0,
                              "refusing symbolic link \"%s\" -> \"%s\": it points outside the "
                              "source directory", name, symlink);
            break;
        }
        const char *hardlink = archive_entry_hardlink(entry);
        char *hard_full = NULL;
        if (hardlink) {
            const char *hard_rel = strip_top(hardlink, &bad);
            if (bad || !hard_rel) {
                rc = mh_error_set(err, archive_path, 0, 0,
                                  "refusing hard link \"%s\" -> \"%s\": it points outside the "
                                  "source directory", name, hardlink);
                break;
            }
            hard_full = mh_xstrdup(hard_rel);
            archive_entry_set_hardlink(entry, hard_full);
        }
        char *full = mh_xstrdup(rel);
        archive_entry_set_pathname(entry, full);
        mode_t mode = archive_entry_perm(entry);
        archive_entry_set_perm(entry, (mode | S_IWUSR | (archive_entry_filetype(entry) == AE_IFDIR
                                                              ? S_IXUSR | S_IRUSR : S_IRUSR)) &
                                          07777 & ~(mode_t)(S_ISUID | S_ISGID));
        if (archive_entry_mtime_is_set(entry) && archive_entry_mtime(entry) > *newest_mtime)
            *newest_mtime = archive_entry_mtime(entry);
        r = archive_write_header(out, entry);
        if (r < ARCHIVE_WARN) {
            rc = archive_fail(out, full, "cannot unpack", err);
        } else if (archive_entry_size(entry) > 0 && !hardlink) {
            const void *buf;
            size_t size;
            la_int64_t offset;
            while ((r = archive_read_data_block(in, &buf, &size, &offset)) == ARCHIVE_OK) {
                if (archive_write_data_block(out, buf, size, offset) < ARCHIVE_WARN) {
                    rc = archive_fail(out, full, "cannot write", err);
                    break;
                }
            }
            if (rc == 0 && r != ARCHIVE_EOF)
                rc = archive_fail(in, archive_path, "cannot read archive data", err);
        }
        if (rc == 0 && archive_write_finish_entry(out) < ARCHIVE_WARN)
            rc = archive_fail(out, full, "cannot finish", err);
        free(full);
        free(hard_full);
        if (rc != 0)
            break;
    }
    if (rc == 0 && entries == 0)
        rc = mh_error_set(err, archive_path, 0, 0, "the archive is empty or not an archive");
done:
    archive_read_free(in);
    if (archive_write_close(out) != ARCHIVE_OK && rc == 0)
        rc = archive_fail(out, archive_path, "cannot finish unpacking", err);
    archive_write_free(out);
    return rc;
}
