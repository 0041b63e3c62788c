/* Which recipes a command works on: the names given, every recipe (--all), or the [packages]
 * of a filesystem config (--filesystem=CONFIG; entries set to "ignore" are left out). */
#ifndef MH_REPO_SELECT_H
#define MH_REPO_SELECT_H

#include <stddef.h>

#include "recipe/graph.h"
#include "repo.h"

typedef struct repo_selection {
    mh_graph_node *roots;
    size_t count;
    char **packages;      /* the package names as given ("x", "x.sub"), for push */
    size_t package_count;
} repo_selection;

/* Prints what is wrong and returns -1 (exit status 1), or 2 when nothing was selected. */
int repo_select(mh_cookbook *cb, const repo_options *options, const char *command,
                repo_selection *selection);
void repo_selection_free(repo_selection *selection);

/* The target triple: --target, else $TARGET, else x86_64-unknown-redox. */
const char *repo_target(const repo_options *options);
/* The build machine's triple, e.g. x86_64-unknown-linux-gnu. The caller frees. */
char *repo_host_target(void);

#endif
