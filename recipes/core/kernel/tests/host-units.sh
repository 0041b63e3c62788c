#!/usr/bin/env bash
# The kernel's host unit tests (printf core, ELF checks, heap, path forms, MADT parsing): `make check` builds them, the
# kernel and the ring-3 test program, and runs the unit tests on the host.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
make -C "$here" O="${TEST_TMP:-$(mktemp -d)}/kernel-check" check
