/* pkgar-keys: Ed25519 key management for pkgar, compatible with upstream's pkgar-keys. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/files.h"
#include "base/strbuf.h"
#include "cli.h"
#include "passphrase.h"
#include "pkgar/keys.h"

static const char USAGE[] =
    "Usage: pkgar-keys [-s SKEY] COMMAND [OPTIONS]\n"
    "\n"
    "Ed25519 key management for pkgar.\n"
    "\n"
    "Commands:\n"
    "  gen [-p PKEY] [-P] [-f]   generate a key pair: the secret key in SKEY (mode 0600), the\n"
    "                            public key in PKEY\n"
    "  export [-f FILE]          print the public key of SKEY in pkgar's format (or write it\n"
    "                            to FILE)\n"
    "  rencrypt                  re-encrypt SKEY with a new passphrase\n"
    "\n"
    "Options:\n"
    "  -s, --skey FILE       secret key file (default: ~/.pkgar/keys/id_ed25519.toml)\n"
    "  -p, --pkey FILE       gen: public key file (default: ~/.pkgar/keys/id_ed25519.pub.toml)\n"
    "  -P, --plaintext       gen: store the secret key unencrypted, without asking\n"
    "  -f, --force           gen: overwrite an existing secret key\n"
    "  -f, --file FILE       export: write to FILE instead of standard output\n"
    "  -h, --help            show this help\n"
    "\n"
    "Passphrases are read from the terminal without echo. For scripts, set PKGAR_PASSPHRASE\n"
    "(the passphrase of an existing key, and the new one for gen) and PKGAR_NEW_PASSPHRASE\n"
    "(the new passphrase for rencrypt). An empty passphrase stores the key in plain text.\n";

typedef struct options {
    const char *command;
    const char *skey;
    const char *pkey;
    const char *file;
    int plaintext;
    int force;
} options;

/* Returns 0, 2 (usage error, reported) or 3 (help shown). */
static int parse(int argc, char **argv, options *o) {
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i], *value;
        const char **target = NULL;
        if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
            fputs(USAGE, stdout);
            return 3;
        }
        if (pkgar_cli_option(arg, "-s", "--skey", &value))
            target = &o->skey;
        else if (o->command && strcmp(o->command, "gen") == 0 &&
                 pkgar_cli_option(arg, "-p", "--pkey", &value))
            target = &o->pkey;
        else if (o->command && strcmp(o->command, "export") == 0 &&
                 pkgar_cli_option(arg, "-f", "--file", &value))
            target = &o->file;
        else if (o->command && strcmp(o->command, "gen") == 0 &&
                 (strcmp(arg, "-P") == 0 || strcmp(arg, "--plaintext") == 0))
            o->plaintext = 1;
        else if (o->command && strcmp(o->command, "gen") == 0 &&
                 (strcmp(arg, "-f") == 0 || strcmp(arg, "--force") == 0))
            o->force = 1;
        else if (arg[0] == '-')
            return pkgar_cli_usage_error("pkgar-keys", 
                o->command ? "unknown option '%s' for this command" : "unknown option '%s'", arg);
        else if (!o->command)
            o->command = arg;
        else
            return pkgar_cli_usage_error("pkgar-keys", "unexpected argument '%s'", arg);
        if (target) {
            if (!value) {
                if (i + 1 >= argc)
                    return pkgar_cli_usage_error("pkgar-keys", "option '%s' needs a file name", arg);
                value = argv[++i];
            }
            *target = value;
        }
    }
    if (!o->command)
        return pkgar_cli_usage_error("pkgar-keys", "%s", "no command given (gen, export or rencrypt)");
    if (strcmp(o->command, "gen") != 0 && strcmp(o->command, "export") != 0 &&
        strcmp(o->command, "rencrypt") != 0)
        return pkgar_cli_usage_error("pkgar-keys", "unknown command '%s' (expected gen, export or rencrypt)", o->command);
    return 0;
}

static int cmd_gen(const options *o, const char *skey, mh_error *err) {
    char *default_pkey = pkgar_default_public_key_path();
    const char *pkey = o->pkey ? o->pkey : default_pkey;
    if (!o->force && mh_path_exists(skey)) {
        free(default_pkey);
        mh_error_set(err, skey, 0, 0, "a secret key already exists (use --force to replace it)");
        return pkgar_cli_print_error("pkgar-keys", err);
    }
    char *passphrase = NULL;
    if (!o->plaintext) {
        passphrase = pkgar_cli_passphrase(
            PKGAR_PASSPHRASE_ENV,
            "Please enter a new passphrase (leave empty to store the key in plaintext): ", 1, err);
        if (!passphrase) {
            free(default_pkey);
            return pkgar_cli_print_error("pkgar-keys", err);
        }
    }
    int rc = pkgar_keys_generate_files(skey, pkey, passphrase, 1, NULL, err);
    if (passphrase) {
        sodium_memzero(passphrase, strlen(passphrase));
        free(passphrase);
    }
    if (rc == 0)
        printf("Generated %s and %s\n", pkey, skey);
    free(default_pkey);
    return rc == 0 ? 0 : pkgar_cli_print_error("pkgar-keys", err);
}

static int cmd_export(const options *o, const char *skey, mh_error *err) {
    pkgar_secret_key sk;
    if (pkgar_secret_key_load(skey, pkgar_cli_ask_passphrase, NULL, &sk, err) != 0)
        return pkgar_cli_print_error("pkgar-keys", err);
    pkgar_public_key pk;
    pkgar_secret_key_public(&sk, &pk);
    pkgar_secret_key_wipe(&sk);
    if (o->file)
        return pkgar_public_key_save(o->file, &pk, err) == 0 ? 0 : pkgar_cli_print_error("pkgar-keys", err);
    char *text = pkgar_public_key_format(&pk);
    fputs(text, stdout);
    free(text);
    if (fflush(stdout) != 0) {
        mh_error_errno(err, "stdout", errno, "cannot write");
        return pkgar_cli_print_error("pkgar-keys", err);
    }
    return 0;
}

static int cmd_rencrypt(const char *skey, mh_error *err) {
    pkgar_secret_key_file file;
    if (pkgar_secret_key_file_load(skey, &file, err) != 0)
        return pkgar_cli_print_error("pkgar-keys", err);
    char *old = NULL;
    if (pkgar_secret_key_file_is_encrypted(&file)) {
        char *prompt = mh_xasprintf("Old passphrase for %s: ", skey);
        old = pkgar_cli_passphrase(PKGAR_PASSPHRASE_ENV, prompt, 0, err);
        free(prompt);
        if (!old)
            return pkgar_cli_print_error("pkgar-keys", err);
    }
    pkgar_secret_key sk;
    int rc = pkgar_secret_key_file_open(&file, old, skey, &sk, err);
    if (old) {
        sodium_memzero(old, strlen(old));
        free(old);
    }
    if (rc != 0)
        return pkgar_cli_print_error("pkgar-keys", err);
    char *fresh = pkgar_cli_passphrase(
        PKGAR_NEW_PASSPHRASE_ENV,
        "Please enter a new passphrase (leave empty to store the key in plaintext): ", 1, err);
    rc = fresh ? pkgar_secret_key_file_seal(&file, &sk, fresh, err) : -1;
    pkgar_secret_key_wipe(&sk);
    if (fresh) {
        sodium_memzero(fresh, strlen(fresh));
        free(fresh);
    }
    if (rc == 0)
        rc = pkgar_secret_key_file_save(skey, &file, err);
    sodium_memzero(&file, sizeof file);
    if (rc != 0)
        return pkgar_cli_print_error("pkgar-keys", err);
    printf("Successfully re-encrypted %s\n", skey);
    return 0;
}

int main(int argc, char **argv) {
    options o = {0};
    int rc = parse(argc, argv, &o);
    if (rc == 3)
        return 0;
    if (rc != 0)
        return rc;
    char *default_skey = pkgar_default_secret_key_path();
    const char *skey = o.skey ? o.skey : default_skey;
    mh_error err;
    mh_error_clear(&err);
    if (strcmp(o.command, "gen") == 0)
        rc = cmd_gen(&o, skey, &err);
    else if (strcmp(o.command, "export") == 0)
        rc = cmd_export(&o, skey, &err);
    else
        rc = cmd_rencrypt(skey, &err);
    free(default_skey);
    return rc;
}
