#include "cook/tree_sync.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"

static int copy_file(const char *from, const char *to, const struct stat *st, mh_error *err) {
    char *tmp = mh_xasprintf("%s.sync-tmp", to);
    int in = open(from, O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        free(tmp);
        return mh_error_errno(err, from, errno, "cannot open");
    }
    int out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int rc = 0;
    if (out < 0) {
        rc = mh_error_errno(err, tmp, errno, "cannot create");
    } else {
        char buf[65536];
        for (;;) {
            ssize_t n = read(in, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
            if (n < 0) {
                rc = mh_error_errno(err, from, errno, "cannot read");
                break;
            }
            if (n == 0)
                break;
            if (write(out, buf, (size_t)n) != n) {
                rc = mh_error_errno(err, tmp, errno, "cannot write");
                break;
            }
        }
        struct timespec times[2] = {st->st_atim, st->st_mtim};
        if (rc == 0 && (fchmod(out, st->st_mode & 07777) != 0 || futimens(out, times) != 0))
            rc = mh_error_errno(err, tmp, errno, "cannot set mode and time");
        close(out);
        if (rc == 0 && rename(tmp, to) != 0)
            rc = mh_error_errno(err, to, errno, "cannot rename %s to", tmp);
        if (rc != 0)
            unlink(tmp);
    }
    close(in);
    free(tmp);
    return rc;
}

static int sync_entry(const char *from, const char *to, int64_t *newest, mh_error *err);

static int sync_dir(const char *from, const char *to, int64_t *newest, mh_error *err) {
    struct stat st;
    if (lstat(to, &st) == 0 && !S_ISDIR(st.st_mode)) {
        if (unlink(to) != 0)
            return mh_error_errno(err, to, errno, "cannot remove");
    }
    if (mkdir(to, 0755) != 0 && errno != EEXIST)
        return mh_error_errno(err, to, errno, "cannot create directory");
    size_t nfrom, nto;
    char **names_from, **names_to;
    /* An unreadable side counts as empty. */
    mh_list_dir(from, &names_from, &nfrom);
    mh_list_dir(to, &names_to, &nto);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < nfrom; i++) {
        char *a = mh_path_join(from, names_from[i]), *b = mh_path_join(to, names_from[i]);
        rc = sync_entry(a, b, newest, err);
        free(a);
        free(b);
    }
    for (size_t i = 0; rc == 0 && i < nto; i++) {
        if (nfrom &&
            bsearch(&names_to[i], names_from, nfrom, sizeof *names_from, mh_compare_strings))
            continue;
        char *b = mh_path_join(to, names_to[i]);
        rc = mh_remove_tree(b, err);
        free(b);
    }
    mh_free_names(names_from, nfrom);
    mh_free_names(names_to, nto);
    return rc;
}

static int sync_entry(const char *from, const char *to, int64_t *newest, mh_error *err) {
    struct stat st, dst;
    if (lstat(from, &st) != 0)
        return mh_error_errno(err, from, errno, "cannot stat");
    if (st.st_mtim.tv_sec > *newest)
        *newest = st.st_mtim.tv_sec;
    bool have = lstat(to, &dst) == 0;
    if (S_ISDIR(st.st_mode))
        return sync_dir(from, to, newest, err);
    if (have && S_ISDIR(dst.st_mode) && mh_remove_tree(to, err) != 0)
        return -1;
    if (S_ISLNK(st.st_mode)) {
        char target[4096], current[4096];
        ssize_t n = readlink(from, target, sizeof target - 1);
        if (n < 0)
            return mh_error_errno(err, from, errno, "cannot read link");
        target[n] = '\0';
        ssize_t m = have && S_ISLNK(dst.st_mode) ? readlink(to, current, sizeof current - 1) : -1;
        if (m == n && memcmp(current, target, (size_t)n) == 0)
            return 0;
        unlink(to);
        if (symlink(target, to) != 0)
            return mh_error_errno(err, to, errno, "cannot create link");
        return 0;
    }
    if (!S_ISREG(st.st_mode))
        return 0; /* sockets, fifos and devices are not sources */
    if (have && S_ISREG(dst.st_mode) && dst.st_size == st.st_size &&
        dst.st_mtim.tv_sec == st.st_mtim.tv_sec && dst.st_mtim.tv_nsec == st.st_mtim.tv_nsec &&
        (dst.st_mode & 07777) == (st.st_mode & 07777))
        return 0;
    return copy_file(from, to, &st, err);
}

int cook_sync_tree(const char *from, const char *to, int64_t *newest_mtime, mh_error *err) {
    *newest_mtime = 0;
    if (!mh_is_directory(from))
        return mh_error_set(err, from, 0, 0, "not a directory");
    return sync_dir(from, to, newest_mtime, err);
}
