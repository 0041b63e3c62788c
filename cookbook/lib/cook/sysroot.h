/* A build's sysroot (or toolchain) directory: the packages of its dependencies installed into
 * one tree with usr/{bin,include,lib,share} and top-level links to them (spec §2 stage 2).
 * .tags/<package> records the hash of each package installed; a directory whose tags match the
 * wanted packages exactly is reused, anything else is rebuilt in <dir>.tmp and renamed. */
#ifndef MH_COOK_SYSROOT_H
#define MH_COOK_SYSROOT_H

#include <stddef.h>

#include "base/error.h"
#include "pkgar/keys.h"

typedef struct cook_sysroot_package {
    const char *name;        /* "zlib", "host:gcc", "ion.docs": the tag's name */
    const char *pkgar;       /* the archive; NULL for a package without one (a metapackage) */
    const char *hash;        /* its package hash */
} cook_sysroot_package;

int cook_sysroot_assemble(const char *dir, const cook_sysroot_package *packages, size_t count,
                          const pkgar_public_key *key, int log_fd, mh_error *err);

/* Empties dir's contents but keeps .tags (upstream's clean_target), so the tags still say
 * what was installed; the next build then rebuilds it since the packages are missing. */
int cook_sysroot_clear(const char *dir, mh_error *err);

#endif
