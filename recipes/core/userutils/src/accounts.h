/* What login and su need to know about an account and to become it. */
#ifndef USERUTILS_ACCOUNTS_H
#define USERUTILS_ACCOUNTS_H

#include <pwd.h>

#define SHADOW_FILE "/etc/shadow"

enum password_check {
    PASSWORD_ACCEPTED,
    PASSWORD_REJECTED,
    PASSWORD_UNUSABLE, /* no shadow entry, or one that is no Argon2 hash: nobody gets in */
};

/* Whether user's shadow entry (Redox format "user;<hash>", an empty hash meaning no password)
 * says the account needs no password. */
int account_has_empty_password(const char *user);

/* Checks password against user's shadow entry; unknown users cost as much time as known ones.
 * Reasons for PASSWORD_UNUSABLE go to stderr prefixed with program. */
enum password_check account_check_password(const char *program, const char *user, const char *password);

/* Sets the supplementary groups, the group id and the user id of user; prints why not to stderr
 * and returns -1 if that fails (the caller must then not go on). */
int account_become(const char *program, const struct passwd *user);

/* Replaces the process with user's shell: as a login shell (argv[0] "-sh", started in the
 * home directory, a fresh environment) or, with login 0, keeping the environment and setting
 * HOME, SHELL, USER and LOGNAME. command, if not NULL, is run with -c. Returns only on failure,
 * having said why. */
void account_exec_shell(const char *program, const struct passwd *user, int login, const char *command);

#endif
