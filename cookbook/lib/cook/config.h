/* The cookbook's own settings: <cookbook>/cookbook.toml (optional), as upstream reads it.
 *
 *   [cook]     offline, jobs, compressed, git_treeless, nonstop, verbose, clean_build,
 *              clean_target: each defaults to its environment variable (COOKBOOK_OFFLINE,
 *              COOKBOOK_MAKE_JOBS, COOKBOOK_COMPRESSED, ...), and a value in the file beats it.
 *              REPO_OFFLINE=1 forces offline whatever the file says (offline only restricts).
 *   [mirrors]  URL prefix -> replacement prefix, or a list of them tried in order.
 * Unknown keys are warnings; wrong types are errors with file:line:col. */
#ifndef MH_COOK_CONFIG_H
#define MH_COOK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"

typedef struct cook_mirror {
    char *prefix;
    char **replacements; /* tried in order */
    size_t count;
} cook_mirror;

typedef struct cook_config {
    bool offline;
    long jobs;          /* 0: the number of processors */
    bool compressed;    /* packages use LZMA2 */
    bool git_treeless;  /* default for shallow_clone */
    bool nonstop;       /* keep going after a failure */
    bool verbose;
    bool clean_build;   /* remove build/ before each build */
    bool clean_target;  /* remove build/ and sysroot contents after packaging */
    cook_mirror *mirrors;
    size_t mirror_count;
    mh_error *warnings;
    size_t warning_count;
} cook_config;

/* Reads <root>/cookbook.toml when it exists (defaults otherwise). */
int cook_config_load(const char *root, cook_config *config, mh_error *err);
/* Parses cookbook.toml text; path names it in errors. */
int cook_config_parse(const char *text, size_t len, const char *path, cook_config *config,
                      mh_error *err);
void cook_config_free(cook_config *config);

#endif
