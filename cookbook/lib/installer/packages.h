/* The packages of an image: the closure of a config's [packages] over the `depends` of the
 * local repository's package tomls (<repo>/<name>.toml), installed from signed pkgar archives
 * verified against the cookbook's public key, and recorded as the installed system expects:
 * etc/pkg/packages.toml and var/lib/packages/<name>.pkgar_head. */
#ifndef MH_INSTALLER_PACKAGES_H
#define MH_INSTALLER_PACKAGES_H

#include <stdbool.h>

#include "base/error.h"
#include "config/config.h"
#include "installer/target.h"
#include "pkgar/keys.h"
#include "pkgar/package.h"

typedef struct mh_image_package {
    pkgar_package meta;
    bool manual; /* named by the config (not only pulled in as a dependency) */
} mh_image_package;

typedef struct mh_package_set {
    mh_image_package *items; /* dependencies before dependents */
    size_t count;
} mh_package_set;

/* Resolves the closure; every missing package toml is an error located at the config line that
 * (transitively) asked for it. Nothing is written. */
int mh_packages_resolve(const mh_config *config, const char *repo_dir, mh_package_set *set,
                        mh_error *err);

/* Bytes the installed packages take (their storage_size sum). */
uint64_t mh_packages_storage_size(const mh_package_set *set);

/* Opens every archive with the trusted key (signature, entry table) before installing any, then
 * installs each into the target and writes the package heads and etc/pkg/packages.toml. */
int mh_packages_install(const mh_package_set *set, const char *repo_dir,
                        const pkgar_public_key *key, mh_install_target *target, mh_error *err);

void mh_package_set_free(mh_package_set *set);

#endif
