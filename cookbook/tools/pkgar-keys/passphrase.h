/* Passphrases for the pkgar command-line tools (pkgar, pkgar-keys): taken from an environment
 * variable when it is set, so scripts and the cookbook need no terminal, else read from the
 * terminal (/dev/tty) without echo. */
#ifndef MH_PKGAR_CLI_PASSPHRASE_H
#define MH_PKGAR_CLI_PASSPHRASE_H

#include "base/error.h"

/* The passphrase of an existing key. */
#define PKGAR_PASSPHRASE_ENV "PKGAR_PASSPHRASE"
/* The new passphrase of `pkgar-keys rencrypt`. */
#define PKGAR_NEW_PASSPHRASE_ENV "PKGAR_NEW_PASSPHRASE"

/* Returns a malloc'd passphrase ("" allowed), or NULL with err set. With confirm, the terminal
 * asks twice and the answers must match. */
char *pkgar_cli_passphrase(const char *env_name, const char *prompt, int confirm, mh_error *err);

/* A pkgar_passphrase_fn (see pkgar/keys.h) for opening an encrypted secret key. */
char *pkgar_cli_ask_passphrase(void *ctx, const char *key_path, mh_error *err);

#endif
