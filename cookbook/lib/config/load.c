/* Loading a config with its include chain, and upstream's merge of the chain. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "config/config.h"
#include "config/parse.h"

static void init_general(mh_config_general *g) {
    g->filesystem_size = g->efi_partition_size = -1;
    g->skip_partitions = g->encrypt_disk = g->live_disk = g->no_mount = g->prompt = -1;
}

static void free_origin(mh_config_origin *o) {
    free(o->file);
}

static void free_package(mh_config_package *p) {
    free(p->name);
    free(p->version);
    free(p->git);
    free(p->path);
    free_origin(&p->origin);
}

static void free_file(mh_config_file *f) {
    free(f->path);
    free(f->data);
    free_origin(&f->origin);
}

static void free_user(mh_config_user *u) {
    free(u->key);
    free(u->password);
    free(u->name);
    free(u->home);
    free(u->shell);
    free_origin(&u->origin);
}

static void free_group(mh_config_group *g) {
    free(g->key);
    for (size_t i = 0; i < g->member_count; i++)
        free(g->members[i]);
    free(g->members);
    free_origin(&g->origin);
}

void mh_config_free(mh_config *c) {
    free(c->general.write_bootloader);
    free(c->general.cookbook);
    for (size_t i = 0; i < c->package_count; i++)
        free_package(&c->packages[i]);
    for (size_t i = 0; i < c->file_count; i++)
        free_file(&c->files[i]);
    for (size_t i = 0; i < c->user_count; i++)
        free_user(&c->users[i]);
    for (size_t i = 0; i < c->group_count; i++)
        free_group(&c->groups[i]);
    free(c->packages);
    free(c->files);
    free(c->users);
    free(c->groups);
    free(c->warnings);
    memset(c, 0, sizeof *c);
}

/* Moves src's keyed items into dst, replacing items with the same key. The arrays hold items
 * of `size` bytes whose first member is the key (char *). */
static void merge_keyed(void **dst, size_t *dst_count, void *src, size_t src_count, size_t size,
                        void (*free_item)(void *)) {
    for (size_t i = 0; i < src_count; i++) {
        char *item = (char *)src + i * size;
        const char *key = *(char **)item;
        size_t k;
        for (k = 0; k < *dst_count; k++)
            if (strcmp(*(char **)((char *)*dst + k * size), key) == 0)
                break;
        if (k == *dst_count) {
            *dst = mh_xrealloc(*dst, (*dst_count + 1) * size);
            (*dst_count)++;
        } else {
            free_item((char *)*dst + k * size);
        }
        memcpy((char *)*dst + k * size, item, size);
    }
    free(src);
}

static void free_package_item(void *p) { free_package(p); }
static void free_user_item(void *p) { free_user(p); }
static void free_group_item(void *p) { free_group(p); }

static void replace_string(char **dst, char **src) {
    if (*src) {
        free(*dst);
        *dst = *src;
        *src = NULL;
    }
}

/* Merges src into dst and empties src (as upstream's Config::merge). */
static void merge(mh_config *dst, mh_config *src) {
    mh_config_general *d = &dst->general, *s = &src->general;
    if (s->filesystem_size >= 0)
        d->filesystem_size = s->filesystem_size;
    if (s->efi_partition_size >= 0)
        d->efi_partition_size = s->efi_partition_size;
    int *dflags[] = {&d->skip_partitions, &d->encrypt_disk, &d->live_disk, &d->no_mount};
    int *sflags[] = {&s->skip_partitions, &s->encrypt_disk, &s->live_disk, &s->no_mount};
    for (size_t i = 0; i < 4; i++)
        if (*sflags[i] >= 0)
            *dflags[i] = *sflags[i];
    /* `prompt` is deliberately not merged: upstream keeps the base config's value. */
    replace_string(&d->write_bootloader, &s->write_bootloader);
    replace_string(&d->cookbook, &s->cookbook);
    merge_keyed((void **)&dst->packages, &dst->package_count, src->packages, src->package_count,
                sizeof *src->packages, free_package_item);
    merge_keyed((void **)&dst->users, &dst->user_count, src->users, src->user_count,
                sizeof *src->users, free_user_item);
    merge_keyed((void **)&dst->groups, &dst->group_count, src->groups, src->group_count,
                sizeof *src->groups, free_group_item);
    src->packages = NULL;
    src->users = NULL;
    src->groups = NULL;
    src->package_count = src->user_count = src->group_count = 0;
    dst->files = mh_xrealloc(dst->files, (dst->file_count + src->file_count + 1) * sizeof *dst->files);
    if (src->file_count)
        memcpy(dst->files + dst->file_count, src->files, src->file_count * sizeof *src->files);
    dst->file_count += src->file_count;
    src->file_count = 0;
    dst->warnings = mh_xrealloc(dst->warnings,
                                (dst->warning_count + src->warning_count + 1) * sizeof *dst->warnings);
    if (src->warning_count)
        memcpy(dst->warnings + dst->warning_count, src->warnings,
               src->warning_count * sizeof *src->warnings);
    dst->warning_count += src->warning_count;
    src->warning_count = 0;
    mh_config_free(src);
}

typedef struct chain {
    const char *real;
    const char *shown;
    const struct chain *parent;
} chain;

static int load_recursive(const char *path, const chain *parent, mh_config *out, mh_error *err) {
    char real[PATH_MAX];
    if (!realpath(path, real))
        return mh_error_errno(err, path, errno, "cannot open config");
    for (const chain *c = parent; c; c = c->parent) {
        if (strcmp(c->real, real) != 0)
            continue;
        mh_strbuf sb = MH_STRBUF_INIT;
        mh_strbuf_printf(&sb, "include cycle: %s", path);
        for (const chain *p = parent; p; p = p->parent) {
            mh_strbuf_printf(&sb, " <- %s", p->shown);
            if (p == c)
                break;
        }
        mh_error_set(err, path, 0, 0, "%s", mh_strbuf_str(&sb));
        mh_strbuf_free(&sb);
        return -1;
    }
    char *text;
    size_t len;
    if (mh_read_file(path, &text, &len, err) != 0)
        return -1;
    toml_value *root = toml_parse(text, len, path, err);
    free(text);
    if (!root)
        return -1;
    mh_config own = {0};
    init_general(&own.general);
    mh_config_includes inc = {0};
    int rc = mh_config_parse_document(path, root, &own, &inc, err);
    toml_free(root);
    chain here = {real, path, parent};
    mh_config merged = {0};
    bool have_base = false;
    for (size_t i = 0; rc == 0 && i < inc.count; i++) {
        mh_config included = {0};
        rc = load_recursive(inc.paths[i], &here, &included, err);
        if (rc != 0) {
            if (!err->line) { /* point at the include entry when the problem is the file itself */
                mh_error_prefix(err, "%s", err->path);
                snprintf(err->path, sizeof err->path, "%s", path);
                err->line = inc.positions[i].line;
                err->column = inc.positions[i].column;
            }
            break;
        }
        if (have_base)
            merge(&merged, &included);
        else
            merged = included;
        have_base = true;
    }
    for (size_t i = 0; i < inc.count; i++)
        free(inc.paths[i]);
    free(inc.paths);
    free(inc.positions);
    if (rc != 0) {
        if (have_base)
            mh_config_free(&merged);
        mh_config_free(&own);
        return -1;
    }
    if (have_base)
        merge(&merged, &own);
    else
        merged = own;
    *out = merged;
    return 0;
}

static int compare_packages(const void *a, const void *b) {
    return strcmp(((const mh_config_package *)a)->name, ((const mh_config_package *)b)->name);
}
static int compare_users(const void *a, const void *b) {
    return strcmp(((const mh_config_user *)a)->key, ((const mh_config_user *)b)->key);
}
static int compare_groups(const void *a, const void *b) {
    return strcmp(((const mh_config_group *)a)->key, ((const mh_config_group *)b)->key);
}

int mh_config_load(const char *path, mh_config *config, mh_error *err) {
    memset(config, 0, sizeof *config);
    if (load_recursive(path, NULL, config, err) != 0)
        return -1;
    if (config->package_count)
        qsort(config->packages, config->package_count, sizeof *config->packages, compare_packages);
    if (config->user_count)
        qsort(config->users, config->user_count, sizeof *config->users, compare_users);
    if (config->group_count)
        qsort(config->groups, config->group_count, sizeof *config->groups, compare_groups);
    return 0;
}

const mh_config_package *mh_config_find_package(const mh_config *config, const char *name) {
    for (size_t i = 0; i < config->package_count; i++)
        if (strcmp(config->packages[i].name, name) == 0)
            return &config->packages[i];
    return NULL;
}
