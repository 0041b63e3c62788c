#!/usr/bin/env bash
# Host unit test of relibc's path resolution (src/path_resolve.c, pure string work) under
# ASan + UBSan with the repository's test harness.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")/src
lib=$(cd "$here/../../../../cookbook/lib" && pwd)
work=${TEST_TMP:-$(mktemp -d)}
mkdir -p "$work"
gcc -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -g -O1 \
    -fsanitize=address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE \
    -I"$src" -I"$lib" -o "$work/test_path_resolve" \
    "$here/test_path_resolve.c" "$src/path_resolve.c" "$lib/testing/testing.c" \
    "$lib/base/files.c" "$lib/base/strbuf.c" "$lib/base/error.c"
"$work/test_path_resolve"
