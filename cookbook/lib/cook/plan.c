#include "cook/plan.h"

#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "recipe/names.h"

typedef struct index_list {
    size_t *items;
    size_t count;
} index_list;

static bool list_has(const index_list *l, size_t v) {
    for (size_t i = 0; i < l->count; i++)
        if (l->items[i] == v)
            return true;
    return false;
}

static void list_add(index_list *l, size_t v) {
    l->items = mh_xrealloc(l->items, (l->count + 1) * sizeof *l->items);
    l->items[l->count++] = v;
}

static size_t slot_of(const mh_cookbook *cb, mh_graph_node n) {
    return (size_t)(n.entry - cb->entries) * 2 + (n.side == MH_SIDE_HOST);
}

static const cook_plan *sort_plan; /* qsort has no context argument */
static int compare_labels(const void *a, const void *b) {
    return strcmp(sort_plan->nodes[*(const size_t *)a].label,
                  sort_plan->nodes[*(const size_t *)b].label);
}

static void add_sub_package(cook_plan_node *n, const char *sub) {
    for (size_t i = 0; i < n->sub_package_count; i++)
        if (strcmp(n->sub_packages[i], sub) == 0)
            return;
    n->sub_packages = mh_xrealloc(n->sub_packages, (n->sub_package_count + 1) * sizeof(char *));
    n->sub_packages[n->sub_package_count++] = mh_xstrdup(sub);
}

/* The nodes reachable from node i: over first_kinds from i itself, then over [build]
 * dependencies. With direct, the packages i names over [build] dependencies are recorded. */
static index_list reach(mh_cookbook *cb, cook_plan *plan, const long *node_at, size_t i,
                        int first_kinds, cook_plan_node *direct) {
    cook_plan_node *n = &plan->nodes[i];
    index_list reached = {0};
    index_list queue = {0};
    for (size_t q = 0, round = 0;; round++) {
        mh_graph_node from = round == 0 ? n->node : plan->nodes[queue.items[q++]].node;
        mh_graph_edge *edges;
        size_t count;
        mh_error err;
        int kinds = round == 0 ? first_kinds : MH_DEPS_BUILD;
        if (mh_graph_edges(cb, from, kinds, &edges, &count, &err) == 0) {
            for (size_t e = 0; e < count; e++) {
                long at = node_at[slot_of(cb, edges[e].to)];
                mh_package_name name;
                const char *why;
                bool parsed = mh_package_name_parse(edges[e].written, strlen(edges[e].written),
                                                    &name, &why);
                if (at >= 0 && parsed && name.sub[0])
                    add_sub_package(&plan->nodes[at], name.sub);
                if (at >= 0 && parsed && direct && round == 0 &&
                    edges[e].kind == MH_DEPS_BUILD && (size_t)at != i) {
                    size_t size = (direct->direct_count + 1) * sizeof *direct->direct;
                    direct->direct = mh_xrealloc(direct->direct, size);
                    direct->direct[direct->direct_count++] =
                        (cook_plan_dep){(size_t)at, mh_xstrdup(name.sub)};
                }
                if (at < 0 || (size_t)at == i || list_has(&reached, (size_t)at))
                    continue;
                list_add(&reached, (size_t)at);
                list_add(&queue, (size_t)at);
            }
            free(edges);
        }
        if (q >= queue.count)
            break;
    }
    free(queue.items);
    return reached;
}

static void sort_by_label(const cook_plan *plan, index_list *list) {
    sort_plan = plan;
    if (list->count)
        qsort(list->items, list->count, sizeof(size_t), compare_labels);
}

/* The sysroot and toolchain of node i: its direct build and dev dependencies, then the build
 * dependencies of those, transitively. Also what it links against: the same over build
 * dependencies alone, on its own side. */
static void closure(mh_cookbook *cb, cook_plan *plan, const long *node_at, size_t i) {
    cook_plan_node *n = &plan->nodes[i];
    index_list reached = reach(cb, plan, node_at, i, MH_DEPS_BUILD | MH_DEPS_DEV, NULL);
    index_list sysroot = {0}, toolchain = {0};
    for (size_t k = 0; k < reached.count; k++) {
        const cook_plan_node *dep = &plan->nodes[reached.items[k]];
        bool into_toolchain = n->node.side == MH_SIDE_TARGET && dep->node.side == MH_SIDE_HOST;
        list_add(into_toolchain ? &toolchain : &sysroot, reached.items[k]);
    }
    sort_by_label(plan, &sysroot);
    sort_by_label(plan, &toolchain);
    n->sysroot = sysroot.items;
    n->sysroot_count = sysroot.count;
    n->toolchain = toolchain.items;
    n->toolchain_count = toolchain.count;
    free(reached.items);

    index_list built_on = reach(cb, plan, node_at, i, MH_DEPS_BUILD, n);
    index_list linked = {0};
    for (size_t k = 0; k < built_on.count; k++)
        if (plan->nodes[built_on.items[k]].node.side == n->node.side)
            list_add(&linked, built_on.items[k]);
    sort_by_label(plan, &linked);
    n->linked = linked.items;
    n->linked_count = linked.count;
    free(built_on.items);
    size_t kept = 0;
    for (size_t k = 0; k < n->direct_count; k++) {
        if (plan->nodes[n->direct[k].node].node.side == n->node.side)
            n->direct[kept++] = n->direct[k];
        else
            free(n->direct[k].sub);
    }
    n->direct_count = kept;
}

static size_t add_fetch(cook_plan *plan, mh_cookbook *cb, mh_cookbook_entry *entry) {
    for (size_t i = 0; i < plan->fetch_count; i++)
        if (plan->fetches[i].entry == entry)
            return i;
    const mh_error *load_err;
    const mh_recipe *recipe = mh_cookbook_load(cb, entry, &load_err);
    size_t at = plan->fetch_count++;
    plan->fetches = mh_xrealloc(plan->fetches, plan->fetch_count * sizeof *plan->fetches);
    plan->fetches[at] = (cook_plan_fetch){entry, recipe, -1, false};
    if (recipe && recipe->source.kind == MH_SOURCE_SAME_AS) {
        const char *slash = strrchr(recipe->source.same_as, '/');
        mh_cookbook_entry *other =
            mh_cookbook_find(cb, slash ? slash + 1 : recipe->source.same_as);
        if (other && other != entry) {
            long other_at = (long)add_fetch(plan, cb, other);
            plan->fetches[at].same_as = other_at;
        }
    }
    return at;
}

void cook_plan_make(mh_cookbook *cb, const mh_graph_node *roots, size_t root_count,
                    const cook_plan_options *o, cook_plan *plan) {
    memset(plan, 0, sizeof *plan);
    int kinds = MH_DEPS_BUILD | MH_DEPS_DEV | (o->with_package_deps ? MH_DEPS_PACKAGE : 0);
    mh_graph_walk_from(cb, roots, root_count, kinds, &plan->walk);
    long *node_at = mh_xcalloc(cb->count * 2 + 1, sizeof *node_at);
    for (size_t i = 0; i < cb->count * 2 + 1; i++)
        node_at[i] = -1;
    plan->nodes = mh_xcalloc(plan->walk.order_count + 1, sizeof *plan->nodes);
    for (size_t i = 0; i < plan->walk.order_count; i++) {
        cook_plan_node *n = &plan->nodes[plan->node_count];
        n->node = plan->walk.order[i];
        const mh_error *load_err = NULL;
        n->recipe = mh_cookbook_load(cb, n->node.entry, &load_err);
        bool host = n->node.side == MH_SIDE_HOST;
        n->triple = host ? o->host_target : o->target;
        n->label = mh_xasprintf("%s%s", host ? "host:" : "", n->node.entry->name);
        char *target = mh_path_join(n->node.entry->dir, "target");
        n->target_dir = mh_path_join(target, n->triple);
        free(target);
        n->problem = load_err;
        for (size_t p = 0; p < plan->walk.problem_count; p++)
            if (plan->walk.problems[p].entry == n->node.entry)
                n->problem = &plan->walk.problems[p].error;
        for (size_t r = 0; r < root_count; r++)
            if (roots[r].entry == n->node.entry && roots[r].side == n->node.side)
                n->named = true;
        node_at[slot_of(cb, n->node)] = (long)plan->node_count;
        plan->node_count++;
    }
    for (size_t i = 0; i < plan->node_count; i++) {
        cook_plan_node *n = &plan->nodes[i];
        n->fetch = add_fetch(plan, cb, n->node.entry);
        if (n->named)
            plan->fetches[n->fetch].named = true;
        if (n->recipe)
            closure(cb, plan, node_at, i);
    }
    free(node_at);
}

void cook_plan_free(cook_plan *plan) {
    for (size_t i = 0; i < plan->node_count; i++) {
        cook_plan_node *n = &plan->nodes[i];
        free(n->label);
        free(n->target_dir);
        free(n->sysroot);
        free(n->toolchain);
        free(n->linked);
        for (size_t k = 0; k < n->direct_count; k++)
            free(n->direct[k].sub);
        free(n->direct);
        for (size_t k = 0; k < n->sub_package_count; k++)
            free(n->sub_packages[k]);
        free(n->sub_packages);
    }
    free(plan->nodes);
    free(plan->fetches);
    mh_graph_walk_free(&plan->walk);
    memset(plan, 0, sizeof *plan);
}
