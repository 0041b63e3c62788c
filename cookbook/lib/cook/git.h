/* The git operations of a fetch, run with the `git` command (output to the recipe's log).
 * GIT_TERMINAL_PROMPT=0 is always set so that a fetch never waits for a password; offline
 * fetches run git with every transport forbidden. */
#ifndef MH_COOK_GIT_H
#define MH_COOK_GIT_H

#include <stdbool.h>
#include <stdint.h>

#include "base/error.h"
#include "cook/process.h"

typedef struct cook_git {
    cook_env env;  /* git's environment */
    int log_fd;
} cook_git;

/* Sets up the environment (offline: no transport at all). */
void cook_git_init(cook_git *git, bool offline, int log_fd);
void cook_git_free(cook_git *git);

/* git clone --recursive [--branch B] [--filter=tree:0 --also-filter-submodules] URL DIR */
int cook_git_clone(cook_git *git, const char *url, const char *dir, const char *branch,
                   bool treeless, mh_error *err);
/* git fetch origin (with tags); also fetches rev explicitly when given and not yet present. */
int cook_git_fetch(cook_git *git, const char *dir, const char *rev, mh_error *err);
/* Discards local changes and untracked files. */
int cook_git_reset(cook_git *git, const char *dir, mh_error *err);
/* Checks out rev (a commit or tag) detached, else branch (tracking origin/branch), else the
 * remote's default branch. */
int cook_git_checkout(cook_git *git, const char *dir, const char *rev, const char *branch,
                      mh_error *err);
/* git submodule sync + update --init --recursive */
int cook_git_submodules(cook_git *git, const char *dir, mh_error *err);
/* The commit rev names (40 hex digits); spec is e.g. "HEAD" or "origin/master". */
int cook_git_resolve(cook_git *git, const char *dir, const char *spec, char out[41],
                     mh_error *err);
/* The commit of origin's branch (or origin's default branch when branch is NULL). */
int cook_git_remote_head(cook_git *git, const char *dir, const char *branch, char out[41],
                         mh_error *err);
/* Committer time of HEAD (seconds since the epoch). */
int cook_git_commit_time(cook_git *git, const char *dir, int64_t *time, mh_error *err);
/* Whether dir is the top of a git work tree (has .git). */
bool cook_git_is_clone(const char *dir);

#endif
