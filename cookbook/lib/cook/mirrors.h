/* Mirror rewriting of source URLs ([mirrors] in cookbook.toml). The longest prefix that matches
 * the URL wins; each of its replacements is tried in order, then the original URL. */
#ifndef MH_COOK_MIRRORS_H
#define MH_COOK_MIRRORS_H

#include <stddef.h>

#include "cook/config.h"

/* The URLs to try for url, best first; *count receives their number (at least 1). The caller
 * frees with cook_strings_free. */
char **cook_mirror_candidates(const cook_config *config, const char *url, size_t *count);
void cook_strings_free(char **items, size_t count);

#endif
