/* Shadow entries, identity changes and the shell start shared by login and su. */
#include "accounts.h"

#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argon2.h"

#define DEFAULT_SHELL "/usr/bin/sh"
#define LOGIN_PATH "/usr/bin:/bin"

/* Checked instead of a hash when the user does not exist, so that the answer takes as long
 * as for a real user (the installer's parameters; the password never matches). */
static const char unknown_user_hash[] =
    "$argon2id$v=19$m=4096,t=3,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/* user's hash from /etc/shadow into *hash (allocated): 1 found, 0 no such entry, -1 on a read
 * error (errno). */
static int find_shadow_hash(const char *user, char **hash)
{
    FILE *file = fopen(SHADOW_FILE, "r");
    if (file == NULL)
        return -1;
    size_t user_length = strlen(user);
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    int found = 0;
    errno = 0;
    while ((length = getline(&line, &capacity, file)) >= 0) {
        if (length > 0 && line[length - 1] == '\n')
            line[--length] = '\0';
        if ((size_t)length > user_length && strncmp(line, user, user_length) == 0 &&
            line[user_length] == ';') {
            *hash = strdup(line + user_length + 1);
            found = *hash != NULL ? 1 : -1;
            break;
        }
    }
    if (length < 0 && errno != 0)
        found = -1;
    int saved = errno;
    free(line);
    fclose(file);
    errno = saved;
    return found;
}

int account_has_empty_password(const char *user)
{
    char *hash = NULL;
    int empty = find_shadow_hash(user, &hash) == 1 && hash[0] == '\0';
    free(hash);
    return empty;
}

enum password_check account_check_password(const char *program, const char *user, const char *password)
{
    char *hash = NULL;
    int found = find_shadow_hash(user, &hash);
    if (found < 0) {
        fprintf(stderr, "%s: cannot read %s: %s\n", program, SHADOW_FILE, strerror(errno));
        return PASSWORD_UNUSABLE;
    }
    enum password_check verdict;
    if (found == 0) {
        mh_argon2_verify_encoded(unknown_user_hash, password, strlen(password));
        verdict = PASSWORD_REJECTED;
    } else if (hash[0] == '\0') {
        verdict = PASSWORD_ACCEPTED;
    } else {
        enum mh_argon2_result result = mh_argon2_verify_encoded(hash, password, strlen(password));
        if (result == MH_ARGON2_OK) {
            verdict = PASSWORD_ACCEPTED;
        } else if (result == MH_ARGON2_MISMATCH) {
            verdict = PASSWORD_REJECTED;
        } else {
            fprintf(stderr, "%s: %s: the entry of '%s' is unusable: %s\n", program, SHADOW_FILE,
                    user, mh_argon2_describe(result));
            verdict = PASSWORD_UNUSABLE;
        }
    }
    free(hash);
    return verdict;
}

int account_become(const char *program, const struct passwd *user)
{
    if (initgroups(user->pw_name, user->pw_gid) != 0) {
        fprintf(stderr, "%s: cannot set the groups of '%s': %s\n", program, user->pw_name,
                strerror(errno));
        return -1;
    }
    if (setgid(user->pw_gid) != 0) {
        fprintf(stderr, "%s: cannot set group id %d for '%s': %s\n", program, (int)user->pw_gid,
                user->pw_name, strerror(errno));
        return -1;
    }
    if (setuid(user->pw_uid) != 0) {
        fprintf(stderr, "%s: cannot set user id %d for '%s': %s\n", program, (int)user->pw_uid,
                user->pw_name, strerror(errno));
        return -1;
    }
    if (getuid() != user->pw_uid || geteuid() != user->pw_uid || getgid() != user->pw_gid) {
        fprintf(stderr, "%s: the system did not change the ids to those of '%s'\n", program,
                user->pw_name);
        return -1;
    }
    return 0;
}

void account_exec_shell(const char *program, const struct passwd *user, int login, const char *command)
{
    const char *shell = user->pw_shell != NULL && user->pw_shell[0] != '\0' ? user->pw_shell : DEFAULT_SHELL;
    const char *base = strrchr(shell, '/') != NULL ? strrchr(shell, '/') + 1 : shell;
    char *name = malloc(strlen(base) + 2);
    if (name == NULL) {
        fprintf(stderr, "%s: out of memory\n", program);
        return;
    }
    /* A leading '-' tells the shell it is a login shell (it then reads its profile). */
    sprintf(name, "%s%s", login ? "-" : "", base);
    char *arguments[] = {name, command != NULL ? (char *)"-c" : NULL, (char *)command, NULL};

    if (login) {
        if (chdir(user->pw_dir) != 0) {
            fprintf(stderr, "%s: cannot enter the home directory %s (%s); starting in /\n",
                    program, user->pw_dir, strerror(errno));
            chdir("/");
        }
        const char *terminal = getenv("TERM");
        char *environment[7];
        int count = 0;
        size_t size = strlen(user->pw_dir) + strlen(shell) + 2 * strlen(user->pw_name) +
                      strlen(LOGIN_PATH) + (terminal != NULL ? strlen(terminal) : 0) + 64;
        char *strings = malloc(size), *next = strings;
        if (strings == NULL) {
            fprintf(stderr, "%s: out of memory\n", program);
            free(name);
            return;
        }
#define PUT(...) (environment[count++] = next, next += sprintf(next, __VA_ARGS__) + 1)
        PUT("HOME=%s", user->pw_dir);
        PUT("USER=%s", user->pw_name);
        PUT("LOGNAME=%s", user->pw_name);
        PUT("SHELL=%s", shell);
        PUT("PATH=%s", LOGIN_PATH);
        if (terminal != NULL)
            PUT("TERM=%s", terminal);
#undef PUT
        environment[count] = NULL;
        execve(shell, arguments, environment);
        free(strings);
    } else {
        setenv("HOME", user->pw_dir, 1);
        setenv("SHELL", shell, 1);
        setenv("USER", user->pw_name, 1);
        setenv("LOGNAME", user->pw_name, 1);
        execv(shell, arguments);
    }
    fprintf(stderr, "%s: cannot run the shell %s: %s\n", program, shell, strerror(errno));
    free(name);
}
