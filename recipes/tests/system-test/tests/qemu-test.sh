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
TEST_TMP=${TEST_TMP:-$root/build/qemu-test}
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"

echo "== make all CONFIG_NAME=system-test"
run_logged "make all CONFIG_NAME=system-test" "$work/build.log" \
    make -C "$root" --no-print-directory all CONFIG_NAME=system-test
image=$root/build/x86_64/system-test/harddrive.img
[[ -f $image ]] || fail "make all wrote no $image"
disk=$work/disk.img
cp "$image" "$disk" # the boots write to the copy; the built image stays as made

# boot N: boots the disk until QEMU ends (a kernel panic or the end of init stops it early);
# sets qemu_status.
boot() {
    local drives=()
    add_writable_nvme_disk drives "$disk" MHTEST
    memory_mib=512 qemu_boot "boot$1" 'KERNEL PANIC|kernel: process 1 \((exited|was killed)' "${drives[@]}"
}

# expect_in N DESCRIPTION REGEX: boot N's serial log must match REGEX.
expect_in() {
    expect "$work/boot$1.serial.log" "boot $1: $2" "$3"
}

# run_boot N: boots and checks what every boot must show; stops the test on a failure.
run_boot() {
    echo "== boot $1"
    boot "$1"
    if [[ $qemu_status != 33 ]]; then
        show_log "$work/boot$1.serial.log"
        case $qemu_status in
            timeout) fail "boot $1: no result within ${timeout_seconds} s (QEMU_TIMEOUT)" ;;
            stopped) fail "boot $1: the kernel panicked or init exited" ;;
            35) fail "boot $1: system-test reported failures (isa-debug-exit status 35)" ;;
            *) fail "boot $1: QEMU exited with status $qemu_status (33 = pass)" ;;
        esac
    fi
    echo "ok - boot $1: system-test ended QEMU with the pass status 33"
    expect_in "$1" "nvmed waits for completions on its MSI-X interrupt" \
        'nvmed: disk.nvme:0: completions by MSI-X interrupt'
    expect_no "$work/boot$1.serial.log" "boot $1: nvmed never fell back to polling" \
        'nvmed: .*polling for completions'
    expect_in "$1" "system-test counted no failures" "system-test: boot $1: [0-9]+ passed, 0 failed"
}

run_boot 1
expect_in 1 "it ran the first boot's checks" 'system-test: boot 1 \(no marker yet'
expect_in 1 "the kernel reported the crashed driver and carried on" \
    'kernel: process [0-9]+ \(system-test\): page fault .*killed by signal 11'
expect_in 1 "the request it crashed on failed with EIO" 'system-test: ok - the request the driver crashes on fails with EIO'
expect_in 1 "its IRQ line was released" 'system-test: ok - the kernel released the dead driver'
expect_in 1 "the 8 MiB file was written and read back" 'system-test: ok - the 8 MiB file reads back whole'
((status == 0)) || { show_log "$work/boot1.serial.log"; exit 1; }

run_boot 2
expect_in 2 "it found the first boot's marker on the disk" 'system-test: boot 2 \(marker found'
expect_in 2 "the 8 MiB file survived with its checksum" 'system-test: ok - the 8 MiB file reads back whole'
expect_in 2 "the renamed file survived" 'system-test: ok - the renamed file has its text'
expect_in 2 "the unlinked file stayed gone" 'system-test: ok - the unlinked file is gone'
((status == 0)) || show_log "$work/boot2.serial.log"
exit "$status"
