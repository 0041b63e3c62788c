/* After a build script: [[optional-packages]] files are split out of the stage into
 * stage.<name>/ (each file goes to the first optional package whose globs match it), and every
 * entry's modification time is set to SOURCE_DATE_EPOCH so the stage does not depend on when it
 * was built. */
#ifndef MH_COOK_STAGE_H
#define MH_COOK_STAGE_H

#include <stdint.h>

#include "base/error.h"
#include "recipe/recipe.h"

/* Moves the optional packages' files from stage into out_dirs[i] (one per optional package,
 * created as needed). */
int cook_stage_split(const char *stage, const mh_recipe *recipe, char *const *out_dirs,
                     mh_error *err);

/* Sets the modification time of everything under dir (not following links) to time. */
int cook_stage_set_times(const char *dir, int64_t time, mh_error *err);

#endif
