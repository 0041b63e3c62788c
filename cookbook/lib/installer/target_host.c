/* The install target of `redox_installer DIR`: plain files under a host directory. Packages
 * go through pkgar_install, which opens every path component without following symlinks and
 * puts each package in place only when all of its entries are written. */
#include "installer/target.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/process.h"
#include "base/strbuf.h"
#include "pkgar/install.h"

typedef struct host_target {
    mh_install_target base;
    char *root;
} host_target;

static char *full_path(mh_install_target *t, const char *rel) {
    return mh_path_join(((host_target *)t)->root, rel);
}

static int host_kind(mh_install_target *t, const char *rel, mh_node_kind *kind, mh_error *err) {
    char *full = full_path(t, rel);
    struct stat st;
    int rc = 0;
    if (lstat(full, &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            *kind = MH_NODE_MISSING;
        else
            rc = mh_error_errno(err, full, errno, "cannot stat");
    } else {
        *kind = S_ISDIR(st.st_mode)   ? MH_NODE_DIR
                : S_ISREG(st.st_mode) ? MH_NODE_FILE
                : S_ISLNK(st.st_mode) ? MH_NODE_SYMLINK
                                      : MH_NODE_OTHER;
    }
    free(full);
    return rc;
}

static int host_make_dir(mh_install_target *t, const char *rel, unsigned mode, mh_error *err) {
    char *full = full_path(t, rel);
    int rc = mkdir(full, (mode_t)mode) != 0 ? mh_error_errno(err, full, errno, "cannot create directory") : 0;
    free(full);
    return rc;
}

static int host_set_mode(mh_install_target *t, const char *rel, unsigned mode, mh_error *err) {
    char *full = full_path(t, rel);
    int rc = chmod(full, (mode_t)mode) != 0 ? mh_error_errno(err, full, errno, "cannot chmod") : 0;
    free(full);
    return rc;
}

static int host_write_file(mh_install_target *t, const char *rel, const void *data, size_t len,
                           unsigned mode, bool append, mh_error *err) {
    char *full = full_path(t, rel);
    int rc = 0;
    if (append) {
        int fd = open(full, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, (mode_t)mode);
        if (fd < 0 || write(fd, data, len) != (ssize_t)len)
            rc = mh_error_errno(err, full, errno, "cannot append to");
        if (fd >= 0)
            close(fd);
    } else {
        rc = mh_write_file_atomic(full, data, len, mode, err);
    }
    free(full);
    return rc;
}

static int host_make_symlink(mh_install_target *t, const char *rel, const char *to, mh_error *err) {
    char *full = full_path(t, rel);
    int rc = 0;
    if ((unlink(full) != 0 && errno != ENOENT) || symlink(to, full) != 0)
        rc = mh_error_errno(err, full, errno, "cannot create symlink");
    free(full);
    return rc;
}

static int host_read_file(mh_install_target *t, const char *rel, char **data, size_t *len,
                          mh_error *err) {
    char *full = full_path(t, rel);
    int rc = mh_read_file(full, data, len, err);
    free(full);
    return rc;
}

static int host_copy_tree(mh_install_target *t, const char *from, const char *to, mh_error *err) {
    char *source = full_path(t, from);
    char *contents = mh_xasprintf("%s/.", source);
    char *dest = full_path(t, to);
    char *cp[] = {"cp", "-a", contents, dest, NULL};
    int rc = mh_run(cp, NULL, err);
    free(dest);
    free(contents);
    free(source);
    return rc;
}

static int host_install_package(mh_install_target *t, pkgar_archive *archive, mh_error *err) {
    return pkgar_install(archive, ((host_target *)t)->root, err);
}

static void host_free(mh_install_target *t) {
    host_target *h = (host_target *)t;
    free(h->root);
    free(h);
}

static const mh_target_ops HOST_OPS = {
    host_kind,      host_make_dir,  host_set_mode,        host_write_file, host_make_symlink,
    host_read_file, host_copy_tree, host_install_package, host_free,
};

mh_install_target *mh_target_host_new(const char *root) {
    host_target *h = mh_xcalloc(1, sizeof *h);
    h->root = mh_xstrdup(root);
    h->base.ops = &HOST_OPS;
    h->base.shown = h->root;
    return &h->base;
}
