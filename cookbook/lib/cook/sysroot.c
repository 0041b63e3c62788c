#include "cook/sysroot.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/process.h"
#include "pkgar/archive.h"
#include "pkgar/install.h"

static const char *const MERGED_DIRS[] = {"bin", "include", "lib", "share"};

/* The tag file name of a package ("host:gcc" → "host_gcc"). */
static char *tag_name(const char *name) {
    char *tag = mh_xstrdup(name);
    for (char *p = tag; *p; p++)
        if (*p == ':' || *p == '/')
            *p = '_';
    return tag;
}

static bool tags_match(const char *dir, const cook_sysroot_package *packages, size_t count) {
    char *tags = mh_path_join(dir, ".tags");
    DIR *d = opendir(tags);
    if (!d) {
        free(tags);
        return false;
    }
    size_t found = 0;
    bool ok = true;
    struct dirent *e;
    while (ok && (e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        found++;
        const cook_sysroot_package *wanted = NULL;
        for (size_t i = 0; i < count && !wanted; i++) {
            char *tag = tag_name(packages[i].name);
            if (strcmp(tag, e->d_name) == 0)
                wanted = &packages[i];
            free(tag);
        }
        char *path = mh_path_join(tags, e->d_name);
        char *text = NULL;
        size_t len;
        mh_error err;
        ok = wanted && mh_read_file(path, &text, &len, &err) == 0 &&
             strcmp(text, wanted->hash) == 0;
        free(text);
        free(path);
    }
    closedir(d);
    free(tags);
    /* A cleared sysroot keeps its tags but not its files. */
    char *usr = mh_path_join(dir, "usr");
    ok = ok && found == count && mh_is_directory(usr);
    free(usr);
    return ok;
}

/* Moves everything in from into to (merging directories both have), then removes from. */
static int merge_dir(const char *from, const char *to, mh_error *err) {
    DIR *d = opendir(from);
    if (!d)
        return mh_error_errno(err, from, errno, "cannot read directory");
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *a = mh_path_join(from, e->d_name), *b = mh_path_join(to, e->d_name);
        if (mh_is_directory(a) && mh_is_directory(b))
            rc = merge_dir(a, b, err);
        else if ((rc = mh_remove_tree(b, err)) == 0 && rename(a, b) != 0)
            rc = mh_error_errno(err, b, errno, "cannot move %s to", a);
        free(a);
        free(b);
    }
    closedir(d);
    if (rc == 0 && rmdir(from) != 0)
        rc = mh_error_errno(err, from, errno, "cannot remove");
    return rc;
}

/* Packages may install bin/ as well as usr/bin/: the top-level one is merged into usr/ and
 * replaced by a link, as upstream's sysroots have them. */
static int merge_into_usr(const char *root, const char *name, mh_error *err) {
    char *top = mh_path_join(root, name);
    char *usr_dir = mh_xasprintf("%s/usr/%s", root, name);
    int rc = 0;
    if (mh_is_directory(top))
        rc = merge_dir(top, usr_dir, err);
    if (rc == 0) {
        char *target = mh_xasprintf("usr/%s", name);
        if (symlink(target, top) != 0)
            rc = mh_error_errno(err, top, errno, "cannot create link to %s", target);
        free(target);
    }
    free(top);
    free(usr_dir);
    return rc;
}

static int install_one(const char *dir, const cook_sysroot_package *p, const pkgar_public_key *key,
                       int log_fd, mh_error *err) {
    char *tags = mh_path_join(dir, ".tags");
    char *tag = tag_name(p->name);
    char *tag_path = mh_path_join(tags, tag);
    int rc = 0;
    if (p->pkgar) {
        cook_log(log_fd, "installing %s into %s\n", p->name, dir);
        pkgar_archive archive;
        rc = pkgar_archive_open(&archive, p->pkgar, key, err);
        if (rc == 0) {
            rc = pkgar_install(&archive, dir, err);
            pkgar_archive_close(&archive);
        }
    }
    if (rc == 0)
        rc = mh_write_file_atomic(tag_path, p->hash, strlen(p->hash), 0644, err);
    free(tags);
    free(tag);
    free(tag_path);
    return rc;
}

int cook_sysroot_assemble(const char *dir, const cook_sysroot_package *packages, size_t count,
                          const pkgar_public_key *key, int log_fd, mh_error *err) {
    if (tags_match(dir, packages, count))
        return 0;
    char *tmp = mh_xasprintf("%s.tmp", dir);
    char *old = mh_xasprintf("%s.old", dir);
    char *tags = mh_path_join(tmp, ".tags");
    int rc = mh_remove_tree(tmp, err);
    if (rc == 0)
        rc = mh_mkdir_p(tags, err);
    for (size_t i = 0; rc == 0 && i < sizeof MERGED_DIRS / sizeof *MERGED_DIRS; i++) {
        char *usr = mh_xasprintf("%s/usr/%s", tmp, MERGED_DIRS[i]);
        rc = mh_mkdir_p(usr, err);
        free(usr);
    }
    for (size_t i = 0; rc == 0 && i < count; i++)
        rc = install_one(tmp, &packages[i], key, log_fd, err);
    for (size_t i = 0; rc == 0 && i < sizeof MERGED_DIRS / sizeof *MERGED_DIRS; i++)
        rc = merge_into_usr(tmp, MERGED_DIRS[i], err);
    if (rc == 0)
        rc = mh_remove_tree(old, err);
    if (rc == 0 && mh_path_exists(dir) && rename(dir, old) != 0)
        rc = mh_error_errno(err, dir, errno, "cannot rename to %s", old);
    if (rc == 0 && rename(tmp, dir) != 0)
        rc = mh_error_errno(err, tmp, errno, "cannot rename to %s", dir);
    if (rc == 0)
        rc = mh_remove_tree(old, err);
    free(tmp);
    free(old);
    free(tags);
    return rc;
}

int cook_sysroot_clear(const char *dir, mh_error *err) {
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int rc = 0;
    struct dirent *e;
    while (rc == 0 && (e = readdir(d))) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
            strcmp(e->d_name, ".tags") == 0)
            continue;
        char *path = mh_path_join(dir, e->d_name);
        rc = unlink(path) == 0 ? 0 : mh_remove_tree(path, err);
        free(path);
    }
    closedir(d);
    return rc;
}
