/* repo tree NAME...: the dependency tree, drawn with box characters. */
#include <stdio.h>
#include <stdlib.h>

#include "base/strbuf.h"
#include "recipe/graph.h"
#include "repo.h"

typedef struct tree_printer {
    mh_cookbook *cb;
    bool *expanded; /* per node slot: its subtree was already printed */
    mh_strbuf prefix;
} tree_printer;

static size_t slot_of(const tree_printer *t, mh_graph_node n) {
    return (size_t)(n.entry - t->cb->entries) * 2 + (n.side == MH_SIDE_HOST);
}

static const char *kind_label(int kind) {
    return kind == MH_DEPS_DEV ? " (dev)" : kind == MH_DEPS_PACKAGE ? " (runtime)" : "";
}

static void print_children(tree_printer *t, mh_graph_node node) {
    mh_graph_edge *edges;
    size_t count;
    mh_error err;
    if (mh_graph_edges(t->cb, node, MH_DEPS_ALL, &edges, &count, &err) != 0)
        return; /* problems were reported before printing */
    for (size_t i = 0; i < count; i++) {
        bool last = i + 1 == count;
        mh_graph_node child = edges[i].to;
        bool seen = t->expanded[slot_of(t, child)];
        printf("%s%s%s%s%s%s\n", mh_strbuf_str(&t->prefix), last ? "└── " : "├── ",
               child.side == MH_SIDE_HOST ? "host:" : "", child.entry->name,
               kind_label(edges[i].kind), seen ? " (*)" : "");
        if (seen)
            continue;
        t->expanded[slot_of(t, child)] = true;
        size_t saved = t->prefix.len;
        mh_strbuf_puts(&t->prefix, last ? "    " : "│   ");
        print_children(t, child);
        mh_strbuf_truncate(&t->prefix, saved);
    }
    free(edges);
}

int repo_tree(mh_cookbook *cb, const repo_options *options) {
    if (!options->name_count) {
        fprintf(stderr, "repo tree: give one or more recipe names\n");
        return 2;
    }
    mh_graph_node *roots = mh_xcalloc(options->name_count, sizeof *roots);
    for (size_t i = 0; i < options->name_count; i++) {
        mh_error err;
        mh_error_clear(&err);
        if (mh_graph_node_for_name(cb, options->names[i], &roots[i], &err) != 0) {
            repo_print_error(&err);
            free(roots);
            return 1;
        }
    }
    mh_graph_walk walk;
    int status = 0;
    if (mh_graph_walk_from(cb, roots, options->name_count, MH_DEPS_ALL, &walk) != 0) {
        for (size_t i = 0; i < walk.problem_count; i++)
            repo_print_error(&walk.problems[i].error);
        status = 1;
    } else {
        tree_printer t = {cb, mh_xcalloc(cb->count * 2 + 1, sizeof(bool)), MH_STRBUF_INIT};
        for (size_t i = 0; i < options->name_count; i++) {
            printf("%s%s\n", roots[i].side == MH_SIDE_HOST ? "host:" : "", roots[i].entry->name);
            t.expanded[slot_of(&t, roots[i])] = true;
            print_children(&t, roots[i]);
        }
        free(t.expanded);
        mh_strbuf_free(&t.prefix);
    }
    mh_graph_walk_free(&walk);
    free(roots);
    return status;
}
