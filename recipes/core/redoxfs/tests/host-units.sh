#!/usr/bin/env bash
# Host unit tests of the RedoxFS daemon, built with the host compiler under ASan + UBSan against
# the repository's test harness: its permission rules (src/access.c), and its path resolution
# (src/path.c) on an in-memory volume with the RedoxFS core.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=$(dirname "$here")
lib=$(cd "$src/../../../cookbook/lib" && pwd)
work=${TEST_TMP:-$(mktemp -d)}
mkdir -p "$work"

# build_and_run NAME SOURCE...: builds $work/NAME from the sources and the harness, and runs it.
build_and_run() {
    local name=$1
    shift
    gcc -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla \
        -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -D_GNU_SOURCE \
        -I"$src/src" -I"$lib" -o "$work/$name" "$@" "$lib/testing/testing.c" \
        "$lib/base/files.c" "$lib/base/strbuf.c" "$lib/base/error.c"
    "$work/$name"
}

build_and_run test_access "$here/test_access.c" "$src/src/access.c"
build_and_run test_path "$here/test_path.c" "$src/src/path.c" "$src/src/access.c" \
    "$lib"/redoxfs/core/*.c "$lib/redoxfs/host/memdisk.c" "$lib/redoxfs/host/shim_posix.c"
