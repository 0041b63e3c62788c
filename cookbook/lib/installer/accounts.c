#include "installer/accounts.h"

#include <argon2.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "blake3/blake3.h"

#define MIN_AUTO_ID 1000u

typedef struct id_set {
    uint32_t *ids;
    size_t count;
} id_set;

static bool id_taken(const id_set *s, uint32_t id) {
    for (size_t i = 0; i < s->count; i++)
        if (s->ids[i] == id)
            return true;
    return false;
}

static void id_add(id_set *s, uint32_t id) {
    s->ids = mh_xrealloc(s->ids, (s->count + 1) * sizeof *s->ids);
    s->ids[s->count++] = id;
}

static uint32_t next_free(const id_set *s) {
    uint32_t id = MIN_AUTO_ID;
    while (id_taken(s, id))
        id++;
    return id;
}

static const char *own(mh_accounts *a, char *s) {
    a->owned_strings = mh_xrealloc(a->owned_strings, (a->owned_count + 1) * sizeof *a->owned_strings);
    a->owned_strings[a->owned_count++] = s;
    return s;
}

/* Redox's files separate fields with ';' and lines with '\n': neither may appear in a field. */
static int check_field(const char *value, const char *what, const mh_config_origin *o, mh_error *err) {
    if (strpbrk(value, ";\n"))
        return mh_error_set(err, o->file, o->line, o->column,
                            "%s \"%s\" must not contain ';' or a newline", what, value);
    return 0;
}

static int hash_password(const char *user, const char *password, const uint8_t seed[16],
                         mh_strbuf *out, mh_error *err) {
    /* Salt: BLAKE3(seed || user), first 16 bytes — reproducible, distinct per user and seed. */
    uint8_t salt[16];
    blake3_hasher hasher;
    blake3_hasher_init(&hasher);
    blake3_hasher_update(&hasher, seed, 16);
    blake3_hasher_update(&hasher, user, strlen(user));
    blake3_hasher_finalize(&hasher, salt, sizeof salt);
    const uint32_t t = 3, m = 4096, p = 1, hash_len = 32;
    size_t encoded_len = argon2_encodedlen(t, m, p, sizeof salt, hash_len, Argon2_id);
    char *encoded = mh_xmalloc(encoded_len);
    int rc = argon2id_hash_encoded(t, m, p, password, strlen(password), salt, sizeof salt, hash_len,
                                   encoded, encoded_len);
    if (rc != ARGON2_OK) {
        free(encoded);
        return mh_error_set(err, NULL, 0, 0, "cannot hash the password of '%s': %s", user,
                            argon2_error_message(rc));
    }
    mh_strbuf_puts(out, encoded);
    free(encoded);
    return 0;
}

int mh_accounts_build(const mh_config *config, const uint8_t salt_seed[16], mh_accounts *a,
                      mh_error *err) {
    memset(a, 0, sizeof *a);
    id_set uids = {0}, gids = {0};
    for (size_t i = 0; i < config->user_count; i++) {
        if (config->users[i].uid >= 0)
            id_add(&uids, (uint32_t)config->users[i].uid);
        if (config->users[i].gid >= 0)
            id_add(&gids, (uint32_t)config->users[i].gid);
    }
    for (size_t i = 0; i < config->group_count; i++)
        if (config->groups[i].gid >= 0)
            id_add(&gids, (uint32_t)config->groups[i].gid);
    a->users = mh_xcalloc(config->user_count + 1, sizeof *a->users);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < config->user_count; i++) {
        const mh_config_user *u = &config->users[i];
        mh_account *acc = &a->users[a->user_count++];
        acc->user = u->key;
        if (u->uid >= 0) {
            acc->uid = (uint32_t)u->uid;
        } else {
            acc->uid = next_free(&uids);
            id_add(&uids, acc->uid);
        }
        if (u->gid >= 0) {
            acc->gid = (uint32_t)u->gid;
        } else {
            acc->gid = acc->uid;
            if (id_taken(&gids, acc->gid)) /* the uid's number is another group's: take a free one */
                acc->gid = next_free(&gids);
            id_add(&gids, acc->gid);
        }
        acc->name = u->name ? u->name : u->key;
        acc->home = u->home ? u->home : own(a, mh_xasprintf("/home/%s", u->key));
        acc->shell = u->shell ? u->shell : "/usr/bin/sh";
        if (!u->password) {
            rc = mh_error_set(err, u->origin.file, u->origin.line, u->origin.column,
                              "user '%s' has no password key; set password = \"\" for no password "
                              "(the installer does not prompt)",
                              u->key);
            break;
        }
        if ((rc = check_field(u->key, "user name", &u->origin, err)) != 0 ||
            (rc = check_field(acc->name, "full name", &u->origin, err)) != 0 ||
            (rc = check_field(acc->home, "home", &u->origin, err)) != 0 ||
            (rc = check_field(acc->shell, "shell", &u->origin, err)) != 0)
            break;
        mh_strbuf_printf(&a->passwd, "%s;%" PRIu32 ";%" PRIu32 ";%s;%s;%s\n", u->key, acc->uid,
                         acc->gid, acc->name, acc->home, acc->shell);
        mh_strbuf_printf(&a->shadow, "%s;", u->key);
        if (u->password[0])
            rc = hash_password(u->key, u->password, salt_seed, &a->shadow, err);
        mh_strbuf_putc(&a->shadow, '\n');
        mh_strbuf_printf(&a->group, "%s;x;%" PRIu32 ";%s\n", u->key, acc->gid, u->key);
    }
    for (size_t i = 0; rc == 0 && i < config->group_count; i++) {
        const mh_config_group *g = &config->groups[i];
        uint32_t gid;
        if (g->gid >= 0) {
            gid = (uint32_t)g->gid;
        } else {
            gid = next_free(&gids);
            id_add(&gids, gid);
        }
        if ((rc = check_field(g->key, "group name", &g->origin, err)) != 0)
            break;
        mh_strbuf_printf(&a->group, "%s;x;%" PRIu32 ";", g->key, gid);
        for (size_t m = 0; rc == 0 && m < g->member_count; m++) {
            if (strchr(g->members[m], ','))
                rc = mh_error_set(err, g->origin.file, g->origin.line, g->origin.column,
                                  "group member \"%s\" must not contain ','", g->members[m]);
            rc = rc ? rc : check_field(g->members[m], "group member", &g->origin, err);
            mh_strbuf_printf(&a->group, "%s%s", m ? "," : "", g->members[m]);
        }
        mh_strbuf_putc(&a->group, '\n');
    }
    free(uids.ids);
    free(gids.ids);
    if (rc != 0)
        mh_accounts_free(a);
    return rc;
}

void mh_accounts_free(mh_accounts *a) {
    mh_strbuf_free(&a->passwd);
    mh_strbuf_free(&a->shadow);
    mh_strbuf_free(&a->group);
    for (size_t i = 0; i < a->owned_count; i++)
        free(a->owned_strings[i]);
    free(a->owned_strings);
    free(a->users);
    memset(a, 0, sizeof *a);
}
