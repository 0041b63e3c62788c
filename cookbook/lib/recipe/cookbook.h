/* A cookbook: the recipes found under <root>/recipes at any depth (a recipe is a directory
 * holding recipe.toml; its name is the directory's name), loaded lazily by index.
 * Two directories with the same name: a warning naming both; the later path (in sorted order)
 * wins, as upstream's walk does. Generated trees inside recipes (source*, target) are skipped. */
#ifndef MH_RECIPE_COOKBOOK_H
#define MH_RECIPE_COOKBOOK_H

#include <stddef.h>

#include "base/error.h"
#include "base/strmap.h"
#include "recipe/recipe.h"

typedef struct mh_cookbook_entry {
    char *name;
    char *dir;
    int state;        /* 0 = not loaded, 1 = loaded, -1 = failed (see error) */
    mh_recipe recipe; /* valid when state == 1 */
    mh_error error;   /* valid when state == -1 */
} mh_cookbook_entry;

typedef struct mh_cookbook {
    char *root;
    mh_cookbook_entry *entries; /* sorted by name */
    size_t count;
    mh_strmap index;            /* name -> entry */
    mh_error *warnings;         /* duplicate recipe names */
    size_t warning_count;
} mh_cookbook;

/* Finds every recipe under root/recipes. Errors only when root/recipes cannot be read. */
int mh_cookbook_open(const char *root, mh_cookbook *cb, mh_error *err);
void mh_cookbook_close(mh_cookbook *cb);

/* The entry named name, or NULL. */
mh_cookbook_entry *mh_cookbook_find(const mh_cookbook *cb, const char *name);

/* Loads (once) and returns the recipe, or NULL with *err pointing at the entry's error. */
const mh_recipe *mh_cookbook_load(mh_cookbook *cb, mh_cookbook_entry *entry, const mh_error **err);

#endif
