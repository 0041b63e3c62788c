/* Account files in Redox's formats, from a config's [users.*] and [groups.*]:
 *   /etc/passwd  user;uid;gid;name;home;shell
 *   /etc/shadow  user;<argon2 encoded hash, or empty for no password>   (mode 0600)
 *   /etc/group   group;x;gid;member1,member2                          (mode 0600)
 * Users without uid get the lowest free id from 1000 up (in name order); a missing gid is the
 * uid. Every user gets a personal group of its own name and gid, listed before [groups.*];
 * a group without gid also gets the lowest free id from 1000 up. Password hashes are Argon2id
 * (v1.3, m = 4096 KiB, t = 3, p = 1) with a salt derived from the user name and a caller-given
 * seed, so that the same config gives the same image. */
#ifndef MH_INSTALLER_ACCOUNTS_H
#define MH_INSTALLER_ACCOUNTS_H

#include <stdint.h>

#include "base/error.h"
#include "base/strbuf.h"
#include "config/config.h"

typedef struct mh_account {
    const char *user;
    uint32_t uid, gid;
    const char *name, *home, *shell; /* defaults filled in: name = user, home = /home/<user> */
} mh_account;

typedef struct mh_accounts {
    mh_strbuf passwd, shadow, group;
    mh_account *users; /* resolved users, in config order (by name) */
    size_t user_count;
    char **owned_strings; /* defaults allocated for users[] */
    size_t owned_count;
} mh_accounts;

/* Resolves ids and renders the three files. A user without a password (NULL) is an error
 * here, since the installer runs unattended. */
int mh_accounts_build(const mh_config *config, const uint8_t salt_seed[16], mh_accounts *out,
                      mh_error *err);
void mh_accounts_free(mh_accounts *accounts);

#endif
