/* Package names as Redox writes them: "pkg", "pkg.sub" (optional sub-package), ".sub" (a sibling
 * sub-package, inside [[optional-packages]] lists), each optionally prefixed "host:" or "target:".
 * Rules: non-empty, no '/' or NUL, at most one '.', at most one ':' whose prefix is host or target. */
#ifndef MH_RECIPE_NAMES_H
#define MH_RECIPE_NAMES_H

#include <stdbool.h>
#include <stddef.h>

typedef enum mh_name_prefix {
    MH_PREFIX_NONE,   /* built for the same side as the dependent */
    MH_PREFIX_HOST,   /* "host:" built for the build machine */
    MH_PREFIX_TARGET, /* "target:" built for the target */
} mh_name_prefix;

#define MH_NAME_MAX 256

typedef struct mh_package_name {
    mh_name_prefix prefix;
    char recipe[MH_NAME_MAX];     /* "" for ".sub" (a sibling of the current recipe) */
    char sub[MH_NAME_MAX];        /* "" when not a sub-package */
} mh_package_name;

/* Parses and validates a name. On failure returns false and *why explains what was expected. */
bool mh_package_name_parse(const char *text, size_t len, mh_package_name *out, const char **why);

/* Validates a recipe directory name (a plain name: no prefix, no '.', no '/'). */
bool mh_recipe_name_valid(const char *name, const char **why);

#endif
