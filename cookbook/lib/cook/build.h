/* Building one plan node (spec §2 stages 2-6) in <recipe>/target/<triple>/:
 *
 *   sysroot/, toolchain/   the dependencies' packages (reused when their tags match)
 *   build/                 the script's working directory, kept between builds
 *   stage.tmp/ → stage/    what the script installed, after strip and the optional-package split
 *   stage.<sub>/           each [[optional-packages]] entry's files
 *   stage.pkgar, stage.toml, stage.<sub>.pkgar, stage.<sub>.toml
 *   stage.stamp.toml       the input hash and package hash, written last
 *
 * The stamp is removed before anything else changes and written only when every package is in
 * place, so an interrupted build (even by SIGKILL) leaves no stamp and is redone next time. */
#ifndef MH_COOK_BUILD_H
#define MH_COOK_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "cook/config.h"
#include "cook/digest.h"
#include "cook/fetch.h"
#include "cook/plan.h"
#include "pkgar/keys.h"

typedef struct cook_build_request {
    const cook_plan *plan;
    size_t index;
    const char *root;
    const char *host_target;
    const cook_config *config;
    const cook_source_state *source;
    const char *inputs;            /* the input hash, stored in the stamp */
    const char *dependencies;      /* cook_node_dependencies: a build/ made with others is dropped */
    char *const *package_hashes;   /* per plan node, for the sysroot tags */
    const char *commit_identifier; /* the cookbook's own commit, "" when unknown */
    long jobs;                     /* COOKBOOK_MAKE_JOBS */
    const char *makeflags;         /* MAKEFLAGS carrying the jobserver, or NULL */
    const int *keep_fds;           /* the jobserver's descriptors */
    size_t keep_count;
    int log_fd;
    const char *script_path;
    const pkgar_secret_key *key;
    const pkgar_public_key *public_key;
} cook_build_request;

int cook_build(const cook_build_request *request, mh_error *err);

/* What the last complete build of a node recorded. */
typedef struct cook_build_stamp {
    cook_hex inputs;
    cook_hex package;              /* hash over all the node's packages */
} cook_build_stamp;

/* 0 when target_dir has a stamp (read into *stamp), -1 when it has none. */
int cook_build_stamp_read(const char *target_dir, cook_build_stamp *stamp);

/* Paths of a node's outputs; the caller frees. name is "" for the main package or a
 * sub-package name; suffix is "", ".pkgar" or ".toml". */
char *cook_stage_path(const char *target_dir, const char *sub, const char *suffix);

#endif
