/* Path globs of [[optional-packages]] files: "*", "?" and "[...]" within one path component,
 * "**" for any number of components. A pattern naming a directory takes everything under it. */
#ifndef MH_COOK_GLOB_H
#define MH_COOK_GLOB_H

#include <stdbool.h>

/* Whether path (relative, "/"-separated) or one of its parent directories matches pattern. */
bool cook_glob_match(const char *pattern, const char *path);

#endif
