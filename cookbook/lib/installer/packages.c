#include "installer/packages.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "base/hex.h"
#include "base/strbuf.h"
#include "pkgar/archive.h"
#include "toml/toml.h"

static mh_image_package *find(mh_package_set *set, const char *name) {
    for (size_t i = 0; i < set->count; i++)
        if (strcmp(set->items[i].meta.name, name) == 0)
            return &set->items[i];
    return NULL;
}

/* Depth-first: dependencies are added before the package itself. `chain` names who asked, for
 * the error message; `origin` is the config line at the root of the chain. */
static int add(mh_package_set *set, const char *repo_dir, const char *name, bool manual,
               const mh_config_origin *origin, const char *chain, int depth, mh_error *err) {
    mh_image_package *existing = find(set, name);
    if (existing) {
        existing->manual |= manual;
        return 0;
    }
    if (depth > 64)
        return mh_error_set(err, origin->file, origin->line, origin->column,
                            "package dependencies nested deeper than 64 (a cycle?): %s", chain);
    char *file = mh_xasprintf("%s/%s.toml", repo_dir, name);
    char *text;
    size_t len;
    mh_error read_err;
    if (mh_read_file(file, &text, &len, &read_err) != 0) {
        mh_error_set(err, origin->file, origin->line, origin->column,
                     "package '%s'%s%s is not in the repository (%s is missing); cook it with "
                     "`make r.%s` or remove it from [packages]",
                     name, chain[0] ? " (needed by " : "", chain[0] ? chain : "", file, name);
        if (chain[0])
            strncat(err->message, ")", sizeof err->message - strlen(err->message) - 1);
        free(file);
        return -1;
    }
    pkgar_package meta;
    int rc = pkgar_package_parse(text, len, file, &meta, err);
    free(text);
    free(file);
    if (rc != 0)
        return -1;
    char *next_chain = chain[0] ? mh_xasprintf("%s <- %s", name, chain) : mh_xstrdup(name);
    for (size_t i = 0; rc == 0 && i < meta.depends_count; i++)
        rc = add(set, repo_dir, meta.depends[i], false, origin, next_chain, depth + 1, err);
    free(next_chain);
    if (rc != 0 || find(set, name)) { /* a dependency cycle already added it */
        pkgar_package_free(&meta);
        return rc;
    }
    set->items = mh_xrealloc(set->items, (set->count + 1) * sizeof *set->items);
    set->items[set->count++] = (mh_image_package){meta, manual};
    return 0;
}

int mh_packages_resolve(const mh_config *config, const char *repo_dir, mh_package_set *set,
                        mh_error *err) {
    memset(set, 0, sizeof *set);
    for (size_t i = 0; i < config->package_count; i++) {
        const mh_config_package *p = &config->packages[i];
        if (p->rule == MH_RULE_IGNORE)
            continue;
        if (add(set, repo_dir, p->name, true, &p->origin, "", 0, err) != 0) {
            mh_package_set_free(set);
            return -1;
        }
    }
    return 0;
}

uint64_t mh_packages_storage_size(const mh_package_set *set) {
    uint64_t total = 0;
    for (size_t i = 0; i < set->count; i++)
        total += set->items[i].meta.storage_size;
    return total;
}

/* etc/pkg/packages.toml: pkgutils' state of what is installed. */
static int write_state(const mh_package_set *set, const pkgar_public_key *key,
                       mh_install_target *target, mh_error *err) {
    mh_strbuf sb = MH_STRBUF_INIT;
    char *pkey = pkgar_public_key_format(key);
    mh_strbuf_puts(&sb, "protected = []\n\n[pubkeys.local]\n");
    mh_strbuf_puts(&sb, pkey);
    free(pkey);
    for (size_t i = 0; i < set->count; i++) {
        const mh_image_package *p = &set->items[i];
        mh_strbuf_puts(&sb, "\n[installed.");
        toml_write_key(&sb, p->meta.name, strlen(p->meta.name));
        mh_strbuf_puts(&sb, "]\nremote = \"local\"\nblake3 = ");
        toml_write_string(&sb, p->meta.blake3, strlen(p->meta.blake3));
        mh_strbuf_printf(&sb, "\nmanual = %s\nstorage_size = %llu\ndependencies = [",
                         p->manual ? "true" : "false", (unsigned long long)p->meta.storage_size);
        for (size_t d = 0; d < p->meta.depends_count; d++) {
            if (d)
                mh_strbuf_puts(&sb, ", ");
            toml_write_string(&sb, p->meta.depends[d], strlen(p->meta.depends[d]));
        }
        mh_strbuf_puts(&sb, "]\ndependents = [");
        bool first = true;
        for (size_t k = 0; k < set->count; k++)
            for (size_t d = 0; d < set->items[k].meta.depends_count; d++)
                if (strcmp(set->items[k].meta.depends[d], p->meta.name) == 0) {
                    mh_strbuf_puts(&sb, first ? "" : ", ");
                    toml_write_string(&sb, set->items[k].meta.name, strlen(set->items[k].meta.name));
                    first = false;
                }
        mh_strbuf_puts(&sb, "]\n");
    }
    int rc = mh_target_make_dirs(target, "etc/pkg", err);
    if (rc == 0)
        rc = target->ops->write_file(target, "etc/pkg/packages.toml", mh_strbuf_str(&sb), sb.len,
                                     0644, false, err);
    mh_strbuf_free(&sb);
    return rc;
}

/* var/lib/packages/<name>.pkgar_head: the archive's bytes before its data section. */
static int write_head(mh_install_target *target, pkgar_archive *archive, const char *name,
                      mh_error *err) {
    size_t len = (size_t)archive->head_size;
    uint8_t *head = mh_xmalloc(len ? len : 1);
    size_t done = 0;
    int rc = 0;
    while (rc == 0 && done < len) {
        ssize_t n = pread(archive->fd, head + done, len - done, (off_t)done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            rc = n == 0 ? mh_error_set(err, archive->path, 0, 0, "the file is shorter than its head")
                        : mh_error_errno(err, archive->path, errno, "cannot read");
        else
            done += (size_t)n;
    }
    char *rel = mh_xasprintf("var/lib/packages/%s.pkgar_head", name);
    if (rc == 0)
        rc = target->ops->write_file(target, rel, head, len, 0644, false, err);
    free(rel);
    free(head);
    return rc;
}

int mh_packages_install(const mh_package_set *set, const char *repo_dir,
                        const pkgar_public_key *key, mh_install_target *target, mh_error *err) {
    pkgar_archive *archives = mh_xcalloc(set->count + 1, sizeof *archives);
    bool *opened = mh_xcalloc(set->count + 1, sizeof *opened);
    int rc = 0;
    /* Verify every signature first: a bad package stops the install before anything is put. */
    for (size_t i = 0; rc == 0 && i < set->count; i++) {
        const pkgar_package *meta = &set->items[i].meta;
        if (!meta->version[0])
            continue; /* a metapackage: nothing to install */
        char *path = mh_xasprintf("%s/%s.pkgar", repo_dir, meta->name);
        rc = pkgar_archive_open(&archives[i], path, key, err);
        free(path);
        opened[i] = rc == 0;
        if (rc == 0 && meta->blake3[0]) {
            char hex[2 * PKGAR_HASH_SIZE + 1];
            mh_hex_encode(archives[i].header.entries_hash, PKGAR_HASH_SIZE, hex);
            if (strcmp(hex, meta->blake3) != 0)
                rc = mh_error_set(err, archives[i].path, 0, 0,
                                  "its entry hash %s differs from blake3 = \"%s\" in %s.toml; the "
                                  "repository is inconsistent, cook the package again",
                                  hex, meta->blake3, meta->name);
        }
    }
    if (rc == 0)
        rc = mh_target_make_dirs(target, "var/lib/packages", err);
    for (size_t i = 0; rc == 0 && i < set->count; i++) {
        if (!opened[i])
            continue;
        rc = target->ops->install_package(target, &archives[i], err);
        if (rc == 0)
            rc = write_head(target, &archives[i], set->items[i].meta.name, err);
    }
    if (rc == 0)
        rc = write_state(set, key, target, err);
    for (size_t i = 0; i < set->count; i++)
        if (opened[i])
            pkgar_archive_close(&archives[i]);
    free(archives);
    free(opened);
    return rc;
}

void mh_package_set_free(mh_package_set *set) {
    for (size_t i = 0; i < set->count; i++)
        pkgar_package_free(&set->items[i].meta);
    free(set->items);
    memset(set, 0, sizeof *set);
}
