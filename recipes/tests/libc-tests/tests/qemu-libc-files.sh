#!/usr/bin/env bash
# Runs the C library's *at calls on real files inside MACROHARD: builds the minimal image
# (`make all`), cooks libc-tests, writes a variant of the image with redox_installer that also
# holds libc-tests and an /etc/init.d script running `libc-tests --files /tmp/libc-at-files`
# (directories, files and links made, changed, moved and removed through directory
# descriptors on the RedoxFS root), boots it in QEMU (TCG, OVMF, NVMe) and reads the verdict
# from the serial console: every check "ok" and "N passed, 0 failed".
# Env: QEMU_TIMEOUT (seconds, default 240), OVMF, FSTOOLS_BIN (repo, redox_installer; default
# <repo>/build/fstools/bin), TEST_TMP (work directory), MAKE_JOBS (default 2).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"
require_tools repo redox_installer

echo "== seeding the sources of the minimal image"
seed_sources_or_skip

echo "== make all (the minimal image) and libc-tests"
run_logged "make all" "$work/build.log" make -C "$root" -j"${MAKE_JOBS:-2}" all
run_logged "repo cook libc-tests" "$work/cook.log" env -C "$root" "$tools/repo" cook libc-tests

config=$work/libc-files.toml
cat >"$config" <<EOF
include = ["$root/config/minimal.toml"]

[packages]
libc-tests = {}

[[files]]
path = "/etc/init.d/90-libc-files"
data = """
run /usr/bin/libc-tests --files /tmp/libc-at-files
"""
EOF
disk=$work/libc-files.img
rm -f "$disk"
run_logged "redox_installer (the libc-files image)" "$work/installer.log" \
    "$tools/redox_installer" --cookbook="$root" -c "$config" "$disk"

drives=()
add_nvme_disk drives "$disk" MHLIBC
memory_mib=512 qemu_boot libc-files '[0-9]+ passed, [0-9]+ failed|KERNEL PANIC' "${drives[@]}"
log=$work/libc-files.serial.log
tr -d '\r' <"$log" | grep -a '^FAIL - ' >&2 || true
summary=$(tr -d '\r' <"$log" | grep -aoE '[0-9]+ passed, [0-9]+ failed' | tail -n 1 || true)
if [[ $summary =~ ^([0-9]+)\ passed,\ 0\ failed$ ]] && ((BASH_REMATCH[1] > 0)); then
    echo "PASS *at calls on files in MACROHARD: $summary"
else
    show_log "$log"
    [[ $qemu_status == timeout ]] && echo "(no summary within ${timeout_seconds} s: QEMU_TIMEOUT)"
    echo "FAIL *at calls on files in MACROHARD: ${summary:-no summary line on the serial console}"
    exit 1
fi
