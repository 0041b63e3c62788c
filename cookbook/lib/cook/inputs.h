/* The input hash of a build: everything that can change what a node's packages contain. A node
 * is rebuilt exactly when this hash differs from the one stored with its stage.
 *
 *   the cook itself (the prelude's text), the node's triple and template;
 *   the recipe directory (recipe.toml, patches, files beside it; not source*, target);
 *   each [build] inputs entry: a file or tree outside the recipe directory the build reads
 *   (not .git; when it is a recipe directory, not its source* and target);
 *   the source tree's content (not .git) and its identifier (commit, tarball hash);
 *   the package hash of every node in its sysroot and toolchain;
 *   the toolchain identity, the Rust toolchain for cargo recipes, package compression.
 * Tree contents come through a stat cache (target/<triple>/inputs.cache), so a no-op cook
 * reads no file that has not changed. */
#ifndef MH_COOK_INPUTS_H
#define MH_COOK_INPUTS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "cook/digest.h"
#include "cook/fetch.h"
#include "cook/plan.h"

typedef struct cook_inputs {
    bool compressed;
    cook_hex toolchain;       /* cook_toolchain_identity, computed once per cook */
    cook_hex rust;            /* cook_rust_identity, computed when first needed ("" before) */
    const char *cargo_registry;
} cook_inputs;

/* package_hashes[i] is the package hash of plan node i (from its stamp) for the nodes this one
 * installs; root is the cookbook root ([build] inputs starting with "/"). */
int cook_node_inputs(cook_inputs *inputs, const cook_plan *plan, size_t index, const char *root,
                     char *const *package_hashes, const cook_source_state *source, cook_hex out,
                     mh_error *err);

/* The part of the input hash that comes from outside the recipe: the packages in the node's
 * sysroot and toolchain and the toolchain identity. A build directory kept from a build with
 * other dependencies is not reused (cook_build), as its makefiles cannot see such changes. */
void cook_node_dependencies(const cook_inputs *inputs, const cook_plan *plan, size_t index,
                            char *const *package_hashes, cook_hex out);

#endif
