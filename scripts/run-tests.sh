#!/usr/bin/env bash
# Runs every test of `make test` and prints one line per test and a closing summary.
#   unit tests      build/fstools-san/tests/*            (C programs, ASan + UBSan)
#   script tests    {cookbook,recipes,podman}/**/tests/*.sh  (CLI, suite, QEMU boot, container;
#                   helper scripts in deeper directories under tests/ are not tests)
#   fuzz tests      build/fstools-fuzz/fuzz/*            (libFuzzer, bounded time each; seed
#                   corpora from cookbook/**/tests/seeds/<fuzzer>/)
# Each test's output goes to build/tests/logs/<name>.log. TESTS=substring runs only matching tests.
# Script tests get: FSTOOLS_BIN (sanitizer build of the tools), FSTOOLS_RELEASE_BIN, ROOT, TEST_TMP.
set -uo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
LOGS=build/tests/logs
FUZZ_SECONDS=${FUZZ_SECONDS:-20}
mkdir -p "$LOGS" build/tests/tmp

export ROOT
# FSTOOLS_SAN picks another sanitizer build tree (e.g. a developer's own build/dev-NAME).
SAN=${FSTOOLS_SAN:-build/fstools-san}
export FSTOOLS_BIN="$ROOT/$SAN/bin"
export FSTOOLS_RELEASE_BIN="$ROOT/build/fstools/bin"
# Leaks are reported by LeakSanitizer as failures; UBSan aborts on its first report.
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"

names=()
commands=()
add() { names+=("$1"); commands+=("$2"); }

for t in "$SAN"/tests/*; do
    [[ -x "$t" ]] && add "unit/$(basename "$t")" "$t"
done
while IFS= read -r script; do
    rel=${script#cookbook/}
    add "script/${rel%.sh}" "bash $script"
done < <(find cookbook recipes podman -regex '.*/tests/[^/]*\.sh' \
              -not -path '*/source/*' -not -path '*/target/*' -type f | sort)
for f in build/fstools-fuzz/fuzz/*; do
    [[ -x "$f" ]] || continue
    corpus="build/tests/tmp/corpus-$(basename "$f")"
    # Seed corpora live beside their modules: cookbook/**/tests/seeds/<fuzzer>/
    seeds=$(find cookbook -path "*/tests/seeds/$(basename "$f")" | head -n 1)
    add "fuzz/$(basename "$f")" "mkdir -p $corpus && $f -max_total_time=$FUZZ_SECONDS -rss_limit_mb=2048 $corpus $seeds"
done

passed=0
failed=()
start_all=$SECONDS
for i in "${!names[@]}"; do
    name=${names[$i]}
    [[ -n "${TESTS:-}" && "$name" != *"$TESTS"* ]] && continue
    log="$LOGS/${name//\//_}.log"
    tmp="$ROOT/build/tests/tmp/${name//\//_}"
    rm -rf "$tmp" "$log" && mkdir -p "$tmp"
    start=$SECONDS
    if TEST_TMP="$tmp" TMPDIR="$tmp" bash -c "${commands[$i]}" >"$log" 2>&1; then
        printf 'PASS %-50s %4ds\n' "$name" $((SECONDS - start))
        passed=$((passed + 1))
        rm -rf "$tmp"
    else
        printf 'FAIL %-50s %4ds  log: %s\n' "$name" $((SECONDS - start)) "$log"
        failed+=("$name")
    fi
done

echo
echo "$passed passed, ${#failed[@]} failed ($((SECONDS - start_all))s)"
if (( ${#failed[@]} )); then
    for name in "${failed[@]}"; do
        log="$LOGS/${name//\//_}.log"
        echo
        echo "=== $name: last lines of $log"
        tail -n 25 "$log"
    done
    exit 1
fi
