#include "pkgar/keys.h"

#include <argon2.h>
#include <pwd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/files.h"
#include "base/hex.h"
#include "base/strbuf.h"
#include "toml/toml.h"

/* Argon2id parameters of upstream pkgar-keys (libsodium's "interactive" limits). */
#define ARGON2_PASSES 2u
#define ARGON2_MEMORY_KIB 65536u
#define ARGON2_LANES 1u

static int sodium_ready(mh_error *err) {
    if (sodium_init() < 0)
        return mh_error_set(err, NULL, 0, 0, "cannot initialise libsodium");
    return 0;
}

int pkgar_keypair_generate(pkgar_public_key *pk, pkgar_secret_key *sk, mh_error *err) {
    if (sodium_ready(err) != 0)
        return -1;
    crypto_sign_keypair(pk->bytes, sk->bytes);
    return 0;
}

void pkgar_secret_key_public(const pkgar_secret_key *sk, pkgar_public_key *pk) {
    memcpy(pk->bytes, sk->bytes + 32, PKGAR_PUBLIC_KEY_SIZE);
}

void pkgar_secret_key_wipe(pkgar_secret_key *sk) {
    sodium_memzero(sk->bytes, sizeof sk->bytes);
}

/* Reads key = "<hex>" from a parsed key file into out, accepting any of the byte lengths in
 * sizes (0-terminated list); *got receives the length found. */
static int read_hex_field(const toml_value *root, const char *key, const char *path,
                          const size_t *sizes, uint8_t *out, size_t *got, mh_error *err) {
    const toml_value *v = toml_get(root, key);
    if (!v)
        return mh_error_set(err, path, 0, 0,
                            "missing key '%s' (expected %s = \"<%zu hex digits>\")", key, key,
                            2 * sizes[0]);
    if (v->type != TOML_STRING)
        return mh_error_set(err, path, v->pos.line, v->pos.column,
                            "'%s' must be a string of hex digits, not a %s", key,
                            toml_type_name(v->type));
    for (const size_t *n = sizes; *n; n++) {
        if (mh_hex_decode(v->u.string.ptr, v->u.string.len, out, *n) == 0) {
            if (got)
                *got = *n;
            return 0;
        }
    }
    mh_strbuf expected = MH_STRBUF_INIT;
    for (const size_t *n = sizes; *n; n++)
        mh_strbuf_printf(&expected, "%s%zu", n == sizes ? "" : " or ", 2 * *n);
    mh_error_set(err, path, v->pos.line, v->pos.column,
                 "'%s' must be %s hex digits (found %zu characters%s)", key,
                 mh_strbuf_str(&expected), v->u.string.len,
                 strspn(v->u.string.ptr, "0123456789abcdefABCDEF") == v->u.string.len
                     ? ""
                     : ", not all hex digits");
    mh_strbuf_free(&expected);
    return -1;
}

int pkgar_public_key_parse(const char *text, size_t len, const char *path, pkgar_public_key *pk,
                           mh_error *err) {
    toml_value *root = toml_parse(text, len, path, err);
    if (!root)
        return -1;
    static const size_t sizes[] = {PKGAR_PUBLIC_KEY_SIZE, 0};
    int rc = read_hex_field(root, "pkey", path, sizes, pk->bytes, NULL, err);
    toml_free(root);
    return rc;
}

int pkgar_public_key_load(const char *path, pkgar_public_key *pk, mh_error *err) {
    char *text;
    size_t len;
    if (mh_read_file(path, &text, &len, err) != 0) {
        mh_error_prefix(err, "cannot read the public key");
        return -1;
    }
    int rc = pkgar_public_key_parse(text, len, path, pk, err);
    free(text);
    return rc;
}

char *pkgar_public_key_format(const pkgar_public_key *pk) {
    char hex[2 * PKGAR_PUBLIC_KEY_SIZE + 1];
    mh_hex_encode(pk->bytes, sizeof pk->bytes, hex);
    return mh_xasprintf("pkey = \"%s\"\n", hex);
}

int pkgar_public_key_save(const char *path, const pkgar_public_key *pk, mh_error *err) {
    char *text = pkgar_public_key_format(pk);
    int rc = mh_write_file_atomic(path, text, strlen(text), 0644, err);
    free(text);
    return rc;
}

int pkgar_secret_key_file_parse(const char *text, size_t len, const char *path,
                                pkgar_secret_key_file *file, mh_error *err) {
    toml_value *root = toml_parse(text, len, path, err);
    if (!root)
        return -1;
    static const size_t salt_sizes[] = {PKGAR_SALT_SIZE, 0};
    static const size_t nonce_sizes[] = {PKGAR_NONCE_SIZE, 0};
    static const size_t skey_sizes[] = {PKGAR_SECRET_KEY_SIZE, PKGAR_SEALED_KEY_SIZE, 0};
    int rc = -1;
    if (read_hex_field(root, "salt", path, salt_sizes, file->salt, NULL, err) == 0 &&
        read_hex_field(root, "nonce", path, nonce_sizes, file->nonce, NULL, err) == 0 &&
        read_hex_field(root, "skey", path, skey_sizes, file->skey, &file->skey_len, err) == 0)
        rc = 0;
    /* The parsed tree holds the key text too. */
    const toml_value *skey = toml_get(root, "skey");
    if (skey && skey->type == TOML_STRING)
        sodium_memzero(skey->u.string.ptr, skey->u.string.len);
    toml_free(root);
    return rc;
}

int pkgar_secret_key_file_load(const char *path, pkgar_secret_key_file *file, mh_error *err) {
    char *text;
    size_t len;
    if (mh_read_file(path, &text, &len, err) != 0) {
        mh_error_prefix(err, "cannot read the secret key");
        return -1;
    }
    int rc = pkgar_secret_key_file_parse(text, len, path, file, err);
    sodium_memzero(text, len);
    free(text);
    return rc;
}

int pkgar_secret_key_file_is_encrypted(const pkgar_secret_key_file *file) {
    return file->skey_len == PKGAR_SEALED_KEY_SIZE;
}

char *pkgar_secret_key_file_format(const pkgar_secret_key_file *file) {
    char salt[2 * PKGAR_SALT_SIZE + 1], nonce[2 * PKGAR_NONCE_SIZE + 1];
    char skey[2 * PKGAR_SEALED_KEY_SIZE + 1];
    mh_hex_encode(file->salt, sizeof file->salt, salt);
    mh_hex_encode(file->nonce, sizeof file->nonce, nonce);
    mh_hex_encode(file->skey, file->skey_len, skey);
    char *text = mh_xasprintf("salt = \"%s\"\nnonce = \"%s\"\nskey = \"%s\"\n", salt, nonce, skey);
    sodium_memzero(skey, sizeof skey);
    return text;
}

int pkgar_secret_key_file_save(const char *path, const pkgar_secret_key_file *file, mh_error *err) {
    char *text = pkgar_secret_key_file_format(file);
    size_t len = strlen(text);
    int rc = mh_write_file_atomic(path, text, len, 0600, err);
    sodium_memzero(text, len);
    free(text);
    return rc;
}

/* The secretbox key for a passphrase: Argon2id over the full 32-byte salt (as the dryoc
 * version upstream used; libsodium's crypto_pwhash would take only 16 bytes of it). */
static int derive_box_key(const char *passphrase, const uint8_t salt[PKGAR_SALT_SIZE],
                          uint8_t key[crypto_secretbox_KEYBYTES], mh_error *err) {
    int rc = argon2id_hash_raw(ARGON2_PASSES, ARGON2_MEMORY_KIB, ARGON2_LANES, passphrase,
                               strlen(passphrase), salt, PKGAR_SALT_SIZE, key,
                               crypto_secretbox_KEYBYTES);
    if (rc != ARGON2_OK)
        return mh_error_set(err, NULL, 0, 0, "cannot derive a key from the passphrase: %s",
                            argon2_error_message(rc));
    return 0;
}

int pkgar_secret_key_file_open(const pkgar_secret_key_file *file, const char *passphrase,
                               const char *path, pkgar_secret_key *sk, mh_error *err) {
    if (sodium_ready(err) != 0)
        return -1;
    if (pkgar_secret_key_file_is_encrypted(file)) {
        if (!passphrase || !*passphrase)
            return mh_error_set(err, path, 0, 0,
                                "the secret key is encrypted and no passphrase was given");
        uint8_t key[crypto_secretbox_KEYBYTES];
        if (derive_box_key(passphrase, file->salt, key, err) != 0)
            return -1;
        int rc = crypto_secretbox_open_easy(sk->bytes, file->skey, PKGAR_SEALED_KEY_SIZE,
                                            file->nonce, key);
        sodium_memzero(key, sizeof key);
        if (rc != 0)
            return mh_error_set(err, path, 0, 0,
                                "wrong passphrase (or the encrypted secret key is corrupted)");
    } else {
        memcpy(sk->bytes, file->skey, PKGAR_SECRET_KEY_SIZE);
    }
    uint8_t derived_pk[crypto_sign_PUBLICKEYBYTES], derived_sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(derived_pk, derived_sk, sk->bytes);
    sodium_memzero(derived_sk, sizeof derived_sk);
    if (memcmp(derived_pk, sk->bytes + 32, PKGAR_PUBLIC_KEY_SIZE) != 0) {
        pkgar_secret_key_wipe(sk);
        return mh_error_set(err, path, 0, 0,
                            "invalid secret key: its public half does not match its seed");
    }
    return 0;
}

int pkgar_secret_key_file_seal(pkgar_secret_key_file *file, const pkgar_secret_key *sk,
                               const char *passphrase, mh_error *err) {
    if (sodium_ready(err) != 0)
        return -1;
    randombytes_buf(file->salt, sizeof file->salt);
    randombytes_buf(file->nonce, sizeof file->nonce);
    if (!passphrase || !*passphrase) {
        memcpy(file->skey, sk->bytes, PKGAR_SECRET_KEY_SIZE);
        file->skey_len = PKGAR_SECRET_KEY_SIZE;
        return 0;
    }
    uint8_t key[crypto_secretbox_KEYBYTES];
    if (derive_box_key(passphrase, file->salt, key, err) != 0)
        return -1;
    crypto_secretbox_easy(file->skey, sk->bytes, PKGAR_SECRET_KEY_SIZE, file->nonce, key);
    sodium_memzero(key, sizeof key);
    file->skey_len = PKGAR_SEALED_KEY_SIZE;
    return 0;
}

int pkgar_secret_key_load(const char *path, pkgar_passphrase_fn ask, void *ctx,
                          pkgar_secret_key *sk, mh_error *err) {
    pkgar_secret_key_file file;
    if (pkgar_secret_key_file_load(path, &file, err) != 0)
        return -1;
    char *passphrase = NULL;
    if (pkgar_secret_key_file_is_encrypted(&file)) {
        if (!ask) {
            sodium_memzero(&file, sizeof file);
            return mh_error_set(err, path, 0, 0,
                                "the secret key is encrypted and no passphrase can be asked for");
        }
        passphrase = ask(ctx, path, err);
        if (!passphrase) {
            sodium_memzero(&file, sizeof file);
            return -1;
        }
    }
    int rc = pkgar_secret_key_file_open(&file, passphrase, path, sk, err);
    if (passphrase) {
        sodium_memzero(passphrase, strlen(passphrase));
        free(passphrase);
    }
    sodium_memzero(&file, sizeof file);
    return rc;
}

static int make_parent_dir(const char *path, mh_error *err) {
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return 0;
    char *dir = mh_xstrndup(path, (size_t)(slash - path));
    int rc = mh_mkdir_p(dir, err);
    free(dir);
    return rc;
}

int pkgar_keys_generate_files(const char *skey_path, const char *pkey_path, const char *passphrase,
                              int force, pkgar_public_key *pk, mh_error *err) {
    if (!force && mh_path_exists(skey_path))
        return mh_error_set(err, skey_path, 0, 0,
                            "a secret key already exists here; not overwriting it");
    if (make_parent_dir(skey_path, err) != 0 || make_parent_dir(pkey_path, err) != 0)
        return -1;
    pkgar_public_key public_key;
    pkgar_secret_key secret_key;
    pkgar_secret_key_file file;
    if (pkgar_keypair_generate(&public_key, &secret_key, err) != 0)
        return -1;
    int rc = pkgar_secret_key_file_seal(&file, &secret_key, passphrase, err);
    pkgar_secret_key_wipe(&secret_key);
    if (rc == 0)
        rc = pkgar_secret_key_file_save(skey_path, &file, err);
    sodium_memzero(&file, sizeof file);
    if (rc == 0)
        rc = pkgar_public_key_save(pkey_path, &public_key, err);
    if (rc == 0 && pk)
        *pk = public_key;
    return rc;
}

static char *default_key_path(const char *name) {
    const char *home = getenv("HOME");
    if (!home || !*home) {
        struct passwd *pw = getpwuid(getuid());
        home = pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : ".";
    }
    char *dir = mh_path_join(home, ".pkgar/keys");
    char *path = mh_path_join(dir, name);
    free(dir);
    return path;
}

char *pkgar_default_secret_key_path(void) {
    return default_key_path("id_ed25519.toml");
}

char *pkgar_default_public_key_path(void) {
    return default_key_path("id_ed25519.pub.toml");
}
