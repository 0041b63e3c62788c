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
} repo_options;

typedef struct repo_command {
    const char *name;
    const char *summary;
    const char *usage; /* shown by `repo NAME --help` */
    int (*run)(mh_cookbook *cb, const repo_options *options);
} repo_command;

int repo_check(mh_cookbook *cb, const repo_options *options);
int repo_find(mh_cookbook *cb, const repo_options *options);
int repo_tree(mh_cookbook *cb, const repo_options *options);

/* Prints "repo: " + the formatted error to stderr. */
void repo_print_error(const mh_error *err);
/* Prints a warning ("path:line:col: warning: message") to stderr. */
void repo_print_warning(const mh_error *warning);

#endif
