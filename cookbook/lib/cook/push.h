/* Installing published packages into a directory tree (`repo push --sysroot=DIR`), as pkgutils
 * does on a Redox system: the files, the package heads at var/lib/packages/<name>.pkgar_head,
 * and etc/pkg/packages.toml ([installed.<name>] blake3, manual, storage_size, dependencies).
 * A package already installed is replaced through its old head, so files it no longer has are
 * removed. The named packages' runtime dependencies (their tomls' depends) come along. */
#ifndef MH_COOK_PUSH_H
#define MH_COOK_PUSH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "pkgar/keys.h"

typedef struct cook_push_options {
    const char *repo_dir;           /* <cookbook>/repo/<target> */
    const char *sysroot;
    const pkgar_public_key *key;
    bool metadata;                  /* write heads and packages.toml */
    int log_fd;
} cook_push_options;

/* *installed receives how many packages were installed. */
int cook_push(const cook_push_options *options, const char *const *names, size_t count,
              size_t *installed, mh_error *err);

#endif
