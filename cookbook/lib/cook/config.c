#include "cook/config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "toml/toml.h"

static bool env_flag(const char *name, bool fallback) {
    const char *v = getenv(name);
    if (!v || !*v)
        return fallback;
    return strcmp(v, "1") == 0 || strcmp(v, "true") == 0 || strcmp(v, "yes") == 0;
}

typedef struct bool_key {
    const char *key;
    const char *env;
    size_t offset;
} bool_key;

static const bool_key BOOL_KEYS[] = {
    {"offline", "COOKBOOK_OFFLINE", offsetof(cook_config, offline)},
    {"compressed", "COOKBOOK_COMPRESSED", offsetof(cook_config, compressed)},
    {"git_treeless", "COOKBOOK_GIT_TREELESS", offsetof(cook_config, git_treeless)},
    {"nonstop", "COOKBOOK_NONSTOP", offsetof(cook_config, nonstop)},
    {"verbose", "COOKBOOK_VERBOSE", offsetof(cook_config, verbose)},
    {"clean_build", "COOKBOOK_CLEAN_BUILD", offsetof(cook_config, clean_build)},
    {"clean_target", "COOKBOOK_CLEAN_TARGET", offsetof(cook_config, clean_target)},
};
#define BOOL_KEY_COUNT (sizeof BOOL_KEYS / sizeof BOOL_KEYS[0])

/* Upstream keys that do not change what MACROHARD's cook does (its display and logs are always
 * on); accepted quietly. */
static const char *const ACCEPTED_KEYS[] = {"tui", "logs", "verbose_cmd", "write_filetree"};

static void defaults(cook_config *c) {
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < BOOL_KEY_COUNT; i++)
        *(bool *)((char *)c + BOOL_KEYS[i].offset) = env_flag(BOOL_KEYS[i].env, false);
    const char *jobs = getenv("COOKBOOK_MAKE_JOBS");
    if (jobs && *jobs)
        c->jobs = strtol(jobs, NULL, 10) > 0 ? strtol(jobs, NULL, 10) : 0;
}

static void warn(cook_config *c, const char *path, toml_position pos, const char *fmt,
                 const char *key) {
    c->warnings = mh_xrealloc(c->warnings, (c->warning_count + 1) * sizeof *c->warnings);
    mh_error *w = &c->warnings[c->warning_count++];
    mh_error_clear(w);
    mh_error_set(w, path, pos.line, pos.column, fmt, key);
}

static int parse_cook(cook_config *c, const toml_value *cook, const char *path, mh_error *err) {
    for (size_t i = 0; i < cook->u.table.count; i++) {
        const toml_keyval *kv = &cook->u.table.items[i];
        const toml_value *v = kv->value;
        bool known = false;
        for (size_t k = 0; k < BOOL_KEY_COUNT; k++) {
            if (strcmp(kv->key, BOOL_KEYS[k].key) != 0)
                continue;
            if (v->type != TOML_BOOLEAN)
                return mh_error_set(err, path, v->pos.line, v->pos.column,
                                    "[cook] %s must be true or false, found a %s", kv->key,
                                    toml_type_name(v->type));
            *(bool *)((char *)c + BOOL_KEYS[k].offset) = v->u.boolean;
            known = true;
        }
        if (strcmp(kv->key, "jobs") == 0) {
            if (v->type != TOML_INTEGER || v->u.integer < 1 || v->u.integer > 4096)
                return mh_error_set(err, path, v->pos.line, v->pos.column,
                                    "[cook] jobs must be an integer from 1 to 4096");
            c->jobs = (long)v->u.integer;
            known = true;
        }
        for (size_t k = 0; k < sizeof ACCEPTED_KEYS / sizeof ACCEPTED_KEYS[0]; k++)
            known = known || strcmp(kv->key, ACCEPTED_KEYS[k]) == 0;
        if (!known)
            warn(c, path, kv->key_pos, "unknown key '%s' in [cook] (ignored)", kv->key);
    }
    return 0;
}

static int parse_mirrors(cook_config *c, const toml_value *mirrors, const char *path,
                         mh_error *err) {
    c->mirrors = mh_xcalloc(mirrors->u.table.count + 1, sizeof *c->mirrors);
    for (size_t i = 0; i < mirrors->u.table.count; i++) {
        const toml_keyval *kv = &mirrors->u.table.items[i];
        const toml_value *v = kv->value;
        cook_mirror *m = &c->mirrors[c->mirror_count++];
        m->prefix = mh_xstrdup(kv->key);
        if (v->type == TOML_STRING) {
            m->replacements = mh_xcalloc(1, sizeof *m->replacements);
            m->replacements[m->count++] = mh_xstrdup(v->u.string.ptr);
            continue;
        }
        if (v->type != TOML_ARRAY)
            return mh_error_set(err, path, v->pos.line, v->pos.column,
                                "[mirrors] \"%s\" must be a URL prefix or a list of them",
                                kv->key);
        m->replacements = mh_xcalloc(v->u.array.count + 1, sizeof *m->replacements);
        for (size_t k = 0; k < v->u.array.count; k++) {
            const toml_value *item = v->u.array.items[k];
            if (item->type != TOML_STRING)
                return mh_error_set(err, path, item->pos.line, item->pos.column,
                                    "[mirrors] \"%s\": expected a URL prefix string, found a %s",
                                    kv->key, toml_type_name(item->type));
            m->replacements[m->count++] = mh_xstrdup(item->u.string.ptr);
        }
    }
    return 0;
}

int cook_config_parse(const char *text, size_t len, const char *path, cook_config *c,
                      mh_error *err) {
    defaults(c);
    toml_value *root = toml_parse(text, len, path, err);
    if (!root)
        return -1;
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < root->u.table.count; i++) {
        const toml_keyval *kv = &root->u.table.items[i];
        bool is_cook = strcmp(kv->key, "cook") == 0, is_mirrors = strcmp(kv->key, "mirrors") == 0;
        if (!is_cook && !is_mirrors) {
            warn(c, path, kv->key_pos, "unknown key '%s' in cookbook.toml (ignored)", kv->key);
            continue;
        }
        if (kv->value->type != TOML_TABLE)
            rc = mh_error_set(err, path, kv->value->pos.line, kv->value->pos.column,
                              "'%s' must be a table", kv->key);
        else if (is_cook)
            rc = parse_cook(c, kv->value, path, err);
        else
            rc = parse_mirrors(c, kv->value, path, err);
    }
    toml_free(root);
    if (rc != 0)
        cook_config_free(c);
    else if (env_flag("REPO_OFFLINE", false))
        c->offline = true;
    return rc;
}

int cook_config_load(const char *root, cook_config *c, mh_error *err) {
    char *path = mh_path_join(root, "cookbook.toml");
    int rc;
    if (!mh_path_exists(path)) {
        defaults(c);
        if (env_flag("REPO_OFFLINE", false))
            c->offline = true;
        rc = 0;
    } else {
        char *text;
        size_t len;
        rc = mh_read_file(path, &text, &len, err);
        if (rc == 0) {
            rc = cook_config_parse(text, len, path, c, err);
            free(text);
        }
    }
    free(path);
    return rc;
}

void cook_config_free(cook_config *c) {
    for (size_t i = 0; i < c->mirror_count; i++) {
        for (size_t k = 0; k < c->mirrors[i].count; k++)
            free(c->mirrors[i].replacements[k]);
        free(c->mirrors[i].replacements);
        free(c->mirrors[i].prefix);
    }
    free(c->mirrors);
    free(c->warnings);
    memset(c, 0, sizeof *c);
}
