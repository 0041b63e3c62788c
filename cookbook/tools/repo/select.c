/* Choosing the recipes of fetch, cook, push, clean and unfetch. */
#include "select.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "config/config.h"
#include "recipe/names.h"

static void add(repo_selection *s, mh_graph_node node, const char *package) {
    for (size_t i = 0; i < s->count; i++)
        if (s->roots[i].entry == node.entry && s->roots[i].side == node.side)
            goto package;
    s->roots = mh_xrealloc(s->roots, (s->count + 1) * sizeof *s->roots);
    s->roots[s->count++] = node;
package:
    s->packages = mh_xrealloc(s->packages, (s->package_count + 1) * sizeof *s->packages);
    s->packages[s->package_count++] = mh_xstrdup(package);
}

static int add_name(mh_cookbook *cb, repo_selection *s, const char *name, const char *where) {
    mh_graph_node node;
    mh_error err;
    mh_error_clear(&err);
    if (mh_graph_node_for_name(cb, name, &node, &err) != 0) {
        if (where)
            mh_error_prefix(&err, "%s", where);
        repo_print_error(&err);
        return -1;
    }
    add(s, node, name);
    return 0;
}

/* The packages of a filesystem config (with its include chain merged as the installer merges
 * it) that are not "ignore". */
static int add_filesystem(mh_cookbook *cb, repo_selection *s, const char *path) {
    mh_config config;
    mh_error err;
    mh_error_clear(&err);
    if (mh_config_load(path, &config, &err) != 0) {
        repo_print_error(&err);
        return -1;
    }
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < config.package_count; i++) {
        const mh_config_package *p = &config.packages[i];
        if (p->rule == MH_RULE_IGNORE)
            continue;
        char where[MH_ERROR_PATH_MAX + 32];
        snprintf(where, sizeof where, "%s:%u:%u", p->origin.file, p->origin.line, p->origin.column);
        rc = add_name(cb, s, p->name, where);
    }
    mh_config_free(&config);
    return rc;
}

int repo_select(mh_cookbook *cb, const repo_options *o, const char *command,
                repo_selection *s) {
    memset(s, 0, sizeof *s);
    int rc = 0;
    if (o->all)
        for (size_t i = 0; i < cb->count; i++)
            add(s, (mh_graph_node){&cb->entries[i], MH_SIDE_TARGET}, cb->entries[i].name);
    if (o->filesystem && add_filesystem(cb, s, o->filesystem) != 0)
        rc = -1;
    for (size_t i = 0; i < o->name_count; i++)
        if (add_name(cb, s, o->names[i], NULL) != 0)
            rc = -1;
    if (rc == 0 && !s->count && !o->all && !o->filesystem) {
        fprintf(stderr, "repo %s: give recipe names, --all or --filesystem=CONFIG\n", command);
        return 2;
    }
    return rc;
}

void repo_selection_free(repo_selection *s) {
    for (size_t i = 0; i < s->package_count; i++)
        free(s->packages[i]);
    free(s->packages);
    free(s->roots);
    memset(s, 0, sizeof *s);
}

const char *repo_target(const repo_options *o) {
    if (o->target && *o->target)
        return o->target;
    const char *env = getenv("TARGET");
    return env && *env ? env : "x86_64-unknown-redox";
}

char *repo_host_target(void) {
    struct utsname u;
    if (uname(&u) != 0)
        return mh_xstrdup("x86_64-unknown-linux-gnu");
    return mh_xasprintf("%s-unknown-linux-gnu", u.machine);
}
