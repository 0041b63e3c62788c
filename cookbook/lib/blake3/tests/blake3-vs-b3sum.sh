#!/usr/bin/env bash
# Compares `blake3sum` with b3sum (Debian's, the reference implementation) on pseudo-random files
# of sizes around every chunk and tree boundary, once per SIMD path this CPU has (forced with
# MH_BLAKE3_SIMD), from files, from standard input, and from a pipe delivering odd-sized pieces.
# Also checks b3sum's output format for awkward names and the error for unreadable files.
set -euo pipefail
SUM="$FSTOOLS_BIN/blake3sum"
DIR="$TEST_TMP/inputs"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

command -v b3sum >/dev/null || { echo "b3sum is missing (scripts/bootstrap.sh installs it)"; exit 1; }

SIZES=(0 1 63 64 65 1023 1024 1025 2048 2049 3072 31744 102400 1048577 20975853)
mkdir -p "$DIR"
python3 - "$DIR" "${SIZES[@]}" <<'PY'
import os, random, sys
out_dir, sizes = sys.argv[1], [int(s) for s in sys.argv[2:]]
for size in sizes:
    rng = random.Random(size)  # seeded: the same bytes every run
    with open(os.path.join(out_dir, f"size-{size}"), "wb") as f:
        f.write(rng.randbytes(size))
PY
FILES=()
for size in "${SIZES[@]}"; do FILES+=("$DIR/size-$size"); done
b3sum "${FILES[@]}" >"$TEST_TMP/expected"

# The paths this CPU has (the library falls back to the best available below a forced one).
paths=(portable)
flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
[[ " $flags " == *" sse4_1 "* ]] && paths+=(sse41)
[[ " $flags " == *" avx2 "* ]] && paths+=(avx2)
[[ " $flags " == *" avx512f "* ]] && paths+=(avx512)
echo "SIMD paths tested: ${paths[*]}"

for path in "${paths[@]}"; do
    if ! MH_BLAKE3_SIMD=$path "$SUM" "${FILES[@]}" >"$TEST_TMP/got-$path"; then
        fail "$path: blake3sum exited with an error"
    fi
    diff -u "$TEST_TMP/expected" "$TEST_TMP/got-$path" || fail "$path: files hash differently from b3sum"
done

# Standard input: redirected, as "-", and through a pipe that delivers odd-sized pieces, so the
# hasher sees updates that split chunks and blocks anywhere.
for size in 1025 1048577 20975853; do
    f="$DIR/size-$size"
    want="$(b3sum <"$f")"
    got="$("$SUM" <"$f")"
    [[ "$got" == "$want" ]] || fail "stdin, $size bytes: '$got', expected '$want'"
    got="$("$SUM" - <"$f")"
    [[ "$got" == "$want" ]] || fail "'-', $size bytes: '$got', expected '$want'"
    got="$(python3 - "$f" <<'PY' | "$SUM"
import random, sys
data = open(sys.argv[1], "rb").read()
rng = random.Random(7)
out = sys.stdout.buffer
pos = 0
while pos < len(data):
    n = rng.choice([1, 7, 63, 65, 1023, 1025, 4099, 65537, 300001])
    out.write(data[pos:pos + n])
    out.flush()
    pos += n
PY
)"
    [[ "$got" == "$want" ]] || fail "pipe in odd pieces, $size bytes: '$got', expected '$want'"
done

# Names with a backslash or a newline are escaped exactly as b3sum does.
printf 'abc' >"$TEST_TMP/back\\slash"
printf 'abc' >"$TEST_TMP/new
line"
(cd "$TEST_TMP" && b3sum 'back\slash' 'new
line') >"$TEST_TMP/names.expected"
(cd "$TEST_TMP" && "$SUM" 'back\slash' 'new
line') >"$TEST_TMP/names.got" || fail "escaped names: blake3sum exited with an error"
diff -u "$TEST_TMP/names.expected" "$TEST_TMP/names.got" || fail "escaped names differ from b3sum"

# An unreadable file is reported on stderr by name; the others are still hashed; exit status 1.
rc=0
"$SUM" "$DIR/size-1" "$TEST_TMP/does-not-exist" "$DIR" "$DIR/size-64" \
    >"$TEST_TMP/err.out" 2>"$TEST_TMP/err.err" || rc=$?
[[ $rc == 1 ]] || fail "unreadable files: exit status $rc, expected 1"
b3sum "$DIR/size-1" "$DIR/size-64" >"$TEST_TMP/err.expected"
diff -u "$TEST_TMP/err.expected" "$TEST_TMP/err.out" || fail "unreadable files: good files not hashed"
grep -q "^blake3sum: $TEST_TMP/does-not-exist: .*No such file or directory$" "$TEST_TMP/err.err" ||
    { fail "missing file not named on stderr"; cat "$TEST_TMP/err.err"; }
grep -q "^blake3sum: $DIR: .*Is a directory$" "$TEST_TMP/err.err" ||
    { fail "directory not named on stderr"; cat "$TEST_TMP/err.err"; }

if ((failures)); then
    echo "$failures failure(s)"
    exit 1
fi
echo "blake3sum matches b3sum on ${#SIZES[@]} sizes x ${#paths[@]} SIMD paths"
