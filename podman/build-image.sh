#!/usr/bin/env bash
# Builds the build-container image localhost/macrohard-build:latest: the base image
# (podman/base-image.sh) plus podman/Containerfile, which runs scripts/bootstrap.sh inside.
# Skips the build when the image exists and carries the hash of the same inputs (base image ID,
# Containerfile, bootstrap.sh). Needs no registry: the only network use is Debian's mirror.
#
# Environment: MACROHARD_BUILD_IMAGE, MACROHARD_BASE_IMAGE (image names), CONTAINERS_CONF.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
export CONTAINERS_CONF=${CONTAINERS_CONF:-$ROOT/podman/containers.conf}
export MACROHARD_BASE_IMAGE=${MACROHARD_BASE_IMAGE:-localhost/macrohard-base:bookworm}
IMAGE=${MACROHARD_BUILD_IMAGE:-localhost/macrohard-build:latest}
CONTEXT=build/podman/context
LABEL=org.macrohard.inputs

command -v podman >/dev/null || { echo "build-image: podman is not installed (scripts/bootstrap.sh installs it)" >&2; exit 1; }

podman/base-image.sh

base_id=$(podman image inspect --format '{{.Id}}' "$MACROHARD_BASE_IMAGE")
inputs=$( { echo "$base_id"; cat podman/Containerfile scripts/bootstrap.sh; } | sha256sum | cut -d' ' -f1)

if podman image exists "$IMAGE" &&
   [[ "$(podman image inspect --format "{{ index .Labels \"$LABEL\" }}" "$IMAGE")" == "$inputs" ]]; then
    echo "build-image: $IMAGE is up to date"
    exit 0
fi

# The build context holds only what the Containerfile copies, not the whole (large) tree.
rm -rf "$CONTEXT"
mkdir -p "$CONTEXT/scripts"
cp scripts/bootstrap.sh "$CONTEXT/scripts/"

echo "build-image: building $IMAGE (log: build/podman/build-image.log)"
start=$SECONDS
if ! podman build --pull=never --network=host \
        --build-arg "BASE_IMAGE=$MACROHARD_BASE_IMAGE" \
        --label "$LABEL=$inputs" \
        --file podman/Containerfile --tag "$IMAGE" "$CONTEXT" >build/podman/build-image.log 2>&1; then
    tail -n 25 build/podman/build-image.log >&2
    echo "build-image: podman build failed; log: build/podman/build-image.log" >&2
    exit 1
fi
rm -rf "$CONTEXT"
# The image this one replaced, if any, is now untagged: drop it (only images with our label).
podman image prune --force --filter "label=$LABEL" >/dev/null
echo "build-image: built $IMAGE ($((SECONDS - start))s)"
