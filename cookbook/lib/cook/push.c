#include "cook/push.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "cook/process.h"
#include "pkgar/archive.h"
#include "pkgar/install.h"
#include "pkgar/package.h"
#include "toml/toml.h"

typedef struct push_item {
    pkgar_package package;
    bool manual;
} push_item;

typedef struct push_list {
    push_item *items;
    size_t count;
} push_list;

static long find_item(const push_list *l, const char *name) {
    for (size_t i = 0; i < l->count; i++)
        if (strcmp(l->items[i].package.name, name) == 0)
            return (long)i;
    return -1;
}

/* The named packages and, transitively, what they depend on. */
static int collect(const cook_push_options *o, const char *const *names, size_t count,
                   push_list *list, mh_error *err) {
    for (size_t i = 0; i < count; i++) {
        list->items = mh_xrealloc(list->items, (list->count + 1) * sizeof *list->items);
        push_item *item = &list->items[list->count];
        char *path = mh_xasprintf("%s/%s.toml", o->repo_dir, names[i]);
        int rc = pkgar_package_load(path, &item->package, err);
        free(path);
        if (rc != 0) {
            mh_error_prefix(err, "package '%s' is not in the repository %s (cook it first)",
                            names[i], o->repo_dir);
            return -1;
        }
        item->manual = true;
        list->count++;
    }
    for (size_t i = 0; i < list->count; i++) {
        for (size_t d = 0; d < list->items[i].package.depends_count; d++) {
            const char *dep = list->items[i].package.depends[d];
            if (find_item(list, dep) >= 0)
                continue;
            list->items = mh_xrealloc(list->items, (list->count + 1) * sizeof *list->items);
            push_item *item = &list->items[list->count];
            char *path = mh_xasprintf("%s/%s.toml", o->repo_dir, dep);
            int rc = pkgar_package_load(path, &item->package, err);
            free(path);
            if (rc != 0) {
                mh_error_prefix(err, "package '%s' (a dependency of '%s') is not in the "
                                "repository %s", dep, list->items[i].package.name, o->repo_dir);
                return -1;
            }
            item->manual = false;
            list->count++;
        }
    }
    return 0;
}

static int install_item(const cook_push_options *o, const push_item *item, mh_error *err) {
    const pkgar_package *p = &item->package;
    if (!p->version[0])
        return 0; /* a metapackage has nothing to install */
    char *pkgar = mh_xasprintf("%s/%s.pkgar", o->repo_dir, p->name);
    char *heads = mh_path_join(o->sysroot, "var/lib/packages");
    char *head = mh_xasprintf("%s/%s.pkgar_head", heads, p->name);
    pkgar_archive archive;
    int rc = pkgar_archive_open(&archive, pkgar, o->key, err);
    if (rc == 0) {
        cook_log(o->log_fd, "installing %s into %s\n", p->name, o->sysroot);
        if (mh_path_exists(head)) {
            pkgar_archive old;
            pkgar_report report = {0};
            rc = pkgar_archive_open(&old, head, o->key, err);
            if (rc == 0) {
                rc = pkgar_replace(&old, &archive, o->sysroot, &report, err);
                pkgar_archive_close(&old);
            }
            for (size_t i = 0; i < report.count; i++)
                cook_log(o->log_fd, "kept %s: %s\n", report.items[i].path,
                         pkgar_file_state_name(report.items[i].state));
            pkgar_report_free(&report);
        } else {
            rc = pkgar_install(&archive, o->sysroot, err);
        }
        if (rc == 0 && o->metadata && (rc = mh_mkdir_p(heads, err)) == 0)
            rc = pkgar_archive_split(&archive, head, NULL, err);
        pkgar_archive_close(&archive);
    }
    free(pkgar);
    free(heads);
    free(head);
    return rc;
}

static void put_string_list(mh_strbuf *sb, const char *key, char *const *items, size_t count) {
    mh_strbuf_printf(sb, "%s = [", key);
    for (size_t i = 0; i < count; i++) {
        if (i)
            mh_strbuf_puts(sb, ", ");
        toml_write_string(sb, items[i], strlen(items[i]));
    }
    mh_strbuf_puts(sb, "]\n");
}

/* Rewrites etc/pkg/packages.toml: packages installed before keep their records (as written),
 * the ones just installed get new ones. A package installed as a dependency stays manual if it
 * was manual before. */
static int write_state(const cook_push_options *o, const push_list *list, mh_error *err) {
    char *dir = mh_path_join(o->sysroot, "etc/pkg");
    char *path = mh_path_join(dir, "packages.toml");
    char *text = NULL;
    size_t len = 0;
    toml_value *old = NULL;
    if (mh_path_exists(path)) {
        if (mh_read_file(path, &text, &len, err) != 0 ||
            !(old = toml_parse(text, len, path, err))) {
            free(text);
            free(dir);
            free(path);
            return -1;
        }
    }
    const toml_value *old_installed = toml_get(old, "installed");
    char **names = mh_xcalloc(list->count + (old_installed ? old_installed->u.table.count : 0) + 1,
                              sizeof *names);
    size_t count = 0;
    for (size_t i = 0; i < list->count; i++)
        names[count++] = list->items[i].package.name;
    for (size_t i = 0; old_installed && i < old_installed->u.table.count; i++)
        if (find_item(list, old_installed->u.table.items[i].key) < 0)
            names[count++] = old_installed->u.table.items[i].key;
    if (count)
        qsort(names, count, sizeof *names, mh_compare_strings);
    mh_strbuf sb = MH_STRBUF_INIT;
    mh_strbuf_puts(&sb, "protected = []\n");
    for (size_t i = 0; i < count; i++) {
        mh_strbuf_puts(&sb, "\n[installed.");
        toml_write_key(&sb, names[i], strlen(names[i]));
        mh_strbuf_puts(&sb, "]\n");
        long at = find_item(list, names[i]);
        const toml_value *before = toml_get(old_installed, names[i]);
        if (at < 0) { /* kept from before, key by key */
            for (size_t k = 0; before && before->type == TOML_TABLE &&
                               k < before->u.table.count; k++) {
                const toml_keyval *kv = &before->u.table.items[k];
                toml_write_key(&sb, kv->key, kv->key_len);
                mh_strbuf_puts(&sb, " = ");
                if (kv->value->type == TOML_STRING)
                    toml_write_string(&sb, kv->value->u.string.ptr, kv->value->u.string.len);
                else if (kv->value->type == TOML_BOOLEAN)
                    mh_strbuf_puts(&sb, kv->value->u.boolean ? "true" : "false");
                else if (kv->value->type == TOML_INTEGER)
                    mh_strbuf_printf(&sb, "%" PRId64, kv->value->u.integer);
                else if (kv->value->type == TOML_ARRAY) {
                    mh_strbuf_putc(&sb, '[');
                    for (size_t a = 0; a < kv->value->u.array.count; a++) {
                        const toml_value *item = kv->value->u.array.items[a];
                        if (item->type != TOML_STRING)
                            continue;
                        mh_strbuf_puts(&sb, a ? ", " : "");
                        toml_write_string(&sb, item->u.string.ptr, item->u.string.len);
                    }
                    mh_strbuf_putc(&sb, ']');
                } else {
                    mh_strbuf_puts(&sb, "\"\"");
                }
                mh_strbuf_putc(&sb, '\n');
            }
            continue;
        }
        const push_item *item = &list->items[at];
        const toml_value *was_manual = toml_get(before, "manual");
        bool manual = item->manual || (was_manual && was_manual->type == TOML_BOOLEAN &&
                                       was_manual->u.boolean);
        mh_strbuf_puts(&sb, "remote = \"local\"\n");
        mh_strbuf_puts(&sb, "blake3 = ");
        toml_write_string(&sb, item->package.blake3, strlen(item->package.blake3));
        mh_strbuf_printf(&sb, "\nmanual = %s\n", manual ? "true" : "false");
        mh_strbuf_printf(&sb, "storage_size = %" PRIu64 "\n", item->package.storage_size);
        put_string_list(&sb, "dependencies", item->package.depends, item->package.depends_count);
    }
    int rc = mh_mkdir_p(dir, err);
    if (rc == 0)
        rc = mh_write_file_atomic(path, mh_strbuf_str(&sb), sb.len, 0644, err);
    mh_strbuf_free(&sb);
    free(names);
    toml_free(old);
    free(text);
    free(dir);
    free(path);
    return rc;
}

int cook_push(const cook_push_options *o, const char *const *names, size_t count,
              size_t *installed, mh_error *err) {
    *installed = 0;
    push_list list = {0};
    int rc = collect(o, names, count, &list, err);
    if (rc == 0)
        rc = mh_mkdir_p(o->sysroot, err);
    /* Dependencies first, so a package never lands before what it needs. */
    for (size_t i = list.count; rc == 0 && i-- > 0;) {
        rc = install_item(o, &list.items[i], err);
        if (rc == 0)
            (*installed)++;
    }
    if (rc == 0 && o->metadata)
        rc = write_state(o, &list, err);
    for (size_t i = 0; i < list.count; i++)
        pkgar_package_free(&list.items[i].package);
    free(list.items);
    return rc;
}
