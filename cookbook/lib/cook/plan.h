/* What a cook will do: the recipes to fetch and the nodes (recipe + side) to build, in
 * dependency order, with each node's build prerequisites and the packages its sysroot and
 * toolchain are made of (spec §2 stage 2: a node's direct build and dev dependencies and,
 * transitively, their build dependencies; target-side ones go into sysroot/, host-side ones
 * into toolchain/; a host build puts everything into sysroot/, which is also its toolchain). */
#ifndef MH_COOK_PLAN_H
#define MH_COOK_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/error.h"
#include "recipe/graph.h"

/* A package of a plan node, as a dependency names it. */
typedef struct cook_plan_dep {
    size_t node;               /* index into the plan's nodes */
    char *sub;                 /* "" for the main package, else the optional package's name */
} cook_plan_dep;

typedef struct cook_plan_node {
    mh_graph_node node;
    const mh_recipe *recipe;   /* NULL when the recipe failed to load (see problem) */
    const char *triple;        /* the plan's target or host triple */
    char *label;               /* "name" or "host:name" */
    char *target_dir;          /* <recipe>/target/<triple> */
    size_t fetch;              /* index into the plan's fetches */
    size_t *sysroot;           /* node indexes installed into sysroot/ (sorted by label) */
    size_t sysroot_count;
    size_t *toolchain;         /* node indexes installed into toolchain/ */
    size_t toolchain_count;
    /* For automatic runtime dependencies (spec §2 stage 5), on the node's own side only: */
    cook_plan_dep *direct;     /* its [build] dependencies as written, in recipe order */
    size_t direct_count;
    size_t *linked;            /* nodes reached over [build] dependencies alone (not dev ones):
                                * what the build may link against (sorted by label) */
    size_t linked_count;
    char **sub_packages;       /* sub-packages of this node that dependents name ("x.sub") */
    size_t sub_package_count;
    bool named;                /* given on the command line (or selected by --all/--filesystem) */
    const mh_error *problem;   /* the recipe or its dependencies are broken; NULL if fine */
} cook_plan_node;

typedef struct cook_plan_fetch {
    mh_cookbook_entry *entry;
    const mh_recipe *recipe;
    long same_as;              /* fetch index of the recipe whose source this one links to, or -1 */
    bool named;
} cook_plan_fetch;

typedef struct cook_plan {
    cook_plan_node *nodes;     /* dependencies before dependents */
    size_t node_count;
    cook_plan_fetch *fetches;  /* one per recipe */
    size_t fetch_count;
    mh_graph_walk walk;        /* owns the problems */
} cook_plan;

typedef struct cook_plan_options {
    const char *target;        /* e.g. x86_64-unknown-redox */
    const char *host_target;   /* e.g. x86_64-unknown-linux-gnu */
    bool with_package_deps;    /* also cook [package] dependencies */
} cook_plan_options;

/* Plans the cook of roots. Problems (missing recipes, cycles, broken recipes) do not fail the
 * plan: the nodes concerned carry them and the cook reports them as failures. */
void cook_plan_make(mh_cookbook *cb, const mh_graph_node *roots, size_t root_count,
                    const cook_plan_options *options, cook_plan *plan);
void cook_plan_free(cook_plan *plan);

#endif
