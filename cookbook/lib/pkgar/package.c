#include "pkgar/package.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "base/hex.h"
#include "toml/toml.h"

void pkgar_package_init(pkgar_package *p) {
    memset(p, 0, sizeof *p);
    char **fields[] = {&p->name,           &p->version,           &p->target,
                       &p->blake3,         &p->source_identifier, &p->commit_identifier,
                       &p->time_identifier};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        *fields[i] = mh_xstrdup("");
}

void pkgar_package_free(pkgar_package *p) {
    free(p->name);
    free(p->version);
    free(p->target);
    free(p->blake3);
    free(p->source_identifier);
    free(p->commit_identifier);
    free(p->time_identifier);
    for (size_t i = 0; i < p->depends_count; i++)
        free(p->depends[i]);
    free(p->depends);
    memset(p, 0, sizeof *p);
}

void pkgar_package_set(char **field, const char *value) {
    char *copy = mh_xstrdup(value ? value : "");
    free(*field);
    *field = copy;
}

void pkgar_package_add_depend(pkgar_package *p, const char *name) {
    p->depends = mh_xrealloc(p->depends, (p->depends_count + 1) * sizeof *p->depends);
    p->depends[p->depends_count++] = mh_xstrdup(name);
}

void pkgar_package_set_created(pkgar_package *p, const pkgar_create_info *info) {
    char hex[2 * PKGAR_HASH_SIZE + 1];
    mh_hex_encode(info->entries_hash, PKGAR_HASH_SIZE, hex);
    pkgar_package_set(&p->blake3, hex);
    p->storage_size = info->storage_size;
    p->network_size = info->network_size;
}

int pkgar_package_set_archive(pkgar_package *p, pkgar_archive *archive, mh_error *err) {
    uint64_t storage;
    if (pkgar_archive_storage_size(archive, &storage, err) != 0)
        return -1;
    char hex[2 * PKGAR_HASH_SIZE + 1];
    mh_hex_encode(archive->header.entries_hash, PKGAR_HASH_SIZE, hex);
    pkgar_package_set(&p->blake3, hex);
    p->storage_size = storage;
    p->network_size = archive->file_size;
    return 0;
}

int pkgar_package_name_check(const char *name, size_t len, const char *what, mh_error *err) {
    const char *problem = NULL;
    const char *colon = memchr(name, ':', len);
    size_t dots = 0;
    for (size_t i = 0; i < len; i++)
        dots += name[i] == '.';
    if (len == 0)
        problem = "it is empty";
    else if (memchr(name, '\0', len))
        problem = "it contains a NUL byte";
    else if (memchr(name, '/', len))
        problem = "it contains '/'";
    else if (dots > 1)
        problem = "it has more than one '.' (only recipe.subpackage is allowed)";
    else if (colon && !((colon - name == 4 && memcmp(name, "host", 4) == 0) ||
                        (colon - name == 6 && memcmp(name, "target", 6) == 0)))
        problem = "':' may only end a \"host:\" or \"target:\" prefix";
    else if (colon && memchr(colon + 1, ':', len - (size_t)(colon + 1 - name)))
        problem = "it has more than one ':'";
    else if (colon && (size_t)(colon + 1 - name) == len)
        problem = "nothing follows the prefix";
    if (!problem)
        return 0;
    return mh_error_set(err, NULL, 0, 0, "invalid %s \"%.*s\": %s", what, (int)len, name, problem);
}

static int blake3_hex_check(const char *hex, mh_error *err) {
    if (!*hex)
        return 0;
    if (strlen(hex) == 64 && strspn(hex, "0123456789abcdef") == 64)
        return 0;
    return mh_error_set(err, NULL, 0, 0, "blake3 must be 64 lowercase hex digits, not \"%s\"", hex);
}

int pkgar_package_check(const pkgar_package *p, const char *path, mh_error *err) {
    int rc = pkgar_package_name_check(p->name, strlen(p->name), "package name", err);
    for (size_t i = 0; rc == 0 && i < p->depends_count; i++)
        rc = pkgar_package_name_check(p->depends[i], strlen(p->depends[i]), "dependency", err);
    if (rc == 0)
        rc = blake3_hex_check(p->blake3, err);
    if (rc != 0 && path)
        snprintf(err->path, sizeof err->path, "%s", path);
    return rc;
}

/* Reads an optional string key into *field. */
static int read_string(const toml_value *root, const char *key, const char *path, char **field,
                       mh_error *err) {
    const toml_value *v = toml_get(root, key);
    if (!v)
        return 0;
    if (v->type != TOML_STRING)
        return mh_error_set(err, path, v->pos.line, v->pos.column, "'%s' must be a string, not %s",
                            key, toml_type_name(v->type));
    if (strlen(v->u.string.ptr) != v->u.string.len)
        return mh_error_set(err, path, v->pos.line, v->pos.column, "'%s' contains a NUL byte", key);
    pkgar_package_set(field, v->u.string.ptr);
    return 0;
}

static int read_size(const toml_value *root, const char *key, const char *path, uint64_t *field,
                     mh_error *err) {
    const toml_value *v = toml_get(root, key);
    if (!v)
        return 0;
    if (v->type != TOML_INTEGER || v->u.integer < 0)
        return mh_error_set(err, path, v->pos.line, v->pos.column,
                            "'%s' must be a non-negative integer (bytes)", key);
    *field = (uint64_t)v->u.integer;
    return 0;
}

static int read_depends(const toml_value *root, const char *path, pkgar_package *p, mh_error *err) {
    const toml_value *v = toml_get(root, "depends");
    if (!v)
        return 0;
    if (v->type != TOML_ARRAY)
        return mh_error_set(err, path, v->pos.line, v->pos.column,
                            "'depends' must be an array of package names, not %s",
                            toml_type_name(v->type));
    for (size_t i = 0; i < v->u.array.count; i++) {
        const toml_value *item = v->u.array.items[i];
        if (item->type != TOML_STRING)
            return mh_error_set(err, path, item->pos.line, item->pos.column,
                                "dependencies must be strings, not %s", toml_type_name(item->type));
        if (pkgar_package_name_check(item->u.string.ptr, item->u.string.len, "dependency", err) !=
            0) {
            snprintf(err->path, sizeof err->path, "%s", path ? path : "");
            err->line = item->pos.line;
            err->column = item->pos.column;
            return -1;
        }
        pkgar_package_add_depend(p, item->u.string.ptr);
    }
    return 0;
}

int pkgar_package_parse(const char *text, size_t len, const char *path, pkgar_package *p,
                        mh_error *err) {
    pkgar_package_init(p);
    toml_value *root = toml_parse(text, len, path, err);
    if (!root) {
        pkgar_package_free(p);
        return -1;
    }
    const toml_value *name = toml_get(root, "name");
    int rc = 0;
    if (!name)
        rc = mh_error_set(err, path, 0, 0, "missing 'name'");
    if (rc == 0)
        rc = read_string(root, "name", path, &p->name, err);
    if (rc == 0 && pkgar_package_name_check(p->name, strlen(p->name), "package name", err) != 0) {
        snprintf(err->path, sizeof err->path, "%s", path ? path : "");
        err->line = name->pos.line;
        err->column = name->pos.column;
        rc = -1;
    }
    static const char *const string_keys[] = {
        "version", "target", "blake3", "source_identifier", "commit_identifier", "time_identifier"};
    char **string_fields[] = {
        &p->version,           &p->target,         &p->blake3, &p->source_identifier,
        &p->commit_identifier, &p->time_identifier};
    for (size_t i = 0; rc == 0 && i < sizeof string_keys / sizeof string_keys[0]; i++)
        rc = read_string(root, string_keys[i], path, string_fields[i], err);
    if (rc == 0 && blake3_hex_check(p->blake3, err) != 0) {
        const toml_value *v = toml_get(root, "blake3");
        snprintf(err->path, sizeof err->path, "%s", path ? path : "");
        err->line = v->pos.line;
        err->column = v->pos.column;
        rc = -1;
    }
    if (rc == 0)
        rc = read_size(root, "storage_size", path, &p->storage_size, err);
    if (rc == 0)
        rc = read_size(root, "network_size", path, &p->network_size, err);
    if (rc == 0)
        rc = read_depends(root, path, p, err);
    toml_free(root);
    if (rc != 0)
        pkgar_package_free(p);
    return rc;
}

int pkgar_package_load(const char *path, pkgar_package *p, mh_error *err) {
    char *text;
    size_t len;
    if (mh_read_file(path, &text, &len, err) != 0) {
        memset(p, 0, sizeof *p);
        return -1;
    }
    int rc = pkgar_package_parse(text, len, path, p, err);
    free(text);
    return rc;
}

static void put_string(mh_strbuf *out, const char *key, const char *value, int always) {
    if (!*value && !always)
        return;
    mh_strbuf_printf(out, "%s = ", key);
    toml_write_string(out, value, strlen(value));
    mh_strbuf_putc(out, '\n');
}

void pkgar_package_format(const pkgar_package *p, mh_strbuf *out) {
    put_string(out, "name", p->name, 1);
    put_string(out, "version", p->version, 0);
    put_string(out, "target", p->target, 1);
    put_string(out, "blake3", p->blake3, 0);
    put_string(out, "source_identifier", p->source_identifier, 0);
    put_string(out, "commit_identifier", p->commit_identifier, 0);
    put_string(out, "time_identifier", p->time_identifier, 0);
    if (p->storage_size)
        mh_strbuf_printf(out, "storage_size = %" PRIu64 "\n", p->storage_size);
    if (p->network_size)
        mh_strbuf_printf(out, "network_size = %" PRIu64 "\n", p->network_size);
    mh_strbuf_puts(out, "depends = [");
    for (size_t i = 0; i < p->depends_count; i++) {
        if (i)
            mh_strbuf_puts(out, ", ");
        toml_write_string(out, p->depends[i], strlen(p->depends[i]));
    }
    mh_strbuf_puts(out, "]\n");
}

int pkgar_package_save(const char *path, const pkgar_package *p, mh_error *err) {
    if (pkgar_package_check(p, path, err) != 0)
        return -1;
    mh_strbuf out = MH_STRBUF_INIT;
    pkgar_package_format(p, &out);
    int rc = mh_write_file_atomic(path, mh_strbuf_str(&out), out.len, 0644, err);
    mh_strbuf_free(&out);
    return rc;
}
