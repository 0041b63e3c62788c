/* Publishing cooked packages to the local repository <cookbook>/repo/<target>/ (spec §2 stage
 * 7): <name>.pkgar and <name>.toml copied from a node's stage when they differ, and repo.toml
 * listing every package (name → blake3, or version for a metapackage). Packages whose build
 * failed keep their previous files and are listed under [outdated_packages]. Every file is
 * replaced through a temporary name, and repo.toml is rewritten only when it changes. */
#ifndef MH_COOK_PUBLISH_H
#define MH_COOK_PUBLISH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "pkgar/repo.h"
#include "recipe/recipe.h"

/* Copies the node's packages (main and optional) into repo_dir and records them in index.
 * *changed is set when any file was copied. */
int cook_publish_node(const char *repo_dir, const char *target_dir, const mh_recipe *recipe,
                      pkgar_repo *index, bool *changed, mh_error *err);

/* Records a failed build of recipe in index. */
int cook_publish_failure(const mh_recipe *recipe, const char *source_identifier,
                         pkgar_repo *index, mh_error *err);

/* Loads <repo_dir>/repo.toml (empty when absent). */
int cook_publish_open(const char *repo_dir, pkgar_repo *index, mh_error *err);
/* Writes <repo_dir>/repo.toml when its text differs from the file. */
int cook_publish_close(const char *repo_dir, pkgar_repo *index, mh_error *err);

#endif
