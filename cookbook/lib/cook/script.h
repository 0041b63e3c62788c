/* Recipe scripts: the environment the cook gives them and running them with bash -e.
 * A script is the prelude (helpers, tools, flags) followed by the recipe's text; it is written
 * to a file beside the log (so a failed build can be re-run by hand) and run from there. */
#ifndef MH_COOK_SCRIPT_H
#define MH_COOK_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "cook/process.h"

typedef struct cook_script_vars {
    const char *name;          /* COOKBOOK_NAME */
    const char *recipe_dir;    /* COOKBOOK_RECIPE */
    const char *root;          /* COOKBOOK_ROOT */
    const char *source;        /* COOKBOOK_SOURCE */
    const char *target;        /* TARGET (the triple this build is for) */
    const char *host_target;   /* COOKBOOK_HOST_TARGET */
    long jobs;                 /* COOKBOOK_MAKE_JOBS */
    int64_t source_date_epoch;
    /* Builds only (NULL for source scripts): */
    const char *build;         /* COOKBOOK_BUILD (the script's working directory) */
    const char *stage;         /* COOKBOOK_STAGE */
    const char *sysroot;       /* COOKBOOK_SYSROOT */
    const char *toolchain;     /* COOKBOOK_TOOLCHAIN */
    const char *source_ident;  /* COOKBOOK_SOURCE_IDENT */
    const char *commit_ident;  /* COOKBOOK_COMMIT_IDENT */
    const char *makeflags;     /* MAKEFLAGS with the jobserver; NULL leaves it as it is */
} cook_script_vars;

/* This process's environment plus the cook's variables (and TZ=UTC, a C.UTF-8 locale, so
 * builds do not depend on the user's settings). */
void cook_script_env(cook_env *env, const cook_script_vars *vars);

/* The GNU triple of a target ("x86_64-unknown-redox" stays as it is; the host's
 * "x86_64-unknown-linux-gnu" becomes "x86_64-linux-gnu", Debian's name for it). Caller frees. */
char *cook_gnu_target(const char *target);

typedef struct cook_script_run {
    const char *body;          /* the recipe's script, after the prelude */
    const char *script_path;   /* where the whole script is written */
    const char *cwd;
    const cook_env *env;
    int log_fd;
    const int *keep_fds;       /* jobserver descriptors */
    size_t keep_count;
} cook_script_run;

/* Writes prelude + body to script_path and runs `bash -e script_path` in cwd with output to
 * the log. A non-zero exit is an error naming the script. */
int cook_run_script(const cook_script_run *run, mh_error *err);

#endif
