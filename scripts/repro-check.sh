#!/usr/bin/env bash
# `make repro-check`: builds the image twice from clean and compares the results byte for byte.
#   build A: natively, in a fresh clone of HEAD at one path
#   build B: in the Podman build container (PODMAN_BUILD=1) when podman is available, otherwise
#            natively; in a second clone at a different, deeper path, minutes later
# Both builds sign with the same key (a package's signature covers its content, and Ed25519
# signatures are deterministic), so equal inputs must give equal packages and images. On a
# difference it names the first differing package and the first differing file inside it.
# Env: CONFIG_NAME (default minimal), REPRO_DIR (default build/repro), REPRO_CONTAINER=0 to build
# B natively even where podman exists. Logs: $REPRO_DIR/{a,b}.log.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
config=${CONFIG_NAME:-minimal}
work=${REPRO_DIR:-$ROOT/build/repro}
target=x86_64-unknown-redox
a="$work/a/macrohard"
b="$work/b/a/much/longer/path/checkout"

rm -rf "$work"
mkdir -p "$work"
git clone -q --no-hardlinks "$ROOT" "$a"
git clone -q --no-hardlinks "$ROOT" "$b"
# The download cache is content-addressed: sharing it cannot change what is built. It is
# seeded from Debian first (as `make all` does), so that neither build needs the network.
FSTOOLS_BIN=$ROOT/build/fstools/bin "$ROOT/scripts/seed-sources" --cookbook="$ROOT" >"$work/seed.log" 2>&1 ||
    echo "repro-check: some tarballs could not be taken from Debian; see $work/seed.log"
[[ -d "$ROOT/sources" ]] && cp -a "$ROOT/sources" "$a/sources" && cp -a "$ROOT/sources" "$b/sources"

epoch=$(git -C "$ROOT" log -1 --format=%ct)
echo "repro-check: build A (native) in $a"
make -C "$a" --no-print-directory fstools >"$work/a.log" 2>&1
mkdir -p "$a/build" "$b/build"
"$a/build/fstools/bin/pkgar-keys" -s "$a/build/id_ed25519.toml" gen -P -p "$a/build/id_ed25519.pub.toml" \
    >>"$work/a.log" 2>&1
cp "$a/build/id_ed25519.toml" "$a/build/id_ed25519.pub.toml" "$b/build/"
make -C "$a" --no-print-directory all CONFIG_NAME="$config" IMAGE_EPOCH="$epoch" >>"$work/a.log" 2>&1 \
    || { echo "repro-check: build A failed; see $work/a.log"; exit 1; }

mode=native
if [[ "${REPRO_CONTAINER:-1}" == 1 ]] && command -v podman >/dev/null && [[ $EUID == 0 ]]; then
    mode=container
fi
echo "repro-check: build B ($mode) in $b"
extra=()
[[ $mode == container ]] && extra=(PODMAN_BUILD=1)
make -C "$b" --no-print-directory "${extra[@]}" all CONFIG_NAME="$config" IMAGE_EPOCH="$epoch" \
    >"$work/b.log" 2>&1 || { echo "repro-check: build B failed; see $work/b.log"; exit 1; }

status=0
repo_a="$a/repo/$target" repo_b="$b/repo/$target"
for pkg in "$repo_a"/*.pkgar; do
    name=$(basename "$pkg" .pkgar)
    if ! cmp -s "$pkg" "$repo_b/$name.pkgar"; then
        echo "repro-check: package $name differs between the builds"
        x="$work/extract-a/$name" y="$work/extract-b/$name"
        "$a/build/fstools/bin/pkgar" extract -p "$a/build/id_ed25519.pub.toml" -a "$pkg" "$x" >/dev/null
        "$a/build/fstools/bin/pkgar" extract -p "$a/build/id_ed25519.pub.toml" -a "$repo_b/$name.pkgar" "$y" >/dev/null
        first=$(diff -rq --no-dereference "$x" "$y" | head -n 1 || true)
        echo "repro-check:   first difference: ${first:-(the files are equal; the archive layout differs)}"
        status=1
        break
    fi
done
count=$(ls "$repo_a"/*.pkgar | wc -l)
image="build/x86_64/$config/harddrive.img"
if ! cmp "$a/$image" "$b/$image"; then
    echo "repro-check: $image differs (cmp above gives the first byte)"
    status=1
fi
if (( status == 0 )); then
    echo "repro-check: identical: $count packages and $image ($(stat -c %s "$a/$image") bytes), native vs $mode, two paths"
fi
exit $status
