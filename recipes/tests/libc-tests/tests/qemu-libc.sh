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
tools=${FSTOOLS_RELEASE_BIN:-${FSTOOLS_BIN:-$root/build/fstools/bin}}
work=${TEST_TMP:-$(mktemp -d)}
timeout_seconds=${QEMU_TIMEOUT:-240}
ovmf=${OVMF:-/usr/share/ovmf/OVMF.fd}
mkdir -p "$work"
work=$(cd "$work" && pwd)

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
for tool in qemu-system-x86_64 sgdisk mformat mcopy mmd; do
    command -v "$tool" >/dev/null || fail "$tool is not installed"
done
[[ -f $ovmf ]] || fail "no OVMF firmware at $ovmf"
[[ -x $tools/repo && -x $tools/redoxfs-ar ]] || fail "no repo/redoxfs-ar in $tools (make fstools)"

echo "== cooking libc-tests (and relibc)"
(cd "$root" && "$tools/repo" cook libc-tests) >"$work/cook.log" 2>&1 ||
    { tail -n 40 "$work/cook.log" >&2; fail "repo cook libc-tests failed (log: $work/cook.log)"; }
programs=$root/recipes/tests/libc-tests/target/x86_64-unknown-redox/stage/usr/bin
echo "== building the bootloader and the kernel"
{ make -C "$root/recipes/core/bootloader" O="$work/bootloader" &&
  make -C "$root/recipes/core/kernel" O="$work/kernel"; } >"$work/build.log" 2>&1 ||
    { tail -n 30 "$work/build.log" >&2; fail "build failed (log: $work/build.log)"; }

source "$here/lib/qemu-boot.bash"

status=0
echo "== booting hello"
boot hello "$programs/hello" "process 1 exited with status"
if grep -aq "Hello from newlib on MACROHARD (pid 1)" "$work/hello.log" &&
   grep -aq "process 1 exited with status 0" "$work/hello.log"; then
    echo "PASS hello: printf reached the serial console and the process exited with 0"
else
    show_log "$work/hello.log"
    echo "FAIL hello: no greeting or no clean exit on the serial console"
    status=1
fi

echo "== booting libc-tests"
boot libc-tests "$programs/libc-tests" "process 1 exited with status"
summary=$(grep -aE '^[0-9]+ passed, [0-9]+ failed' "$work/libc-tests.log" | tr -d '\r' | tail -n 1)
grep -a -E '^(ok|FAIL) - ' "$work/libc-tests.log" | tr -d '\r' | grep -a '^FAIL' >&2 || true
if [[ $summary =~ ^([0-9]+)\ passed,\ 0\ failed$ ]] && (( BASH_REMATCH[1] > 0 )) &&
   grep -aq "process 1 exited with status 0" "$work/libc-tests.log"; then
    echo "PASS libc-tests on MACROHARD: $summary"
else
    show_log "$work/libc-tests.log"
    echo "FAIL libc-tests: ${summary:-no summary line on the serial console}"
    status=1
fi
exit "$status"
