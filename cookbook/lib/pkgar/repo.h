/* The repository index, <repo>/<target>/repo.toml (pkgutils' Repository):
 *
 *   build_id = "..."                       optional (newer Redox trees)
 *   [packages]
 *   gzdoom = "<blake3 hex>"                or the version when the package has no archive
 *   [outdated_packages.gnu-make]           packages whose latest build failed or is missing
 *   source_identifier = "..."              (each optional)
 *   commit_identifier = "..."
 *   time_identifier = "2025-12-13T05:33:07Z"
 *   patch_identifier = "..."
 *
 * Names are kept sorted by bytes (as upstream's BTreeMap writes them) and checked with
 * pkgar_package_name_check. Unknown keys are ignored when reading. */
#ifndef MH_PKGAR_REPO_H
#define MH_PKGAR_REPO_H

#include <stddef.h>

#include "base/error.h"
#include "base/strbuf.h"

typedef struct pkgar_repo_package {
    char *name;
    char *value; /* blake3 hex, or version */
} pkgar_repo_package;

typedef struct pkgar_repo_outdated {
    char *name;
    /* "" when absent */
    char *source_identifier;
    char *commit_identifier;
    char *time_identifier;
    char *patch_identifier;
} pkgar_repo_outdated;

typedef struct pkgar_repo {
    char *build_id;               /* "" when absent */
    pkgar_repo_package *packages; /* sorted by name */
    size_t package_count, package_cap;
    pkgar_repo_outdated *outdated; /* sorted by name */
    size_t outdated_count, outdated_cap;
} pkgar_repo;

void pkgar_repo_init(pkgar_repo *repo);
void pkgar_repo_free(pkgar_repo *repo);

/* Parses into repo, which this initialises. On failure repo is left empty (zeroed: freeing it
 * is harmless). */
int pkgar_repo_parse(const char *text, size_t len, const char *path, pkgar_repo *repo,
                     mh_error *err);
/* Loads path; with missing_ok, a missing file gives an empty index. */
int pkgar_repo_load(const char *path, int missing_ok, pkgar_repo *repo, mh_error *err);
void pkgar_repo_format(const pkgar_repo *repo, mh_strbuf *out);
int pkgar_repo_save(const char *path, const pkgar_repo *repo, mh_error *err);

void pkgar_repo_set_build_id(pkgar_repo *repo, const char *build_id);
/* Adds or replaces a package (the name is checked). */
int pkgar_repo_set_package(pkgar_repo *repo, const char *name, const char *value, mh_error *err);
/* Returns whether it was there. */
int pkgar_repo_remove_package(pkgar_repo *repo, const char *name);
const char *pkgar_repo_find_package(const pkgar_repo *repo, const char *name);

/* Adds or replaces an outdated record; NULL identifiers mean "". */
int pkgar_repo_set_outdated(pkgar_repo *repo, const char *name, const char *source_identifier,
                            const char *commit_identifier, const char *time_identifier,
                            const char *patch_identifier, mh_error *err);
int pkgar_repo_remove_outdated(pkgar_repo *repo, const char *name);
const pkgar_repo_outdated *pkgar_repo_find_outdated(const pkgar_repo *repo, const char *name);

#endif
