#include "cook/package.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/files.h"
#include "base/strbuf.h"
#include "pkgar/create.h"
#include "pkgar/package.h"
#include "toml/toml.h"

static void key_paths(const char *root, char **secret, char **public) {
    char *build = mh_path_join(root, "build");
    *secret = mh_path_join(build, "id_ed25519.toml");
    *public = mh_path_join(build, "id_ed25519.pub.toml");
    free(build);
}

int cook_signing_key(const char *root, pkgar_secret_key *sk, pkgar_public_key *pk,
                     mh_error *err) {
    char *secret, *public;
    key_paths(root, &secret, &public);
    int rc = 0;
    if (!mh_path_exists(secret))
        rc = pkgar_keys_generate_files(secret, public, NULL, 0, NULL, err);
    if (rc == 0)
        rc = pkgar_secret_key_load(secret, NULL, NULL, sk, err);
    if (rc == 0) {
        pkgar_secret_key_public(sk, pk);
        if (!mh_path_exists(public))
            rc = pkgar_public_key_save(public, pk, err);
    }
    free(secret);
    free(public);
    return rc;
}

int cook_public_key(const char *root, pkgar_public_key *pk, mh_error *err) {
    char *secret, *public;
    key_paths(root, &secret, &public);
    int rc = pkgar_public_key_load(public, pk, err);
    if (rc != 0)
        mh_error_prefix(err, "the cookbook's package key (made by the first `repo cook`)");
    free(secret);
    free(public);
    return rc;
}

/* The first "N.N" or "N.N.N" in text, or NULL. */
static char *find_version(const char *text) {
    if (!text)
        return NULL;
    for (const char *p = text; *p; p++) {
        if (!isdigit((unsigned char)*p) || (p > text && isdigit((unsigned char)p[-1])))
            continue;
        const char *q = p;
        int dots = 0;
        while (isdigit((unsigned char)*q))
            q++;
        const char *end = q;
        while (dots < 2 && q[0] == '.' && isdigit((unsigned char)q[1])) {
            q++;
            while (isdigit((unsigned char)*q))
                q++;
            dots++;
            end = q;
        }
        if (dots >= 1)
            return mh_xstrndup(p, (size_t)(end - p));
    }
    return NULL;
}

static char *cargo_version(const char *source_dir) {
    char *path = mh_path_join(source_dir, "Cargo.toml");
    char *text;
    size_t len;
    mh_error err;
    char *version = NULL;
    if (mh_read_file(path, &text, &len, &err) == 0) {
        toml_value *root = toml_parse(text, len, path, &err);
        const toml_value *v = root ? toml_get(toml_get(root, "package"), "version") : NULL;
        if (v && v->type == TOML_STRING)
            version = mh_xstrdup(v->u.string.ptr);
        toml_free(root);
        free(text);
    }
    free(path);
    return version;
}

char *cook_package_version(const mh_recipe *r, const char *source_dir) {
    if (r->package.version)
        return mh_xstrdup(r->package.version);
    if (r->build.template == MH_TEMPLATE_NONE)
        return mh_xstrdup("");
    char *v = find_version(r->source.tar);
    if (!v)
        v = find_version(r->source.rev);
    if (!v)
        v = find_version(r->source.branch);
    if (!v)
        v = cargo_version(source_dir);
    return v ? v : mh_xstrdup("TODO");
}

void cook_iso8601(int64_t time, char out[32]) {
    time_t t = (time_t)time;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int cook_make_package(const cook_package_request *q, cook_hex package_hash, mh_error *err) {
    pkgar_package package;
    pkgar_package_init(&package);
    pkgar_package_set(&package.name, q->name);
    pkgar_package_set(&package.version, q->stage_dir ? q->version : "");
    pkgar_package_set(&package.target, q->target);
    pkgar_package_set(&package.source_identifier, q->source_identifier);
    pkgar_package_set(&package.commit_identifier, q->commit_identifier);
    pkgar_package_set(&package.time_identifier, q->time_identifier);
    for (size_t i = 0; i < q->depends_count; i++)
        pkgar_package_add_depend(&package, q->depends[i]);
    int rc = 0;
    if (q->stage_dir) {
        pkgar_create_options options = {
            q->compressed ? PKGAR_PACKAGING_LZMA2 : PKGAR_PACKAGING_RAW, PKGAR_ARCH_INDEPENDENT};
        pkgar_create_info info;
        rc = pkgar_create(q->pkgar_path, q->stage_dir, q->key, &options, &info, err);
        if (rc == 0)
            pkgar_package_set_created(&package, &info);
    } else if (unlink(q->pkgar_path) != 0 && errno != ENOENT) {
        rc = mh_error_errno(err, q->pkgar_path, errno, "cannot remove");
    }
    if (rc == 0)
        rc = pkgar_package_save(q->toml_path, &package, err);
    if (rc == 0) {
        if (q->stage_dir) {
            snprintf(package_hash, sizeof(cook_hex), "%s", package.blake3);
        } else {
            mh_strbuf text = MH_STRBUF_INIT;
            pkgar_package_format(&package, &text);
            blake3_hasher h;
            blake3_hasher_init(&h);
            cook_hash_str(&h, mh_strbuf_str(&text));
            cook_hash_finish_hex(&h, package_hash);
            mh_strbuf_free(&text);
        }
    }
    pkgar_package_free(&package);
    return rc;
}
