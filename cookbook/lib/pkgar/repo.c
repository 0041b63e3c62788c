#include "pkgar/repo.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/files.h"
#include "pkgar/package.h"
#include "toml/toml.h"

void pkgar_repo_init(pkgar_repo *repo) {
    memset(repo, 0, sizeof *repo);
    repo->build_id = mh_xstrdup("");
}

static void free_outdated(pkgar_repo_outdated *o) {
    free(o->name);
    free(o->source_identifier);
    free(o->commit_identifier);
    free(o->time_identifier);
    free(o->patch_identifier);
}

void pkgar_repo_free(pkgar_repo *repo) {
    for (size_t i = 0; i < repo->package_count; i++) {
        free(repo->packages[i].name);
        free(repo->packages[i].value);
    }
    for (size_t i = 0; i < repo->outdated_count; i++)
        free_outdated(&repo->outdated[i]);
    free(repo->packages);
    free(repo->outdated);
    free(repo->build_id);
    memset(repo, 0, sizeof *repo);
}

void pkgar_repo_set_build_id(pkgar_repo *repo, const char *build_id) {
    char *copy = mh_xstrdup(build_id ? build_id : "");
    free(repo->build_id);
    repo->build_id = copy;
}

/* Binary search over name fields of a sorted array of records of the given size; returns the
 * position where name is or would go, and *found. */
static size_t locate(const void *items, size_t count, size_t item_size, const char *name,
                     int *found) {
    size_t lo = 0, hi = count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *mid_name = *(char *const *)((const char *)items + mid * item_size);
        int c = strcmp(name, mid_name);
        if (c == 0) {
            *found = 1;
            return mid;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    *found = 0;
    return lo;
}

int pkgar_repo_set_package(pkgar_repo *repo, const char *name, const char *value, mh_error *err) {
    if (pkgar_package_name_check(name, strlen(name), "package name", err) != 0)
        return -1;
    int found;
    size_t at = locate(repo->packages, repo->package_count, sizeof *repo->packages, name, &found);
    if (found) {
        char *copy = mh_xstrdup(value);
        free(repo->packages[at].value);
        repo->packages[at].value = copy;
        return 0;
    }
    if (repo->package_count == repo->package_cap) {
        repo->package_cap = repo->package_cap ? 2 * repo->package_cap : 32;
        repo->packages = mh_xrealloc(repo->packages, repo->package_cap * sizeof *repo->packages);
    }
    memmove(&repo->packages[at + 1], &repo->packages[at],
            (repo->package_count - at) * sizeof *repo->packages);
    repo->packages[at].name = mh_xstrdup(name);
    repo->packages[at].value = mh_xstrdup(value);
    repo->package_count++;
    return 0;
}

int pkgar_repo_remove_package(pkgar_repo *repo, const char *name) {
    int found;
    size_t at = locate(repo->packages, repo->package_count, sizeof *repo->packages, name, &found);
    if (!found)
        return 0;
    free(repo->packages[at].name);
    free(repo->packages[at].value);
    memmove(&repo->packages[at], &repo->packages[at + 1],
            (repo->package_count - at - 1) * sizeof *repo->packages);
    repo->package_count--;
    return 1;
}

const char *pkgar_repo_find_package(const pkgar_repo *repo, const char *name) {
    int found;
    size_t at = locate(repo->packages, repo->package_count, sizeof *repo->packages, name, &found);
    return found ? repo->packages[at].value : NULL;
}

int pkgar_repo_set_outdated(pkgar_repo *repo, const char *name, const char *source_identifier,
                            const char *commit_identifier, const char *time_identifier,
                            const char *patch_identifier, mh_error *err) {
    if (pkgar_package_name_check(name, strlen(name), "package name", err) != 0)
        return -1;
    pkgar_repo_outdated record = {
        mh_xstrdup(name),
        mh_xstrdup(source_identifier ? source_identifier : ""),
        mh_xstrdup(commit_identifier ? commit_identifier : ""),
        mh_xstrdup(time_identifier ? time_identifier : ""),
        mh_xstrdup(patch_identifier ? patch_identifier : ""),
    };
    int found;
    size_t at = locate(repo->outdated, repo->outdated_count, sizeof *repo->outdated, name, &found);
    if (found) {
        free_outdated(&repo->outdated[at]);
        repo->outdated[at] = record;
        return 0;
    }
    if (repo->outdated_count == repo->outdated_cap) {
        repo->outdated_cap = repo->outdated_cap ? 2 * repo->outdated_cap : 16;
        repo->outdated = mh_xrealloc(repo->outdated, repo->outdated_cap * sizeof *repo->outdated);
    }
    memmove(&repo->outdated[at + 1], &repo->outdated[at],
            (repo->outdated_count - at) * sizeof *repo->outdated);
    repo->outdated[at] = record;
    repo->outdated_count++;
    return 0;
}

int pkgar_repo_remove_outdated(pkgar_repo *repo, const char *name) {
    int found;
    size_t at = locate(repo->outdated, repo->outdated_count, sizeof *repo->outdated, name, &found);
    if (!found)
        return 0;
    free_outdated(&repo->outdated[at]);
    memmove(&repo->outdated[at], &repo->outdated[at + 1],
            (repo->outdated_count - at - 1) * sizeof *repo->outdated);
    repo->outdated_count--;
    return 1;
}

const pkgar_repo_outdated *pkgar_repo_find_outdated(const pkgar_repo *repo, const char *name) {
    int found;
    size_t at = locate(repo->outdated, repo->outdated_count, sizeof *repo->outdated, name, &found);
    return found ? &repo->outdated[at] : NULL;
}

static int string_value(const toml_value *v, const char *what, const char *path, mh_error *err) {
    if (v->type != TOML_STRING)
        return mh_error_set(err, path, v->pos.line, v->pos.column, "%s must be a string, not %s",
                            what, toml_type_name(v->type));
    if (strlen(v->u.string.ptr) != v->u.string.len)
        return mh_error_set(err, path, v->pos.line, v->pos.column, "%s contains a NUL byte", what);
    return 0;
}

/* Adds a table key as a package name, pointing errors at the key. */
static int check_key(const toml_keyval *kv, const char *path, mh_error *err) {
    if (pkgar_package_name_check(kv->key, kv->key_len, "package name", err) == 0)
        return 0;
    snprintf(err->path, sizeof err->path, "%s", path ? path : "");
    err->line = kv->key_pos.line;
    err->column = kv->key_pos.column;
    return -1;
}

static int parse_outdated(const toml_keyval *kv, const char *path, pkgar_repo *repo,
                          mh_error *err) {
    const toml_value *t = kv->value;
    if (t->type != TOML_TABLE)
        return mh_error_set(err, path, t->pos.line, t->pos.column,
                            "outdated_packages.%s must be a table, not %s", kv->key,
                            toml_type_name(t->type));
    static const char *const keys[] = {"source_identifier", "commit_identifier", "time_identifier",
                                       "patch_identifier"};
    const char *values[4] = {"", "", "", ""};
    for (size_t i = 0; i < 4; i++) {
        const toml_value *v = toml_get(t, keys[i]);
        if (!v)
            continue;
        if (string_value(v, keys[i], path, err) != 0)
            return -1;
        values[i] = v->u.string.ptr;
    }
    return pkgar_repo_set_outdated(repo, kv->key, values[0], values[1], values[2], values[3], err);
}

int pkgar_repo_parse(const char *text, size_t len, const char *path, pkgar_repo *repo,
                     mh_error *err) {
    pkgar_repo_init(repo);
    toml_value *root = toml_parse(text, len, path, err);
    if (!root) {
        pkgar_repo_free(repo);
        return -1;
    }
    int rc = 0;
    const toml_value *build_id = toml_get(root, "build_id");
    if (build_id) {
        rc = string_value(build_id, "build_id", path, err);
        if (rc == 0)
            pkgar_repo_set_build_id(repo, build_id->u.string.ptr);
    }
    const toml_value *packages = toml_get(root, "packages");
    if (rc == 0 && packages && packages->type != TOML_TABLE)
        rc = mh_error_set(err, path, packages->pos.line, packages->pos.column,
                          "'packages' must be a table of name = \"blake3 or version\"");
    for (size_t i = 0; rc == 0 && packages && i < packages->u.table.count; i++) {
        const toml_keyval *kv = &packages->u.table.items[i];
        rc = check_key(kv, path, err);
        if (rc == 0)
            rc = string_value(kv->value, "a package's hash", path, err);
        if (rc == 0)
            rc = pkgar_repo_set_package(repo, kv->key, kv->value->u.string.ptr, err);
    }
    const toml_value *outdated = toml_get(root, "outdated_packages");
    if (rc == 0 && outdated && outdated->type != TOML_TABLE)
        rc = mh_error_set(err, path, outdated->pos.line, outdated->pos.column,
                          "'outdated_packages' must be a table");
    for (size_t i = 0; rc == 0 && outdated && i < outdated->u.table.count; i++) {
        const toml_keyval *kv = &outdated->u.table.items[i];
        rc = check_key(kv, path, err);
        if (rc == 0)
            rc = parse_outdated(kv, path, repo, err);
    }
    toml_free(root);
    if (rc != 0)
        pkgar_repo_free(repo);
    return rc;
}

int pkgar_repo_load(const char *path, int missing_ok, pkgar_repo *repo, mh_error *err) {
    struct stat st;
    if (missing_ok && stat(path, &st) != 0 && errno == ENOENT) {
        pkgar_repo_init(repo);
        return 0;
    }
    char *text;
    size_t len;
    if (mh_read_file(path, &text, &len, err) != 0) {
        memset(repo, 0, sizeof *repo);
        return -1;
    }
    int rc = pkgar_repo_parse(text, len, path, repo, err);
    free(text);
    return rc;
}

static void put_pair(mh_strbuf *out, const char *key, const char *value) {
    toml_write_key(out, key, strlen(key));
    mh_strbuf_puts(out, " = ");
    toml_write_string(out, value, strlen(value));
    mh_strbuf_putc(out, '\n');
}

void pkgar_repo_format(const pkgar_repo *repo, mh_strbuf *out) {
    if (*repo->build_id) {
        put_pair(out, "build_id", repo->build_id);
        mh_strbuf_putc(out, '\n');
    }
    mh_strbuf_puts(out, "[packages]\n");
    for (size_t i = 0; i < repo->package_count; i++)
        put_pair(out, repo->packages[i].name, repo->packages[i].value);
    for (size_t i = 0; i < repo->outdated_count; i++) {
        const pkgar_repo_outdated *o = &repo->outdated[i];
        mh_strbuf_puts(out, "\n[outdated_packages.");
        toml_write_key(out, o->name, strlen(o->name));
        mh_strbuf_puts(out, "]\n");
        const char *keys[] = {"source_identifier", "commit_identifier", "time_identifier",
                              "patch_identifier"};
        const char *values[] = {o->source_identifier, o->commit_identifier, o->time_identifier,
                                o->patch_identifier};
        for (size_t k = 0; k < 4; k++)
            if (*values[k])
                put_pair(out, keys[k], values[k]);
    }
}

int pkgar_repo_save(const char *path, const pkgar_repo *repo, mh_error *err) {
    mh_strbuf out = MH_STRBUF_INIT;
    pkgar_repo_format(repo, &out);
    int rc = mh_write_file_atomic(path, mh_strbuf_str(&out), out.len, 0644, err);
    mh_strbuf_free(&out);
    return rc;
}
