#!/usr/bin/env bash
# Benchmark: `toml-decode` (our parser plus the JSON encoding) against Python's tomllib (parse
# only) on the same ~5 MB document of recipe-like tables, best of 3 each, runs alternating.
# Then the scaling check: one table of 400,000 keys against one of 200,000 (linear = 2.0).
# Targets: at least 3x tomllib's speed; scaling at most 2.5.
set -euo pipefail
DECODE="$FSTOOLS_BIN/toml-decode"
RECIPES="$BENCH_TMP/recipes.toml"

python3 - "$BENCH_TMP" <<'PY'
import sys
out = []
for i in range(15000):
    out.append(f'''[packages.p{i}]
name = "p{i}"
version = "1.{i}.0"
depends = ["libc", "zlib", "p{i // 2}"]
source = {{ tar = "https://example.org/p{i}.tar.gz", blake3 = "{'ab' * 32}" }}
build.template = "configure"
build.flags = ["--prefix=/usr", "--disable-static"]
updated = 2024-01-01T00:00:00Z
''')
open(f"{sys.argv[1]}/recipes.toml", "w").write("\n".join(out))
for n in (200000, 400000):
    open(f"{sys.argv[1]}/keys{n}.toml", "w").write("".join(f"key{i} = {i}\n" for i in range(n)))
PY

seconds() { # wall time of one run of the command (stdin from $1), in seconds
    local input=$1 start end
    shift
    start=$(date +%s%N)
    "$@" <"$input" >/dev/null
    end=$(date +%s%N)
    echo "scale=4; ($end - $start) / 1000000000" | bc -l
}
min() { echo "if ($1 < $2) $1 else $2" | bc -l; }
TOMLLIB=(python3 -c 'import sys, tomllib; tomllib.load(sys.stdin.buffer)')

best_ours=999 best_theirs=999 best_200k=999 best_400k=999
for _ in 1 2 3; do
    best_ours=$(min "$best_ours" "$(seconds "$RECIPES" "$DECODE")")
    best_theirs=$(min "$best_theirs" "$(seconds "$RECIPES" "${TOMLLIB[@]}")")
    best_200k=$(min "$best_200k" "$(seconds "$BENCH_TMP/keys200000.toml" "$DECODE")")
    best_400k=$(min "$best_400k" "$(seconds "$BENCH_TMP/keys400000.toml" "$DECODE")")
done
size_mb=$(echo "scale=1; $(stat -c %s "$RECIPES") / 1048576" | bc -l)
ratio=$(echo "scale=2; $best_theirs / $best_ours" | bc -l)
scaling=$(echo "scale=2; $best_400k / $best_200k" | bc -l)
met() { [[ $(echo "$1" | bc -l) == 1 ]] && echo met || echo NOT met; }
printf '   toml-decode (parse + JSON)  %.3f s for %s MB\n' "$best_ours" "$size_mb"
printf '   python3 tomllib (parse)     %.3f s\n' "$best_theirs"
printf '   speed ratio (tomllib / ours) %5.2f   target >= 3: %s\n' "$ratio" "$(met "$ratio >= 3")"
printf '   200k keys %.3f s, 400k keys %.3f s: scaling %.2f   target <= 2.5: %s\n' \
    "$best_200k" "$best_400k" "$scaling" "$(met "$scaling <= 2.5")"
