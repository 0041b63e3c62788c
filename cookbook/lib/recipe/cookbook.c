#include "recipe/cookbook.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/files.h"
#include "base/strbuf.h"

typedef struct found {
    char *name;
    char *dir;
} found;

typedef struct walker {
    found *items;
    size_t count, cap;
} walker;

static bool is_directory_entry(const char *parent, const struct dirent *d) {
    if (d->d_type == DT_DIR)
        return true;
    if (d->d_type != DT_UNKNOWN && d->d_type != DT_LNK)
        return false;
    char *path = mh_path_join(parent, d->d_name);
    bool dir = mh_is_directory(path);
    free(path);
    return dir;
}

/* Directories a cook creates inside a recipe; never recipes themselves. */
static bool is_generated(const char *name) {
    return strncmp(name, "source", 6) == 0 || strcmp(name, "target") == 0;
}

static int walk(walker *w, const char *dir, int depth, mh_error *err) {
    if (depth > 32)
        return mh_error_set(err, dir, 0, 0, "recipe directories nested deeper than 32 levels");
    DIR *d = opendir(dir);
    if (!d)
        return mh_error_errno(err, dir, errno, "cannot read directory");
    char **subdirs = NULL;
    size_t nsub = 0;
    bool is_recipe = false;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (strcmp(e->d_name, "recipe.toml") == 0) {
            is_recipe = true;
            continue;
        }
        if (!is_directory_entry(dir, e))
            continue;
        subdirs = mh_xrealloc(subdirs, (nsub + 1) * sizeof *subdirs);
        subdirs[nsub++] = mh_xstrdup(e->d_name);
    }
    closedir(d);
    if (is_recipe && depth > 0) {
        if (w->count == w->cap) {
            w->cap = w->cap ? w->cap * 2 : 256;
            w->items = mh_xrealloc(w->items, w->cap * sizeof *w->items);
        }
        const char *slash = strrchr(dir, '/');
        w->items[w->count].name = mh_xstrdup(slash ? slash + 1 : dir);
        w->items[w->count].dir = mh_xstrdup(dir);
        w->count++;
    }
    if (nsub)
        qsort(subdirs, nsub, sizeof *subdirs, mh_compare_strings);
    int rc = 0;
    for (size_t i = 0; i < nsub; i++) {
        if (rc == 0 && !(is_recipe && is_generated(subdirs[i]))) {
            char *path = mh_path_join(dir, subdirs[i]);
            rc = walk(w, path, depth + 1, err);
            free(path);
        }
        free(subdirs[i]);
    }
    free(subdirs);
    return rc;
}

static int compare_found(const void *a, const void *b) {
    const found *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : strcmp(x->dir, y->dir);
}

int mh_cookbook_open(const char *root, mh_cookbook *cb, mh_error *err) {
    memset(cb, 0, sizeof *cb);
    cb->root = mh_xstrdup(root);
    char *recipes = mh_path_join(root, "recipes");
    walker w = {0};
    int rc = walk(&w, recipes, 0, err);
    free(recipes);
    if (rc != 0) {
        for (size_t i = 0; i < w.count; i++) {
            free(w.items[i].name);
            free(w.items[i].dir);
        }
        free(w.items);
        free(cb->root);
        cb->root = NULL;
        return -1;
    }
    if (w.count)
        qsort(w.items, w.count, sizeof *w.items, compare_found);
    cb->entries = mh_xcalloc(w.count ? w.count : 1, sizeof *cb->entries);
    for (size_t i = 0; i < w.count; i++) {
        if (cb->count && strcmp(cb->entries[cb->count - 1].name, w.items[i].name) == 0) {
            mh_cookbook_entry *kept = &cb->entries[cb->count - 1];
            cb->warnings = mh_xrealloc(cb->warnings, (cb->warning_count + 1) * sizeof *cb->warnings);
            mh_error *warning = &cb->warnings[cb->warning_count++];
            mh_error_clear(warning);
            mh_error_set(warning, w.items[i].dir, 0, 0,
                         "recipe name '%s' is also used by %s; using this one", w.items[i].name,
                         kept->dir);
            free(kept->dir);
            kept->dir = w.items[i].dir;
            free(w.items[i].name);
            continue;
        }
        cb->entries[cb->count].name = w.items[i].name;
        cb->entries[cb->count].dir = w.items[i].dir;
        cb->count++;
    }
    free(w.items);
    for (size_t i = 0; i < cb->count; i++)
        mh_strmap_put(&cb->index, cb->entries[i].name, &cb->entries[i]);
    return 0;
}

void mh_cookbook_close(mh_cookbook *cb) {
    for (size_t i = 0; i < cb->count; i++) {
        free(cb->entries[i].name);
        free(cb->entries[i].dir);
        if (cb->entries[i].state == 1)
            mh_recipe_free(&cb->entries[i].recipe);
    }
    free(cb->entries);
    mh_strmap_free(&cb->index);
    free(cb->warnings);
    free(cb->root);
    memset(cb, 0, sizeof *cb);
}

mh_cookbook_entry *mh_cookbook_find(const mh_cookbook *cb, const char *name) {
    return mh_strmap_get(&cb->index, name);
}

const mh_recipe *mh_cookbook_load(mh_cookbook *cb, mh_cookbook_entry *entry, const mh_error **err) {
    if (entry->state == 0) {
        mh_error_clear(&entry->error);
        entry->state = mh_recipe_load(entry->name, entry->dir, cb->root, &entry->recipe,
                                      &entry->error) == 0 ? 1 : -1;
    }
    if (entry->state == 1)
        return &entry->recipe;
    *err = &entry->error;
    return NULL;
}
