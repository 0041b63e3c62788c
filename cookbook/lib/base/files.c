#include "base/files.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/strbuf.h"

int mh_read_file(const char *path, char **out, size_t *len, mh_error *err) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return mh_error_errno(err, path, errno, "cannot open");
    mh_strbuf sb = MH_STRBUF_INIT;
    mh_strbuf_reserve(&sb, 4096);
    for (;;) {
        mh_strbuf_reserve(&sb, 65536);
        ssize_t n = read(fd, sb.data + sb.len, sb.cap - sb.len - 1);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int saved = errno;
            close(fd);
            mh_strbuf_free(&sb);
            return mh_error_errno(err, path, saved, "cannot read");
        }
        if (n == 0)
            break;
        sb.len += (size_t)n;
    }
    sb.data[sb.len] = '\0';
    close(fd);
    *len = sb.len;
    *out = mh_strbuf_detach(&sb);
    return 0;
}

int mh_write_file_atomic(const char *path, const void *data, size_t len, unsigned mode,
                         mh_error *err) {
    char *tmp = mh_xasprintf("%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        mh_error_errno(err, tmp, errno, "cannot create");
        free(tmp);
        return -1;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            mh_error_errno(err, tmp, errno, "cannot write");
            goto fail;
        }
        p += n;
        left -= (size_t)n;
    }
    if (fchmod(fd, mode) != 0) {
        mh_error_errno(err, tmp, errno, "cannot chmod");
        goto fail;
    }
    if (fsync(fd) != 0) {
        mh_error_errno(err, tmp, errno, "cannot sync");
        goto fail;
    }
    if (close(fd) != 0) {
        fd = -1;
        mh_error_errno(err, tmp, errno, "cannot close");
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        mh_error_errno(err, path, errno, "cannot rename %s to", tmp);
        goto fail;
    }
    free(tmp);
    return 0;
fail:
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return -1;
}

int mh_mkdir_p(const char *path, mh_error *err) {
    char *copy = mh_xstrdup(path);
    for (char *p = copy + 1; ; p++) {
        if (*p == '/' || *p == '\0') {
            char saved = *p;
            *p = '\0';
            if (mkdir(copy, 0755) != 0 && errno != EEXIST) {
                mh_error_errno(err, copy, errno, "cannot create directory");
                free(copy);
                return -1;
            }
            *p = saved;
            if (saved == '\0')
                break;
        }
    }
    free(copy);
    if (!mh_is_directory(path))
        return mh_error_set(err, path, 0, 0, "exists but is not a directory");
    return 0;
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st;
    (void)ftw;
    if (type == FTW_DP)
        return rmdir(path) == 0 ? 0 : errno;
    return unlink(path) == 0 ? 0 : errno;
}

int mh_remove_tree(const char *path, mh_error *err) {
    if (!mh_path_exists(path))
        return 0;
    int rc = nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS);
    if (rc != 0)
        return mh_error_errno(err, path, rc > 0 ? rc : errno, "cannot remove");
    return 0;
}

char *mh_path_join(const char *a, const char *b) {
    size_t la = strlen(a);
    if (la && a[la - 1] == '/')
        return mh_xasprintf("%s%s", a, b);
    return mh_xasprintf("%s/%s", a, b);
}

int mh_path_exists(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0;
}

int mh_is_directory(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int mh_compare_strings(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int mh_read_dir_names(DIR *dir, char ***names, size_t *count) {
    char **v = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        errno = 0;
        struct dirent *e = readdir(dir);
        if (!e)
            break;
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n == cap) {
            cap = cap ? 2 * cap : 16;
            v = mh_xrealloc(v, cap * sizeof *v);
        }
        v[n++] = mh_xstrdup(e->d_name);
    }
    *names = NULL;
    *count = 0;
    if (errno) {
        int saved = errno;
        mh_free_names(v, n);
        errno = saved;
        return -1;
    }
    if (n)
        qsort(v, n, sizeof *v, mh_compare_strings);
    *names = v;
    *count = n;
    return 0;
}

int mh_list_dir(const char *path, char ***names, size_t *count) {
    *names = NULL;
    *count = 0;
    DIR *dir = opendir(path);
    if (!dir)
        return -1;
    int rc = mh_read_dir_names(dir, names, count);
    int saved = errno;
    closedir(dir);
    errno = saved;
    return rc;
}

void mh_free_names(char **names, size_t count) {
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
}
