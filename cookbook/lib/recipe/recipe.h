/* The recipe model: one recipe.toml, parsed with Redox's meaning (spec §1).
 *
 * Sections: [source] (git / tar / same_as / path, or absent), [build] (template and its keys,
 * dependencies, dev-dependencies), [package] (dependencies, version, description) and
 * [[optional-packages]] (name, files, dependencies). A wrong type, a missing required key or an
 * invalid value is an error with file:line:col; an unknown key (or a key the chosen template or
 * source shape does not use) is a warning with its location.
 *
 * MACROHARD's addition: [build] inputs = ["../kernel/include", "/cookbook/lib/redoxfs/core"]
 * names files or directories outside the recipe directory that the build reads, so that a
 * change to them rebuilds the recipe. A relative entry is relative to the recipe directory, an
 * entry starting with "/" is relative to the cookbook root (never the host's root, so the
 * recipe does not depend on where the checkout lives). Each must exist. Upstream ignores the
 * key, so such recipes still load there. */
#ifndef MH_RECIPE_RECIPE_H
#define MH_RECIPE_RECIPE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "toml/toml.h"

/* A list of strings from the recipe, each with its position (for later errors). */
typedef struct mh_string_list {
    char **items;
    toml_position *positions;
    size_t count;
} mh_string_list;

typedef enum mh_source_kind {
    MH_SOURCE_NONE,    /* no [source]: sources live in the recipe's source/ directory */
    MH_SOURCE_GIT,
    MH_SOURCE_TAR,
    MH_SOURCE_SAME_AS, /* reuse another recipe's source ("../other") */
    MH_SOURCE_PATH,    /* a local directory, relative to the cookbook root */
} mh_source_kind;

typedef struct mh_recipe_source {
    mh_source_kind kind;
    toml_position pos;
    char *git, *upstream, *branch, *rev;
    int shallow_clone; /* -1 = not set */
    char *tar, *blake3;
    char *same_as;
    char *path;
    mh_string_list patches;
    char *script;
} mh_recipe_source;

typedef enum mh_build_template {
    MH_TEMPLATE_NONE,
    MH_TEMPLATE_CUSTOM,
    MH_TEMPLATE_CONFIGURE,
    MH_TEMPLATE_CMAKE,
    MH_TEMPLATE_MESON,
    MH_TEMPLATE_MAKE, /* plain make (cookbook_make); MACROHARD's addition */
    MH_TEMPLATE_CARGO,
    MH_TEMPLATE_PYTHON,
    MH_TEMPLATE_REMOTE,
} mh_build_template;

const char *mh_template_name(mh_build_template template);

typedef struct mh_recipe_build {
    mh_build_template template;
    toml_position pos;
    mh_string_list dependencies;
    mh_string_list dev_dependencies;
    mh_string_list inputs;              /* files read outside the recipe directory */
    char *script;                       /* custom */
    mh_string_list configureflags;      /* configure */
    mh_string_list cmakeflags;          /* cmake */
    mh_string_list mesonflags;          /* meson */
    char *cargopath;                    /* cargo */
    char *cargoflags;
    mh_string_list cargopackages;
    mh_string_list cargopackagesprefixed;
    mh_string_list cargoexamples;
    int clearlocked;                    /* -1 = not set */
    char *pyprojectpath;                /* python */
    mh_string_list pipflags;
    int legacysetup;                    /* -1 = not set */
} mh_recipe_build;

typedef struct mh_recipe_package {
    mh_string_list dependencies;
    char *version;
    char *description;
} mh_recipe_package;

typedef struct mh_optional_package {
    char *name;
    toml_position pos;
    mh_string_list files;
    mh_string_list dependencies;
} mh_optional_package;

typedef struct mh_recipe {
    char *name;   /* the recipe directory's name */
    char *dir;    /* the recipe directory */
    char *file;   /* dir/recipe.toml */
    mh_recipe_source source;
    mh_recipe_build build;
    mh_recipe_package package;
    mh_optional_package *optional_packages;
    size_t optional_count;
    mh_error *warnings;
    size_t warning_count;
} mh_recipe;

/* Loads dir/recipe.toml. cookbook_root resolves [source] path. On error returns -1 with err
 * set (path:line:col) and *recipe freed; warnings stay in recipe->warnings on success. */
int mh_recipe_load(const char *name, const char *dir, const char *cookbook_root,
                   mh_recipe *recipe, mh_error *err);

/* Parses recipe text (for tests and tools that already hold the bytes). file names the text in
 * errors; dir resolves patches and same_as (NULL skips those file-system checks). */
int mh_recipe_parse(const char *name, const char *dir, const char *file, const char *text,
                    size_t len, const char *cookbook_root, mh_recipe *recipe, mh_error *err);

void mh_recipe_free(mh_recipe *recipe);

/* The path an entry of [build] inputs names (see above); the caller frees. */
char *mh_recipe_input_path(const mh_recipe *recipe, const char *cookbook_root, const char *input);

#endif
