#!/usr/bin/env bash
# Benchmark: `redoxfs-ar` against `mke2fs -t ext4 -d` building a same-size image from the same
# generated ~300 MB tree of mixed files (thousands of small text files, medium and large
# text and binary files), best of 3 each, runs alternating. Each run starts from a fresh
# sparse image file. Target: redoxfs-ar takes at most 1.0x the time of mke2fs.
set -euo pipefail
AR="$FSTOOLS_BIN/redoxfs-ar"
TREE="$BENCH_TMP/tree"
IMAGE_SIZE=640M
command -v mke2fs >/dev/null || { echo "mke2fs is missing (scripts/bootstrap.sh installs e2fsprogs)" >&2; exit 1; }

python3 - "$TREE" <<'PY'
import os, random, sys
root = sys.argv[1]
rng = random.Random(20250101)
words = [''.join(rng.choice('abcdefghijklmnopqrstuvwxyz') for _ in range(rng.randint(2, 9))) for _ in range(4000)]
def text(size):
    out, n = [], 0
    while n < size:
        line = ' '.join(rng.choice(words) for _ in range(rng.randint(3, 14))) + '\n'
        out.append(line)
        n += len(line)
    return ''.join(out).encode()[:size]
total, i = 0, 0
while total < 300 * 1024 * 1024:
    kind = rng.random()
    size = rng.randint(0, 16384) if kind < 0.90 else rng.randint(16384, 1 << 20) if kind < 0.995 else rng.randint(1 << 20, 24 << 20)
    d = os.path.join(root, 'dir%02d' % (i % 37), 'sub%d' % (i % 5))
    os.makedirs(d, exist_ok=True)
    data = os.urandom(size) if rng.random() < 0.35 else text(size)
    with open(os.path.join(d, 'file%05d' % i), 'wb') as f:
        f.write(data)
    total += size
    i += 1
print('   tree: %d files, %d MB' % (i, total >> 20))
PY
sync

# "WALL CPU" seconds of one run (CPU = user + system, shown for information: on a busy
# machine it is the steadier number).
measure() {
    local TIMEFORMAT='%R %U %S' t
    t=$( { time "$@" >/dev/null 2>&1; } 2>&1 )
    read -r wall user sys <<<"$t"
    echo "$wall $(echo "$user + $sys" | bc -l)"
}
min() { echo "if ($1 < $2) $1 else $2" | bc -l; }
fresh() { rm -f "$1" && truncate -s "$IMAGE_SIZE" "$1" && sync; }

best_ours=999 best_theirs=999 cpu_ours=999 cpu_theirs=999
for _ in 1 2 3; do
    fresh "$BENCH_TMP/redoxfs.img"
    read -r wall cpu <<<"$(measure "$AR" "$BENCH_TMP/redoxfs.img" "$TREE")"
    best_ours=$(min "$best_ours" "$wall")
    cpu_ours=$(min "$cpu_ours" "$cpu")
    fresh "$BENCH_TMP/ext4.img"
    read -r wall cpu <<<"$(measure mke2fs -q -F -t ext4 -d "$TREE" "$BENCH_TMP/ext4.img")"
    best_theirs=$(min "$best_theirs" "$wall")
    cpu_theirs=$(min "$cpu_theirs" "$cpu")
done
"$FSTOOLS_BIN/redoxfsck" "$BENCH_TMP/redoxfs.img" >/dev/null || { echo "the image does not check clean" >&2; exit 1; }
ratio=$(echo "scale=2; $best_ours / $best_theirs" | bc -l)
verdict=$(echo "$ratio <= 1.0" | bc -l)
printf '   redoxfs-ar                %7.3f s   (cpu %.3f s)\n' "$best_ours" "$cpu_ours"
printf '   mke2fs -t ext4 -d         %7.3f s   (cpu %.3f s)\n' "$best_theirs" "$cpu_theirs"
printf '   ratio (ours / mke2fs)     %7.2fx        target <= 1.0x: %s\n' "$ratio" \
    "$([[ $verdict == 1 ]] && echo met || echo NOT met)"
