#include "cook/auto_deps.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "base/strmap.h"
#include "cook/build.h"
#include "cook/elf.h"
#include "cook/mirrors.h"
#include "cook/process.h"
#include "cook/stamp.h"
#include "pkgar/archive.h"
#include "pkgar/package.h"

static const char *const SCANNED_DIRS[] = {"usr/bin", "usr/games", "usr/lib", "usr/libexec"};
static const char *const BASE_LIBRARIES[] = {"libc.so.6", "libgcc_s.so.1", "libstdc++.so.6"};

bool cook_needed_is_base(const char *library) {
    for (size_t i = 0; i < sizeof BASE_LIBRARIES / sizeof *BASE_LIBRARIES; i++)
        if (strcmp(library, BASE_LIBRARIES[i]) == 0)
            return true;
    return false;
}

typedef struct scan {
    const char *stage;
    mh_strmap seen;          /* library -> its index + 1 in set */
    cook_needed_set *set;
    int log_fd;
} scan;

static void add_needed(scan *s, const char *library, const char *rel) {
    if (mh_strmap_get(&s->seen, library))
        return;
    cook_needed_set *set = s->set;
    set->items = mh_xrealloc(set->items, (set->count + 1) * sizeof *set->items);
    set->items[set->count++] = (cook_needed_library){mh_xstrdup(library), mh_xstrdup(rel), -1};
    mh_strmap_put(&s->seen, library, (void *)(uintptr_t)set->count);
}

/* Visits the files below rel (relative to the stage), in name order. */
static int scan_dir(scan *s, mh_strbuf *rel, mh_error *err) {
    char *dir = mh_path_join(s->stage, mh_strbuf_str(rel));
    char **names;
    size_t count;
    if (mh_list_dir(dir, &names, &count) != 0) {
        int rc = errno == ENOENT ? 0 : mh_error_errno(err, dir, errno, "cannot read directory");
        free(dir);
        return rc;
    }
    int rc = 0;
    size_t saved = rel->len;
    for (size_t i = 0; i < count; i++) {
        if (rc == 0) {
            mh_strbuf_printf(rel, "/%s", names[i]);
            char *path = mh_path_join(s->stage, mh_strbuf_str(rel));
            struct stat st;
            if (lstat(path, &st) != 0) {
                rc = mh_error_errno(err, path, errno, "cannot stat");
            } else if (S_ISDIR(st.st_mode)) {
                rc = scan_dir(s, rel, err);
            } else if (S_ISREG(st.st_mode)) {
                cook_elf_needed needed;
                mh_error elf_err;
                mh_error_clear(&elf_err);
                if (cook_elf_needed_file(path, &needed, &elf_err) < 0) {
                    cook_log(s->log_fd, "note: %s: %s; its needed libraries are not looked at\n",
                             mh_strbuf_str(rel), elf_err.message);
                } else {
                    for (size_t k = 0; k < needed.count; k++)
                        add_needed(s, needed.names[k], mh_strbuf_str(rel));
                    cook_elf_needed_free(&needed);
                }
            }
            free(path);
            mh_strbuf_truncate(rel, saved);
        }
        free(names[i]);
    }
    free(names);
    free(dir);
    return rc;
}

static int compare_libraries(const void *a, const void *b) {
    return strcmp(((const cook_needed_library *)a)->library,
                  ((const cook_needed_library *)b)->library);
}

int cook_needed_scan(const char *stage, cook_needed_set *set, int log_fd, mh_error *err) {
    scan s = {stage, MH_STRMAP_INIT, set, log_fd};
    for (size_t i = 0; i < set->count; i++)
        mh_strmap_put(&s.seen, set->items[i].library, (void *)(uintptr_t)(i + 1));
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < sizeof SCANNED_DIRS / sizeof *SCANNED_DIRS; i++) {
        mh_strbuf rel = MH_STRBUF_INIT;
        mh_strbuf_puts(&rel, SCANNED_DIRS[i]);
        rc = scan_dir(&s, &rel, err);
        mh_strbuf_free(&rel);
    }
    mh_strmap_free(&s.seen);
    if (set->count > 1)
        qsort(set->items, set->count, sizeof *set->items, compare_libraries);
    return rc;
}

void cook_needed_free(cook_needed_set *set) {
    for (size_t i = 0; i < set->count; i++) {
        free(set->items[i].library);
        free(set->items[i].needed_by);
    }
    free(set->items);
    memset(set, 0, sizeof *set);
}

/* The library name of an archive path directly in lib/ or usr/lib/, or NULL. */
static const char *library_in(const char *path) {
    const char *rest = NULL;
    if (strncmp(path, "lib/", 4) == 0)
        rest = path + 4;
    else if (strncmp(path, "usr/lib/", 8) == 0)
        rest = path + 8;
    return rest && rest[0] && !strchr(rest, '/') ? rest : NULL;
}

static cook_needed_library *find_library(cook_needed_set *set, const char *library) {
    cook_needed_library key = {(char *)library, NULL, -1};
    return bsearch(&key, set->items, set->count, sizeof *set->items, compare_libraries);
}

int cook_needed_match(cook_needed_set *set, const cook_provider *providers, size_t count,
                      const pkgar_public_key *key, mh_error *err) {
    for (size_t i = 0; i < count && set->count; i++) {
        if (!providers[i].pkgar)
            continue;
        pkgar_archive archive;
        if (pkgar_archive_open(&archive, providers[i].pkgar, key, err) != 0)
            return -1;
        for (uint32_t e = 0; e < archive.count; e++) {
            const char *library = library_in(archive.entries[e].path);
            cook_needed_library *wanted = library ? find_library(set, library) : NULL;
            if (wanted && wanted->provider < 0)
                wanted->provider = (long)i;
        }
        pkgar_archive_close(&archive);
    }
    return 0;
}

/* ---- a node's automatic dependencies ---- */

static bool list_has(const cook_name_list *list, const char *name) {
    for (size_t i = 0; i < list->count; i++)
        if (strcmp(list->items[i], name) == 0)
            return true;
    return false;
}

static void list_add(cook_name_list *list, const char *name) {
    if (list_has(list, name))
        return;
    list->items = mh_xrealloc(list->items, (list->count + 1) * sizeof *list->items);
    list->items[list->count++] = mh_xstrdup(name);
}

static void list_free(cook_name_list *list) {
    cook_strings_free(list->items, list->count);
    memset(list, 0, sizeof *list);
}

/* Whether name is one of recipe's own packages ("x" or "x.sub"). */
static bool own_package(const mh_recipe *recipe, const char *name) {
    size_t len = strlen(recipe->name);
    return strncmp(name, recipe->name, len) == 0 && (name[len] == '\0' || name[len] == '.');
}

static char *package_name(const cook_plan_node *node, const char *sub) {
    return sub[0] ? mh_xasprintf("%s.%s", node->label, sub) : mh_xstrdup(node->label);
}

/* The packages of the nodes the build linked against, in order, with their archives. */
typedef struct providers {
    cook_provider *items;
    char **owned;
    size_t count;
} providers;

static void providers_make(const cook_plan *plan, const cook_plan_node *n, providers *p) {
    size_t total = 0;
    for (size_t i = 0; i < n->linked_count; i++)
        total += 1 + plan->nodes[n->linked[i]].sub_package_count;
    p->items = mh_xcalloc(total + 1, sizeof *p->items);
    p->owned = mh_xcalloc(2 * total + 1, sizeof *p->owned);
    p->count = 0;
    size_t owned = 0;
    for (size_t i = 0; i < n->linked_count; i++) {
        const cook_plan_node *dep = &plan->nodes[n->linked[i]];
        for (size_t s = 0; s <= dep->sub_package_count; s++) {
            const char *sub = s ? dep->sub_packages[s - 1] : "";
            char *name = package_name(dep, sub);
            char *pkgar = cook_stage_path(dep->target_dir, sub, ".pkgar");
            p->owned[owned++] = name;
            p->owned[owned++] = pkgar;
            p->items[p->count++] = (cook_provider){name, mh_path_exists(pkgar) ? pkgar : NULL};
        }
    }
}

static void providers_free(providers *p) {
    for (size_t i = 0; i < 2 * p->count; i++)
        free(p->owned[i]);
    free(p->owned);
    free(p->items);
}

/* The dynamically linked packages of one stage. */
static int dynamic_deps(const cook_plan_node *n, const char *stage, const providers *p,
                        const pkgar_public_key *key, int log_fd, cook_name_list *out,
                        mh_error *err) {
    cook_needed_set set = {0};
    int rc = cook_needed_scan(stage, &set, log_fd, err);
    if (rc == 0)
        rc = cook_needed_match(&set, p->items, p->count, key, err);
    for (size_t i = 0; rc == 0 && i < set.count; i++) {
        const cook_needed_library *l = &set.items[i];
        if (l->provider >= 0) {
            const char *name = p->items[l->provider].name;
            if (own_package(n->recipe, name))
                continue;
            list_add(out, name);
            cook_log(log_fd, "runtime dependency %s: it has %s, which %s needs\n", name,
                     l->library, l->needed_by);
        } else if (!cook_needed_is_base(l->library)) {
            cook_log(log_fd, "note: %s needs %s, which no build dependency's package has in lib/ "
                     "or usr/lib/ (add the recipe that provides it to [build] dependencies, or "
                     "to [package] dependencies)\n", l->needed_by, l->library);
        }
    }
    cook_needed_free(&set);
    return rc;
}

/* The runtime dependencies of direct build dependencies that no ELF file needed. */
static int static_deps(const cook_plan *plan, const cook_plan_node *n,
                       const cook_name_list *dynamic, int log_fd, cook_name_list *out,
                       mh_error *err) {
    for (size_t i = 0; i < n->direct_count; i++) {
        const cook_plan_node *dep = &plan->nodes[n->direct[i].node];
        const char *sub = n->direct[i].sub;
        char *name = package_name(dep, sub);
        bool linked_dynamically = list_has(dynamic, name);
        free(name);
        if (linked_dynamically)
            continue;
        char *toml = cook_stage_path(dep->target_dir, sub, ".toml");
        pkgar_package package;
        int rc = pkgar_package_load(toml, &package, err);
        free(toml);
        if (rc != 0) {
            mh_error_prefix(err, "the package of build dependency %s", dep->label);
            return -1;
        }
        for (size_t d = 0; d < package.depends_count; d++) {
            const char *runtime = package.depends[d];
            if (own_package(n->recipe, runtime) || list_has(out, runtime))
                continue;
            list_add(out, runtime);
            cook_log(log_fd, "runtime dependency %s: a runtime dependency of %s, which no ELF "
                     "file links dynamically (linked statically or used otherwise)\n", runtime,
                     dep->label);
        }
        pkgar_package_free(&package);
    }
    return 0;
}

int cook_auto_deps_find(const cook_plan *plan, size_t index, const pkgar_public_key *key,
                        int log_fd, cook_auto_deps *deps, mh_error *err) {
    const cook_plan_node *n = &plan->nodes[index];
    const mh_recipe *r = n->recipe;
    deps->count = 1 + r->optional_count;
    deps->lists = mh_xcalloc(deps->count, sizeof *deps->lists);
    if (n->node.side != MH_SIDE_TARGET || r->build.template == MH_TEMPLATE_NONE)
        return 0;
    providers p;
    providers_make(plan, n, &p);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < deps->count; i++) {
        const char *sub = i ? r->optional_packages[i - 1].name : "";
        char *stage = cook_stage_path(n->target_dir, sub, "");
        rc = dynamic_deps(n, stage, &p, key, log_fd, &deps->lists[i], err);
        free(stage);
    }
    if (rc == 0) {
        cook_name_list statically = {0};
        rc = static_deps(plan, n, &deps->lists[0], log_fd, &statically, err);
        for (size_t i = 0; i < statically.count; i++)
            list_add(&deps->lists[0], statically.items[i]);
        list_free(&statically);
    }
    for (size_t i = 0; i < deps->count; i++)
        if (deps->lists[i].count > 1)
            qsort(deps->lists[i].items, deps->lists[i].count, sizeof(char *), mh_compare_strings);
    providers_free(&p);
    if (rc != 0)
        cook_auto_deps_free(deps);
    return rc;
}

void cook_auto_deps_free(cook_auto_deps *deps) {
    for (size_t i = 0; i < deps->count; i++)
        list_free(&deps->lists[i]);
    free(deps->lists);
    memset(deps, 0, sizeof *deps);
}

int cook_auto_deps_save(const char *path, const mh_recipe *recipe, const cook_auto_deps *deps,
                        mh_error *err) {
    mh_strbuf sb = MH_STRBUF_INIT;
    mh_strbuf_puts(&sb, "# Runtime dependencies found by repo (needed libraries, and runtime "
                        "dependencies of\n# statically linked build dependencies); merged into "
                        "the packages' depends.\n");
    cook_stamp_put_strings(&sb, "packages", (const char *const *)deps->lists[0].items,
                           deps->lists[0].count);
    for (size_t i = 1; i < deps->count; i++) {
        if (!deps->lists[i].count)
            continue;
        mh_strbuf_puts(&sb, "\n[optional-packages.");
        toml_write_key(&sb, recipe->optional_packages[i - 1].name,
                       strlen(recipe->optional_packages[i - 1].name));
        mh_strbuf_puts(&sb, "]\n");
        cook_stamp_put_strings(&sb, "packages", (const char *const *)deps->lists[i].items,
                               deps->lists[i].count);
    }
    int rc = cook_stamp_save(path, &sb, err);
    mh_strbuf_free(&sb);
    return rc;
}
