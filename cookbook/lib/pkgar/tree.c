#include "pkgar/tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "pkgar/format.h"

#define LINK_TARGET_MAX 4096u

static const char *kind_name(mode_t mode) {
    if (S_ISFIFO(mode))
        return "a FIFO";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode))
        return "a character device";
    if (S_ISBLK(mode))
        return "a block device";
    return "an unknown kind of file";
}

static void add_file(pkgar_tree *tree, pkgar_tree_file file) {
    if (tree->count == tree->cap) {
        tree->cap = tree->cap ? 2 * tree->cap : 64;
        tree->files = mh_xrealloc(tree->files, tree->cap * sizeof *tree->files);
    }
    tree->files[tree->count++] = file;
}

/* Walks the directory open as fd (which this takes over), whose path relative to the root is
 * rel ("" for the root). */
static int scan_dir(int fd, const char *root, mh_strbuf *rel, pkgar_tree *tree, mh_error *err) {
    char *shown_dir = rel->len ? mh_path_join(root, rel->data) : mh_xstrdup(root);
    DIR *d = fdopendir(fd);
    if (!d) {
        mh_error_errno(err, shown_dir, errno, "cannot read directory");
        close(fd);
        free(shown_dir);
        return -1;
    }
    char **names;
    size_t count;
    int rc = mh_read_dir_names(d, &names, &count);
    if (rc != 0)
        mh_error_errno(err, shown_dir, errno, "cannot read directory");
    size_t base_len = rel->len;
    for (size_t i = 0; rc == 0 && i < count; i++) {
        mh_strbuf_truncate(rel, base_len);
        if (base_len)
            mh_strbuf_putc(rel, '/');
        mh_strbuf_puts(rel, names[i]);
        char *shown = mh_path_join(root, rel->data);
        struct stat st;
        if (fstatat(dirfd(d), names[i], &st, AT_SYMLINK_NOFOLLOW) != 0) {
            rc = mh_error_errno(err, shown, errno, "cannot stat");
        } else if (S_ISDIR(st.st_mode)) {
            int child = openat(dirfd(d), names[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (child < 0)
                rc = mh_error_errno(err, shown, errno, "cannot open directory");
            else
                rc = scan_dir(child, root, rel, tree, err);
        } else if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
            rc = mh_error_set(err, shown, 0, 0,
                              "cannot archive %s (pkgar holds only regular files and symlinks)",
                              kind_name(st.st_mode));
        } else if (rel->len > PKGAR_PATH_MAX) {
            rc = mh_error_set(err, shown, 0, 0,
                              "the path inside the archive is %zu bytes; pkgar allows at most %u",
                              rel->len, PKGAR_PATH_MAX);
        } else {
            pkgar_tree_file file = {.path = mh_xstrdup(rel->data),
                                    .mode = (uint32_t)(st.st_mode & PKGAR_MODE_PERM)};
            if (S_ISREG(st.st_mode)) {
                file.mode |= PKGAR_MODE_FILE;
                file.size = (uint64_t)st.st_size;
            } else {
                file.mode |= PKGAR_MODE_SYMLINK;
                char *target = mh_xmalloc(LINK_TARGET_MAX);
                ssize_t n = readlinkat(dirfd(d), names[i], target, LINK_TARGET_MAX);
                if (n < 0 || (size_t)n >= LINK_TARGET_MAX) {
                    rc = n < 0 ? mh_error_errno(err, shown, errno, "cannot read symlink")
                               : mh_error_set(err, shown, 0, 0, "symlink target is too long");
                    free(target);
                    free(file.path);
                } else {
                    target[n] = '\0';
                    file.link_target = target;
                    file.size = (uint64_t)n;
                }
            }
            if (rc == 0)
                add_file(tree, file);
        }
        free(shown);
    }
    mh_strbuf_truncate(rel, base_len);
    mh_free_names(names, count);
    closedir(d);
    free(shown_dir);
    return rc;
}

int pkgar_tree_scan(const char *dir, pkgar_tree *tree, mh_error *err) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return mh_error_errno(err, dir, errno, "cannot open directory");
    mh_strbuf rel = MH_STRBUF_INIT;
    mh_strbuf_reserve(&rel, 256);
    rel.data[0] = '\0';
    int rc = scan_dir(fd, dir, &rel, tree, err);
    mh_strbuf_free(&rel);
    if (rc != 0)
        pkgar_tree_free(tree);
    return rc;
}

void pkgar_tree_free(pkgar_tree *tree) {
    for (size_t i = 0; i < tree->count; i++) {
        free(tree->files[i].path);
        free(tree->files[i].link_target);
    }
    free(tree->files);
    memset(tree, 0, sizeof *tree);
}
