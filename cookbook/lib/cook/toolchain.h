/* The identity of the tools a build uses, for the input hash: a change of compiler (a package
 * upgrade, another PATH, new wrappers in the cookbook's bin/) or of the environment variables
 * that steer builds must rebuild. Cheap: resolved paths and stat data, no compiler is run. */
#ifndef MH_COOK_TOOLCHAIN_H
#define MH_COOK_TOOLCHAIN_H

#include "base/error.h"
#include "cook/digest.h"

/* Host C tools on PATH, the target's wrappers, <root>/bin, and the steering variables. */
void cook_toolchain_identity(const char *root, const char *target, cook_hex out);

/* The Rust toolchain (`rustc -vV`) and the crates of the offline registry, for cargo builds.
 * Runs rustc once; an absent rustc hashes as such. */
void cook_rust_identity(const char *registry, cook_hex out);

#endif
