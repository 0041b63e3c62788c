/* The image's file tree, written into an install target (a host directory or the RedoxFS
 * volume of an image): the config's [[files]], home directories and account files. Owners
 * cannot be set on the host without root, so they are recorded as rules (path, uid, gid,
 * recursive) and applied to the image once everything is in; everything else is owned by
 * root. */
#ifndef MH_INSTALLER_TREE_H
#define MH_INSTALLER_TREE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "config/config.h"
#include "installer/accounts.h"
#include "installer/target.h"

typedef struct mh_owner_rule {
    char *path; /* relative to the root, no leading '/' */
    uint32_t uid, gid;
    bool recursive;
} mh_owner_rule;

typedef struct mh_install_tree {
    mh_install_target *target; /* not owned */
    mh_owner_rule *rules; /* applied in order: later rules win */
    size_t rule_count;
} mh_install_tree;

void mh_install_tree_init(mh_install_tree *tree, mh_install_target *target);
void mh_install_tree_free(mh_install_tree *tree);

/* Checks every [[files]] path before anything is written: absolute or relative to the image
 * root, no "..", not the root itself. */
int mh_files_check(const mh_config *config, mh_error *err);

/* Writes the [[files]] entries whose postinstall flag equals `postinstall`, in order. A path
 * may not go through a symlink (on the host it could point outside the tree). */
int mh_files_apply(mh_install_tree *tree, const mh_config *config, bool postinstall,
                   mh_error *err);

/* Home directories (0700, owned by their user, recursively; users from uid 1000 get the XDG
 * directories and a copy of /etc/skel) and /etc/passwd, /etc/shadow, /etc/group. */
int mh_accounts_apply(mh_install_tree *tree, const mh_accounts *accounts, mh_error *err);

#endif
