/* Unit tests of pkgar key files: generation, plain and encrypted secret keys, bad files. */
#include <argon2.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/files.h"
#include "base/hex.h"
#include "base/strbuf.h"
#include "craft.h"
#include "pkgar/keys.h"
#include "testing/testing.h"

static char *tmp(const char *rel) {
    return mh_path_join(mh_test_tmpdir(), rel);
}

static unsigned file_mode(const char *path) {
    struct stat st;
    return stat(path, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0;
}

static void generated_plaintext_keys_load_back(void) {
    char *skey = tmp("keys/id_ed25519.toml"), *pkey = tmp("keys/pub/id_ed25519.pub.toml");
    pkgar_public_key pk, loaded_pk;
    mh_error err;
    CHECK_INT_EQ(pkgar_keys_generate_files(skey, pkey, NULL, 0, &pk, &err), 0);
    CHECK_INT_EQ(file_mode(skey), 0600);
    CHECK_INT_EQ(file_mode(pkey), 0644);
    CHECK_INT_EQ(pkgar_public_key_load(pkey, &loaded_pk, &err), 0);
    CHECK_MEM_EQ(loaded_pk.bytes, pk.bytes, 32);
    pkgar_secret_key sk;
    CHECK_INT_EQ(pkgar_secret_key_load(skey, NULL, NULL, &sk, &err), 0);
    CHECK_MEM_EQ(sk.bytes + 32, pk.bytes, 32);
    /* The files are upstream's TOML: lowercase hex of the right lengths, in this order. */
    size_t len;
    char *text = craft_read(skey, &len);
    char salt[65], nonce[49], hex[129];
    CHECK_INT_EQ(
        sscanf(text, "salt = \"%64[0-9a-f]\"\nnonce = \"%48[0-9a-f]\"\nskey = \"%128[0-9a-f]\"\n",
               salt, nonce, hex),
        3);
    CHECK_INT_EQ(strlen(text), strlen("salt = \"\"\nnonce = \"\"\nskey = \"\"\n") + 64 + 48 + 128);
    free(text);
    text = craft_read(pkey, &len);
    char expected[80];
    char pk_hex[65];
    mh_hex_encode(pk.bytes, 32, pk_hex);
    snprintf(expected, sizeof expected, "pkey = \"%s\"\n", pk_hex);
    CHECK_STR_EQ(text, expected);
    free(text);
    /* Without force, an existing secret key is kept. */
    CHECK_INT_EQ(pkgar_keys_generate_files(skey, pkey, NULL, 0, NULL, &err), -1);
    CHECK(strstr(err.message, "already exists") != NULL);
    pkgar_public_key again;
    CHECK_INT_EQ(pkgar_keys_generate_files(skey, pkey, NULL, 1, &again, &err), 0);
    CHECK(memcmp(again.bytes, pk.bytes, 32) != 0);
    free(skey);
    free(pkey);
}

static char *give_passphrase(void *ctx, const char *key_path, mh_error *err) {
    (void)key_path;
    (void)err;
    return mh_xstrdup(ctx);
}

static void encrypted_keys_need_the_right_passphrase(void) {
    char *skey = tmp("enc.toml"), *pkey = tmp("enc.pub.toml");
    pkgar_public_key pk;
    mh_error err;
    CHECK_INT_EQ(pkgar_keys_generate_files(skey, pkey, "correct horse", 0, &pk, &err), 0);
    pkgar_secret_key_file file;
    CHECK_INT_EQ(pkgar_secret_key_file_load(skey, &file, &err), 0);
    CHECK(pkgar_secret_key_file_is_encrypted(&file));
    CHECK_INT_EQ(file.skey_len, 80);
    pkgar_secret_key sk;
    CHECK_INT_EQ(pkgar_secret_key_load(skey, give_passphrase, "correct horse", &sk, &err), 0);
    CHECK_MEM_EQ(sk.bytes + 32, pk.bytes, 32);
    CHECK_INT_EQ(pkgar_secret_key_load(skey, give_passphrase, "wrong horse", &sk, &err), -1);
    CHECK(strstr(err.message, "wrong passphrase") != NULL);
    CHECK_STR_EQ(err.path, skey);
    CHECK_INT_EQ(pkgar_secret_key_load(skey, give_passphrase, "", &sk, &err), -1);
    CHECK(strstr(err.message, "no passphrase") != NULL);
    CHECK_INT_EQ(pkgar_secret_key_load(skey, NULL, NULL, &sk, &err), -1);
    CHECK(strstr(err.message, "encrypted") != NULL);
    free(skey);
    free(pkey);
}

static void encryption_is_secretbox_under_argon2id_of_the_full_salt(void) {
    /* Open the sealed key with the parameters of the format, computed here: Argon2id v1.3,
     * t=2, m=64 MiB, p=1, 32-byte output over all 32 salt bytes, then crypto_secretbox. */
    pkgar_public_key pk;
    pkgar_secret_key sk;
    craft_test_key(&pk, &sk);
    pkgar_secret_key_file file;
    mh_error err;
    CHECK_INT_EQ(pkgar_secret_key_file_seal(&file, &sk, "pw", &err), 0);
    uint8_t key[32], opened[64];
    CHECK_INT_EQ(argon2_hash(2, 65536, 1, "pw", 2, file.salt, 32, key, sizeof key, NULL, 0,
                             Argon2_id, ARGON2_VERSION_13),
                 ARGON2_OK);
    CHECK_INT_EQ(crypto_secretbox_open_easy(opened, file.skey, 80, file.nonce, key), 0);
    CHECK_MEM_EQ(opened, sk.bytes, 64);
    /* The second half of the salt matters (libsodium's crypto_pwhash would ignore it). */
    pkgar_secret_key_file changed = file;
    changed.salt[31] ^= 1;
    pkgar_secret_key out;
    CHECK_INT_EQ(pkgar_secret_key_file_open(&changed, "pw", "k", &out, &err), -1);
    CHECK_INT_EQ(pkgar_secret_key_file_open(&file, "pw", "k", &out, &err), 0);
    CHECK_MEM_EQ(out.bytes, sk.bytes, 64);
    /* Fresh salt and nonce each time. */
    pkgar_secret_key_file again;
    CHECK_INT_EQ(pkgar_secret_key_file_seal(&again, &sk, "pw", &err), 0);
    CHECK(memcmp(again.salt, file.salt, 32) != 0 && memcmp(again.nonce, file.nonce, 24) != 0);
    /* An empty passphrase stores the key as it is. */
    CHECK_INT_EQ(pkgar_secret_key_file_seal(&file, &sk, "", &err), 0);
    CHECK_INT_EQ(file.skey_len, 64);
    CHECK_MEM_EQ(file.skey, sk.bytes, 64);
}

static void bad_key_files_are_reported_with_their_location(void) {
    char *path = tmp("bad.toml");
    pkgar_public_key pk;
    pkgar_secret_key_file file;
    mh_error err;
    const char *short_pkey = "pkey = \"abcd\"\n";
    CHECK_INT_EQ(pkgar_public_key_parse(short_pkey, strlen(short_pkey), path, &pk, &err), -1);
    CHECK_INT_EQ(err.line, 1);
    CHECK(strstr(err.message, "64 hex digits") != NULL);
    const char *not_hex =
        "pkey = \"zz00000000000000000000000000000000000000000000000000000000000000\"";
    CHECK_INT_EQ(pkgar_public_key_parse(not_hex, strlen(not_hex), path, &pk, &err), -1);
    CHECK(strstr(err.message, "not all hex digits") != NULL);
    const char *number = "pkey = 5";
    CHECK_INT_EQ(pkgar_public_key_parse(number, strlen(number), path, &pk, &err), -1);
    CHECK(strstr(err.message, "must be a string") != NULL);
    const char *missing = "other = \"x\"";
    CHECK_INT_EQ(pkgar_public_key_parse(missing, strlen(missing), path, &pk, &err), -1);
    CHECK(strstr(err.message, "missing key 'pkey'") != NULL);
    const char *broken = "pkey = \"unterminated";
    CHECK_INT_EQ(pkgar_public_key_parse(broken, strlen(broken), path, &pk, &err), -1);
    CHECK_STR_EQ(err.path, path);
    /* A secret key of 70 bytes is neither plain (64) nor sealed (80). */
    char text[512];
    char skey_hex[141];
    memset(skey_hex, 'a', 140);
    skey_hex[140] = '\0';
    snprintf(text, sizeof text, "salt = \"%064d\"\nnonce = \"%048d\"\nskey = \"%s\"\n", 0, 0,
             skey_hex);
    CHECK_INT_EQ(pkgar_secret_key_file_parse(text, strlen(text), path, &file, &err), -1);
    CHECK_INT_EQ(err.line, 3);
    CHECK(strstr(err.message, "128 or 160") != NULL);
    /* A plain key whose public half does not match its seed. */
    pkgar_public_key tpk;
    pkgar_secret_key sk;
    craft_test_key(&tpk, &sk);
    sk.bytes[40] ^= 1;
    char hex[129];
    mh_hex_encode(sk.bytes, 64, hex);
    snprintf(text, sizeof text, "salt = \"%064d\"\nnonce = \"%048d\"\nskey = \"%s\"\n", 0, 0, hex);
    CHECK_INT_EQ(pkgar_secret_key_file_parse(text, strlen(text), path, &file, &err), 0);
    pkgar_secret_key out;
    CHECK_INT_EQ(pkgar_secret_key_file_open(&file, NULL, path, &out, &err), -1);
    CHECK(strstr(err.message, "does not match its seed") != NULL);
    CHECK_INT_EQ(pkgar_public_key_load("/nonexistent/key.toml", &pk, &err), -1);
    CHECK(strstr(err.message, "cannot read the public key") != NULL);
    free(path);
}

static void default_paths_are_under_home(void) {
    char *old = getenv("HOME") ? mh_xstrdup(getenv("HOME")) : NULL;
    setenv("HOME", "/home/builder", 1);
    char *s = pkgar_default_secret_key_path(), *p = pkgar_default_public_key_path();
    CHECK_STR_EQ(s, "/home/builder/.pkgar/keys/id_ed25519.toml");
    CHECK_STR_EQ(p, "/home/builder/.pkgar/keys/id_ed25519.pub.toml");
    free(s);
    free(p);
    if (old)
        setenv("HOME", old, 1);
    else
        unsetenv("HOME");
    free(old);
}

static const mh_test TESTS[] = {
    MH_TEST(generated_plaintext_keys_load_back),
    MH_TEST(encrypted_keys_need_the_right_passphrase),
    MH_TEST(encryption_is_secretbox_under_argon2id_of_the_full_salt),
    MH_TEST(bad_key_files_are_reported_with_their_location),
    MH_TEST(default_paths_are_under_home),
};

int main(int argc, char **argv) {
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
