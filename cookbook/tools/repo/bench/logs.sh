#!/usr/bin/env bash
# Benchmark of build logs: a recipe whose build prints 400,000 coloured lines and progress
# redraws (about 43 MB) is cooked, its output going through the pseudo-terminal and the log
# filter into build/logs/...; reference in the same run: the same program writing straight to
# a file. Prints the ratio (the cost of logging through a terminal, per byte of output).
set -euo pipefail
unset MAKEFLAGS MFLAGS MAKELEVEL
REPO="$FSTOOLS_BIN/repo"
CB="$BENCH_TMP/cookbook"
mkdir -p "$CB/recipes/noisy"
cat >"$BENCH_TMP/noisy.py" <<'PY'
import sys
out = sys.stdout.buffer
chunk = []
for i in range(400000):
    chunk.append(b"\x1b[1;32m[%6d/400000]\x1b[0m compiling \x1b[36msrc/file%d.c\x1b[0m\r\x1b[K" % (i, i))
    chunk.append(b"line %d of a build with \x1b[31mcolour\x1b[0m\n" % i)
    if len(chunk) >= 2000:
        out.write(b"".join(chunk))
        chunk = []
out.write(b"".join(chunk))
PY
cat >"$CB/recipes/noisy/recipe.toml" <<EOF
[build]
template = "custom"
script = """
python3 "$BENCH_TMP/noisy.py"
mkdir -p "\${COOKBOOK_STAGE}/usr/share" && echo done > "\${COOKBOOK_STAGE}/usr/share/noisy"
"""
EOF

best() { # the best wall time in seconds of 3 runs of the command
    local best=999999 t s e
    for _ in 1 2 3; do
        "$REPO" --cookbook="$CB" clean noisy >/dev/null 2>&1
        s=$(date +%s.%N)
        "$@" >/dev/null 2>&1
        e=$(date +%s.%N)
        t=$(echo "$e - $s" | bc -l)
        best=$(echo "if ($t < $best) $t else $best" | bc -l)
    done
    echo "$best"
}

cook=$(best "$REPO" --cookbook="$CB" cook noisy)
direct=$(best sh -c "python3 '$BENCH_TMP/noisy.py' > '$BENCH_TMP/direct.log'")
log="$CB/build/logs/x86_64-unknown-redox/noisy.log"
lines=$(grep -c "^line .* of a build with colour$" "$log" || true)
printf 'cook of a recipe printing %s MB through the terminal and the log filter: %.3f s\n' \
    "$(($(stat -c %s "$BENCH_TMP/direct.log") / 1000000))" "$cook"
printf 'reference: the same program writing to a file:                    %.3f s   ratio %.2fx\n' \
    "$direct" "$(echo "$cook / $direct" | bc -l)"
echo "log: $lines clean lines of 400000, $(stat -c %s "$log") bytes"
