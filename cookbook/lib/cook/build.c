#include "cook/build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/auto_deps.h"
#include "cook/package.h"
#include "cook/process.h"
#include "cook/script.h"
#include "cook/stage.h"
#include "cook/stamp.h"
#include "cook/sysroot.h"
#include "cook/templates.h"

char *cook_stage_path(const char *target_dir, const char *sub, const char *suffix) {
    return sub && sub[0] ? mh_xasprintf("%s/stage.%s%s", target_dir, sub, suffix)
                         : mh_xasprintf("%s/stage%s", target_dir, suffix);
}

static char *stamp_path(const char *target_dir) {
    return mh_path_join(target_dir, "stage.stamp.toml");
}

int cook_build_stamp_read(const char *target_dir, cook_build_stamp *stamp) {
    char *path = stamp_path(target_dir);
    toml_value *t = cook_stamp_load(path);
    free(path);
    const char *inputs = t ? cook_stamp_string(t, "inputs") : NULL;
    const char *package = t ? cook_stamp_string(t, "package") : NULL;
    int rc = inputs && package ? 0 : -1;
    if (rc == 0) {
        snprintf(stamp->inputs, sizeof stamp->inputs, "%s", inputs);
        snprintf(stamp->package, sizeof stamp->package, "%s", package);
    }
    toml_free(t);
    return rc;
}

static int remove_any(const char *path, mh_error *err) {
    if (unlink(path) == 0 || errno == ENOENT)
        return 0;
    return mh_remove_tree(path, err);
}

/* Makefiles notice edited sources, not a new libc.a or header in the sysroot: a build directory
 * is reused only by a build with the same dependencies (build/.cook-dependencies says which),
 * else it is emptied first. */
static int prepare_build_dir(const char *build, const char *dependencies, bool clean,
                             mh_error *err) {
    char *record = mh_path_join(build, ".cook-dependencies");
    char *previous = NULL;
    size_t length = 0;
    mh_error ignored = {0};
    bool same = !clean && mh_read_file(record, &previous, &length, &ignored) == 0 &&
                length == strlen(dependencies) && memcmp(previous, dependencies, length) == 0;
    free(previous);
    int rc = same ? 0 : mh_remove_tree(build, err);
    if (rc == 0)
        rc = mh_mkdir_p(build, err);
    if (rc == 0 && !same)
        rc = mh_write_file_atomic(record, dependencies, strlen(dependencies), 0644, err);
    free(record);
    return rc;
}

static char *auto_deps_path(const char *target_dir) {
    return mh_path_join(target_dir, "auto_deps.toml");
}

/* Removes the outputs of the previous build (of every package of the recipe). */
static int remove_outputs(const char *dir, const mh_recipe *r, mh_error *err) {
    static const char *const SUFFIXES[] = {"", ".tmp", ".pkgar", ".toml"};
    char *auto_deps = auto_deps_path(dir);
    int rc = remove_any(auto_deps, err);
    free(auto_deps);
    for (size_t i = 0; rc == 0 && i <= r->optional_count; i++) {
        const char *sub = i < r->optional_count ? r->optional_packages[i].name : "";
        for (size_t s = 0; rc == 0 && s < sizeof SUFFIXES / sizeof *SUFFIXES; s++) {
            char *path = cook_stage_path(dir, sub, SUFFIXES[s]);
            rc = remove_any(path, err);
            free(path);
        }
    }
    return rc;
}

/* The packages of the nodes listed, for a sysroot or toolchain. */
static int assemble(const cook_build_request *q, const char *dir, const size_t *nodes,
                    size_t count, mh_error *err) {
    const cook_plan *plan = q->plan;
    size_t total = 0;
    for (size_t i = 0; i < count; i++)
        total += 1 + plan->nodes[nodes[i]].sub_package_count;
    cook_sysroot_package *packages = mh_xcalloc(total + 1, sizeof *packages);
    char **owned = mh_xcalloc(total * 2 + 1, sizeof *owned);
    size_t n = 0, o = 0;
    for (size_t i = 0; i < count; i++) {
        const cook_plan_node *dep = &plan->nodes[nodes[i]];
        for (size_t s = 0; s <= dep->sub_package_count; s++) {
            const char *sub = s ? dep->sub_packages[s - 1] : "";
            char *pkgar = cook_stage_path(dep->target_dir, sub, ".pkgar");
            char *name = s ? mh_xasprintf("%s.%s", dep->label, sub) : mh_xstrdup(dep->label);
            owned[o++] = pkgar;
            owned[o++] = name;
            packages[n++] = (cook_sysroot_package){name, mh_path_exists(pkgar) ? pkgar : NULL,
                                                   q->package_hashes[nodes[i]]};
        }
    }
    int rc = cook_sysroot_assemble(dir, packages, n, q->public_key, q->log_fd, err);
    for (size_t i = 0; i < o; i++)
        free(owned[i]);
    free(owned);
    free(packages);
    return rc;
}

static int run_build_script(const cook_build_request *q, const char *build, const char *stage,
                            const char *sysroot, const char *toolchain, int64_t date_epoch,
                            mh_error *err) {
    const cook_plan_node *n = &q->plan->nodes[q->index];
    const mh_recipe *r = n->recipe;
    char *body = cook_template_script(r, err);
    if (!body)
        return -1;
    char *source = mh_path_join(r->dir, "source");
    cook_script_vars vars = {
        .name = r->name, .recipe_dir = r->dir, .root = q->root, .source = source,
        .target = n->triple, .host_target = q->host_target, .jobs = q->jobs,
        .source_date_epoch = date_epoch, .build = build, .stage = stage, .sysroot = sysroot,
        .toolchain = toolchain, .source_ident = q->source->identifier,
        .commit_ident = q->commit_identifier, .makeflags = q->makeflags,
    };
    cook_env env;
    cook_script_env(&env, &vars);
    if (r->build.template == MH_TEMPLATE_CARGO)
        cook_env_set(&env, "COOKBOOK_OFFLINE", "1");
    cook_script_run run = {.body = body, .script_path = q->script_path, .cwd = build,
                           .env = &env, .log_fd = q->log_fd, .keep_fds = q->keep_fds,
                           .keep_count = q->keep_count};
    cook_log(q->log_fd, "building %s (%s template) in %s\n", n->label,
             mh_template_name(r->build.template), build);
    int rc = cook_run_script(&run, err);
    if (rc != 0 && !err->path[0]) {
        char message[MH_ERROR_MESSAGE_MAX];
        snprintf(message, sizeof message, "%s", err->message);
        mh_error_set(err, r->file, 0, 0, "build %s", message);
    }
    cook_env_free(&env);
    free(source);
    free(body);
    return rc;
}

/* Package names in a sub-package's dependency list: ".x" means this recipe's sub-package x. */
static char *dependency_name(const mh_recipe *r, const char *written) {
    return written[0] == '.' ? mh_xasprintf("%s%s", r->name, written) : mh_xstrdup(written);
}

/* Adds name to the list unless it is there. */
static void add_depend(char **depends, size_t *count, char *name) {
    for (size_t i = 0; i < *count; i++) {
        if (strcmp(depends[i], name) == 0) {
            free(name);
            return;
        }
    }
    depends[(*count)++] = name;
}

/* The node hash covers each package's archive and its depends, so that dependents notice a
 * change of runtime dependencies (they inherit those of what they link statically). */
static int make_packages(const cook_build_request *q, const cook_auto_deps *auto_deps,
                         int64_t date_epoch, cook_hex node_hash, mh_error *err) {
    const cook_plan_node *n = &q->plan->nodes[q->index];
    const mh_recipe *r = n->recipe;
    bool meta = r->build.template == MH_TEMPLATE_NONE;
    char *source = mh_path_join(r->dir, "source");
    char *version = cook_package_version(r, source);
    free(source);
    char when[32];
    cook_iso8601(date_epoch, when);
    blake3_hasher h;
    blake3_hasher_init(&h);
    int rc = 0;
    size_t packages = meta ? 1 : 1 + r->optional_count;
    for (size_t i = 0; rc == 0 && i < packages; i++) {
        const mh_optional_package *o = i ? &r->optional_packages[i - 1] : NULL;
        const char *sub = o ? o->name : "";
        char *name = o ? mh_xasprintf("%s.%s", r->name, sub) : mh_xstrdup(r->name);
        const mh_string_list *deps = o ? &o->dependencies : &r->package.dependencies;
        const cook_name_list *found = &auto_deps->lists[i];
        char **depends = mh_xcalloc(deps->count + found->count + 2, sizeof *depends);
        size_t depends_count = 0;
        if (o)
            depends[depends_count++] = mh_xstrdup(r->name);
        for (size_t d = 0; d < deps->count; d++)
            add_depend(depends, &depends_count, dependency_name(r, deps->items[d]));
        for (size_t d = 0; d < found->count; d++)
            add_depend(depends, &depends_count, mh_xstrdup(found->items[d]));
        char *stage = cook_stage_path(n->target_dir, sub, "");
        char *pkgar = cook_stage_path(n->target_dir, sub, ".pkgar");
        char *toml = cook_stage_path(n->target_dir, sub, ".toml");
        cook_package_request request = {
            .name = name, .stage_dir = meta ? NULL : stage, .pkgar_path = pkgar,
            .toml_path = toml, .version = version, .target = n->triple,
            .source_identifier = q->source->identifier, .commit_identifier = q->commit_identifier,
            .time_identifier = when, .depends = (const char *const *)depends,
            .depends_count = depends_count, .key = q->key, .compressed = q->config->compressed,
        };
        cook_hex hash;
        cook_log(q->log_fd, "packaging %s\n", name);
        rc = cook_make_package(&request, hash, err);
        cook_hash_str(&h, sub);
        cook_hash_str(&h, hash);
        for (size_t d = 0; d < depends_count; d++) {
            cook_hash_str(&h, depends[d]);
            free(depends[d]);
        }
        free(depends);
        free(name);
        free(stage);
        free(pkgar);
        free(toml);
    }
    free(version);
    cook_hash_finish_hex(&h, node_hash);
    return rc;
}

static int write_stamp(const char *target_dir, const char *inputs, const char *package,
                       mh_error *err) {
    mh_strbuf sb = MH_STRBUF_INIT;
    mh_strbuf_puts(&sb, "# What stage* were built from (written by repo; do not edit).\n");
    cook_stamp_put_string(&sb, "inputs", inputs);
    cook_stamp_put_string(&sb, "package", package);
    char *path = stamp_path(target_dir);
    int rc = cook_stamp_save(path, &sb, err);
    free(path);
    mh_strbuf_free(&sb);
    return rc;
}

/* stage.tmp → stage, split and with fixed times; the same for each optional package. */
static int finish_stage(const cook_build_request *q, const char *stage_tmp, int64_t date_epoch,
                        mh_error *err) {
    const cook_plan_node *n = &q->plan->nodes[q->index];
    const mh_recipe *r = n->recipe;
    char **sub_tmp = mh_xcalloc(r->optional_count + 1, sizeof *sub_tmp);
    for (size_t i = 0; i < r->optional_count; i++)
        sub_tmp[i] = cook_stage_path(n->target_dir, r->optional_packages[i].name, ".tmp");
    int rc = cook_stage_split(stage_tmp, r, sub_tmp, err);
    for (size_t i = 0; rc == 0 && i <= r->optional_count; i++) {
        const char *sub = i < r->optional_count ? r->optional_packages[i].name : "";
        const char *from = i < r->optional_count ? sub_tmp[i] : stage_tmp;
        char *to = cook_stage_path(n->target_dir, sub, "");
        rc = cook_stage_set_times(from, date_epoch, err);
        if (rc == 0 && rename(from, to) != 0)
            rc = mh_error_errno(err, to, errno, "cannot rename %s to", from);
        free(to);
    }
    for (size_t i = 0; i < r->optional_count; i++)
        free(sub_tmp[i]);
    free(sub_tmp);
    return rc;
}

/* SOURCE_DATE_EPOCH for sources without a date of their own (none, path): the user's, else
 * the time of the last commit of the cookbook touching the sources, else 1980-01-01 (the
 * earliest time zip can store), so the same sources always give the same date. */
static int64_t local_date(const cook_build_request *q) {
    const char *user = getenv("SOURCE_DATE_EPOCH");
    if (user && *user)
        return strtoll(user, NULL, 10);
    const mh_recipe *r = q->plan->nodes[q->index].recipe;
    char *dir = r->source.kind == MH_SOURCE_PATH && r->source.path[0] != '/'
                    ? mh_path_join(q->root, r->source.path)
                    : mh_xstrdup(r->source.kind == MH_SOURCE_PATH ? r->source.path : r->dir);
    const char *argv[] = {"git", "log", "-1", "--format=%ct", "--", dir, NULL};
    mh_strbuf out = MH_STRBUF_INIT;
    mh_error ignored;
    char *dotgit = mh_path_join(q->root, ".git");
    int64_t date = 315532800;
    if (mh_path_exists(dotgit) && cook_run_capture(argv, q->root, NULL, -1, &out, &ignored) == 0 &&
        out.len > 0)
        date = strtoll(mh_strbuf_str(&out), NULL, 10);
    mh_strbuf_free(&out);
    free(dotgit);
    free(dir);
    return date;
}

int cook_build(const cook_build_request *q, mh_error *err) {
    const cook_plan_node *n = &q->plan->nodes[q->index];
    const mh_recipe *r = n->recipe;
    bool host = n->node.side == MH_SIDE_HOST;
    bool meta = r->build.template == MH_TEMPLATE_NONE;
    const char *dir = n->target_dir;
    char *stamp = stamp_path(dir);
    char *build = mh_path_join(dir, "build");
    char *sysroot = mh_path_join(dir, "sysroot");
    char *toolchain = host ? mh_xstrdup(sysroot) : mh_path_join(dir, "toolchain");
    char *stage_tmp = cook_stage_path(dir, "", ".tmp");
    int64_t date_epoch = q->source->date_epoch >= 0 ? q->source->date_epoch : local_date(q);
    cook_hex node_hash;
    int rc = mh_mkdir_p(dir, err);
    if (rc == 0)
        rc = remove_any(stamp, err);
    if (rc == 0)
        rc = remove_outputs(dir, r, err);
    if (rc == 0 && !meta) {
        rc = assemble(q, sysroot, n->sysroot, n->sysroot_count, err);
        if (rc == 0 && !host)
            rc = assemble(q, toolchain, n->toolchain, n->toolchain_count, err);
        if (rc == 0)
            rc = prepare_build_dir(build, q->dependencies, q->config->clean_build, err);
        if (rc == 0)
            rc = mh_mkdir_p(stage_tmp, err);
        if (rc == 0)
            rc = run_build_script(q, build, stage_tmp, sysroot, toolchain, date_epoch, err);
        if (rc == 0)
            rc = finish_stage(q, stage_tmp, date_epoch, err);
    }
    cook_auto_deps auto_deps = {0};
    if (rc == 0)
        rc = cook_auto_deps_find(q->plan, q->index, q->public_key, q->log_fd, &auto_deps, err);
    if (rc == 0 && !meta) {
        char *path = auto_deps_path(dir);
        rc = cook_auto_deps_save(path, r, &auto_deps, err);
        free(path);
    }
    if (rc == 0)
        rc = make_packages(q, &auto_deps, date_epoch, node_hash, err);
    cook_auto_deps_free(&auto_deps);
    if (rc == 0 && q->config->clean_target && !meta) {
        rc = mh_remove_tree(build, err);
        if (rc == 0)
            rc = cook_sysroot_clear(sysroot, err);
        if (rc == 0 && !host)
            rc = cook_sysroot_clear(toolchain, err);
    }
    if (rc == 0)
        rc = write_stamp(dir, q->inputs, node_hash, err);
    free(stamp);
    free(build);
    free(sysroot);
    free(toolchain);
    free(stage_tmp);
    return rc;
}
