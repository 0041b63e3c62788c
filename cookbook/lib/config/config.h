/* Image configurations in Redox's filesystem-config format (spec §4), with upstream's merge
 * semantics: a config's `include` files (paths relative to it) are loaded recursively, the file
 * itself is appended last, the first becomes the base and the rest are merged into it in order.
 * [packages], [users.*] and [groups.*] replace per key, [[files]] are appended, [general] values
 * that a later config sets replace earlier ones — except `prompt`, which only the base sets (an
 * upstream quirk kept for compatibility). An include cycle is an error naming the chain. */
#ifndef MH_CONFIG_CONFIG_H
#define MH_CONFIG_CONFIG_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "base/strbuf.h"

typedef enum mh_package_rule {
    MH_RULE_DEFAULT, /* {} : the cookbook's default (build from source) */
    MH_RULE_SOURCE,
    MH_RULE_LOCAL,
    MH_RULE_BINARY,
    MH_RULE_IGNORE, /* cancels a package named by an included config */
} mh_package_rule;

const char *mh_package_rule_name(mh_package_rule rule);

/* Where a value came from, for errors raised after loading (missing package, bad path). */
typedef struct mh_config_origin {
    char *file;
    unsigned line, column;
} mh_config_origin;

typedef struct mh_config_package {
    char *name;
    mh_package_rule rule;
    char *version, *git, *path; /* the {version=, git=, path=} form: parsed, unused (as upstream) */
    mh_config_origin origin;
} mh_config_package;

typedef struct mh_config_file {
    char *path;
    char *data; /* content, symlink target, or "" for a directory */
    size_t data_len;
    bool symlink, directory, recursive_chown, postinstall, append;
    int64_t mode, uid, gid; /* -1 = not set */
    mh_config_origin origin;
} mh_config_file;

typedef struct mh_config_user {
    char *key;
    char *password; /* NULL = not set (upstream prompts); "" = no password */
    int64_t uid, gid; /* -1 = not set: assigned from 1000 */
    char *name, *home, *shell;
    mh_config_origin origin;
} mh_config_user;

typedef struct mh_config_group {
    char *key;
    int64_t gid; /* -1 = not set */
    char **members;
    size_t member_count;
    mh_config_origin origin;
} mh_config_group;

typedef struct mh_config_general {
    int64_t filesystem_size;    /* MiB; -1 = not set */
    int64_t efi_partition_size; /* MiB; -1 = not set (default 1) */
    int skip_partitions, encrypt_disk, live_disk, no_mount, prompt; /* -1 = not set */
    char *write_bootloader, *cookbook;
} mh_config_general;

typedef struct mh_config {
    mh_config_general general;
    mh_config_package *packages; /* sorted by name */
    size_t package_count;
    mh_config_file *files;       /* in merge order */
    size_t file_count;
    mh_config_user *users;       /* sorted by key */
    size_t user_count;
    mh_config_group *groups;     /* sorted by key */
    size_t group_count;
    mh_error *warnings;          /* unknown keys, with their locations */
    size_t warning_count;
} mh_config;

/* Loads path and everything it includes, merged. */
int mh_config_load(const char *path, mh_config *config, mh_error *err);
void mh_config_free(mh_config *config);

/* The package named name, or NULL. */
const mh_config_package *mh_config_find_package(const mh_config *config, const char *name);

/* The merged config as TOML (what `redox_installer --output-config` writes). */
void mh_config_write(const mh_config *config, mh_strbuf *out);

#endif
