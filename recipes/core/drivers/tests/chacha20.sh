#!/usr/bin/env bash
# randd's ChaCha20 block function on the host (ASan + UBSan): RFC 8439's block test vector
# (§2.3.2), then keystreams for random keys, nonces and counters compared with OpenSSL's
# chacha20 (its 16-byte IV is the little-endian counter followed by the nonce).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${TEST_TMP:-$(mktemp -d)}
mkdir -p "$work"
cc -std=c17 -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
    -I"$here/../randd" -o "$work/chacha20_keystream" "$here/chacha20_keystream.c" "$here/../randd/chacha20.c"
passed=0 failed=0
check() { # check DESCRIPTION EXPECTED ACTUAL
    if [[ "$2" == "$3" ]]; then
        passed=$((passed + 1)); echo "ok - $1"
    else
        failed=$((failed + 1)); echo "FAIL - $1"; echo "  expected $2"; echo "  got      $3"
    fi
}

rfc_key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
rfc_block=10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e
rfc_block+=d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e
check "RFC 8439 2.3.2 block" "$rfc_block" "$("$work/chacha20_keystream" "$rfc_key" 1 000000090000004a00000000 1)"

for round in 1 2 3 4 5 6; do
    key=$(openssl rand -hex 32)
    nonce=$(openssl rand -hex 12)
    counter=$((RANDOM * round))
    counter_le=$(printf '%08x' "$counter" | sed 's/\(..\)\(..\)\(..\)\(..\)/\4\3\2\1/')
    expected=$(head -c $((64 * 5)) /dev/zero |
        openssl enc -chacha20 -K "$key" -iv "$counter_le$nonce" | od -An -v -tx1 | tr -d ' \n')
    check "5 blocks from counter $counter match OpenSSL" "$expected" \
        "$("$work/chacha20_keystream" "$key" "$counter" "$nonce" 5)"
done
echo "$passed passed, $failed failed"
((failed == 0))
