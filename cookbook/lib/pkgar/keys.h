/* pkgar signing keys and their files, compatible with upstream pkgar-keys.
 *
 * Public key file (id_ed25519.pub.toml):   pkey = "<64 hex>"
 * Secret key file (id_ed25519.toml, 0600): salt = "<64 hex>"  nonce = "<48 hex>"  skey = "<hex>"
 *   skey is either the 64-byte libsodium secret key (seed || public key) in plain text, or
 *   80 bytes: crypto_secretbox_easy (MAC || ciphertext) of it under a key derived from the
 *   passphrase with Argon2id v1.3 (t=2, m=64 MiB, p=1) over the full 32-byte salt.
 * An empty passphrase means "store in plain text". */
#ifndef MH_PKGAR_KEYS_H
#define MH_PKGAR_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "base/error.h"
#include "pkgar/format.h"

#define PKGAR_SALT_SIZE 32u
#define PKGAR_NONCE_SIZE 24u
#define PKGAR_SEALED_KEY_SIZE 80u /* 16-byte MAC + 64-byte secret key */

typedef struct pkgar_public_key {
    uint8_t bytes[PKGAR_PUBLIC_KEY_SIZE];
} pkgar_public_key;

typedef struct pkgar_secret_key {
    uint8_t bytes[PKGAR_SECRET_KEY_SIZE]; /* seed || public key */
} pkgar_secret_key;

/* The contents of a secret key file, possibly still encrypted. */
typedef struct pkgar_secret_key_file {
    uint8_t salt[PKGAR_SALT_SIZE];
    uint8_t nonce[PKGAR_NONCE_SIZE];
    uint8_t skey[PKGAR_SEALED_KEY_SIZE];
    size_t skey_len; /* PKGAR_SECRET_KEY_SIZE (plain text) or PKGAR_SEALED_KEY_SIZE */
} pkgar_secret_key_file;

/* Asked for the passphrase of an encrypted secret key file: returns a malloc'd string, or
 * NULL with err set (for example when there is no terminal). */
typedef char *(*pkgar_passphrase_fn)(void *ctx, const char *key_path, mh_error *err);

/* A fresh random key pair. Returns -1 only if libsodium cannot initialise. */
int pkgar_keypair_generate(pkgar_public_key *pk, pkgar_secret_key *sk, mh_error *err);
void pkgar_secret_key_public(const pkgar_secret_key *sk, pkgar_public_key *pk);
/* Wipes secret bytes from memory. */
void pkgar_secret_key_wipe(pkgar_secret_key *sk);

/* Public key files. */
int pkgar_public_key_parse(const char *text, size_t len, const char *path, pkgar_public_key *pk,
                           mh_error *err);
int pkgar_public_key_load(const char *path, pkgar_public_key *pk, mh_error *err);
/* 'pkey = "<hex>"\n', what the file holds. The caller frees. */
char *pkgar_public_key_format(const pkgar_public_key *pk);
/* Written atomically with mode 0644. */
int pkgar_public_key_save(const char *path, const pkgar_public_key *pk, mh_error *err);

/* Secret key files. */
int pkgar_secret_key_file_parse(const char *text, size_t len, const char *path,
                                pkgar_secret_key_file *file, mh_error *err);
int pkgar_secret_key_file_load(const char *path, pkgar_secret_key_file *file, mh_error *err);
int pkgar_secret_key_file_is_encrypted(const pkgar_secret_key_file *file);
/* The text of the file; the caller frees it (it holds the key: wipe with sodium_memzero or
 * pkgar's writers, which do). */
char *pkgar_secret_key_file_format(const pkgar_secret_key_file *file);
/* Written atomically with mode 0600. */
int pkgar_secret_key_file_save(const char *path, const pkgar_secret_key_file *file, mh_error *err);
/* Decrypts (when encrypted) with passphrase and checks that the stored public half matches the
 * one derived from the seed. path is for messages. A wrong passphrase is reported as such. */
int pkgar_secret_key_file_open(const pkgar_secret_key_file *file, const char *passphrase,
                               const char *path, pkgar_secret_key *sk, mh_error *err);
/* Fills file with sk under a fresh random salt and nonce, encrypted with passphrase unless it is
 * NULL or empty. */
int pkgar_secret_key_file_seal(pkgar_secret_key_file *file, const pkgar_secret_key *sk,
                               const char *passphrase, mh_error *err);

/* Loads the secret key at path, calling ask for the passphrase only if the file is encrypted
 * (ask may be NULL: an encrypted key is then an error). */
int pkgar_secret_key_load(const char *path, pkgar_passphrase_fn ask, void *ctx,
                          pkgar_secret_key *sk, mh_error *err);

/* Generates a key pair and writes both files (creating parent directories), the secret key
 * encrypted with passphrase unless it is NULL or empty. Unless force is set, an existing secret
 * key file is an error (as upstream: the public key file is derived data and is overwritten).
 * pk may be NULL. This is what the cookbook uses to create build/id_ed25519.toml. */
int pkgar_keys_generate_files(const char *skey_path, const char *pkey_path, const char *passphrase,
                              int force, pkgar_public_key *pk, mh_error *err);

/* Upstream's default key locations: $HOME/.pkgar/keys/id_ed25519{,.pub}.toml (./.pkgar/... when
 * HOME is unset). The caller frees. */
char *pkgar_default_secret_key_path(void);
char *pkgar_default_public_key_path(void);

#endif
