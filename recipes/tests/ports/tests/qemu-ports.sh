#!/usr/bin/env bash
# Boots the first ports on MACROHARD: cooks `ports` (ports-check, with zlib and lua), builds the
# bootloader and kernel, boots ports-check as /boot/initfs in QEMU (TCG, OVMF) and reads the
# serial console: a zlib compress/uncompress round trip and `lua -e 'print(2^10)'` printing
# 1024.0 must pass, ending with "N passed, 0 failed" and exit status 0.
# Env: QEMU_TIMEOUT (seconds, default 240), OVMF, FSTOOLS_RELEASE_BIN or FSTOOLS_BIN (repo and
# redoxfs-ar; default <repo>/build/fstools/bin), TEST_TMP (work directory).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"
require_commands sgdisk mformat mcopy mmd
require_tools repo redoxfs-ar

# The tarballs come from Debian's source packages into the BLAKE3 cache (nothing else is
# reachable here); without Debian's archive the test cannot run at all.
echo "== seeding the sources of zlib and lua"
seed_sources_or_skip zlib lua

echo "== cooking ports (zlib, lua, relibc)"
run_logged "repo cook ports" "$work/cook.log" env -C "$root" "$tools/repo" cook ports
program=$root/recipes/tests/ports/target/x86_64-unknown-redox/stage/usr/bin/ports-check
echo "== building the bootloader and the kernel"
build_boot_chain

boot_program ports-check "$program" "process 1 exited with status"
log=$work/ports-check.serial.log
summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$log" | tr -d '\r' | tail -n 1)
grep -a -E '^(ok|FAIL) - ' "$log" | tr -d '\r' >&2 || true
if [[ $summary =~ ^([0-9]+)\ passed,\ 0\ failed$ ]] && (( BASH_REMATCH[1] > 0 )) &&
   grep -aq "ok - lua -e 'print(2^10)' prints 1024.0" "$log" &&
   grep -aq "ok - zlib uncompress gives the original bytes back" "$log" &&
   grep -aq "process 1 exited with status 0" "$log"; then
    echo "PASS ports on MACROHARD: $summary"
else
    show_log "$log"
    echo "FAIL ports: ${summary:-no summary line on the serial console}"
    exit 1
fi
