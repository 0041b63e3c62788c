#!/usr/bin/env bash
# Runs toml-decode on every TOML 1.0.0 case of the toml-test corpus (tests/toml-test, listed in
# files-toml-1.0.0): valid documents must decode to JSON equal to the expected JSON
# (compare_json.py), invalid ones must be rejected with exit status 1 and a
# "<stdin>:line:col: message" error.
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=${ROOT:-$(cd "$HERE/../../../.." && pwd)}
DECODE=${FSTOOLS_BIN:-$ROOT/build/fstools/bin}/toml-decode
CORPUS=$HERE/toml-test
WORK=${TEST_TMP:-$(mktemp -d)}/toml-test
rm -rf "$WORK" && mkdir -p "$WORK/out"

[[ -x "$DECODE" ]] || { echo "toml-decode not found at $DECODE (build it first)"; exit 1; }

passed=0
failed=0
fail() {
    echo "FAIL $1: $2"
    failed=$((failed + 1))
}

pairs=$WORK/pairs
: >"$pairs"
n=0
while IFS= read -r case; do
    [[ "$case" == *.toml ]] || continue
    name=${case%.toml}
    n=$((n + 1))
    out=$WORK/out/$n.json
    errors=$WORK/out/$n.err
    "$DECODE" <"$CORPUS/$case" >"$out" 2>"$errors"
    rc=$?
    if [[ "$case" == valid/* ]]; then
        if ((rc != 0)); then
            fail "$name" "exit status $rc: $(head -c 300 "$errors")"
        else
            echo "$CORPUS/$name.json $out $name" >>"$pairs"
        fi
    elif ((rc != 1)); then
        fail "$name" "invalid document: exit status $rc, expected 1: $(head -c 300 "$errors")"
    elif ! grep -Eq '^<stdin>:[0-9]+:[0-9]+: .' "$errors"; then
        fail "$name" "error message without <stdin>:line:col: $(head -c 300 "$errors")"
    else
        passed=$((passed + 1))
    fi
done <"$CORPUS/files-toml-1.0.0"

while IFS= read -r line; do
    if [[ "$line" == "ok "* ]]; then
        passed=$((passed + 1))
    else
        echo "$line"
        failed=$((failed + 1))
    fi
done < <(python3 "$HERE/compare_json.py" <"$pairs")

echo "$passed passed, $failed failed"
((failed == 0))
