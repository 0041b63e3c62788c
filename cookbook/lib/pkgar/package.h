/* Per-package metadata: the <name>.toml published beside <name>.pkgar (pkgutils' Package).
 *
 *   name = "gzdoom"                       required
 *   version = "4.1"                       "" (omitted) for a metapackage: nothing to download
 *   target = "x86_64-unknown-redox"       always written
 *   blake3 = "<64 hex>"                   the archive header's entries hash (bytes 96..128)
 *   source_identifier, commit_identifier, time_identifier (ISO 8601)
 *   storage_size = N                      installed size (see pkgar_archive_storage_size)
 *   network_size = N                      the .pkgar's size
 *   depends = ["gtk3", "sdl2"]            always written
 *
 * Empty strings and zero sizes are omitted when writing, absent keys read as empty/zero, and
 * unknown keys are ignored (as serde does upstream). Field order follows upstream. */
#ifndef MH_PKGAR_PACKAGE_H
#define MH_PKGAR_PACKAGE_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "pkgar/archive.h"
#include "pkgar/create.h"

typedef struct pkgar_package {
    /* Never NULL once initialised; "" when unset. Set them with pkgar_package_set. */
    char *name;
    char *version;
    char *target;
    char *blake3;
    char *source_identifier;
    char *commit_identifier;
    char *time_identifier;
    uint64_t storage_size;
    uint64_t network_size;
    char **depends;
    size_t depends_count;
} pkgar_package;

void pkgar_package_init(pkgar_package *package);
void pkgar_package_free(pkgar_package *package);
/* Replaces *field (one of the strings above) with a copy of value (NULL = ""). */
void pkgar_package_set(char **field, const char *value);
void pkgar_package_add_depend(pkgar_package *package, const char *name);

/* blake3, storage_size and network_size from an archive just created, or from an open one. */
void pkgar_package_set_created(pkgar_package *package, const pkgar_create_info *info);
int pkgar_package_set_archive(pkgar_package *package, pkgar_archive *archive, mh_error *err);

/* A package name as pkgutils accepts it: non-empty, no '/' or NUL, at most one '.' (recipe.sub),
 * and ':' only in an optional "host:" or "target:" prefix. what names it in the message. */
int pkgar_package_name_check(const char *name, size_t len, const char *what, mh_error *err);

/* Checks name, depends and blake3 (64 lowercase hex digits or empty). path is for messages. */
int pkgar_package_check(const pkgar_package *package, const char *path, mh_error *err);

/* Parses (and checks) a package toml into package, which this initialises. On failure package
 * is left empty (zeroed: freeing it is harmless). */
int pkgar_package_parse(const char *text, size_t len, const char *path, pkgar_package *package,
                        mh_error *err);
int pkgar_package_load(const char *path, pkgar_package *package, mh_error *err);
void pkgar_package_format(const pkgar_package *package, mh_strbuf *out);
/* Checks, then writes atomically. */
int pkgar_package_save(const char *path, const pkgar_package *package, mh_error *err);

#endif
