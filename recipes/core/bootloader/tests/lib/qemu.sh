# shellcheck shell=bash disable=SC2154  # `work` is the sourcing test's
# Sourced by the boot tests in ../: runs QEMU (q35, TCG, OVMF) on the given drives with the
# serial console in a log, and checks that log. The caller sets `work` (scratch directory).
# Env: QEMU_TIMEOUT  seconds per run before it counts as hung (default 240)
#      OVMF          firmware image (default /usr/share/ovmf/OVMF.fd)

timeout_seconds=${QEMU_TIMEOUT:-240}
ovmf=${OVMF:-/usr/share/ovmf/OVMF.fd}
qemu_pid=
trap '[[ -n $qemu_pid ]] && kill "$qemu_pid" 2>/dev/null; true' EXIT

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 is not installed"
[[ -f $ovmf ]] || fail "no OVMF firmware at $ovmf"

# qemu_boot NAME UNTIL [QEMU ARGUMENTS...]: boots until the serial log ($work/NAME.serial.log)
# shows the pattern UNTIL, QEMU ends, or the timeout passes. RAM: $memory_mib MiB, by default
# 1 GiB (room for a live copy).
qemu_boot() {
    local name=$1 until=$2 log=$work/$1.serial.log
    shift 2
    rm -f "$log"
    echo "== $name"
    qemu-system-x86_64 -machine q35 -cpu max -m "${memory_mib:-1024}" -bios "$ovmf" -no-reboot -display none \
        -monitor none -nic none -serial "file:$log" "$@" 2>"$work/$name.qemu.log" &
    qemu_pid=$!
    local deadline=$((SECONDS + timeout_seconds))
    while ((SECONDS < deadline)) && kill -0 "$qemu_pid" 2>/dev/null; do
        grep -aq -- "$until" "$log" 2>/dev/null && break
        sleep 1
    done
    kill "$qemu_pid" 2>/dev/null || true
    wait "$qemu_pid" 2>/dev/null || true
    qemu_pid=
}

# add_nvme_disk ARRAY FILE ID [BOOT_INDEX]: appends the QEMU arguments for an NVMe disk that
# QEMU may not change (its writes go to a temporary overlay) to the named array.
add_nvme_disk() {
    local -n arguments=$1
    local file=$2 id=$3 boot_index=${4:-}
    arguments+=(-drive "file=$file,format=raw,if=none,id=$id,snapshot=on"
                -device "nvme,drive=$id,serial=$id${boot_index:+,bootindex=$boot_index}")
}

show_log() {
    echo "---- serial log ($1) ----" >&2
    tr -d '\r' <"$1" | sed 's/\x1b\[[0-9;=]*[A-Za-z]//g' | tail -n "${2:-60}" >&2
    local qemu_log=${1%.serial.log}.qemu.log
    if [[ -s $qemu_log ]]; then
        echo "---- QEMU's messages ($qemu_log) ----" >&2
        tail -n 20 "$qemu_log" >&2
    fi
    echo "----" >&2
}

# expect_lines NAME PATTERN...: every pattern (grep basic regex) must be in NAME's serial log.
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

# The lines every successful boot shows once the bootloader has handed over.
# shellcheck disable=SC2034  # used by the sourcing tests
boot_lines=(
    "boot services exited; .* entering the kernel"
    "kernel: MACROHARD kernel starting"
    "init: hello from user space, pid 1"
    # "init: startup complete", or "... finished with errors" where no NVMe disk holds the root
    "init: startup"
)
