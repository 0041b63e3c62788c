#!/usr/bin/env bash
# Host test of the Argon2 (RFC 9106) and BLAKE2b (RFC 7693) code login uses: compiles
# src/blake2b.c, src/argon2.c and src/argon2_encoded.c with tests/argon2_check.c under ASan and
# UBSan and runs it: RFC test vectors, equality with Debian's libargon2 (types d, i, id; m, t, p,
# salt and tag lengths varied; tags longer than 64 bytes), verification of libargon2's encoded
# strings, and refusal of malformed ones. Env: TEST_TMP (work directory).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=${TEST_TMP:-$(mktemp -d)}
mkdir -p "$work"
[[ -f /usr/include/argon2.h ]] || { echo "FAIL: libargon2-dev is not installed" >&2; exit 1; }

gcc -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
    -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
    -o "$work/argon2-check" "$here/argon2_check.c" "$here/../src/blake2b.c" \
    "$here/../src/argon2.c" "$here/../src/argon2_encoded.c" -largon2
ASAN_OPTIONS=detect_leaks=1 "$work/argon2-check"
