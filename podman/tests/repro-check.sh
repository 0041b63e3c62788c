#!/usr/bin/env bash
# The reproducibility check as CI runs it: `make repro-check` builds the minimal image twice
# from clean (natively, and in the build container when podman is available) at two paths and
# compares every package and the image byte for byte.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
REPRO_DIR="${TEST_TMP:-$(mktemp -d)}/repro" make -C "$root" --no-print-directory repro-check
