#!/usr/bin/env bash
# The initfs packer (tools/initfs-pack.c), built for the host with ASan + UBSan: the archive's
# header, entry table (sorted, 16-byte aligned contents) and contents match doc/initfs.md;
# bad arguments fail with a message and leave no output behind.
# Env: TEST_TMP (work directory).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=${TEST_TMP:-$(mktemp -d)}
mkdir -p "$work"
status=0
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@"; then echo "ok - $what"; else echo "FAIL - $what"; status=1; fi
}

cc -std=c17 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wvla -O1 -g \
    -fsanitize=address,undefined -fno-sanitize-recover=all -o "$work/initfs-pack" \
    "$here/../tools/initfs-pack.c"
pack=$work/initfs-pack

printf 'run nvmed\n' >"$work/rc"
printf '\177ELF-and-more-than-sixteen-bytes' >"$work/prog"
chmod 0755 "$work/prog"
"$pack" "$work/out" etc/init.rc="$work/rc" bin/init="$work/prog"

# u32/u64 little-endian at an offset
u32() { od -An -tu4 -j "$1" -N 4 "$work/out" | tr -d ' '; }
u64() { od -An -tu8 -j "$1" -N 8 "$work/out" | tr -d ' '; }
name() { dd if="$work/out" bs=1 skip="$1" count=44 status=none | tr -d '\0'; }
content_is() { # content_is OFFSET SIZE FILE
    cmp -s <(dd if="$work/out" bs=1 skip="$1" count="$2" status=none) "$3"
}

check "magic and version" test "$(head -c 8 "$work/out")$(u32 8)" = "MHINITFS1"
check "two entries" test "$(u32 12)" = 2
check "entries sorted by path" test "$(name 16),$(name 80)" = "bin/init,etc/init.rc"
check "modes from the files" test "$(printf %o "$(u32 60)"),$(printf %o "$(u32 124)")" = "755,644"
check "first contents after the table" test "$(u64 64)" = 144
check "contents 16-byte aligned" test "$(u64 128)" = $((144 + 32))
check "sizes recorded" test "$(u64 72),$(u64 136)" = "32,10"
check "contents stored" content_is 144 32 "$work/prog"
check "contents stored (second)" content_is 176 10 "$work/rc"
check "archive length" test "$(stat -c %s "$work/out")" = $((176 + 16))

fails_cleanly() { # fails_cleanly EXPECTED_MESSAGE ARGS...
    local expected=$1
    shift
    rm -f "$work/bad" "$work/bad.tmp"
    if "$pack" "$work/bad" "$@" 2>"$work/err"; then return 1; fi
    grep -q "$expected" "$work/err" && [[ ! -e $work/bad && ! -e $work/bad.tmp ]]
}
check "absolute path rejected" fails_cleanly "expected a relative path" /bin/init="$work/prog"
check "dot-dot rejected" fails_cleanly "expected a relative path" bin/../init="$work/prog"
check "45-byte path rejected" fails_cleanly "at most 44 bytes" "$(printf 'a%.0s' {1..45})=$work/prog"
check "duplicate rejected" fails_cleanly "given twice" bin/x="$work/prog" bin/x="$work/rc"
check "missing file rejected" fails_cleanly "expected a regular file" bin/x="$work/nope"
check "PATH=FILE required" fails_cleanly "expected PATH=FILE" bin/x
exit "$status"
