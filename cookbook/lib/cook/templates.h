/* The build script of a recipe: its template turned into calls of the prelude's helpers (with
 * the recipe's flags appended to the helper's flag array), or its custom script verbatim,
 * followed by the stage clean-up (strip, remove *.la). Templates are matched by name, so a
 * template the recipe model learns later only needs an entry here. */
#ifndef MH_COOK_TEMPLATES_H
#define MH_COOK_TEMPLATES_H

#include "base/error.h"
#include "base/strbuf.h"
#include "recipe/recipe.h"

/* The script body (the caller frees), or NULL with err set for a template the cook cannot
 * build (remote). */
char *cook_template_script(const mh_recipe *recipe, mh_error *err);

/* Appends word to sb quoted for bash ('...'). */
void cook_shell_quote(mh_strbuf *sb, const char *word);

#endif
