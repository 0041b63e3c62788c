#!/usr/bin/env bash
# Boot test of the bootloader and kernel in QEMU (TCG, OVMF), eleven runs:
#   selftest   boot with "selftest" on the command line: the kernel checks its frame allocator,
#              heap, stacks, timer, scheduler and ring-3 processes (the test program in
#              tests/user/ checks the system calls, schemes, pipes, events, signals, exec,
#              user-space schemes and driver capabilities from user space) and ends QEMU
#              through isa-debug-exit; exit status 33 = pass
#   serial     "selftest-echo": the test program reads a line from debug: that this script
#              types into the serial port (a FIFO) once the program asks for it
#   terminal   "selftest-terminal": a typed session on the console's line discipline: echo,
#              erase (DEL and BS), kill (^U), CR read as NL, ^C sending SIGINT to the
#              foreground group, a password read without echo, ^D as end of file, raw VMIN 3
#   panic      "selftest-panic": the kernel faults on purpose; the report must name the fault,
#              show registers and a symbolised backtrace, and end QEMU with status 35
#   plain      boot without a command line: init (the test program) greets and exits
#   relocated  a kernel linked at 16 MiB, which OVMF occupies: the bootloader places it
#              elsewhere and the kernel must find itself from the boot information
#   esp        the development bootloader (FILE_SOURCE=esp) reading the files from the ESP
#   no-kernel  no /boot/kernel on the disk: the bootloader must say so on the serial port
#   bad-kernel a /boot/kernel that is not ELF: the bootloader must name the problem
#   damaged    every RedoxFS block after the header ring altered: hash checks must refuse it
# Disk images are laid out like the installer's: GPT with a BIOS boot partition, an EFI system
# partition (FAT) holding EFI/BOOT/BOOTX64.EFI, and a RedoxFS partition (made with redoxfs-ar)
# holding /boot/kernel, /boot/initfs (for now the test program itself) and /boot/cmdline.
#
# Usage: qemu-boot.sh [WORK_DIR]     (default $TEST_TMP, else a new temporary directory)
# Env:   QEMU_TIMEOUT  seconds per run before it counts as hung (default 240)
#        OVMF          firmware image (default /usr/share/ovmf/OVMF.fd)
#        FSTOOLS_BIN   directory with redoxfs-ar (default <repo>/build/fstools/bin)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
kernel_src=$(dirname "$here")
bootloader_src=$(cd "$kernel_src/../bootloader" && pwd)
root=$(cd "$kernel_src/../../.." && pwd)
TEST_TMP=${1:-${TEST_TMP:-}}
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"
require_commands sgdisk mformat mcopy mmd
require_tools redoxfs-ar
redoxfs_ar=$tools/redoxfs-ar

build() {
    echo "== building into $work"
    if ! { make -C "$bootloader_src" O="$work/bootloader" &&
           make -C "$bootloader_src" O="$work/bootloader-esp" FILE_SOURCE=esp &&
           make -C "$kernel_src" O="$work/kernel" all user-tests &&
           make -C "$kernel_src" O="$work/kernel-16m" KERNEL_LOAD_ADDRESS=0x1000000; } \
            >"$work/build.log" 2>&1; then
        tail -n 30 "$work/build.log" >&2
        fail "build failed (log: $work/build.log)"
    fi
}

# make_image NAME SOURCE [PATH=FILE ...]: a GPT disk (BIOS boot, EFI and REDOX partitions)
# with the bootloader in the ESP and the given files in the RedoxFS partition (SOURCE redoxfs)
# or in the ESP next to the bootloader (SOURCE esp, for the development bootloader).
make_image() {
    local name=$1 source=$2
    shift 2
    local disk=$work/$name.img esp=$work/$name.esp redoxfs=$work/$name.redoxfs
    local stage=$work/$name.stage bootloader=$work/bootloader/bootloader.efi
    rm -rf "$disk" "$esp" "$redoxfs" "$stage"
    truncate -s 96M "$disk"
    sgdisk --clear --set-alignment=1 --new=1:34:2047 --typecode=1:ef02 --change-name=1:BIOS \
        --new=2:2048:+32M --typecode=2:ef00 --change-name=2:EFI \
        --new=3:67584:194559 --typecode=3:8300 --change-name=3:REDOX "$disk" >/dev/null
    mformat -i "$esp" -C -T $((32 * 2048)) -h 64 -s 32 -v MHESP :: >/dev/null
    mmd -i "$esp" ::/EFI ::/EFI/BOOT
    mkdir -p "$stage/boot"
    local entry
    for entry in "$@"; do
        cp "${entry#*=}" "$stage${entry%%=*}"
    done
    if [[ $source == esp ]]; then
        bootloader=$work/bootloader-esp/bootloader.efi
        mcopy -s -i "$esp" "$stage/boot" ::/
    else
        truncate -s $(((194560 - 67584) * 512)) "$redoxfs"
        "$redoxfs_ar" "$redoxfs" "$stage" >/dev/null
        dd if="$redoxfs" of="$disk" bs=512 seek=67584 conv=notrunc status=none
    fi
    mcopy -i "$esp" "$bootloader" ::/EFI/BOOT/BOOTX64.EFI
    dd if="$esp" of="$disk" bs=512 seek=2048 conv=notrunc status=none
    rm -rf "$esp" "$redoxfs" "$stage"
}

# Alters one byte in every 4 KiB block of the RedoxFS partition after its 256-block header
# ring, so every tree, directory and data block fails its hash check.
damage_redoxfs() {
    python3 - "$1" <<'PYTHON'
import sys
start, end, block = 67584 * 512, 194560 * 512, 4096
with open(sys.argv[1], "r+b") as disk:
    for offset in range(start + 256 * block, end, block):
        disk.seek(offset + 100)
        byte = disk.read(1)
        disk.seek(offset + 100)
        disk.write(bytes([byte[0] ^ 0x5a]))
PYTHON
}

# qemu_command DISK SERIAL: SERIAL is QEMU's -serial argument (file:LOG, pipe:BASE).
qemu_command() {
    local disk=$1 serial=$2
    echo qemu-system-x86_64 -machine q35 -cpu qemu64 -m 512 -bios "$ovmf" \
        -nographic -monitor none -serial "$serial" -net none -no-reboot \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
        -drive "file=$disk,format=raw,if=virtio"
}

show_log() {
    echo "---- serial log ($1) ----" >&2
    tr -d '\r' <"$1" | sed 's/\x1b\[[0-9;=]*[A-Za-z]//g' | tail -n "${2:-60}" >&2
    echo "----" >&2
}

# run_to_exit NAME EXPECTED_STATUS: boots NAME.img until QEMU exits by itself.
run_to_exit() {
    local name=$1 expected=$2 log=$work/$1.serial.log status=0
    local start=$SECONDS
    timeout "$timeout_seconds" $(qemu_command "$work/$name.img" "file:$log") </dev/null >"$work/$name.qemu.log" 2>&1 ||
        status=$?
    echo "   $name: QEMU exit status $status after $((SECONDS - start)) s"
    if [[ $status -eq 124 ]]; then
        show_log "$log"
        fail "$name: no result within $timeout_seconds s"
    fi
    if [[ $status -ne $expected ]]; then
        show_log "$log"
        fail "$name: QEMU exit status $status, expected $expected"
    fi
}

# run_until NAME PATTERN: boots NAME.img until the serial log shows PATTERN, then stops QEMU.
run_until() {
    local name=$1 pattern=$2 log=$work/$1.serial.log
    local start=$SECONDS
    : >"$log"
    $(qemu_command "$work/$name.img" "file:$log") </dev/null >"$work/$name.qemu.log" 2>&1 &
    local qemu_pid=$!
    while ! grep -aq -- "$pattern" "$log"; do
        if ! kill -0 "$qemu_pid" 2>/dev/null || ((SECONDS - start > timeout_seconds)); then
            kill "$qemu_pid" 2>/dev/null || true
            wait "$qemu_pid" 2>/dev/null || true
            show_log "$log"
            fail "$name: \"$pattern\" never appeared on the serial port"
        fi
        sleep 0.5
    done
    kill "$qemu_pid" 2>/dev/null || true
    wait "$qemu_pid" 2>/dev/null || true
    echo "   $name: saw \"$pattern\" after $((SECONDS - start)) s"
}

# run_with_input NAME EXPECTED_STATUS PROMPT TEXT [PROMPT TEXT ...]: boots NAME.img with the
# serial port on a pair of FIFOs; each time PROMPT appears (in order) types TEXT (printf %b
# escapes: \r, \x03...), then waits for QEMU to exit by itself.
run_with_input() {
    local name=$1 expected=$2 log=$work/$1.serial.log fifo=$work/$1.serial
    shift 2
    local start=$SECONDS status=0
    rm -f "$fifo.in" "$fifo.out"
    mkfifo "$fifo.in" "$fifo.out"
    : >"$log"
    cat "$fifo.out" >"$log" &
    local reader=$!
    timeout "$timeout_seconds" $(qemu_command "$work/$name.img" "pipe:$fifo") </dev/null \
        >"$work/$name.qemu.log" 2>&1 &
    local qemu_pid=$!
    # One writer for the whole run: QEMU would see end of file between separate writers.
    local keyboard
    exec {keyboard}>"$fifo.in"
    while (($# >= 2)); do
        local prompt=$1 text=$2
        shift 2
        while ! grep -aqF -- "$prompt" "$log"; do
            if ! kill -0 "$qemu_pid" 2>/dev/null; then
                exec {keyboard}>&-
                wait "$reader" 2>/dev/null || true
                show_log "$log"
                fail "$name: \"$prompt\" never appeared on the serial port"
            fi
            sleep 0.5
        done
        printf '%b' "$text" >&"$keyboard"
    done
    wait "$qemu_pid" || status=$?
    exec {keyboard}>&-
    wait "$reader" 2>/dev/null || true
    rm -f "$fifo.in" "$fifo.out"
    echo "   $name: QEMU exit status $status after $((SECONDS - start)) s"
    if [[ $status -ne $expected ]]; then
        show_log "$log"
        fail "$name: QEMU exit status $status, expected $expected"
    fi
}

# expect_text NAME TEXT: TEXT (printf %b escapes, taken literally otherwise) is in the log.
expect_text() {
    local name=$1 text
    text=$(printf '%b' "$2")
    grep -aqF -- "$text" "$work/$name.serial.log" || {
        show_log "$work/$name.serial.log" 200
        fail "$name: expected \"$2\" in the serial log"
    }
}

expect_line() {
    local name=$1 pattern=$2
    grep -aq -- "$pattern" "$work/$name.serial.log" || {
        show_log "$work/$name.serial.log" 200
        fail "$name: expected \"$pattern\" in the serial log"
    }
}

expect_no_line() {
    local name=$1 pattern=$2
    if grep -aq -- "$pattern" "$work/$name.serial.log"; then
        show_log "$work/$name.serial.log" 200
        fail "$name: unexpected \"$pattern\" in the serial log"
    fi
}

build
kernel=$work/kernel/kernel
program=$work/kernel/user/ktest
printf 'selftest\n' >"$work/cmdline-selftest"
printf 'selftest-panic\n' >"$work/cmdline-panic"
printf 'selftest-echo\n' >"$work/cmdline-echo"
printf 'selftest-terminal\n' >"$work/cmdline-terminal"
# Longer than an ELF header, so the check that fails is the magic number.
for _ in 1 2 3 4 5 6 7 8; do printf 'this is not an ELF file\n'; done >"$work/not-a-kernel"

echo "== selftest boot"
make_image selftest redoxfs /boot/kernel="$kernel" /boot/initfs="$program" /boot/cmdline="$work/cmdline-selftest"
run_to_exit selftest 33
expect_line selftest "bootloader: kernel: .* (its link address)"
for line in "bootloader: MACROHARD bootloader" "bootloader: reading files from the RedoxFS partition" \
    "bootloader: boot services exited" \
    "kernel: MACROHARD kernel starting" "kernel: interrupts enabled" \
    "user: hello from ring 3 through debug:" "user: all [0-9]* checks passed" \
    "selftest: ok - a page fault in ring 3 kills only that process" \
    "selftest: ok - exited processes leave no frames behind" \
    "selftest: ok - no user-scheme request outlives its scheme" \
    "user: ok - a request whose server crashes fails with EIO" \
    "selftest: all [0-9]* checks passed"; do
    expect_line selftest "$line"
done
expect_no_line selftest "FAIL"
expect_no_line selftest "KERNEL PANIC"
grep -a "checks passed\|^time:\|memory: " "$work/selftest.serial.log" | tr -d '\r' | sed 's/^/   /'

echo "== serial input (debug: reads what is typed)"
make_image serial redoxfs /boot/kernel="$kernel" /boot/initfs="$program" /boot/cmdline="$work/cmdline-echo"
run_with_input serial 33 "user: type a line" 'ping from the host\n'
expect_line serial 'user: got "ping from the host"'
expect_line serial "selftest: the echo program passed"

echo "== terminal on the serial console (line discipline)"
make_image terminal redoxfs /boot/kernel="$kernel" /boot/initfs="$program" /boot/cmdline="$work/cmdline-terminal"
run_with_input terminal 33 \
    "user: step 1" 'helo\x7flo wrld\b\b\borld\r' \
    "user: step 2" 'rm -rf /\x15ls\r' \
    "user: step 3" '\x03' \
    "user: step 4" 'hunter2\r' \
    "user: step 5" '\x04' \
    "user: step 6" 'xyz'
# Erase is echoed as backspace-space-backspace; Enter (CR) becomes a newline.
expect_text terminal 'helo\b \blo wrld\b \b\b \b\b \borld\r\n'
expect_text terminal 'user: got 12 "hello world\\x0a"'
expect_text terminal 'user: got 3 "ls\\x0a"'
expect_text terminal '^Cuser: got -4 ""'
expect_text terminal "user: SIGINT delivered"
expect_text terminal 'user: got 8 ""'
expect_no_line terminal "hunter2"
expect_text terminal 'user: got 0 ""'
expect_text terminal 'user: got 3 "xyz"'
expect_no_line terminal "xyzuser"
expect_text terminal "selftest: the terminal program passed"

echo "== kernel panic report"
make_image panic redoxfs /boot/kernel="$kernel" /boot/initfs="$program" /boot/cmdline="$work/cmdline-panic"
run_to_exit panic 35
for line in "KERNEL PANIC: page fault (vector 14, error code 0x2)" \
    "page fault at address 0xffffc7ff00000000: write of a not-present page, kernel mode" \
    "thread 0 \"kernel-main\"" "rax 0x" "cr2 0xffffc7ff00000000" "backtrace:" \
    "#0 .* write_through+0x" "#[12] .* selftest_provoke_panic+0x" "#[23] .* kernel_main+0x" \
    "#[34] .* kernel_entry+0x" "system halted"; do
    expect_line panic "$line"
done

echo "== plain boot (init greets and exits)"
make_image plain redoxfs /boot/kernel="$kernel" /boot/initfs="$program"
run_until plain "kernel: process 1 exited with status 0"
expect_line plain "init: hello from user space, pid 1"

echo "== kernel relocated by the bootloader"
make_image relocated redoxfs /boot/kernel="$work/kernel-16m/kernel" /boot/initfs="$program" \
    /boot/cmdline="$work/cmdline-selftest"
run_to_exit relocated 33
expect_line relocated "bootloader: kernel: .* (relocated: link address busy)"
expect_line relocated "selftest: all [0-9]* checks passed"

echo "== development bootloader reading the ESP"
make_image esp esp /boot/kernel="$kernel" /boot/initfs="$program"
run_until esp "kernel: process 1 exited with status 0"
expect_line esp "bootloader: reading files from the boot volume (FAT, development file source)"

echo "== missing kernel"
make_image no-kernel redoxfs /boot/initfs="$program"
run_until no-kernel "bootloader: error: /boot/kernel is missing on the RedoxFS partition"

echo "== kernel that is not ELF"
make_image bad-kernel redoxfs /boot/kernel="$work/not-a-kernel" /boot/initfs="$program"
run_until bad-kernel "bootloader: error: /boot/kernel is not a usable kernel: not an ELF file"

echo "== damaged RedoxFS"
make_image damaged redoxfs /boot/kernel="$kernel" /boot/initfs="$program"
damage_redoxfs "$work/damaged.img"
run_until damaged "bootloader: error: cannot read /boot/kernel from the RedoxFS partition"
expect_no_line damaged "kernel: MACROHARD kernel starting"

echo "PASS: all boot tests"
