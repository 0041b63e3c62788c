/* Packaging a stage: a signed pkgar (LZMA2 when cookbook.toml says compressed = true) and its
 * package toml (stage.toml), signed with the cookbook's key, which is generated on first use at
 * <cookbook>/build/id_ed25519.toml (+ .pub.toml). A metapackage (template none) has a toml and
 * no archive. */
#ifndef MH_COOK_PACKAGE_H
#define MH_COOK_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "cook/digest.h"
#include "pkgar/keys.h"
#include "recipe/recipe.h"

/* The key pair at <root>/build/id_ed25519{,.pub}.toml, generated when absent. */
int cook_signing_key(const char *root, pkgar_secret_key *sk, pkgar_public_key *pk,
                     mh_error *err);
/* The public key only (for installing packages). */
int cook_public_key(const char *root, pkgar_public_key *pk, mh_error *err);

/* [package] version, else one guessed from the tar URL, rev, branch or Cargo.toml (the first
 * "1.2" or "1.2.3" found), "" for a metapackage, else "TODO". The caller frees. */
char *cook_package_version(const mh_recipe *recipe, const char *source_dir);

/* "2024-01-31T12:00:00Z" for a time in seconds. */
void cook_iso8601(int64_t time, char out[32]);

typedef struct cook_package_request {
    const char *name;             /* "zlib" or "ion.docs" */
    const char *stage_dir;        /* NULL: a metapackage (toml only) */
    const char *pkgar_path;       /* removed for a metapackage */
    const char *toml_path;
    const char *version;
    const char *target;
    const char *source_identifier;
    const char *commit_identifier;
    const char *time_identifier;
    const char *const *depends;
    size_t depends_count;
    const pkgar_secret_key *key;
    bool compressed;
} cook_package_request;

/* Writes the archive and the toml; *package_hash receives the archive's entries hash (the
 * toml's blake3), or for a metapackage the hash of its toml. */
int cook_make_package(const cook_package_request *request, cook_hex package_hash,
                      mh_error *err);

#endif
