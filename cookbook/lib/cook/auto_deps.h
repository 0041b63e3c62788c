/* Automatic runtime dependencies (spec §2 stage 5). The ELF files under a stage's usr/bin,
 * usr/games, usr/lib and usr/libexec name the shared libraries they need (DT_NEEDED); a build
 * dependency whose package holds such a library directly in lib/ or usr/lib/ is needed at run
 * time too. The cook adds these packages to the package's depends, together with the runtime
 * dependencies of direct build dependencies that were linked statically (see build.c). */
#ifndef MH_COOK_AUTO_DEPS_H
#define MH_COOK_AUTO_DEPS_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "cook/plan.h"
#include "pkgar/keys.h"

typedef struct cook_needed_library {
    char *library;   /* "libz.so.1" */
    char *needed_by; /* the first file that needs it, relative to the stage */
    long provider;   /* index of the provider holding it (cook_needed_match), or -1 */
} cook_needed_library;

typedef struct cook_needed_set {
    cook_needed_library *items;  /* sorted by library */
    size_t count;
} cook_needed_set;

/* Collects the libraries needed by the ELF files below stage (links are not followed; a
 * damaged ELF file is noted in the log and skipped, as it may be data rather than a program). */
int cook_needed_scan(const char *stage, cook_needed_set *set, int log_fd, mh_error *err);
void cook_needed_free(cook_needed_set *set);

/* Libraries every program gets from the base system (the C library and the compiler's
 * runtime), which no build dependency is expected to provide. */
bool cook_needed_is_base(const char *library);

typedef struct cook_provider {
    const char *name;   /* the package: "zlib", "llvm21.runtime" */
    const char *pkgar;  /* its archive; NULL for a metapackage */
} cook_provider;

/* Sets each needed library's provider: the first of the providers (in their order) whose
 * package holds it directly in lib/ or usr/lib/. */
int cook_needed_match(cook_needed_set *set, const cook_provider *providers, size_t count,
                      const pkgar_public_key *key, mh_error *err);

/* A list of package names (sorted, without duplicates). */
typedef struct cook_name_list {
    char **items;
    size_t count;
} cook_name_list;

/* The automatic dependencies of every package of a built node: lists[0] for the main package
 * (stage/), lists[1 + i] for optional package i (stage.<name>/). */
typedef struct cook_auto_deps {
    cook_name_list *lists;
    size_t count;
} cook_auto_deps;

/* For plan node index (built, its stages in place, its dependencies packaged):
 *   each package's stage is matched against the packages of the nodes it links against
 *   (node->linked: the main package and the optional packages dependents name);
 *   the main package also gets the runtime dependencies (the published depends) of each direct
 *   build dependency that no ELF file needed, i.e. one that was linked statically.
 * A package never depends on itself or its own recipe's packages. What was found and why goes
 * to the log, with a note for each needed library that no package provides (other than the
 * base system's). Only target builds have runtime dependencies; a host node gets none. */
int cook_auto_deps_find(const cook_plan *plan, size_t index, const pkgar_public_key *key,
                        int log_fd, cook_auto_deps *deps, mh_error *err);
void cook_auto_deps_free(cook_auto_deps *deps);

/* Writes <target_dir>/auto_deps.toml (upstream's record: packages = [...] for the main
 * package, and a [optional-packages.<name>] table with packages = [...] for each optional
 * package that has any). */
int cook_auto_deps_save(const char *path, const mh_recipe *recipe, const cook_auto_deps *deps,
                        mh_error *err);

#endif
