/* The download cache: one directory (<cookbook>/sources) shared by every recipe, holding each
 * downloaded file under the name of its BLAKE3 hash. A file is looked up by the hash a recipe
 * names, so any copy of the right bytes serves (a mirror, another recipe's URL, a file copied
 * in by hand). Partial downloads are kept as <hash>.part and resumed; a lock on the .part file
 * makes concurrent cooks wait for each other instead of downloading twice. */
#ifndef MH_COOK_CACHE_H
#define MH_COOK_CACHE_H

#include <stdbool.h>

#include "base/error.h"
#include "cook/config.h"
#include "cook/digest.h"
#include "cook/download.h"

typedef struct cook_cache_request {
    const char *sources_dir;
    const char *url;            /* as the recipe writes it; mirrors are applied here */
    const char *blake3;         /* expected hash; NULL: unverified (the hash is computed) */
    const cook_config *config;  /* mirrors */
    bool offline;               /* no network: the file must be in the cache */
    cook_download_options download;
} cook_cache_request;

/* The cache path of the file with this hash. The caller frees. */
char *cook_cache_path(const char *sources_dir, const char *hex);

/* Makes sure the file is in the cache and returns its path (caller frees) and hash. A download
 * whose hash differs from the expected one is deleted and the error names both hashes. */
int cook_cache_get(const cook_cache_request *request, char **path, cook_hex hash, mh_error *err);

#endif
