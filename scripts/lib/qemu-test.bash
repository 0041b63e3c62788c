# shellcheck shell=bash
# Shared by the QEMU tests (recipes/**/tests/*.sh): their setup, the installer's disk layout for
# hand-made disks, booting with the serial console in a log, and checking and showing that log.
# The sourcing test sets `root` (the checkout) first. Sourcing sets:
#   work             the scratch directory (TEST_TMP, else a new one), as an absolute path
#   tools            the host tools (FSTOOLS_RELEASE_BIN, else FSTOOLS_BIN, else build/fstools/bin)
#   timeout_seconds  how long a boot may take before it counts as hung (QEMU_TIMEOUT, 240)
#   ovmf             the firmware (OVMF, /usr/share/ovmf/OVMF.fd)
# and stops with a clear message when QEMU or the firmware is missing.

work=${TEST_TMP:-$(mktemp -d)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
tools=${FSTOOLS_RELEASE_BIN:-${FSTOOLS_BIN:-$root/build/fstools/bin}}
timeout_seconds=${QEMU_TIMEOUT:-240}
ovmf=${OVMF:-/usr/share/ovmf/OVMF.fd}
qemu_pid=
trap '[[ -n $qemu_pid ]] && kill "$qemu_pid" 2>/dev/null; true' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

# require_commands COMMAND...: each must be on PATH.
require_commands() {
    local command
    for command in "$@"; do
        command -v "$command" >/dev/null || fail "$command is not installed (scripts/bootstrap.sh)"
    done
}

# require_tools TOOL...: each must be among the host tools.
require_tools() {
    local tool
    for tool in "$@"; do
        [[ -x $tools/$tool ]] || fail "no $tool in $tools (make fstools)"
    done
}

require_commands qemu-system-x86_64
[[ -f $ovmf ]] || fail "no OVMF firmware at $ovmf"

# seed_sources_or_skip [RECIPE...]: fills the source cache from Debian's source packages
# (scripts/seed-sources; all sources when no recipe is named). Without Debian's archive the
# test cannot run at all: it is skipped (exit 0, saying so); any other failure stops it.
seed_sources_or_skip() {
    local seed_status=0
    FSTOOLS_BIN=$tools "$root/scripts/seed-sources" "$@" >"$work/seed.log" 2>&1 || seed_status=$?
    if ((seed_status == 3)); then
        echo "SKIP: Debian's archive is unreachable, so the sources cannot be seeded (log: $work/seed.log)"
        exit 0
    fi
    ((seed_status == 0)) || { cat "$work/seed.log" >&2; fail "scripts/seed-sources $* failed"; }
}

# run_logged WHAT LOG COMMAND...: runs COMMAND with its output in LOG; on failure shows the
# end of LOG and stops the test.
run_logged() {
    local what=$1 log=$2
    shift 2
    "$@" >"$log" 2>&1 || { tail -n 40 "$log" >&2; fail "$what failed (log: $log)"; }
}

# build_boot_chain [initfs]: builds the bootloader into $work/bootloader and the kernel into
# $work/kernel, and with "initfs" also the initfs into $work/initfs (against relibc's cooked
# sysroot, which the caller has cooked).
build_boot_chain() {
    local sysroot=$root/recipes/core/relibc/target/x86_64-unknown-redox/stage
    run_logged "building the bootloader" "$work/bootloader.log" \
        make -C "$root/recipes/core/bootloader" O="$work/bootloader"
    run_logged "building the kernel" "$work/kernel.log" make -C "$root/recipes/core/kernel" O="$work/kernel"
    if [[ ${1:-} == initfs ]]; then
        run_logged "building the initfs" "$work/initfs.log" env PATH="$root/bin:$PATH" \
            COOKBOOK_SYSROOT="$sysroot" make -C "$root/recipes/core/initfs" O="$work/initfs"
    fi
}

# write_boot_disk DISK STAGE: a 96 MiB disk in the installer's layout (BIOS boot, EFI and REDOX
# partitions) whose ESP holds $work/bootloader/bootloader.efi as EFI/BOOT/BOOTX64.EFI and whose
# RedoxFS partition (sectors boot_disk_redoxfs_sectors) holds the tree STAGE (which needs
# boot/kernel and boot/initfs).
readonly boot_disk_redoxfs_sectors=(67584 194560) # first, end
write_boot_disk() {
    local disk=$1 stage=$2 esp=$work/esp.img redoxfs=$work/redoxfs.img
    local -r first_sector=${boot_disk_redoxfs_sectors[0]} end_sector=${boot_disk_redoxfs_sectors[1]}
    rm -f "$disk" "$esp" "$redoxfs"
    truncate -s 96M "$disk"
    sgdisk --clear --set-alignment=1 --new=1:34:2047 --typecode=1:ef02 --change-name=1:BIOS \
        --new=2:2048:+32M --typecode=2:ef00 --change-name=2:EFI \
        --new=3:$first_sector:$((end_sector - 1)) --typecode=3:8300 --change-name=3:REDOX "$disk" >/dev/null
    mformat -i "$esp" -C -T $((32 * 2048)) -h 64 -s 32 -v MHESP :: >/dev/null
    mmd -i "$esp" ::/EFI ::/EFI/BOOT
    mcopy -i "$esp" "$work/bootloader/bootloader.efi" ::/EFI/BOOT/BOOTX64.EFI
    dd if="$esp" of="$disk" bs=512 seek=2048 conv=notrunc status=none
    truncate -s $(((end_sector - first_sector) * 512)) "$redoxfs"
    "$tools/redoxfs-ar" "$redoxfs" "$stage" >/dev/null
    dd if="$redoxfs" of="$disk" bs=512 seek=$first_sector conv=notrunc status=none
    rm -f "$esp" "$redoxfs"
}

# boot_program NAME PROGRAM UNTIL: boots the kernel of build_boot_chain with the static program
# PROGRAM as /boot/initfs (so as process 1), as qemu_boot NAME UNTIL does.
boot_program() {
    local name=$1 program=$2 until=$3 stage=$work/$1.stage drives=()
    rm -rf "$stage"
    mkdir -p "$stage/boot"
    cp "$work/kernel/kernel" "$stage/boot/kernel"
    cp "$program" "$stage/boot/initfs"
    write_boot_disk "$work/$name.img" "$stage"
    rm -rf "$stage"
    add_nvme_disk drives "$work/$name.img" disk
    memory_mib=512 qemu_boot "$name" "$until" "${drives[@]}"
}

# boot_disk_redoxfs DISK VOLUME: copies the RedoxFS partition of a write_boot_disk disk to the
# file VOLUME (for redoxfsck).
boot_disk_redoxfs() {
    local -r first_sector=${boot_disk_redoxfs_sectors[0]} end_sector=${boot_disk_redoxfs_sectors[1]}
    dd if="$1" of="$2" bs=512 skip=$first_sector count=$((end_sector - first_sector)) status=none
}

# add_nvme_disk ARRAY FILE ID [BOOT_INDEX]: appends to the named array the QEMU arguments for
# an NVMe disk whose writes go to a temporary overlay (the file stays as it is).
# add_writable_nvme_disk ARRAY FILE ID: the same, written for real (what persists across boots).
add_nvme_disk() {
    local -n arguments=$1
    local file=$2 id=$3 boot_index=${4:-}
    arguments+=(-drive "file=$file,format=raw,if=none,id=$id,snapshot=on"
                -device "nvme,drive=$id,serial=$id${boot_index:+,bootindex=$boot_index}")
}
add_writable_nvme_disk() {
    local -n arguments=$1
    arguments+=(-drive "file=$2,format=raw,if=none,id=$3" -device "nvme,drive=$3,serial=$3")
}

# qemu_boot NAME UNTIL [QEMU ARGUMENTS...]: boots (q35, TCG, OVMF, no network, isa-debug-exit at
# port 0xf4) until the serial log $work/NAME.serial.log matches UNTIL (an extended regular
# expression; empty: wait for QEMU to end), QEMU ends, or the timeout passes. RAM: $memory_mib
# MiB (default 1024, room for a live copy). Sets qemu_status: QEMU's exit status, "stopped"
# (UNTIL was seen; QEMU was then stopped) or "timeout".
qemu_boot() {
    local name=$1 until=$2 log=$work/$1.serial.log
    shift 2
    : >"$log"
    echo "== $name"
    qemu-system-x86_64 -machine q35 -cpu max -m "${memory_mib:-1024}" -bios "$ovmf" -no-reboot \
        -display none -monitor none -nic none -serial "file:$log" \
        -device isa-debug-exit,iobase=0xf4,iosize=0x04 "$@" 2>"$work/$name.qemu.log" &
    qemu_pid=$!
    local deadline=$((SECONDS + timeout_seconds))
    qemu_status=timeout
    while ((SECONDS < deadline)); do
        if ! kill -0 "$qemu_pid" 2>/dev/null; then
            qemu_status=0
            wait "$qemu_pid" || qemu_status=$?
            qemu_pid=
            return 0
        fi
        if [[ -n $until ]] && grep -aEq -- "$until" "$log"; then
            qemu_status=stopped
            sleep 2 # the rest of the line, and a daemon's last write (redoxfsd commits on close)
            break
        fi
        sleep 1
    done
    kill "$qemu_pid" 2>/dev/null || true
    wait "$qemu_pid" 2>/dev/null || true
    qemu_pid=
}

# show_log LOG [LINES]: the end of a serial log without carriage returns, escape sequences and
# blank lines, and QEMU's own messages if it left any.
show_log() {
    echo "---- serial log ($1) ----" >&2
    { tr -d '\r' <"$1" | sed 's/\x1b\[[0-9;=]*[A-Za-z]//g' | grep -av '^\s*$' || true; } |
        tail -n "${2:-60}" >&2
    [[ -s $1 ]] || echo "(empty: nothing reached the serial port)" >&2
    local qemu_log=${1%.serial.log}.qemu.log
    if [[ $qemu_log != "$1" && -s $qemu_log ]]; then
        echo "---- QEMU's messages ($qemu_log) ----" >&2
        tail -n 20 "$qemu_log" >&2
    fi
    echo "----" >&2
}

# expect_lines NAME PATTERN...: every pattern (grep basic regex) must be in NAME's serial log;
# otherwise the test stops, showing the log.
expect_lines() {
    local name=$1 log=$work/$1.serial.log missing=0 pattern
    shift
    for pattern in "$@"; do
        if ! grep -aq -- "$pattern" "$log" 2>/dev/null; then
            echo "FAIL: $name: the serial console never showed: $pattern" >&2
            missing=1
        fi
    done
    if ((missing)); then
        show_log "$log"
        exit 1
    fi
}

# expect LOG DESCRIPTION REGEX: reports whether the serial log LOG (carriage returns removed)
# matches the extended REGEX; a miss sets status=1 and the test goes on. (grep reads to the end,
# without -q: under pipefail an early exit would fail tr with SIGPIPE, a match counted as a miss.)
status=0
expect() {
    if tr -d '\r' <"$1" | grep -aE -- "$3" >/dev/null; then
        echo "ok - $2"
    else
        echo "FAIL - $2 (no line matching: $3)"
        status=1
    fi
}

# expect_no LOG DESCRIPTION REGEX: like expect, but no line of LOG may match REGEX.
expect_no() {
    local found
    found=$(tr -d '\r' <"$1" | grep -aE -- "$3" | head -n 1 || true)
    if [[ -z $found ]]; then
        echo "ok - $2"
    else
        echo "FAIL - $2 (a line matches $3: $found)"
        status=1
    fi
}

# The lines every successful boot shows once the bootloader has handed over.
# shellcheck disable=SC2034  # used by the sourcing tests
boot_lines=(
    "boot services exited; .* entering the kernel"
    "kernel: MACROHARD kernel starting"
    "init: hello from user space, pid 1"
    # "init: startup complete", or "... finished with errors" where no NVMe disk holds the root
    "init: startup"
)
