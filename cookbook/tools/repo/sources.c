/* repo sources: the tarball sources of recipes, for tools that fill the download cache
 * (scripts/seed-sources). */
#include <stdio.h>

#include "recipe/graph.h"
#include "repo.h"

/* One line for a recipe with a tar source: name, blake3 ("-" when none), URL, directory. */
static void print_source(const mh_cookbook_entry *entry, const mh_recipe *r) {
    printf("%s\t%s\t%s\t%s\n", entry->name, r->source.blake3 ? r->source.blake3 : "-",
           r->source.tar, entry->dir);
}

int repo_sources(mh_cookbook *cb, const repo_options *options) {
    int status = 0;
    size_t count = options->name_count ? options->name_count : cb->count;
    for (size_t i = 0; i < count; i++) {
        mh_cookbook_entry *entry = &cb->entries[i];
        mh_error err;
        mh_error_clear(&err);
        if (options->name_count) {
            mh_graph_node node;
            if (mh_graph_node_for_name(cb, options->names[i], &node, &err) != 0) {
                repo_print_error(&err);
                status = 1;
                continue;
            }
            entry = node.entry;
        }
        const mh_error *load_err;
        const mh_recipe *r = mh_cookbook_load(cb, entry, &load_err);
        if (!r) {
            repo_print_error(load_err);
            status = 1;
        } else if (r->source.kind == MH_SOURCE_TAR) {
            print_source(entry, r);
        } else if (options->name_count) {
            fprintf(stderr, "repo sources: %s has no tar source\n", entry->name);
        }
    }
    return status;
}
