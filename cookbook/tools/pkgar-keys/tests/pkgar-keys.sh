#!/usr/bin/env bash
# CLI tests of pkgar-keys: gen / export / rencrypt, plain and encrypted keys, passphrases from
# PKGAR_PASSPHRASE / PKGAR_NEW_PASSPHRASE, default paths, errors.
# Env: FSTOOLS_BIN (tools), TEST_TMP (scratch).
set -euo pipefail
source "$(dirname "$0")/../../../lib/testing/cli.bash"
KEYS="$FSTOOLS_BIN/pkgar-keys"
PKGAR="$FSTOOLS_BIN/pkgar"
T="$TEST_TMP/pkgar-keys-cli"
rm -rf "$T" && mkdir -p "$T" && cd "$T"
# No passphrase may leak in from the caller's environment.
unset PKGAR_PASSPHRASE PKGAR_NEW_PASSPHRASE

skey_hex_len() { sed -n 's/^skey = "\([0-9a-f]*\)"$/\1/p' "$1" | tr -d '\n' | wc -c; }
pkey_of() { sed -n 's/^pkey = "\([0-9a-f]*\)"$/\1/p' "$1"; }

# Plain text key pair, in upstream's file format.
"$KEYS" gen -P -s k/id.toml -p k/id.pub.toml | grep -qF "Generated k/id.pub.toml and k/id.toml"
[[ $(stat -c %a k/id.toml) == 600 ]] || fail "secret key mode"
grep -qE '^salt = "[0-9a-f]{64}"$' k/id.toml && grep -qE '^nonce = "[0-9a-f]{48}"$' k/id.toml \
    || fail "salt/nonce format"
[[ $(skey_hex_len k/id.toml) == 128 ]] || fail "plain skey length"
grep -qE '^pkey = "[0-9a-f]{64}"$' k/id.pub.toml || fail "public key format"

# export prints the same public key file.
"$KEYS" -s k/id.toml export | cmp - k/id.pub.toml || fail "export to stdout"
"$KEYS" export -s k/id.toml -f exported.toml
cmp exported.toml k/id.pub.toml || fail "export -f"

# An existing secret key is kept unless forced.
expect_error 1 "already exists" "$KEYS" gen -P -s k/id.toml -p k/id.pub.toml
old=$(pkey_of k/id.pub.toml)
"$KEYS" gen -P -f -s k/id.toml -p k/id.pub.toml >/dev/null
[[ $(pkey_of k/id.pub.toml) != "$old" ]] || fail "--force did not make a new key"

# Encrypted key: passphrase from the environment.
PKGAR_PASSPHRASE='pass phrase' "$KEYS" gen -s e/id.toml -p e/id.pub.toml >/dev/null
[[ $(skey_hex_len e/id.toml) == 160 ]] || fail "encrypted skey length"
PKGAR_PASSPHRASE='pass phrase' "$KEYS" export -s e/id.toml | cmp - e/id.pub.toml \
    || fail "export of an encrypted key"
expect_error 1 "wrong passphrase" env PKGAR_PASSPHRASE=wrong "$KEYS" export -s e/id.toml
# Without the variable and without a terminal, the error says how to give it.
expect_error 1 "set PKGAR_PASSPHRASE" setsid -w "$KEYS" export -s e/id.toml

# rencrypt: old passphrase in PKGAR_PASSPHRASE, new one in PKGAR_NEW_PASSPHRASE.
PKGAR_PASSPHRASE='pass phrase' PKGAR_NEW_PASSPHRASE=second "$KEYS" rencrypt -s e/id.toml \
    | grep -qF "Successfully re-encrypted e/id.toml"
expect_error 1 "wrong passphrase" env PKGAR_PASSPHRASE='pass phrase' "$KEYS" export -s e/id.toml
PKGAR_PASSPHRASE=second "$KEYS" export -s e/id.toml | cmp - e/id.pub.toml || fail "new passphrase"
# ... and an empty new passphrase stores it in plain text.
PKGAR_PASSPHRASE=second PKGAR_NEW_PASSPHRASE= "$KEYS" rencrypt -s e/id.toml >/dev/null
[[ $(skey_hex_len e/id.toml) == 128 ]] || fail "rencrypt to plain text"
"$KEYS" export -s e/id.toml | cmp - e/id.pub.toml || fail "plain text after rencrypt"

# The keys sign archives pkgar accepts.
mkdir -p tree && printf 'x' > tree/f
"$PKGAR" create -s e/id.toml -a t.pkgar tree
"$PKGAR" list -p e/id.pub.toml -a t.pkgar | grep -qx f || fail "archive signed with the key"

# Default paths: ~/.pkgar/keys (parent directories are created).
HOME="$T/home" "$KEYS" gen -P >/dev/null
[[ -f home/.pkgar/keys/id_ed25519.toml && -f home/.pkgar/keys/id_ed25519.pub.toml ]] \
    || fail "default key paths"
HOME="$T/home" "$PKGAR" create -a home.pkgar tree
HOME="$T/home" "$PKGAR" list -a home.pkgar | grep -qx f || fail "default keys in pkgar"

# Corrupt files and usage errors.
printf 'salt = "00"\n' > broken.toml
expect_error 1 "broken.toml:1:8: 'salt' must be 64 hex digits" "$KEYS" export -s broken.toml
expect_error 1 "cannot read the secret key" "$KEYS" export -s missing.toml
expect_error 2 "no command given" "$KEYS"
expect_error 2 "unknown command 'sign'" "$KEYS" sign
expect_error 2 "unknown option '-P' for this command" "$KEYS" export -P
expect_error 2 "needs a file name" "$KEYS" gen -s
"$KEYS" --help | grep -qF "PKGAR_NEW_PASSPHRASE" || fail "help"
echo "pkgar-keys CLI: all checks passed"
