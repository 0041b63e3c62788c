#include "cook/publish.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/build.h"
#include "pkgar/package.h"

/* Whether two files have the same bytes (a missing one differs). */
static bool same_content(const char *a, const char *b) {
    char *x = NULL, *y = NULL;
    size_t lx, ly;
    mh_error err;
    bool same = mh_read_file(a, &x, &lx, &err) == 0 && mh_read_file(b, &y, &ly, &err) == 0 &&
                lx == ly && memcmp(x, y, lx) == 0;
    free(x);
    free(y);
    return same;
}

/* Puts a copy of from at to (a hard link when possible: the stage's files are only ever
 * replaced, never rewritten in place). */
static int copy_into_place(const char *from, const char *to, mh_error *err) {
    char *tmp = mh_xasprintf("%s.tmp.%ld", to, (long)getpid());
    unlink(tmp);
    int rc = 0;
    if (link(from, tmp) != 0) {
        char *data;
        size_t len;
        rc = mh_read_file(from, &data, &len, err);
        if (rc == 0) {
            rc = mh_write_file_atomic(tmp, data, len, 0644, err);
            free(data);
        }
    }
    if (rc == 0 && rename(tmp, to) != 0)
        rc = mh_error_errno(err, to, errno, "cannot rename %s to", tmp);
    if (rc != 0)
        unlink(tmp);
    free(tmp);
    return rc;
}

static int publish_package(const char *repo_dir, const char *target_dir, const char *name,
                           const char *sub, pkgar_repo *index, bool *changed, mh_error *err) {
    char *src_toml = cook_stage_path(target_dir, sub, ".toml");
    char *src_pkgar = cook_stage_path(target_dir, sub, ".pkgar");
    char *base = mh_path_join(repo_dir, name);
    char *dst_toml = mh_xasprintf("%s.toml", base);
    char *dst_pkgar = mh_xasprintf("%s.pkgar", base);
    pkgar_package package;
    int rc = pkgar_package_load(src_toml, &package, err);
    if (rc == 0 && !same_content(src_toml, dst_toml)) {
        *changed = true;
        if (mh_path_exists(src_pkgar))
            rc = copy_into_place(src_pkgar, dst_pkgar, err);
        else if (unlink(dst_pkgar) != 0 && errno != ENOENT)
            rc = mh_error_errno(err, dst_pkgar, errno, "cannot remove");
        if (rc == 0)
            rc = copy_into_place(src_toml, dst_toml, err);
    }
    if (rc == 0)
        rc = pkgar_repo_set_package(index, name,
                                    package.blake3[0] ? package.blake3 : package.version, err);
    if (rc == 0)
        pkgar_repo_remove_outdated(index, name);
    pkgar_package_free(&package);
    free(src_toml);
    free(src_pkgar);
    free(base);
    free(dst_toml);
    free(dst_pkgar);
    return rc;
}

int cook_publish_node(const char *repo_dir, const char *target_dir, const mh_recipe *r,
                      pkgar_repo *index, bool *changed, mh_error *err) {
    if (mh_mkdir_p(repo_dir, err) != 0)
        return -1;
    int rc = publish_package(repo_dir, target_dir, r->name, "", index, changed, err);
    bool meta = r->build.template == MH_TEMPLATE_NONE;
    for (size_t i = 0; rc == 0 && !meta && i < r->optional_count; i++) {
        char *name = mh_xasprintf("%s.%s", r->name, r->optional_packages[i].name);
        rc = publish_package(repo_dir, target_dir, name, r->optional_packages[i].name, index,
                             changed, err);
        free(name);
    }
    return rc;
}

int cook_publish_failure(const mh_recipe *r, const char *source_identifier, pkgar_repo *index,
                         mh_error *err) {
    return pkgar_repo_set_outdated(index, r->name, source_identifier, NULL, NULL, NULL, err);
}

int cook_publish_open(const char *repo_dir, pkgar_repo *index, mh_error *err) {
    char *path = mh_path_join(repo_dir, "repo.toml");
    int rc = pkgar_repo_load(path, 1, index, err);
    free(path);
    return rc;
}

int cook_publish_close(const char *repo_dir, pkgar_repo *index, mh_error *err) {
    char *path = mh_path_join(repo_dir, "repo.toml");
    mh_strbuf text = MH_STRBUF_INIT;
    pkgar_repo_format(index, &text);
    char *old = NULL;
    size_t old_len = 0;
    mh_error ignored;
    bool same = mh_read_file(path, &old, &old_len, &ignored) == 0 && old_len == text.len &&
                memcmp(old, mh_strbuf_str(&text), old_len) == 0;
    int rc = 0;
    if (!same && (rc = mh_mkdir_p(repo_dir, err)) == 0)
        rc = pkgar_repo_save(path, index, err);
    free(old);
    mh_strbuf_free(&text);
    free(path);
    return rc;
}
