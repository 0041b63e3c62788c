#!/usr/bin/env bash
# Benchmarks of `repo cook`:
#  1. a no-op cook of 300 generated recipes that are all cooked already (target: < 0.5 s);
#     reference in the same run: `repo check --all` of the same cookbook (parsing only).
#  2. the speedup of -j2 over -j1 cooking 8 independent CPU-bound recipes from clean.
set -euo pipefail
unset MAKEFLAGS MFLAGS MAKELEVEL
REPO="$FSTOOLS_BIN/repo"
N=300
CB="$BENCH_TMP/cookbook"
python3 - "$CB" "$N" <<'PY'
import os, random, sys
root, n = sys.argv[1], int(sys.argv[2])
rng = random.Random(7)
for i in range(n):
    d = os.path.join(root, "recipes", f"cat{i % 10}", f"pkg{i}")
    os.makedirs(os.path.join(d, "src"))
    deps = sorted({f"pkg{rng.randrange(i)}" for _ in range(min(i, 3))})
    with open(os.path.join(d, "src", "data.txt"), "w") as f:
        f.write(f"package {i}\n" * 50)
    with open(os.path.join(d, "recipe.toml"), "w") as f:
        f.write("[build]\ntemplate = \"custom\"\n")
        f.write("dependencies = [" + ", ".join(f'"{x}"' for x in deps) + "]\n")
        f.write('script = """\nmkdir -p "${COOKBOOK_STAGE}/usr/share"\n'
                'cp "${COOKBOOK_RECIPE}/src/data.txt" "${COOKBOOK_STAGE}/usr/share/' + f"pkg{i}" + '"\n"""\n')
        f.write(f'[package]\nversion = "1.{i}"\n')
PY

best() { # the best wall time in seconds of 5 runs of the command
    local best=999999 t s e
    for _ in 1 2 3 4 5; do
        s=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        best=$(echo "if ($t < $best) $t else $best" | bc -l)
    done
    echo "$best"
}

"$REPO" --cookbook="$CB" cook --all >"$BENCH_TMP/first.out" 2>&1 || { tail -20 "$BENCH_TMP/first.out"; exit 1; }
# Files written in the last seconds are re-hashed on every run (their stat cannot be trusted
# yet); wait until they have settled, as they would have in real use.
sleep 3
"$REPO" --cookbook="$CB" cook --all >"$BENCH_TMP/second.out" 2>&1
grep -q "repo cook: 0 cooked, $N up to date" "$BENCH_TMP/second.out" || { cat "$BENCH_TMP/second.out"; exit 1; }
noop=$(best "$REPO" --cookbook="$CB" cook --all)
check=$(best "$REPO" --cookbook="$CB" check --all)
printf 'no-op repo cook --all, %d cooked recipes: %.3f s  (target < 0.5 s)\n' "$N" "$noop"
printf 'reference: repo check --all (parse only):  %.3f s   ratio %.2fx\n' "$check" \
    "$(echo "$noop / $check" | bc -l)"

# Parallel speedup: 8 independent recipes, each about 0.3 s of CPU.
PB="$BENCH_TMP/parallel"
for i in 1 2 3 4 5 6 7 8; do
    mkdir -p "$PB/recipes/work$i"
    cat >"$PB/recipes/work$i/recipe.toml" <<EOF
[build]
template = "custom"
script = """
n=0; while [ \$n -lt 150000 ]; do n=\$((n + 1)); done
mkdir -p "\${COOKBOOK_STAGE}/usr" && echo \$n > "\${COOKBOOK_STAGE}/usr/work$i"
"""
EOF
done
timed_cook() { # -jN: seconds for a cook of everything from clean
    "$REPO" --cookbook="$PB" clean --all >/dev/null
    local s e
    s=$(date +%s.%N)
    "$REPO" --cookbook="$PB" cook "$1" --all >"$BENCH_TMP/parallel.out" 2>&1
    e=$(date +%s.%N)
    grep -q "repo cook: 8 cooked" "$BENCH_TMP/parallel.out" || { cat "$BENCH_TMP/parallel.out" >&2; exit 1; }
    echo "$e - $s" | bc -l
}
"$REPO" --cookbook="$PB" cook --all >/dev/null 2>&1 # the signing key, once
j1=$(timed_cook -j1)
j2=$(timed_cook -j2)
printf 'cook 8 CPU-bound recipes: -j1 %.2f s, -j2 %.2f s: speedup %.2fx (%d processors)\n' \
    "$j1" "$j2" "$(echo "$j1 / $j2" | bc -l)" "$(nproc)"
