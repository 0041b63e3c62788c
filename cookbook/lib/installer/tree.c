#include "installer/tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"

void mh_install_tree_init(mh_install_tree *tree, mh_install_target *target) {
    memset(tree, 0, sizeof *tree);
    tree->target = target;
}

void mh_install_tree_free(mh_install_tree *tree) {
    for (size_t i = 0; i < tree->rule_count; i++)
        free(tree->rules[i].path);
    free(tree->rules);
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
static int make_parents(mh_install_target *t, const char *rel, const mh_config_origin *o, mh_error *err) {
    char *copy = mh_xstrdup(rel);
    int rc = 0;
    for (char *slash = strchr(copy, '/'); slash && rc == 0; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mh_node_kind kind;
        rc = t->ops->kind(t, copy, &kind, err);
        if (rc == 0 && kind == MH_NODE_SYMLINK)
            rc = mh_error_set(err, o->file, o->line, o->column,
                              "[[files]] path \"/%s\" goes through the symlink /%s; name the "
                              "real directory instead",
                              rel, copy);
        else if (rc == 0 && kind != MH_NODE_DIR && kind != MH_NODE_MISSING)
            rc = mh_error_set(err, o->file, o->line, o->column,
                              "[[files]] path \"/%s\": /%s is a file, not a directory", rel, copy);
        else if (rc == 0 && kind == MH_NODE_MISSING)
            rc = t->ops->make_dir(t, copy, 0755, err);
        *slash = '/';
    }
    free(copy);
    return rc;
}

static int write_entry(mh_install_tree *tree, const mh_config_file *f, const char *rel, mh_error *err) {
    const mh_config_origin *o = &f->origin;
    mh_install_target *t = tree->target;
    mh_node_kind kind;
    if (make_parents(t, rel, o, err) != 0 || t->ops->kind(t, rel, &kind, err) != 0)
        return -1;
    int rc = 0;
    if (f->directory) {
        if (kind != MH_NODE_MISSING && kind != MH_NODE_DIR)
            rc = mh_error_set(err, o->file, o->line, o->column,
                              "[[files]] directory \"%s\" already exists as a file", f->path);
        else if (kind == MH_NODE_MISSING)
            rc = t->ops->make_dir(t, rel, 0755, err);
        if (rc == 0)
            rc = t->ops->set_mode(t, rel, (unsigned)(f->mode >= 0 ? f->mode : 0755), err);
    } else if (f->symlink) {
        if (kind == MH_NODE_DIR)
            rc = mh_error_set(err, o->file, o->line, o->column,
                              "[[files]] symlink \"%s\" already exists as a directory", f->path);
        else
            rc = t->ops->make_symlink(t, rel, f->data, err);
    } else if (kind != MH_NODE_MISSING && kind != MH_NODE_FILE) {
        rc = mh_error_set(err, o->file, o->line, o->column,
                          "[[files]] file \"%s\" already exists as a directory or symlink", f->path);
    } else if (f->append) {
        rc = t->ops->write_file(t, rel, f->data, f->data_len, 0644, true, err);
        if (rc == 0 && f->mode >= 0)
            rc = t->ops->set_mode(t, rel, (unsigned)f->mode, err);
    } else {
        rc = t->ops->write_file(t, rel, f->data, f->data_len,
                                (unsigned)(f->mode >= 0 ? f->mode : 0644), false, err);
    }
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

/* Creates directory rel unless it is one already. */
static int ensure_dir(mh_install_target *t, const char *rel, mh_error *err) {
    mh_node_kind kind;
    if (t->ops->kind(t, rel, &kind, err) != 0)
        return -1;
    if (kind == MH_NODE_MISSING)
        return t->ops->make_dir(t, rel, 0755, err);
    if (kind != MH_NODE_DIR)
        return mh_error_set(err, t->shown, 0, 0, "/%s exists and is not a directory", rel);
    return 0;
}

static int make_home(mh_install_tree *tree, const mh_account *a, mh_error *err) {
    const char *why;
    char *rel = relative_path(a->home, &why);
    if (!rel)
        return mh_error_set(err, NULL, 0, 0, "home \"%s\" of user '%s' %s", a->home, a->user, why);
    mh_install_target *t = tree->target;
    mh_config_origin origin = {NULL, 0, 0};
    int rc = make_parents(t, rel, &origin, err);
    if (rc == 0)
        rc = ensure_dir(t, rel, err);
    if (rc == 0 && a->uid >= 1000) {
        /* A new user's home starts as /etc/skel, plus the XDG user directories. */
        mh_node_kind skel;
        rc = t->ops->kind(t, "etc/skel", &skel, err);
        if (rc == 0 && skel == MH_NODE_DIR)
            rc = t->ops->copy_tree(t, "etc/skel", rel, err);
        mh_strbuf dirs = MH_STRBUF_INIT;
        for (size_t i = 0; rc == 0 && i < sizeof XDG_DIRS / sizeof XDG_DIRS[0]; i++) {
            char *dir = mh_target_path(rel, XDG_DIRS[i][1]);
            rc = ensure_dir(t, dir, err);
            free(dir);
            mh_strbuf_printf(&dirs, "XDG_%s_DIR=\"$HOME/%s\"\n", XDG_DIRS[i][0], XDG_DIRS[i][1]);
        }
        char *config_dir = mh_target_path(rel, ".config");
        char *user_dirs = mh_target_path(config_dir, "user-dirs.dirs");
        if (rc == 0)
            rc = ensure_dir(t, config_dir, err);
        if (rc == 0)
            rc = t->ops->write_file(t, user_dirs, mh_strbuf_str(&dirs), dirs.len, 0644, false, err);
        free(config_dir);
        free(user_dirs);
        mh_strbuf_free(&dirs);
    }
    if (rc == 0)
        rc = t->ops->set_mode(t, rel, 0700, err);
    if (rc == 0)
        add_rule(tree, rel, a->uid, a->gid, true);
    free(rel);
    return rc;
}

int mh_accounts_apply(mh_install_tree *tree, const mh_accounts *accounts, mh_error *err) {
    for (size_t i = 0; i < accounts->user_count; i++)
        if (make_home(tree, &accounts->users[i], err) != 0)
            return -1;
    mh_install_target *t = tree->target;
    if (mh_target_make_dirs(t, "etc", err) != 0 ||
        t->ops->write_file(t, "etc/passwd", mh_strbuf_str(&accounts->passwd), accounts->passwd.len, 0644, false, err) != 0 ||
        t->ops->write_file(t, "etc/shadow", mh_strbuf_str(&accounts->shadow), accounts->shadow.len, 0600, false, err) != 0 ||
        t->ops->write_file(t, "etc/group", mh_strbuf_str(&accounts->group), accounts->group.len, 0600, false, err) != 0)
        return -1;
    return 0;
}
