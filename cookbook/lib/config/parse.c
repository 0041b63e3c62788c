#include "config/parse.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "toml/toml.h"

static const char *const RULE_NAMES[] = {
    [MH_RULE_DEFAULT] = "{}", [MH_RULE_SOURCE] = "source", [MH_RULE_LOCAL] = "local",
    [MH_RULE_BINARY] = "binary", [MH_RULE_IGNORE] = "ignore",
};

const char *mh_package_rule_name(mh_package_rule rule) {
    return RULE_NAMES[rule];
}

typedef struct loader {
    const char *file;
    mh_config *config;
    mh_error *err;
} loader;

static int fail(loader *l, toml_position pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(loader *l, toml_position pos, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    mh_error_setv(l->err, l->file, pos.line, pos.column, fmt, ap);
    va_end(ap);
    return -1;
}

static void warn_unknown(loader *l, const toml_keyval *kv, const char *where) {
    mh_config *c = l->config;
    c->warnings = mh_xrealloc(c->warnings, (c->warning_count + 1) * sizeof *c->warnings);
    mh_error *w = &c->warnings[c->warning_count++];
    mh_error_clear(w);
    mh_error_set(w, l->file, kv->key_pos.line, kv->key_pos.column, "unknown key '%s' in %s (ignored)",
                 kv->key, where);
}

static const char *article(toml_type type) {
    return strchr("aeiou", toml_type_name(type)[0]) ? "an" : "a";
}

static int expect(loader *l, const toml_keyval *kv, toml_type type, const char *where) {
    if (kv->value->type == type)
        return 0;
    return fail(l, kv->value->pos, "expected %s %s for '%s' in %s, found %s %s", article(type),
                toml_type_name(type), kv->key, where, article(kv->value->type),
                toml_type_name(kv->value->type));
}

static mh_config_origin origin_at(loader *l, toml_position pos) {
    return (mh_config_origin){mh_xstrdup(l->file), pos.line, pos.column};
}

static int get_string(loader *l, const toml_keyval *kv, const char *where, char **out) {
    if (expect(l, kv, TOML_STRING, where) != 0)
        return -1;
    if (memchr(kv->value->u.string.ptr, '\0', kv->value->u.string.len))
        return fail(l, kv->value->pos, "'%s' in %s must not contain NUL characters", kv->key, where);
    free(*out);
    *out = mh_xstrdup(kv->value->u.string.ptr);
    return 0;
}

static int get_bool(loader *l, const toml_keyval *kv, const char *where, int *out) {
    if (expect(l, kv, TOML_BOOLEAN, where) != 0)
        return -1;
    *out = kv->value->u.boolean;
    return 0;
}

static int get_bool_flag(loader *l, const toml_keyval *kv, const char *where, bool *out) {
    int v;
    if (get_bool(l, kv, where, &v) != 0)
        return -1;
    *out = v;
    return 0;
}

/* Non-negative integers up to max (sizes, ids, modes). */
static int get_uint(loader *l, const toml_keyval *kv, const char *where, int64_t max, int64_t *out) {
    if (expect(l, kv, TOML_INTEGER, where) != 0)
        return -1;
    int64_t v = kv->value->u.integer;
    if (v < 0 || v > max)
        return fail(l, kv->value->pos, "'%s' in %s must be between 0 and %lld, found %lld", kv->key,
                    where, (long long)max, (long long)v);
    *out = v;
    return 0;
}

static int parse_general(loader *l, const toml_value *t) {
    mh_config_general *g = &l->config->general;
    for (size_t i = 0; i < t->u.table.count; i++) {
        const toml_keyval *kv = &t->u.table.items[i];
        const char *k = kv->key;
        int rc;
        if (strcmp(k, "filesystem_size") == 0)
            rc = get_uint(l, kv, "[general]", INT64_C(1) << 30, &g->filesystem_size);
        else if (strcmp(k, "efi_partition_size") == 0)
            rc = get_uint(l, kv, "[general]", INT64_C(1) << 20, &g->efi_partition_size);
        else if (strcmp(k, "skip_partitions") == 0)
            rc = get_bool(l, kv, "[general]", &g->skip_partitions);
        else if (strcmp(k, "encrypt_disk") == 0)
            rc = get_bool(l, kv, "[general]", &g->encrypt_disk);
        else if (strcmp(k, "live_disk") == 0)
            rc = get_bool(l, kv, "[general]", &g->live_disk);
        else if (strcmp(k, "no_mount") == 0)
            rc = get_bool(l, kv, "[general]", &g->no_mount);
        else if (strcmp(k, "prompt") == 0)
            rc = get_bool(l, kv, "[general]", &g->prompt);
        else if (strcmp(k, "write_bootloader") == 0)
            rc = get_string(l, kv, "[general]", &g->write_bootloader);
        else if (strcmp(k, "cookbook") == 0)
            rc = get_string(l, kv, "[general]", &g->cookbook);
        else {
            warn_unknown(l, kv, "[general]");
            rc = 0;
        }
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int parse_package(loader *l, const toml_keyval *kv, mh_config_package *p) {
    p->name = mh_xstrdup(kv->key);
    p->origin = origin_at(l, kv->key_pos);
    const toml_value *v = kv->value;
    if (v->type == TOML_STRING) {
        for (int r = MH_RULE_SOURCE; r <= MH_RULE_IGNORE; r++)
            if (strcmp(v->u.string.ptr, RULE_NAMES[r]) == 0) {
                p->rule = (mh_package_rule)r;
                return 0;
            }
        return fail(l, v->pos,
                    "package '%s': expected {} or one of \"source\", \"local\", \"binary\", "
                    "\"ignore\", found \"%s\"",
                    kv->key, v->u.string.ptr);
    }
    if (v->type != TOML_TABLE)
        return fail(l, v->pos, "package '%s': expected {} or a rule string, found %s %s", kv->key,
                    article(v->type), toml_type_name(v->type));
    char where[300];
    snprintf(where, sizeof where, "package '%s'", kv->key);
    for (size_t i = 0; i < v->u.table.count; i++) {
        const toml_keyval *f = &v->u.table.items[i];
        int rc = 0;
        if (strcmp(f->key, "version") == 0)
            rc = get_string(l, f, where, &p->version);
        else if (strcmp(f->key, "git") == 0)
            rc = get_string(l, f, where, &p->git);
        else if (strcmp(f->key, "path") == 0)
            rc = get_string(l, f, where, &p->path);
        else
            warn_unknown(l, f, where);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int parse_file(loader *l, const toml_value *t, mh_config_file *f) {
    f->mode = f->uid = f->gid = -1;
    f->origin = origin_at(l, t->pos);
    if (t->type != TOML_TABLE)
        return fail(l, t->pos, "expected a table in [[files]], found %s %s", article(t->type),
                    toml_type_name(t->type));
    bool has_data = false;
    for (size_t i = 0; i < t->u.table.count; i++) {
        const toml_keyval *kv = &t->u.table.items[i];
        const char *k = kv->key;
        int rc = 0;
        if (strcmp(k, "path") == 0)
            rc = get_string(l, kv, "[[files]]", &f->path);
        else if (strcmp(k, "data") == 0) {
            rc = expect(l, kv, TOML_STRING, "[[files]]");
            if (rc == 0) {
                /* Kept with its length: file content may contain NUL (\u0000). */
                f->data_len = kv->value->u.string.len;
                free(f->data);
                f->data = mh_xmalloc(f->data_len + 1);
                memcpy(f->data, kv->value->u.string.ptr, f->data_len + 1);
                has_data = true;
            }
        } else if (strcmp(k, "symlink") == 0)
            rc = get_bool_flag(l, kv, "[[files]]", &f->symlink);
        else if (strcmp(k, "directory") == 0)
            rc = get_bool_flag(l, kv, "[[files]]", &f->directory);
        else if (strcmp(k, "recursive_chown") == 0)
            rc = get_bool_flag(l, kv, "[[files]]", &f->recursive_chown);
        else if (strcmp(k, "postinstall") == 0)
            rc = get_bool_flag(l, kv, "[[files]]", &f->postinstall);
        else if (strcmp(k, "append") == 0)
            rc = get_bool_flag(l, kv, "[[files]]", &f->append);
        else if (strcmp(k, "mode") == 0)
            rc = get_uint(l, kv, "[[files]]", 07777, &f->mode);
        else if (strcmp(k, "uid") == 0)
            rc = get_uint(l, kv, "[[files]]", UINT32_MAX, &f->uid);
        else if (strcmp(k, "gid") == 0)
            rc = get_uint(l, kv, "[[files]]", UINT32_MAX, &f->gid);
        else
            warn_unknown(l, kv, "[[files]]");
        if (rc != 0)
            return -1;
    }
    if (!f->path)
        return fail(l, t->pos, "[[files]] entry needs a 'path' key");
    if (!has_data)
        return fail(l, t->pos, "[[files]] entry for \"%s\" needs a 'data' key (\"\" for a directory)",
                    f->path);
    if (f->symlink && f->directory)
        return fail(l, t->pos, "[[files]] entry for \"%s\" cannot be both a symlink and a directory",
                    f->path);
    return 0;
}

static int parse_user(loader *l, const toml_keyval *kv, mh_config_user *u) {
    u->key = mh_xstrdup(kv->key);
    u->uid = u->gid = -1;
    u->origin = origin_at(l, kv->key_pos);
    char where[300];
    snprintf(where, sizeof where, "[users.%s]", kv->key);
    if (kv->value->type != TOML_TABLE)
        return expect(l, kv, TOML_TABLE, "[users]");
    const toml_value *t = kv->value;
    for (size_t i = 0; i < t->u.table.count; i++) {
        const toml_keyval *f = &t->u.table.items[i];
        int rc = 0;
        if (strcmp(f->key, "password") == 0)
            rc = get_string(l, f, where, &u->password);
        else if (strcmp(f->key, "uid") == 0)
            rc = get_uint(l, f, where, UINT32_MAX, &u->uid);
        else if (strcmp(f->key, "gid") == 0)
            rc = get_uint(l, f, where, UINT32_MAX, &u->gid);
        else if (strcmp(f->key, "name") == 0)
            rc = get_string(l, f, where, &u->name);
        else if (strcmp(f->key, "home") == 0)
            rc = get_string(l, f, where, &u->home);
        else if (strcmp(f->key, "shell") == 0)
            rc = get_string(l, f, where, &u->shell);
        else
            warn_unknown(l, f, where);
        if (rc != 0)
            return -1;
    }
    return 0;
}

static int parse_group(loader *l, const toml_keyval *kv, mh_config_group *g) {
    g->key = mh_xstrdup(kv->key);
    g->gid = -1;
    g->origin = origin_at(l, kv->key_pos);
    char where[300];
    snprintf(where, sizeof where, "[groups.%s]", kv->key);
    if (kv->value->type != TOML_TABLE)
        return expect(l, kv, TOML_TABLE, "[groups]");
    const toml_value *t = kv->value;
    for (size_t i = 0; i < t->u.table.count; i++) {
        const toml_keyval *f = &t->u.table.items[i];
        int rc = 0;
        if (strcmp(f->key, "gid") == 0)
            rc = get_uint(l, f, where, UINT32_MAX, &g->gid);
        else if (strcmp(f->key, "members") == 0) {
            rc = expect(l, f, TOML_ARRAY, where);
            for (size_t m = 0; rc == 0 && m < f->value->u.array.count; m++) {
                const toml_value *item = f->value->u.array.items[m];
                if (item->type != TOML_STRING)
                    return fail(l, item->pos, "expected a string in 'members' in %s, found %s %s",
                                where, article(item->type), toml_type_name(item->type));
                g->members = mh_xrealloc(g->members, (g->member_count + 1) * sizeof *g->members);
                g->members[g->member_count++] = mh_xstrdup(item->u.string.ptr);
            }
        } else
            warn_unknown(l, f, where);
        if (rc != 0)
            return -1;
    }
    return 0;
}

int mh_config_parse_document(const char *file, const toml_value *root, mh_config *config,
                             mh_config_includes *inc, mh_error *err) {
    loader self = {file, config, err};
    loader *l = &self;
    char ***includes = &inc->paths;
    toml_position **include_pos = &inc->positions;
    size_t *include_count = &inc->count;
    mh_config *c = l->config;
    char *dir = mh_xstrdup(l->file);
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[1] = '\0';
    else
        dir[0] = '\0';
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < root->u.table.count; i++) {
        const toml_keyval *kv = &root->u.table.items[i];
        const toml_value *v = kv->value;
        if (strcmp(kv->key, "include") == 0) {
            if ((rc = expect(l, kv, TOML_ARRAY, "the config")) != 0)
                break;
            for (size_t k = 0; k < v->u.array.count; k++) {
                const toml_value *item = v->u.array.items[k];
                if (item->type != TOML_STRING) {
                    rc = fail(l, item->pos, "expected a string (a config path) in 'include', found %s %s",
                              article(item->type), toml_type_name(item->type));
                    break;
                }
                *includes = mh_xrealloc(*includes, (*include_count + 1) * sizeof **includes);
                *include_pos = mh_xrealloc(*include_pos, (*include_count + 1) * sizeof **include_pos);
                (*includes)[*include_count] = item->u.string.ptr[0] == '/'
                                                  ? mh_xstrdup(item->u.string.ptr)
                                                  : mh_xasprintf("%s%s", dir, item->u.string.ptr);
                (*include_pos)[*include_count] = item->pos;
                (*include_count)++;
            }
        } else if (strcmp(kv->key, "general") == 0) {
            rc = expect(l, kv, TOML_TABLE, "the config");
            if (rc == 0)
                rc = parse_general(l, v);
        } else if (strcmp(kv->key, "packages") == 0) {
            rc = expect(l, kv, TOML_TABLE, "the config");
            if (rc == 0)
                c->packages = mh_xcalloc(v->u.table.count + 1, sizeof *c->packages);
            for (size_t k = 0; rc == 0 && k < v->u.table.count; k++)
                rc = parse_package(l, &v->u.table.items[k], &c->packages[c->package_count++]);
        } else if (strcmp(kv->key, "files") == 0) {
            rc = expect(l, kv, TOML_ARRAY, "the config");
            if (rc == 0)
                c->files = mh_xcalloc(v->u.array.count + 1, sizeof *c->files);
            for (size_t k = 0; rc == 0 && k < v->u.array.count; k++)
                rc = parse_file(l, v->u.array.items[k], &c->files[c->file_count++]);
        } else if (strcmp(kv->key, "users") == 0) {
            rc = expect(l, kv, TOML_TABLE, "the config");
            if (rc == 0)
                c->users = mh_xcalloc(v->u.table.count + 1, sizeof *c->users);
            for (size_t k = 0; rc == 0 && k < v->u.table.count; k++)
                rc = parse_user(l, &v->u.table.items[k], &c->users[c->user_count++]);
        } else if (strcmp(kv->key, "groups") == 0) {
            rc = expect(l, kv, TOML_TABLE, "the config");
            if (rc == 0)
                c->groups = mh_xcalloc(v->u.table.count + 1, sizeof *c->groups);
            for (size_t k = 0; rc == 0 && k < v->u.table.count; k++)
                rc = parse_group(l, &v->u.table.items[k], &c->groups[c->group_count++]);
        } else {
            warn_unknown(l, kv, "the config (expected include, [general], [packages], [[files]], "
                                "[users.*], [groups.*])");
        }
    }
    free(dir);
    return rc;
}
