#include "recipe/graph.h"

#include <stdlib.h>
#include <string.h>

#include "base/strbuf.h"
#include "recipe/names.h"

int mh_graph_node_for_name(mh_cookbook *cb, const char *name, mh_graph_node *node, mh_error *err) {
    mh_package_name parsed;
    const char *why;
    if (!mh_package_name_parse(name, strlen(name), &parsed, &why))
        return mh_error_set(err, NULL, 0, 0, "invalid package name \"%s\": %s", name, why);
    if (!parsed.recipe[0])
        return mh_error_set(err, NULL, 0, 0, "\"%s\" does not name a recipe", name);
    node->entry = mh_cookbook_find(cb, parsed.recipe);
    if (!node->entry)
        return mh_error_set(err, NULL, 0, 0, "no recipe named '%s' (looked for %s/recipes/**/%s/recipe.toml)",
                            parsed.recipe, cb->root, parsed.recipe);
    node->side = parsed.prefix == MH_PREFIX_HOST ? MH_SIDE_HOST : MH_SIDE_TARGET;
    return 0;
}

static bool has_optional(const mh_recipe *r, const char *sub) {
    for (size_t i = 0; i < r->optional_count; i++)
        if (strcmp(r->optional_packages[i].name, sub) == 0)
            return true;
    return false;
}

typedef struct edge_list {
    mh_graph_edge *items;
    size_t count;
} edge_list;

/* Adds the dependencies of one list; 0 or -1 with err set. */
static int add_list(mh_cookbook *cb, const mh_recipe *self, mh_cookbook_entry *self_entry,
                    mh_side side, const mh_string_list *list, int kind, edge_list *out,
                    mh_error *err) {
    for (size_t i = 0; i < list->count; i++) {
        const char *written = list->items[i];
        toml_position pos = list->positions[i];
        mh_package_name name;
        const char *why;
        if (!mh_package_name_parse(written, strlen(written), &name, &why))
            return mh_error_set(err, self->file, pos.line, pos.column,
                                "invalid package name \"%s\": %s", written, why);
        mh_side to_side = side;
        if (name.prefix == MH_PREFIX_HOST)
            to_side = MH_SIDE_HOST;
        else if (name.prefix == MH_PREFIX_TARGET) {
            if (side == MH_SIDE_HOST)
                continue; /* a host build drops target: dependencies */
            to_side = MH_SIDE_TARGET;
        }
        mh_cookbook_entry *to = name.recipe[0] ? mh_cookbook_find(cb, name.recipe) : self_entry;
        if (!to)
            return mh_error_set(err, self->file, pos.line, pos.column,
                                "dependency \"%s\": no recipe named '%s' in %s/recipes", written,
                                name.recipe, cb->root);
        if (name.sub[0]) {
            const mh_error *load_err;
            const mh_recipe *target = to == self_entry ? self : mh_cookbook_load(cb, to, &load_err);
            if (target && !has_optional(target, name.sub))
                return mh_error_set(err, self->file, pos.line, pos.column,
                                    "dependency \"%s\": recipe '%s' has no optional package '%s'",
                                    written, to->name, name.sub);
        }
        /* A sub-package of this very recipe is built with it: not an edge. */
        if (to == self_entry && to_side == side && (name.sub[0] || kind == MH_DEPS_PACKAGE))
            continue;
        bool duplicate = false;
        for (size_t k = 0; k < out->count; k++)
            if (out->items[k].to.entry == to && out->items[k].to.side == to_side)
                duplicate = true;
        if (duplicate)
            continue;
        out->items = mh_xrealloc(out->items, (out->count + 1) * sizeof *out->items);
        out->items[out->count++] = (mh_graph_edge){{to, to_side}, kind, written};
    }
    return 0;
}

int mh_graph_edges(mh_cookbook *cb, mh_graph_node node, int kinds, mh_graph_edge **edges,
                   size_t *count, mh_error *err) {
    *edges = NULL;
    *count = 0;
    const mh_error *load_err;
    const mh_recipe *r = mh_cookbook_load(cb, node.entry, &load_err);
    if (!r) {
        *err = *load_err;
        return -1;
    }
    if (node.side == MH_SIDE_HOST)
        kinds &= MH_DEPS_BUILD | MH_DEPS_DEV;
    edge_list out = {0};
    int rc = 0;
    if (kinds & MH_DEPS_BUILD)
        rc = add_list(cb, r, node.entry, node.side, &r->build.dependencies, MH_DEPS_BUILD, &out, err);
    if (rc == 0 && (kinds & MH_DEPS_DEV))
        rc = add_list(cb, r, node.entry, node.side, &r->build.dev_dependencies, MH_DEPS_DEV, &out,
                      err);
    if (rc == 0 && (kinds & MH_DEPS_PACKAGE)) {
        rc = add_list(cb, r, node.entry, node.side, &r->package.dependencies, MH_DEPS_PACKAGE, &out,
                      err);
        for (size_t i = 0; rc == 0 && i < r->optional_count; i++)
            rc = add_list(cb, r, node.entry, node.side, &r->optional_packages[i].dependencies,
                          MH_DEPS_PACKAGE, &out, err);
    }
    if (rc != 0) {
        free(out.items);
        return -1;
    }
    *edges = out.items;
    *count = out.count;
    return 0;
}

/* Depth-first walk with the classic three colours; the grey path is kept so a cycle can be
 * printed as the path that closes it. */
typedef struct walker {
    mh_cookbook *cb;
    int kinds;
    unsigned char *colour;      /* per node: 0 white, 1 grey (on path), 2 black (done) */
    bool *reported;             /* per entry: a problem was already recorded */
    mh_graph_node *path;
    size_t path_len;
    mh_graph_walk *out;
} walker;

enum { WHITE, GREY, BLACK };

static size_t node_slot(const walker *w, mh_graph_node n) {
    return (size_t)(n.entry - w->cb->entries) * 2 + (n.side == MH_SIDE_HOST);
}

static void add_problem(walker *w, mh_cookbook_entry *entry, const mh_error *error) {
    size_t index = (size_t)(entry - w->cb->entries);
    if (w->reported[index])
        return;
    w->reported[index] = true;
    mh_graph_walk *out = w->out;
    out->problems = mh_xrealloc(out->problems, (out->problem_count + 1) * sizeof *out->problems);
    out->problems[out->problem_count].entry = entry;
    out->problems[out->problem_count].error = *error;
    out->problem_count++;
}

static void node_label(mh_strbuf *sb, mh_graph_node n) {
    mh_strbuf_printf(sb, "%s%s", n.side == MH_SIDE_HOST ? "host:" : "", n.entry->name);
}

/* Where the dependency string `written` (a pointer into one of the recipe's lists) stands. */
static void find_position(const mh_string_list *list, const char *written, toml_position *pos) {
    for (size_t i = 0; i < list->count; i++)
        if (list->items[i] == written)
            *pos = list->positions[i];
}

static void report_cycle(walker *w, mh_graph_node from, const mh_graph_edge *edge) {
    size_t start = 0;
    while (start < w->path_len && node_slot(w, w->path[start]) != node_slot(w, edge->to))
        start++;
    mh_strbuf sb = MH_STRBUF_INIT;
    mh_strbuf_puts(&sb, "dependency cycle: ");
    for (size_t i = start; i < w->path_len; i++) {
        node_label(&sb, w->path[i]);
        mh_strbuf_puts(&sb, " -> ");
    }
    node_label(&sb, edge->to);
    const mh_recipe *r = &from.entry->recipe;
    toml_position pos = {0, 0};
    find_position(&r->build.dependencies, edge->written, &pos);
    find_position(&r->build.dev_dependencies, edge->written, &pos);
    find_position(&r->package.dependencies, edge->written, &pos);
    for (size_t i = 0; i < r->optional_count; i++)
        find_position(&r->optional_packages[i].dependencies, edge->written, &pos);
    mh_error error;
    mh_error_clear(&error);
    mh_error_set(&error, r->file, pos.line, pos.column, "%s", mh_strbuf_str(&sb));
    mh_strbuf_free(&sb);
    add_problem(w, from.entry, &error);
}

static void visit(walker *w, mh_graph_node node) {
    size_t slot = node_slot(w, node);
    if (w->colour[slot] != WHITE)
        return;
    w->colour[slot] = GREY;
    w->path[w->path_len++] = node;
    mh_graph_edge *edges;
    size_t count;
    /* On the heap: dependency chains can be thousands deep and an mh_error is 2 KiB. */
    mh_error *error = mh_xcalloc(1, sizeof *error);
    int rc = mh_graph_edges(w->cb, node, w->kinds, &edges, &count, error);
    if (rc != 0)
        add_problem(w, node.entry, error);
    free(error);
    if (rc == 0) {
        for (size_t i = 0; i < count; i++) {
            if (w->colour[node_slot(w, edges[i].to)] == GREY)
                report_cycle(w, node, &edges[i]);
            else
                visit(w, edges[i].to);
        }
        free(edges);
    }
    w->path_len--;
    w->colour[slot] = BLACK;
    mh_graph_walk *out = w->out;
    out->order = mh_xrealloc(out->order, (out->order_count + 1) * sizeof *out->order);
    out->order[out->order_count++] = node;
}

int mh_graph_walk_from(mh_cookbook *cb, const mh_graph_node *roots, size_t root_count, int kinds,
                       mh_graph_walk *walk) {
    memset(walk, 0, sizeof *walk);
    walker w = {cb, kinds, mh_xcalloc(cb->count * 2 + 1, 1),
                mh_xcalloc(cb->count + 1, sizeof(bool)),
                mh_xcalloc(cb->count * 2 + 1, sizeof(mh_graph_node)), 0, walk};
    for (size_t i = 0; i < root_count; i++)
        visit(&w, roots[i]);
    free(w.colour);
    free(w.reported);
    free(w.path);
    return walk->problem_count ? -1 : 0;
}

void mh_graph_walk_free(mh_graph_walk *walk) {
    free(walk->order);
    free(walk->problems);
    memset(walk, 0, sizeof *walk);
}
