/* The `repo` command line (named and shaped as upstream Redox's): shared option state and
 * one entry point per command, each in its own file. */
#ifndef MH_REPO_H
#define MH_REPO_H

#include <stdbool.h>
#include <stddef.h>

#include "recipe/cookbook.h"

typedef struct repo_options {
    const char *cookbook_root;
    bool all;
    bool help;
    const char **names;
    size_t name_count;
    /* fetch, cook, unfetch, clean, push */
    const char *target;           /* --target=TRIPLE (else $TARGET, else x86_64-unknown-redox) */
    const char *filesystem;       /* --filesystem=CONFIG: its [packages] */
    const char *sysroot;          /* --sysroot=DIR (push) */
    bool offline;                 /* --offline (or REPO_OFFLINE=1) */
    bool allow_unverified;        /* --allow-unverified */
    bool keep_going;              /* --keep-going (or [cook] nonstop) */
    bool with_package_deps;       /* --with-package-deps */
    bool no_metadata;             /* --no-metadata (push) */
    long jobs;                    /* -j N; 0 when not given */
} repo_options;

typedef struct repo_command {
    const char *name;
    const char *summary; /* NULL: an alias, shown as the command with the same run */
    const char *usage; /* shown by `repo NAME --help` */
    int (*run)(mh_cookbook *cb, const repo_options *options);
} repo_command;

int repo_check(mh_cookbook *cb, const repo_options *options);
int repo_find(mh_cookbook *cb, const repo_options *options);
int repo_tree(mh_cookbook *cb, const repo_options *options);
int repo_fetch(mh_cookbook *cb, const repo_options *options);
int repo_cook(mh_cookbook *cb, const repo_options *options);
int repo_unfetch(mh_cookbook *cb, const repo_options *options);
int repo_clean(mh_cookbook *cb, const repo_options *options);
int repo_push(mh_cookbook *cb, const repo_options *options);
int repo_sources(mh_cookbook *cb, const repo_options *options);

/* Prints "repo: " + the formatted error to stderr. */
void repo_print_error(const mh_error *err);
/* Prints a warning ("path:line:col: warning: message") to stderr. */
void repo_print_warning(const mh_error *warning);

#endif
