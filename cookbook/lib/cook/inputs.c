#include "cook/inputs.h"

#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "cook/prelude.h"
#include "cook/toolchain.h"
#include "cook/tree_hash.h"

/* Generated trees inside a recipe directory are outputs, not inputs. */
static bool recipe_filter(const char *rel, const char *name, bool is_dir) {
    (void)is_dir;
    if (strchr(rel, '/'))
        return true;
    return !(strcmp(name, "target") == 0 || strcmp(name, "source") == 0 ||
             strcmp(name, "source.tmp") == 0 || strcmp(name, "source.old") == 0 ||
             strcmp(name, "source_info.toml") == 0);
}

static bool source_filter(const char *rel, const char *name, bool is_dir) {
    (void)rel;
    (void)is_dir;
    return strcmp(name, ".git") != 0;
}

/* An input that is another recipe's directory: its sources, not what its cooks generate. */
static bool recipe_input_filter(const char *rel, const char *name, bool is_dir) {
    return source_filter(rel, name, is_dir) && recipe_filter(rel, name, is_dir);
}

/* The [build] inputs entries: the name as written (so a moved checkout hashes the same), then
 * the content. */
static int hash_build_inputs(cook_stat_cache *cache, const mh_recipe *r, const char *root,
                             blake3_hasher *h, int64_t *newest, mh_error *err) {
    for (size_t i = 0; i < r->build.inputs.count; i++) {
        const char *input = r->build.inputs.items[i];
        char *path = mh_recipe_input_path(r, root, input);
        char *marker = mh_path_join(path, "recipe.toml");
        char *prefix = mh_xasprintf("input:%s", input);
        cook_hash_str(h, "input");
        cook_hash_str(h, input);
        int rc = cook_path_hash(cache, prefix, path,
                                mh_path_exists(marker) ? recipe_input_filter : source_filter, h,
                                newest, err);
        free(prefix);
        free(marker);
        free(path);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static void hash_packages(blake3_hasher *h, const char *what, const cook_plan *plan,
                          const size_t *nodes, size_t count, char *const *package_hashes) {
    for (size_t i = 0; i < count; i++) {
        cook_hash_str(h, what);
        cook_hash_str(h, plan->nodes[nodes[i]].label);
        cook_hash_str(h, package_hashes[nodes[i]]);
    }
}

void cook_node_dependencies(const cook_inputs *in, const cook_plan *plan, size_t index,
                            char *const *package_hashes, cook_hex out) {
    const cook_plan_node *n = &plan->nodes[index];
    blake3_hasher h;
    blake3_hasher_init(&h);
    hash_packages(&h, "sysroot", plan, n->sysroot, n->sysroot_count, package_hashes);
    hash_packages(&h, "toolchain", plan, n->toolchain, n->toolchain_count, package_hashes);
    cook_hash_str(&h, in->toolchain);
    cook_hash_finish_hex(&h, out);
}

int cook_node_inputs(cook_inputs *in, const cook_plan *plan, size_t index, const char *root,
                     char *const *package_hashes, const cook_source_state *source, cook_hex out,
                     mh_error *err) {
    const cook_plan_node *n = &plan->nodes[index];
    const mh_recipe *r = n->recipe;
    blake3_hasher h;
    blake3_hasher_init(&h);
    cook_hash_str(&h, "inputs-2"); /* raised when the cook makes different packages */
    cook_hash_str(&h, cook_prelude_text);
    cook_hash_str(&h, n->label);
    cook_hash_str(&h, n->triple);
    cook_hash_str(&h, mh_template_name(r->build.template));
    char *cache_path = mh_path_join(n->target_dir, "inputs.cache");
    cook_stat_cache cache;
    cook_stat_cache_open(&cache, cache_path);
    free(cache_path);
    int64_t newest = 0;
    char *source_dir = mh_path_join(r->dir, "source");
    int rc = cook_tree_hash(&cache, "recipe", r->dir, recipe_filter, &h, &newest, err);
    if (rc == 0)
        rc = cook_tree_hash(&cache, "source", source_dir, source_filter, &h, &newest, err);
    if (rc == 0)
        rc = hash_build_inputs(&cache, r, root, &h, &newest, err);
    free(source_dir);
    if (rc == 0)
        rc = cook_stat_cache_save(&cache, err);
    cook_stat_cache_close(&cache);
    if (rc != 0)
        return -1;
    cook_hash_str(&h, source->identifier);
    hash_packages(&h, "sysroot", plan, n->sysroot, n->sysroot_count, package_hashes);
    hash_packages(&h, "toolchain", plan, n->toolchain, n->toolchain_count, package_hashes);
    cook_hash_str(&h, in->toolchain);
    if (r->build.template == MH_TEMPLATE_CARGO) {
        if (!in->rust[0])
            cook_rust_identity(in->cargo_registry, in->rust);
        cook_hash_str(&h, in->rust);
    }
    cook_hash_str(&h, in->compressed ? "lzma2" : "raw");
    cook_hash_finish_hex(&h, out);
    return 0;
}
