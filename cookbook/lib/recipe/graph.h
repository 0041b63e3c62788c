/* The dependency graph over recipes. A node is a recipe built for one side: the target
 * (x86_64-unknown-redox) or the host ("host:" dependencies, built into a toolchain directory).
 * Edges follow Redox's rules: from a target node, "x" and "target:x" are target nodes and
 * "host:x" is a host node; from a host node, "x" and "host:x" are host nodes and "target:x"
 * is dropped; host nodes follow only build and dev dependencies (host packages are never
 * installed on the target, so their runtime dependencies do not matter).
 * A dependency on a missing recipe or missing optional package is a problem located at the
 * dependency string; a cycle is a problem printed as its path "a -> b -> a". */
#ifndef MH_RECIPE_GRAPH_H
#define MH_RECIPE_GRAPH_H

#include <stddef.h>

#include "base/error.h"
#include "recipe/cookbook.h"

typedef enum mh_side { MH_SIDE_TARGET, MH_SIDE_HOST } mh_side;

enum {
    MH_DEPS_BUILD = 1,   /* [build] dependencies */
    MH_DEPS_DEV = 2,     /* [build] dev-dependencies */
    MH_DEPS_PACKAGE = 4, /* [package] and [[optional-packages]] dependencies */
    MH_DEPS_ALL = 7,
};

typedef struct mh_graph_node {
    mh_cookbook_entry *entry;
    mh_side side;
} mh_graph_node;

typedef struct mh_graph_edge {
    mh_graph_node to;
    int kind;              /* one MH_DEPS_* bit */
    const char *written;   /* the dependency as written in the recipe */
} mh_graph_edge;

typedef struct mh_graph_problem {
    mh_cookbook_entry *entry; /* the recipe the problem is reported against */
    mh_error error;
} mh_graph_problem;

typedef struct mh_graph_walk {
    mh_graph_node *order;        /* every reachable node, dependencies before dependents */
    size_t order_count;
    mh_graph_problem *problems;  /* at most one per recipe */
    size_t problem_count;
} mh_graph_walk;

/* Resolves a name given on a command line ("x", "host:x", "x.sub") to a node. */
int mh_graph_node_for_name(mh_cookbook *cb, const char *name, mh_graph_node *node, mh_error *err);

/* The dependencies of node of the given kinds, in recipe order (duplicates removed). Returns -1
 * with err set at the offending dependency when one names a missing recipe or sub-package, or
 * when the recipe itself does not load. The caller frees *edges. */
int mh_graph_edges(mh_cookbook *cb, mh_graph_node node, int kinds, mh_graph_edge **edges,
                   size_t *count, mh_error *err);

/* Walks everything reachable from roots over the given kinds of dependencies, loading recipes
 * as needed, and collects the order and every problem. Returns 0 when there were no problems. */
int mh_graph_walk_from(mh_cookbook *cb, const mh_graph_node *roots, size_t root_count, int kinds,
                       mh_graph_walk *walk);
void mh_graph_walk_free(mh_graph_walk *walk);

#endif
