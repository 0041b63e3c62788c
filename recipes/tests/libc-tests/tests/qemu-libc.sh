#!/usr/bin/env bash
# Boots the C library tests on MACROHARD: cooks libc-tests (and with it relibc) with
# `repo cook`, builds the bootloader and kernel, writes a GPT disk whose RedoxFS partition holds
# /boot/kernel and the test program as /boot/initfs (the first process), boots it in QEMU (TCG,
# OVMF) and reads the serial console. Two runs: `hello` must print its greeting through printf,
# libc-tests must end with "N passed, 0 failed" and exit 0.
# Env: QEMU_TIMEOUT (seconds per run, default 240), OVMF, FSTOOLS_RELEASE_BIN or FSTOOLS_BIN
# (repo and redoxfs-ar; default <repo>/build/fstools/bin), TEST_TMP (work directory).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"
require_commands sgdisk mformat mcopy mmd
require_tools repo redoxfs-ar

echo "== cooking libc-tests (and relibc)"
run_logged "repo cook libc-tests" "$work/cook.log" env -C "$root" "$tools/repo" cook libc-tests
programs=$root/recipes/tests/libc-tests/target/x86_64-unknown-redox/stage/usr/bin
echo "== building the bootloader and the kernel"
build_boot_chain

boot_program hello "$programs/hello" "process 1 exited with status"
if grep -aq "Hello from newlib on MACROHARD (pid 1)" "$work/hello.serial.log" &&
   grep -aq "process 1 exited with status 0" "$work/hello.serial.log"; then
    echo "PASS hello: printf reached the serial console and the process exited with 0"
else
    show_log "$work/hello.serial.log"
    echo "FAIL hello: no greeting or no clean exit on the serial console"
    status=1
fi

boot_program libc-tests "$programs/libc-tests" "process 1 exited with status"
summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$work/libc-tests.serial.log" | tr -d '\r' | tail -n 1)
grep -a -E '^(ok|FAIL) - ' "$work/libc-tests.serial.log" | tr -d '\r' | grep -a '^FAIL' >&2 || true
if [[ $summary =~ ^([0-9]+)\ passed,\ 0\ failed$ ]] && (( BASH_REMATCH[1] > 0 )) &&
   grep -aq "process 1 exited with status 0" "$work/libc-tests.serial.log"; then
    echo "PASS libc-tests on MACROHARD: $summary"
else
    show_log "$work/libc-tests.serial.log"
    echo "FAIL libc-tests: ${summary:-no summary line on the serial console}"
    status=1
fi
exit "$status"
