#!/usr/bin/env bash
# Runs every benchmark (cookbook/**/bench/*.sh and recipes/**/bench/*.sh). Benchmarks print ratios against a reference
# measured in the same run; they never pass or fail on absolute times.
# Benchmarks get: FSTOOLS_BIN (optimised tools), ROOT, BENCH_TMP. BENCH=substring selects.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export ROOT FSTOOLS_BIN="$ROOT/build/fstools/bin"
mkdir -p build/bench/logs
status=0
while IFS= read -r script; do
    name=${script#*/}
    name=${name%.sh}
    [[ -n "${BENCH:-}" && "$name" != *"$BENCH"* ]] && continue
    tmp="$ROOT/build/bench/tmp/${name//\//_}"
    rm -rf "$tmp" && mkdir -p "$tmp"
    echo "== $name"
    if ! BENCH_TMP="$tmp" bash "$script" 2> "build/bench/logs/${name//\//_}.log"; then
        echo "   benchmark did not complete; see build/bench/logs/${name//\//_}.log"
        status=1
    fi
    rm -rf "$tmp"
done < <(find cookbook recipes \( -name source -o -name target \) -prune -o -path '*/bench/*.sh' -type f -print | sort)
exit $status
