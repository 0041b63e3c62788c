/* The merged config written back as TOML (redox_installer --output-config). */
#include <inttypes.h>
#include <string.h>

#include "config/config.h"
#include "toml/toml.h"

static void write_string_key(mh_strbuf *sb, const char *key, const char *value) {
    if (!value)
        return;
    mh_strbuf_printf(sb, "%s = ", key);
    toml_write_string(sb, value, strlen(value));
    mh_strbuf_putc(sb, '\n');
}

static void write_int_key(mh_strbuf *sb, const char *key, int64_t value) {
    if (value >= 0)
        mh_strbuf_printf(sb, "%s = %" PRId64 "\n", key, value);
}

static void write_bool_key(mh_strbuf *sb, const char *key, int value) {
    if (value >= 0)
        mh_strbuf_printf(sb, "%s = %s\n", key, value ? "true" : "false");
}

static void write_bool_flag(mh_strbuf *sb, const char *key, bool value) {
    if (value)
        mh_strbuf_printf(sb, "%s = true\n", key);
}

/* "[table.key]" after a blank line; the key is quoted when TOML needs it. */
static void write_subtable_header(mh_strbuf *sb, const char *table, const char *key) {
    mh_strbuf_printf(sb, "\n[%s.", table);
    toml_write_key(sb, key, strlen(key));
    mh_strbuf_puts(sb, "]\n");
}

void mh_config_write(const mh_config *c, mh_strbuf *sb) {
    const mh_config_general *g = &c->general;
    mh_strbuf_puts(sb, "[general]\n");
    write_int_key(sb, "filesystem_size", g->filesystem_size);
    write_int_key(sb, "efi_partition_size", g->efi_partition_size);
    write_bool_key(sb, "skip_partitions", g->skip_partitions);
    write_bool_key(sb, "encrypt_disk", g->encrypt_disk);
    write_bool_key(sb, "live_disk", g->live_disk);
    write_bool_key(sb, "no_mount", g->no_mount);
    write_bool_key(sb, "prompt", g->prompt);
    write_string_key(sb, "write_bootloader", g->write_bootloader);
    write_string_key(sb, "cookbook", g->cookbook);

    mh_strbuf_puts(sb, "\n[packages]\n");
    for (size_t i = 0; i < c->package_count; i++) {
        const mh_config_package *p = &c->packages[i];
        toml_write_key(sb, p->name, strlen(p->name));
        if (p->rule != MH_RULE_DEFAULT) {
            mh_strbuf_printf(sb, " = \"%s\"\n", mh_package_rule_name(p->rule));
            continue;
        }
        mh_strbuf_puts(sb, " = {");
        const char *keys[] = {"version", "git", "path"};
        const char *values[] = {p->version, p->git, p->path};
        bool first = true;
        for (size_t k = 0; k < 3; k++) {
            if (!values[k])
                continue;
            mh_strbuf_printf(sb, "%s %s = ", first ? "" : ",", keys[k]);
            toml_write_string(sb, values[k], strlen(values[k]));
            first = false;
        }
        mh_strbuf_puts(sb, first ? "}\n" : " }\n");
    }

    for (size_t i = 0; i < c->file_count; i++) {
        const mh_config_file *f = &c->files[i];
        mh_strbuf_puts(sb, "\n[[files]]\n");
        write_string_key(sb, "path", f->path);
        mh_strbuf_puts(sb, "data = ");
        toml_write_string(sb, f->data, f->data_len);
        mh_strbuf_putc(sb, '\n');
        write_bool_flag(sb, "symlink", f->symlink);
        write_bool_flag(sb, "directory", f->directory);
        if (f->mode >= 0)
            mh_strbuf_printf(sb, "mode = 0o%" PRIo64 "\n", (uint64_t)f->mode);
        write_int_key(sb, "uid", f->uid);
        write_int_key(sb, "gid", f->gid);
        write_bool_flag(sb, "recursive_chown", f->recursive_chown);
        write_bool_flag(sb, "postinstall", f->postinstall);
        write_bool_flag(sb, "append", f->append);
    }

    for (size_t i = 0; i < c->user_count; i++) {
        const mh_config_user *u = &c->users[i];
        write_subtable_header(sb, "users", u->key);
        write_string_key(sb, "password", u->password);
        write_int_key(sb, "uid", u->uid);
        write_int_key(sb, "gid", u->gid);
        write_string_key(sb, "name", u->name);
        write_string_key(sb, "home", u->home);
        write_string_key(sb, "shell", u->shell);
    }

    for (size_t i = 0; i < c->group_count; i++) {
        const mh_config_group *g2 = &c->groups[i];
        write_subtable_header(sb, "groups", g2->key);
        write_int_key(sb, "gid", g2->gid);
        mh_strbuf_puts(sb, "members = [");
        for (size_t m = 0; m < g2->member_count; m++) {
            if (m)
                mh_strbuf_puts(sb, ", ");
            toml_write_string(sb, g2->members[m], strlen(g2->members[m]));
        }
        mh_strbuf_puts(sb, "]\n");
    }
}
