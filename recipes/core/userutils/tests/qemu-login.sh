#!/usr/bin/env bash
# Logs in on MACROHARD's serial console: builds the minimal image (`make all`), boots a copy
# headless in QEMU (TCG, OVMF, NVMe) with the serial console on a unix socket (and logged to a
# file), and drives it with lib/login_session.py: a wrong password and an unknown user are
# refused, root logs in with its password and runs a session over files and directories, the
# current directory, the device links in /dev, redirections, pipelines, exit statuses, signals
# (^C on the console) and trap, the environment, time, uname, ps, more and lua; root logs out,
# `user` logs in without a password (its ids, home, and that /root and /etc/shadow are closed
# to it), and a file written in the first session is there in the next.
# A second boot of the same disk checks that the files are still there; in neither boot may
# nvmed give up its MSI-X interrupt for polling.
# Fails fast on a timeout, printing the serial log. Env: QEMU_TIMEOUT (seconds to the first
# login prompt, default 300), OVMF, TEST_TMP (work directory), MAKE_JOBS (default 2).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"
require_commands python3

echo "== make all (the minimal image)"
run_logged "make all" "$work/build.log" make -C "$root" -j"${MAKE_JOBS:-2}" all
image=$root/build/x86_64/minimal/harddrive.img
[[ -f $image ]] || fail "make all did not write $image"
disk=$work/disk.img
cp "$image" "$disk"

stop_qemu() {
    if [[ -n $qemu_pid ]]; then
        kill "$qemu_pid" 2>/dev/null || true
        wait "$qemu_pid" 2>/dev/null || true
    fi
    qemu_pid=
}

# boot PHASE: one boot of the disk driven through PHASE of login_session.py.
boot() {
    local phase=$1 socket=$work/console-$1.sock log=$work/serial-$1.log status=0
    rm -f "$socket" "$log"
    qemu-system-x86_64 -machine q35 -cpu max -m 512 -bios "$ovmf" -display none -monitor none \
        -chardev "socket,id=console,path=$socket,server=on,wait=on,logfile=$log" \
        -serial chardev:console -nic none -no-reboot \
        -drive "file=$disk,format=raw,if=none,id=drv0" -device nvme,drive=drv0,serial=MHROOT \
        2>"$work/qemu-$phase.err" &
    qemu_pid=$!
    python3 "$here/lib/login_session.py" "$socket" "$phase" | tee "$work/session-$phase.txt" ||
        status=${PIPESTATUS[0]}
    # redoxfsd commits on close: give it a moment after the last logout before power-off.
    sleep 2
    stop_qemu
    expect_no "$log" "$phase boot: nvmed never fell back to polling" 'nvmed: .*polling for completions'
    if ((status != 0)); then
        cat "$work/qemu-$phase.err" >&2
        show_log "$log" 100
    fi
    return "$status"
}

echo "== first boot: logins and a session"
boot first || status=1
if ((status == 0)) || grep -q '^ok - a file in /root' "$work/session-first.txt"; then
    echo "== second boot: the files are still there"
    boot second || status=1
fi
exit "$status"
