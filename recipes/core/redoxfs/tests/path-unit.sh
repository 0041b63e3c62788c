#!/usr/bin/env bash
# Host unit test of the RedoxFS daemon's path resolution (src/path.c) on an in-memory volume,
# built with the host compiler under ASan + UBSan with the RedoxFS core and the test harness.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
lib=$(cd "$src/../../../cookbook/lib" && pwd)
work=${TEST_TMP:-$(mktemp -d)}
mkdir -p "$work"
gcc -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -g -O1 \
    -fsanitize=address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE \
    -I"$src/src" -I"$lib" -o "$work/test_path" \
    "$here/test_path.c" "$src/src/path.c" "$src/src/access.c" "$lib"/redoxfs/core/*.c \
    "$lib/redoxfs/host/memdisk.c" "$lib/redoxfs/host/shim_posix.c" "$lib/testing/testing.c" \
    "$lib/base/files.c" "$lib/base/strbuf.c" "$lib/base/error.c"
"$work/test_path"
