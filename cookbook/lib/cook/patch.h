/* Applying a recipe's patches to a fresh source tree, in order, as `patch -p1` does. */
#ifndef MH_COOK_PATCH_H
#define MH_COOK_PATCH_H

#include <stddef.h>

#include "base/error.h"
#include "recipe/recipe.h"

/* Applies each patch of the recipe (files relative to its directory) to source_dir. A patch that
 * does not apply is an error at the patch's position in recipe.toml; patch's own account of
 * the failure is in the log. */
int cook_apply_patches(const mh_recipe *recipe, const char *source_dir, int log_fd,
                       mh_error *err);

#endif
