/* repo check: parse recipes and check the dependency graph; one line per bad recipe. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "recipe/graph.h"
#include "repo.h"

static int compare_problems(const void *a, const void *b) {
    const mh_graph_problem *x = a, *y = b;
    return strcmp(x->entry->dir, y->entry->dir);
}

int repo_check(mh_cookbook *cb, const repo_options *options) {
    if (!options->all && !options->name_count) {
        fprintf(stderr, "repo check: give recipe names or --all\n");
        return 2;
    }
    size_t root_count = options->all ? cb->count : options->name_count;
    mh_graph_node *roots = mh_xcalloc(root_count ? root_count : 1, sizeof *roots);
    int status = 0;
    size_t valid_roots = 0;
    for (size_t i = 0; i < root_count; i++) {
        if (options->all) {
            roots[valid_roots++] = (mh_graph_node){&cb->entries[i], MH_SIDE_TARGET};
            continue;
        }
        mh_error err;
        mh_error_clear(&err);
        if (mh_graph_node_for_name(cb, options->names[i], &roots[valid_roots], &err) != 0) {
            repo_print_error(&err);
            status = 1;
        } else {
            valid_roots++;
        }
    }
    mh_graph_walk walk;
    mh_graph_walk_from(cb, roots, valid_roots, MH_DEPS_ALL, &walk);
    for (size_t i = 0; i < cb->count; i++)
        if (cb->entries[i].state == 1)
            for (size_t w = 0; w < cb->entries[i].recipe.warning_count; w++)
                repo_print_warning(&cb->entries[i].recipe.warnings[w]);
    if (walk.problem_count)
        qsort(walk.problems, walk.problem_count, sizeof *walk.problems, compare_problems);
    for (size_t i = 0; i < walk.problem_count; i++) {
        char text[MH_ERROR_PATH_MAX + MH_ERROR_MESSAGE_MAX + 64];
        mh_error_format(&walk.problems[i].error, text, sizeof text);
        printf("%s\n", text);
    }
    size_t checked = 0;
    for (size_t i = 0; i < cb->count; i++)
        checked += cb->entries[i].state != 0;
    if (walk.problem_count) {
        fprintf(stderr, "repo check: %zu of %zu recipes have errors\n", walk.problem_count, checked);
        status = 1;
    }
    mh_graph_walk_free(&walk);
    free(roots);
    return status;
}
