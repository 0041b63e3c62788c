/* repo find NAME...: the directory of each recipe. */
#include <stdio.h>

#include "recipe/graph.h"
#include "repo.h"

int repo_find(mh_cookbook *cb, const repo_options *options) {
    if (!options->name_count) {
        fprintf(stderr, "repo find: give one or more recipe names\n");
        return 2;
    }
    int status = 0;
    for (size_t i = 0; i < options->name_count; i++) {
        mh_graph_node node;
        mh_error err;
        mh_error_clear(&err);
        if (mh_graph_node_for_name(cb, options->names[i], &node, &err) != 0) {
            repo_print_error(&err);
            status = 1;
            continue;
        }
        printf("%s\n", node.entry->dir);
    }
    return status;
}
