#!/usr/bin/env bash
# The Podman build end to end: makes the images (skipped when their inputs are unchanged), then
#   TESTS=unit/ PODMAN_BUILD=1 make fstools test   (every host tool and unit test, in the container)
#   TESTS=<FUSE test> PODMAN_BUILD=1 make test      (a FUSE mount inside the container)
# into a separate output tree, build/podman-test, mounted as the container's build/, so the
# container compiles everything itself instead of reusing the host's build/. Checks that the
# outputs landed in that tree, are owned by the caller and run.
# Prints a SKIP line and exits 0 when podman or debootstrap is not installed.
# Env: CONTAINER_TEST_FUSE (default tools/redoxfs/tests/fuse; empty skips that step).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
for tool in podman debootstrap; do
    if ! command -v "$tool" >/dev/null; then
        echo "SKIP: podman/tests/container-build.sh: $tool is not installed (scripts/bootstrap.sh installs it)"
        exit 0
    fi
done

OUT=build/podman-test
FUSE_TEST=${CONTAINER_TEST_FUSE-tools/redoxfs/tests/fuse}
fail() { echo "FAIL: container-build: $*"; exit 1; }

rm -rf "$OUT"
mkdir -p "$OUT"

start=$SECONDS
make --no-print-directory container_image || fail "building the images"
image_seconds=$((SECONDS - start))

start=$SECONDS
# TESTS is run-tests.sh's filter, read from the environment (on make's command line it would
# replace hosttools.mk's list of test programs).
TESTS=unit/ PODMAN_BUILD=1 make --no-print-directory fstools test PODMAN_BUILD_VOLUME="$OUT" \
    2>&1 | tee "$OUT.log" || fail "make fstools test in the container (log: $OUT.log)"
build_seconds=$((SECONDS - start))

# The unit tests ran, and all passed.
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$OUT.log" | tail -n 1)
[[ "$summary" =~ ^([0-9]+)\ passed,\ 0\ failed ]] || fail "no clean test summary in $OUT.log: '$summary'"
(( BASH_REMATCH[1] > 0 )) || fail "no unit test ran"
unit_passed=${BASH_REMATCH[1]}

# Only the container sees $OUT as build/: finding the tools there proves where they were made.
repo_bin=$OUT/fstools/bin/repo
[[ -x "$repo_bin" ]] || fail "$repo_bin was not built"
owner=$(stat -c %u "$repo_bin")
[[ "$owner" == "$(id -u)" ]] || fail "$repo_bin is owned by uid $owner, not the caller's $(id -u)"
"$repo_bin" --help >/dev/null 2>&1 || fail "$repo_bin does not run on the host"

fuse_seconds=0
if [[ -n "$FUSE_TEST" && ! -f "cookbook/$FUSE_TEST.sh" ]]; then
    echo "container-build: no FUSE test cookbook/$FUSE_TEST.sh in this tree; FUSE step not run"
    FUSE_TEST=
fi
if [[ -n "$FUSE_TEST" ]]; then
    start=$SECONDS
    TESTS=$FUSE_TEST PODMAN_BUILD=1 make --no-print-directory test PODMAN_BUILD_VOLUME="$OUT" \
        2>&1 | tee "$OUT-fuse.log" || fail "FUSE test in the container (log: $OUT-fuse.log)"
    grep -qE "^PASS script/$FUSE_TEST " "$OUT-fuse.log" || fail "the FUSE test '$FUSE_TEST' did not run"
    fuse_seconds=$((SECONDS - start))
fi

echo "container-build: images ${image_seconds}s, fstools + unit tests ${build_seconds}s" \
     "($unit_passed passed), FUSE test ${fuse_seconds}s"
