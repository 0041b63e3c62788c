#!/usr/bin/env bash
# Benchmark: `redox_installer` writing a 512 MiB disk image (GPT, ESP, RedoxFS) of a generated
# server-like system against `mke2fs -t ext4 -d` putting the same installed tree into an ext4
# image of the same size, in the same run. Median of 5 rounds each, runs alternating, every run
# on a fresh sparse image file in the same directory (same filesystem), with dirty pages
# flushed beforehand (untimed) and both inputs (the packages, the installed tree) in the page
# cache. Both programs make their image durable before they exit (mke2fs fsyncs, the
# installer's last commit fdatasyncs).
#
# The fixture cookbook is made here the way the installer's tests make theirs: ~30 signed
# pkgar packages (pkgar-keys, pkgar create, a <name>.toml each, repo.toml) totalling ~250 MB of
# mixed files (executables and libraries, many small text files, some large data files,
# symlinks) with dependencies between them, and a config with files and accounts.
# The installer does more than mke2fs here: it verifies every package's signature and entry
# hashes as it writes their contents into the image (straight into RedoxFS: no staging tree),
# and hashes and compresses RedoxFS's blocks. `redox_installer DIR/` (the same install into a
# host directory) is timed too, for information. Target: the image takes at most 1.0x the
# time of mke2fs.
# Env: FSTOOLS_BIN (optimised tools), BENCH_TMP (scratch). BENCH_MB changes the package bytes;
# BENCH_KEEP=1 leaves the fixture cookbook and the images in BENCH_TMP for a closer look.
set -euo pipefail
INSTALLER="$FSTOOLS_BIN/redox_installer"
PKGAR="$FSTOOLS_BIN/pkgar"
KEYS="$FSTOOLS_BIN/pkgar-keys"
MB=${BENCH_MB:-250}
IMAGE_MIB=512
T="$BENCH_TMP/server-image"
COOKBOOK="$T/cookbook"
REPO="$COOKBOOK/repo/x86_64-unknown-redox"
command -v mke2fs >/dev/null || { echo "mke2fs is missing (scripts/bootstrap.sh installs e2fsprogs)" >&2; exit 1; }
for tool in "$INSTALLER" "$PKGAR" "$KEYS"; do
    [[ -x $tool ]] || { echo "$tool is missing (make fstools)" >&2; exit 1; }
done
rm -rf "$T" && mkdir -p "$REPO" "$COOKBOOK/build" "$COOKBOOK/config" "$T/stage"

# The packages' staging trees and their dependencies (stage/<name>/..., stage/<name>.depends).
python3 - "$T/stage" "$MB" <<'PY'
import os, random, sys
stage, total_mb = sys.argv[1], int(sys.argv[2])
rng = random.Random(20250606)
names = ["bootloader", "kernel", "initfs", "relibc", "libgcc", "zlib", "openssl", "ncurses",
         "readline", "bash", "coreutils", "findutils", "diffutils", "grep", "sed", "gawk",
         "less", "vim", "curl", "openssh", "nginx", "sqlite", "lua", "perl", "python", "git",
         "tar", "xz", "gzip", "ca-certificates", "tzdata", "terminfo"]
# Share of the bytes per package: a few big ones (python, perl, git, vim), most small.
weights = {n: rng.uniform(0.3, 1.5) for n in names}
for big, w in (("python", 14), ("perl", 9), ("git", 6), ("vim", 4), ("openssl", 3), ("tzdata", 2)):
    weights[big] = w
weight_sum = sum(weights.values())
words = ["".join(rng.choice("abcdefghijklmnopqrstuvwxyz_") for _ in range(rng.randint(2, 10)))
         for _ in range(3000)]

def make_text(size):
    out, n = [], 0
    while n < size:
        line = " ".join(rng.choice(words) for _ in range(rng.randint(2, 12))) + "\n"
        out.append(line)
        n += len(line)
    return "".join(out).encode()[:size]

# Text files are slices of one 8 MiB pool: word by word for every file would take minutes.
text_pool = make_text(8 << 20)

def text(size):
    start = rng.randint(0, len(text_pool) - 1)
    data = text_pool[start:start + size]
    while len(data) < size:
        data += text_pool[: size - len(data)]
    return data

def binary(size):
    # Executable-like: incompressible code with runs of zeros and repeated tables.
    chunks, n = [], 0
    while n < size:
        piece = os.urandom(rng.randint(256, 8192)) if rng.random() < 0.7 else bytes(rng.randint(64, 2048))
        chunks.append(piece)
        n += len(piece)
    return b"\x7fELF" + b"".join(chunks)[: max(0, size - 4)]

def put(path, data, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    os.chmod(path, mode)

grand_total, files = 0, 0
for index, name in enumerate(names):
    root = os.path.join(stage, name)
    budget = int(total_mb * 1024 * 1024 * weights[name] / weight_sum)
    used = 0
    if name == "bootloader":
        for variant in ("bootloader", "bootloader-live"):
            put(f"{root}/usr/lib/boot/{variant}.efi", b"MZ" + os.urandom(120 * 1024))
            used += 120 * 1024
    if name == "kernel":
        put(f"{root}/boot/kernel", binary(2 << 20))
        used += 2 << 20
    # Executables, a shared library with its version links, then data and documentation.
    for i in range(rng.randint(1, 6)):
        size = min(max(budget // 10, 16384), rng.randint(64 << 10, 4 << 20))
        put(f"{root}/usr/bin/{name}{'-' + str(i) if i else ''}", binary(size), 0o755)
        used += size
    size = min(max(budget // 8, 16384), rng.randint(128 << 10, 6 << 20))
    put(f"{root}/usr/lib/lib{name}.so.1.0", binary(size), 0o755)
    os.symlink(f"lib{name}.so.1.0", f"{root}/usr/lib/lib{name}.so.1")
    os.symlink(f"lib{name}.so.1", f"{root}/usr/lib/lib{name}.so")
    used += size
    put(f"{root}/etc/{name}/{name}.conf", text(rng.randint(200, 6000)))
    n = 0
    while used < budget:
        kind = rng.random()
        if kind < 0.85:
            size, data_kind = rng.randint(0, 16 << 10), "text"       # sources, docs, man pages
        elif kind < 0.99:
            size, data_kind = rng.randint(16 << 10, 256 << 10), "mix"
        else:
            size, data_kind = rng.randint(1 << 20, 8 << 20), "bin"   # data files, archives
        size = min(size, budget - used)
        data = text(size) if data_kind == "text" or (data_kind == "mix" and rng.random() < 0.5) else binary(size)
        put(f"{root}/usr/share/{name}/d{n % 23}/s{n % 7}/f{n:05d}", data)
        used += size
        n += 1
    files += n
    grand_total += used
    depends = [] if index < 5 else rng.sample(names[3:index], k=min(3, index - 3))
    with open(os.path.join(stage, name + ".depends"), "w") as f:
        f.write(" ".join(depends))
print("   packages: %d, %d MB" % (len(names), grand_total >> 20))
PY

"$KEYS" -s "$T/key.toml" gen -P -p "$COOKBOOK/build/id_ed25519.pub.toml" >/dev/null
{
    echo "[general]"
    echo "prompt = false"
    echo "filesystem_size = $IMAGE_MIB"
    echo "[packages]"
} >"$COOKBOOK/config/server-bench.toml"
echo "[packages]" >"$REPO/repo.toml"
for stage in "$T"/stage/*/; do
    name=$(basename "$stage")
    "$PKGAR" create -s "$T/key.toml" -a "$REPO/$name.pkgar" "$stage"
    entries_hash=$(od -An -v -t x1 -j 96 -N 32 "$REPO/$name.pkgar" | tr -d ' \n')
    depends=$(sed 's/[^ ][^ ]*/"&"/g; s/ /, /g' "$T/stage/$name.depends")
    cat >"$REPO/$name.toml" <<TOML
name = "$name"
version = "1.0"
target = "x86_64-unknown-redox"
blake3 = "$entries_hash"
storage_size = $(du -sb "$stage" | cut -f1)
network_size = $(stat -c %s "$REPO/$name.pkgar")
depends = [$depends]
TOML
    echo "$name = \"$entries_hash\"" >>"$REPO/repo.toml"
    echo "$name = {}" >>"$COOKBOOK/config/server-bench.toml"
done
cat >>"$COOKBOOK/config/server-bench.toml" <<'TOML'
[[files]]
path = "/etc/hostname"
data = "server\n"
[[files]]
path = "/usr/bin"
data = ""
directory = true
[[files]]
path = "/bin"
data = "usr/bin"
symlink = true
[[files]]
path = "/tmp"
data = ""
directory = true
mode = 0o1777
[users.root]
password = "password"
uid = 0
gid = 0
home = "/root"
[users.user]
password = ""
TOML

install_args=(--cookbook="$COOKBOOK" --config-name=server -c "$COOKBOOK/config/server-bench.toml")
# The reference's input: the same install as a directory tree (checked equal to the image's
# content by the installer's CLI test).
"$INSTALLER" "${install_args[@]}" "$T/tree/" >/dev/null
echo "   installed tree: $(du -sm "$T/tree" | cut -f1) MB, $(find "$T/tree" | wc -l) entries"
tar -cf - -C "$T" tree cookbook >/dev/null # warm the page cache for both sides

# measure CMD...: sets wall and cpu (ms) for one run (CPU = user + system of the command and
# its children, for information: on a busy machine it is the steadier number).
measure() {
    local TIMEFORMAT='%R %U %S' times
    times=$( { time "$@" >/dev/null 2>"$T/command.err"; } 2>&1 ) ||
        { echo "$1 failed: $(tail -n 5 "$T/command.err")" >&2; exit 1; }
    read -r wall cpu < <(awk '{ printf "%d %d\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$times")
}
fresh() { rm -rf "$@"; sync; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

ROUNDS=5
walls_image=() cpus_image=() walls_dir=() cpus_dir=() walls_ext4=() cpus_ext4=()
for ((round = 0; round < ROUNDS; round++)); do
    fresh "$T/image.img"
    truncate -s ${IMAGE_MIB}M "$T/image.img"
    measure "$INSTALLER" "${install_args[@]}" "$T/image.img"
    walls_image+=("$wall") cpus_image+=("$cpu")

    fresh "$T/dir"
    mkdir "$T/dir"
    measure "$INSTALLER" "${install_args[@]}" "$T/dir/"
    walls_dir+=("$wall") cpus_dir+=("$cpu")

    fresh "$T/ext4.img"
    truncate -s ${IMAGE_MIB}M "$T/ext4.img"
    measure mke2fs -q -F -t ext4 -d "$T/tree" "$T/ext4.img"
    walls_ext4+=("$wall") cpus_ext4+=("$cpu")
done
wall_image=$(median "${walls_image[@]}") cpu_image=$(median "${cpus_image[@]}")
wall_dir=$(median "${walls_dir[@]}") cpu_dir=$(median "${cpus_dir[@]}")
wall_ext4=$(median "${walls_ext4[@]}") cpu_ext4=$(median "${cpus_ext4[@]}")
echo "   rounds (ms, wall): image ${walls_image[*]}; mke2fs ${walls_ext4[*]}"
"$FSTOOLS_BIN/redoxfsck" "$T/image.img" >/dev/null || { echo "the image does not check clean" >&2; exit 1; }
e2fsck -fn "$T/ext4.img" >/dev/null 2>&1 || { echo "the ext4 image does not check clean" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
r=$(ratio "$wall_image" "$wall_ext4")
met=$(awk -v r="$r" 'BEGIN { print (r <= 1.0) ? "met" : "NOT met" }')
printf '   %-34s %6d ms   (cpu %6d ms)\n' "redox_installer, $IMAGE_MIB MiB image" "$wall_image" "$cpu_image"
printf '   %-34s %6d ms   (cpu %6d ms; into a host directory, for information)\n' \
    "redox_installer, directory" "$wall_dir" "$cpu_dir"
printf '   %-34s %6d ms   (cpu %6d ms)\n' "mke2fs -t ext4 -d, $IMAGE_MIB MiB image" "$wall_ext4" "$cpu_ext4"
printf '   %-34s %6sx      (cpu %sx)   target <= 1.0x: %s\n' "ratio (installer image / mke2fs)" "$r" \
    "$(ratio "$cpu_image" "$cpu_ext4")" "$met"
[[ -n ${BENCH_KEEP:-} ]] || rm -rf "$T"
