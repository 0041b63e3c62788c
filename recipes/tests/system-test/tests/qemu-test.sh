#!/usr/bin/env bash
# `make qemu-test` (and part of `make test`): builds the system-test image (config/system-test.toml:
# the minimal system plus /usr/bin/system-test, started by an /etc/init.d script) with
# `make all`, then boots a copy of it twice in QEMU (TCG, OVMF, NVMe, headless, serial to a
# file). Boot 1 checks processes, pipes, a user scheme and a crashing driver and writes files on
# the RedoxFS root; boot 2, on the same disk, checks that those files survived. Each boot must
# end through isa-debug-exit with status 33 (pass); the serial log must also show the kernel's
# report of the crashed driver and nvmed using MSI-X. On a timeout, a kernel panic or any
# failure the serial log is printed. Lines are matched anywhere in a line: the console's getty
# prompt (no newline) may precede them.
# Env: QEMU_TIMEOUT (seconds per boot, default 240), OVMF, TEST_TMP (work directory).
set -euo pipefail

root=$(cd "$(dirname "$0")/../../../.." && pwd)
work=${TEST_TMP:-$root/build/qemu-test}
timeout_seconds=${QEMU_TIMEOUT:-240}
ovmf=${OVMF:-/usr/share/ovmf/OVMF.fd}
mkdir -p "$work"
work=$(cd "$work" && pwd)

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 is not installed"
[[ -f $ovmf ]] || fail "no OVMF firmware at $ovmf"

echo "== make all CONFIG_NAME=system-test"
make -C "$root" --no-print-directory all CONFIG_NAME=system-test >"$work/build.log" 2>&1 ||
    { tail -n 30 "$work/build.log" >&2; fail "make all CONFIG_NAME=system-test failed (log: $work/build.log)"; }
image=$root/build/x86_64/system-test/harddrive.img
[[ -f $image ]] || fail "make all wrote no $image"
disk=$work/disk.img
cp "$image" "$disk" # the boots write to the copy; the built image stays as made

show_log() {
    echo "---- serial log ($1) ----" >&2
    { tr -d '\r' <"$1" | sed 's/\x1b\[[0-9;=]*[A-Za-z]//g' | grep -av '^\s*$' || true; } |
        tail -n "${2:-80}" >&2
    [[ -s $1 ]] || echo "(empty: nothing reached the serial port)" >&2
    echo "----" >&2
}

# boot N: boots the disk; sets qemu_status (QEMU's exit status, or "timeout"/"panic").
boot() {
    local log=$work/boot$1.log
    : >"$log"
    qemu-system-x86_64 -machine q35 -cpu max -m 512 -bios "$ovmf" -display none -monitor none \
        -serial "file:$log" -nic none -no-reboot \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -drive "file=$disk,format=raw,if=none,id=drv0" -device nvme,drive=drv0,serial=MHTEST \
        2>"$work/qemu$1.err" &
    local qemu=$! start=$SECONDS
    qemu_status=timeout
    while ((SECONDS - start < timeout_seconds)); do
        if ! kill -0 "$qemu" 2>/dev/null; then
            qemu_status=0
            wait "$qemu" || qemu_status=$?
            break
        fi
        if grep -aEq 'KERNEL PANIC|kernel: process 1 (exited|was killed)' "$log"; then
            qemu_status=panic
            break
        fi
        sleep 1
    done
    if kill -0 "$qemu" 2>/dev/null; then
        kill "$qemu" 2>/dev/null || true
        wait "$qemu" 2>/dev/null || true
    fi
    echo "   boot $1: QEMU ended with $qemu_status after $((SECONDS - start)) s"
}

status=0
# expect N DESCRIPTION REGEX: boot N's serial log must match REGEX.
expect() {
    if tr -d '\r' <"$work/boot$1.log" | grep -aEq "$3"; then
        echo "ok - boot $1: $2"
    else
        echo "FAIL - boot $1: $2 (no line matching: $3)"
        status=1
    fi
}

# run_boot N: boots and checks what every boot must show; stops the test on a failure.
run_boot() {
    echo "== boot $1"
    boot "$1"
    if [[ $qemu_status != 33 ]]; then
        show_log "$work/boot$1.log"
        [[ -s $work/qemu$1.err ]] && cat "$work/qemu$1.err" >&2
        case $qemu_status in
            timeout) fail "boot $1: no result within ${timeout_seconds} s (QEMU_TIMEOUT)" ;;
            panic) fail "boot $1: the kernel panicked or init exited" ;;
            35) fail "boot $1: system-test reported failures (isa-debug-exit status 35)" ;;
            *) fail "boot $1: QEMU exited with status $qemu_status (33 = pass)" ;;
        esac
    fi
    echo "ok - boot $1: system-test ended QEMU with the pass status 33"
    expect "$1" "nvmed waits for completions on its MSI-X interrupt" \
        'nvmed: disk.nvme:0: completions by MSI-X interrupt'
    expect "$1" "system-test counted no failures" "system-test: boot $1: [0-9]+ passed, 0 failed"
}

run_boot 1
expect 1 "it ran the first boot's checks" 'system-test: boot 1 \(no marker yet'
expect 1 "the kernel reported the crashed driver and carried on" \
    'kernel: process [0-9]+ \(system-test\): page fault .*killed by signal 11'
expect 1 "the request it crashed on failed with EIO" 'system-test: ok - the request the driver crashes on fails with EIO'
expect 1 "its IRQ line was released" 'system-test: ok - the kernel released the dead driver'
expect 1 "the 8 MiB file was written and read back" 'system-test: ok - the 8 MiB file reads back whole'
((status == 0)) || { show_log "$work/boot1.log"; exit 1; }

run_boot 2
expect 2 "it found the first boot's marker on the disk" 'system-test: boot 2 \(marker found'
expect 2 "the 8 MiB file survived with its checksum" 'system-test: ok - the 8 MiB file reads back whole'
expect 2 "the renamed file survived" 'system-test: ok - the renamed file has its text'
expect 2 "the unlinked file stayed gone" 'system-test: ok - the unlinked file is gone'
((status == 0)) || show_log "$work/boot2.log"
exit "$status"
