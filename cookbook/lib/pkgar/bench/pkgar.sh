#!/usr/bin/env bash
# Benchmark: `pkgar create` and `pkgar verify` of a generated ~500 MB tree against
# `tar -c DIR | b3sum` (archive + hash with standard tools) on the same tree in the same run.
# Prints each time (best of 3, warm page cache) and the ratios; the target is <= 1.5x.
# Env: FSTOOLS_BIN (optimised tools), BENCH_TMP (scratch). BENCH_MB changes the tree size.
set -euo pipefail
PKGAR="$FSTOOLS_BIN/pkgar"
KEYS="$FSTOOLS_BIN/pkgar-keys"
T="$BENCH_TMP/pkgar"
MB=${BENCH_MB:-500}
rm -rf "$T" && mkdir -p "$T/tree" && cd "$T"

# The tree: a few large files (most of the bytes) and many small ones in nested directories,
# as a package's staging tree has.
big_files=$((MB * 3 / 4 / 32))
for ((i = 0; i < big_files; i++)); do
    head -c $((32 << 20)) /dev/urandom > "tree/big-$i.bin"
done
small_total=$((MB - big_files * 32))
for ((d = 0; d < 40; d++)); do
    mkdir -p "tree/usr/share/d$d/sub"
    for ((f = 0; f < small_total * 1024 / 40 / 64; f++)); do
        head -c $((64 << 10)) /dev/urandom > "tree/usr/share/d$d/sub/f$f"
    done
done
echo "tree: $(du -sm tree | cut -f1) MB, $(find tree -type f | wc -l) files"
"$KEYS" gen -P -s key.toml -p key.pub.toml >/dev/null
tar -cf - tree >/dev/null  # warm the page cache

now() { date +%s%N; }
# best_of_3 CMD...: prints the fastest wall time of three runs in milliseconds. Before each run
# (untimed) the previous archive is deleted and dirty pages are flushed, so that no run pays for
# the write-back or the freeing of an earlier run's 500 MB.
best_of_3() {
    local best=
    for _ in 1 2 3; do
        local start end
        [[ $1 == create ]] && rm -f tree.pkgar
        sync
        start=$(now)
        "$@"
        end=$(now)
        local ms=$(((end - start) / 1000000))
        [[ -z $best || $ms -lt $best ]] && best=$ms
    done
    echo "$best"
}
reference() { tar -cf - tree | b3sum >/dev/null; }
create() { "$PKGAR" create -s key.toml -a tree.pkgar tree; }
verify() { "$PKGAR" verify -p key.pub.toml -a tree.pkgar tree; }

ref_ms=$(best_of_3 reference)
create_ms=$(best_of_3 create)
verify_ms=$(best_of_3 verify)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "tar -c | b3sum:  ${ref_ms} ms"
echo "pkgar create:    ${create_ms} ms  ratio $(ratio "$create_ms" "$ref_ms")x (target <= 1.5x)"
echo "pkgar verify:    ${verify_ms} ms  ratio $(ratio "$verify_ms" "$ref_ms")x (target <= 1.5x)"
both_ms=$((create_ms + verify_ms))
echo "create + verify: ${both_ms} ms  ratio $(ratio "$both_ms" "$ref_ms")x"
rm -rf "$T"
