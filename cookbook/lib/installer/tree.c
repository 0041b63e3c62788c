#include "installer/tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/files.h"
#include "base/process.h"
#include "base/strbuf.h"

void mh_install_tree_init(mh_install_tree *tree, const char *root) {
    memset(tree, 0, sizeof *tree);
    tree->root = mh_xstrdup(root);
}

void mh_install_tree_free(mh_install_tree *tree) {
    for (size_t i = 0; i < tree->rule_count; i++)
        free(tree->rules[i].path);
    free(tree->rules);
    free(tree->root);
    memset(tree, 0, sizeof *tree);
}

static void add_rule(mh_install_tree *tree, const char *rel, uint32_t uid, uint32_t gid, bool recursive) {
    tree->rules = mh_xrealloc(tree->rules, (tree->rule_count + 1) * sizeof *tree->rules);
    tree->rules[tree->rule_count++] = (mh_owner_rule){mh_xstrdup(rel), uid, gid, recursive};
}

/* The image-relative form of a config path ("/etc/x" and "etc/x" both give "etc/x"), or NULL
 * with *why set when it is empty, the root itself, or has ".." or "." components. */
static char *relative_path(const char *path, const char **why) {
    while (*path == '/')
        path++;
    if (!*path) {
        *why = "is the image root itself";
        return NULL;
    }
    mh_strbuf sb = MH_STRBUF_INIT;
    const char *p = path;
    while (*p) {
        const char *end = strchr(p, '/');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if ((len == 2 && memcmp(p, "..", 2) == 0) || (len == 1 && p[0] == '.')) {
            mh_strbuf_free(&sb);
            *why = "has a \".\" or \"..\" component; paths must stay inside the image root";
            return NULL;
        }
        if (len) {
            if (sb.len)
                mh_strbuf_putc(&sb, '/');
            mh_strbuf_append(&sb, p, len);
        }
        p += len;
        while (*p == '/')
            p++;
    }
    return mh_strbuf_detach(&sb);
}

int mh_files_check(const mh_config *config, mh_error *err) {
    for (size_t i = 0; i < config->file_count; i++) {
        const mh_config_file *f = &config->files[i];
        const char *why;
        char *rel = relative_path(f->path, &why);
        if (!rel)
            return mh_error_set(err, f->origin.file, f->origin.line, f->origin.column,
                                "[[files]] path \"%s\" %s", f->path, why);
        free(rel);
    }
    return 0;
}

/* Creates the parent directories of rel (mode 0755), refusing to go through a symlink. */
static int make_parents(const char *root, const char *rel, const mh_config_origin *o, mh_error *err) {
    char *copy = mh_xstrdup(rel);
    int rc = 0;
    for (char *slash = strchr(copy, '/'); slash && rc == 0; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        char *full = mh_path_join(root, copy);
        struct stat st;
        if (lstat(full, &st) == 0) {
            if (S_ISLNK(st.st_mode))
                rc = mh_error_set(err, o->file, o->line, o->column,
                                  "[[files]] path \"/%s\" goes through the symlink /%s; name the "
                                  "real directory instead",
                                  rel, copy);
            else if (!S_ISDIR(st.st_mode))
                rc = mh_error_set(err, o->file, o->line, o->column,
                                  "[[files]] path \"/%s\": /%s is a file, not a directory", rel, copy);
        } else if (mkdir(full, 0755) != 0) {
            rc = mh_error_errno(err, full, errno, "cannot create directory");
        }
        free(full);
        *slash = '/';
    }
    free(copy);
    return rc;
}

static int write_entry(mh_install_tree *tree, const mh_config_file *f, const char *rel, mh_error *err) {
    const mh_config_origin *o = &f->origin;
    if (make_parents(tree->root, rel, o, err) != 0)
        return -1;
    char *full = mh_path_join(tree->root, rel);
    struct stat st;
    bool exists = lstat(full, &st) == 0;
    int rc = 0;
    if (f->directory) {
        if (exists && !S_ISDIR(st.st_mode))
            rc = mh_error_set(err, o->file, o->line, o->column,
                              "[[files]] directory \"%s\" already exists as a file", f->path);
        else if (!exists && mkdir(full, 0755) != 0)
            rc = mh_error_errno(err, full, errno, "cannot create directory");
        if (rc == 0 && chmod(full, (mode_t)(f->mode >= 0 ? f->mode : 0755)) != 0)
            rc = mh_error_errno(err, full, errno, "cannot chmod");
    } else if (f->symlink) {
        if (exists && S_ISDIR(st.st_mode))
            rc = mh_error_set(err, o->file, o->line, o->column,
                              "[[files]] symlink \"%s\" already exists as a directory", f->path);
        else if ((exists && unlink(full) != 0) || symlink(f->data, full) != 0)
            rc = mh_error_errno(err, full, errno, "cannot create symlink");
    } else if (exists && !S_ISREG(st.st_mode)) {
        rc = mh_error_set(err, o->file, o->line, o->column,
                          "[[files]] file \"%s\" already exists as a directory or symlink", f->path);
    } else if (f->append) {
        int fd = open(full, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (fd < 0 || write(fd, f->data, f->data_len) != (ssize_t)f->data_len)
            rc = mh_error_errno(err, full, errno, "cannot append to");
        if (fd >= 0)
            close(fd);
        if (rc == 0 && f->mode >= 0 && chmod(full, (mode_t)f->mode) != 0)
            rc = mh_error_errno(err, full, errno, "cannot chmod");
    } else {
        rc = mh_write_file_atomic(full, f->data, f->data_len, (unsigned)(f->mode >= 0 ? f->mode : 0644), err);
    }
    free(full);
    if (rc == 0 && (f->uid >= 0 || f->gid >= 0))
        add_rule(tree, rel, f->uid >= 0 ? (uint32_t)f->uid : 0, f->gid >= 0 ? (uint32_t)f->gid : 0,
                 f->recursive_chown);
    return rc;
}

int mh_files_apply(mh_install_tree *tree, const mh_config *config, bool postinstall, mh_error *err) {
    for (size_t i = 0; i < config->file_count; i++) {
        const mh_config_file *f = &config->files[i];
        if (f->postinstall != postinstall)
            continue;
        const char *why;
        char *rel = relative_path(f->path, &why);
        if (!rel)
            return mh_error_set(err, f->origin.file, f->origin.line, f->origin.column,
                                "[[files]] path \"%s\" %s", f->path, why);
        int rc = write_entry(tree, f, rel, err);
        free(rel);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static const char *const XDG_DIRS[][2] = {
    {"DESKTOP", "Desktop"}, {"DOCUMENTS", "Documents"}, {"DOWNLOAD", "Downloads"},
    {"MUSIC", "Music"},     {"PICTURES", "Pictures"},   {"PUBLICSHARE", "Public"},
    {"TEMPLATES", "Templates"}, {"VIDEOS", "Videos"},
};

static int make_home(mh_install_tree *tree, const mh_account *a, mh_error *err) {
    const char *why;
    char *rel = relative_path(a->home, &why);
    if (!rel)
        return mh_error_set(err, NULL, 0, 0, "home \"%s\" of user '%s' %s", a->home, a->user, why);
    char *full = mh_path_join(tree->root, rel);
    mh_config_origin origin = {NULL, 0, 0};
    int rc = make_parents(tree->root, rel, &origin, err);
    if (rc == 0)
        rc = mh_mkdir_p(full, err);
    if (rc == 0 && a->uid >= 1000) {
        /* A new user's home starts as /etc/skel, plus the XDG user directories. */
        char *skel = mh_path_join(tree->root, "etc/skel");
        if (mh_is_directory(skel)) {
            char *from = mh_xasprintf("%s/.", skel);
            char *cp[] = {"cp", "-a", from, full, NULL};
            rc = mh_run(cp, NULL, err);
            free(from);
        }
        free(skel);
        mh_strbuf dirs = MH_STRBUF_INIT;
        for (size_t i = 0; rc == 0 && i < sizeof XDG_DIRS / sizeof XDG_DIRS[0]; i++) {
            char *dir = mh_path_join(full, XDG_DIRS[i][1]);
            rc = mh_mkdir_p(dir, err);
            free(dir);
            mh_strbuf_printf(&dirs, "XDG_%s_DIR=\"$HOME/%s\"\n", XDG_DIRS[i][0], XDG_DIRS[i][1]);
        }
        char *config_dir = mh_path_join(full, ".config");
        char *user_dirs = mh_path_join(config_dir, "user-dirs.dirs");
        if (rc == 0)
            rc = mh_mkdir_p(config_dir, err);
        if (rc == 0)
            rc = mh_write_file_atomic(user_dirs, dirs.data, dirs.len, 0644, err);
        free(config_dir);
        free(user_dirs);
        mh_strbuf_free(&dirs);
    }
    if (rc == 0 && chmod(full, 0700) != 0)
        rc = mh_error_errno(err, full, errno, "cannot chmod");
    if (rc == 0)
        add_rule(tree, rel, a->uid, a->gid, true);
    free(full);
    free(rel);
    return rc;
}

int mh_accounts_apply(mh_install_tree *tree, const mh_accounts *accounts, mh_error *err) {
    for (size_t i = 0; i < accounts->user_count; i++)
        if (make_home(tree, &accounts->users[i], err) != 0)
            return -1;
    char *etc = mh_path_join(tree->root, "etc");
    char *passwd = mh_path_join(etc, "passwd");
    char *shadow = mh_path_join(etc, "shadow");
    char *group = mh_path_join(etc, "group");
    int rc = mh_mkdir_p(etc, err);
    if (rc == 0)
        rc = mh_write_file_atomic(passwd, mh_strbuf_str(&accounts->passwd), accounts->passwd.len, 0644, err);
    if (rc == 0)
        rc = mh_write_file_atomic(shadow, mh_strbuf_str(&accounts->shadow), accounts->shadow.len, 0600, err);
    if (rc == 0)
        rc = mh_write_file_atomic(group, mh_strbuf_str(&accounts->group), accounts->group.len, 0600, err);
    free(etc);
    free(passwd);
    free(shadow);
    free(group);
    return rc;
}
