#!/usr/bin/env bash
# The whole chain as a user runs it: `make all` cooks the minimal config's packages and writes
# build/x86_64/minimal/harddrive.img with redox_installer; QEMU (TCG, OVMF, NVMe) boots it and the
# serial console must show the bootloader reading the RedoxFS partition, the kernel starting,
# init running in user space, the NVMe driver and the RedoxFS daemon mounting the root, and init
# reading /etc/hostname from it. On a timeout the test fails and prints the serial log.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../../.." && pwd)
work=${TEST_TMP:-$(mktemp -d)}
serial="$work/serial.log"
timeout_seconds=${QEMU_TIMEOUT:-240}

make -C "$root" --no-print-directory all CONFIG_NAME=minimal
image="$root/build/x86_64/minimal/harddrive.img"
[[ -f "$image" ]] || { echo "FAIL: make all wrote no $image"; exit 1; }
cp "$image" "$work/boot.img" # QEMU may write to the disk; the built image stays as made

qemu-system-x86_64 -machine q35 -cpu max -m 512 -bios /usr/share/ovmf/OVMF.fd -no-reboot \
    -display none -monitor none -nic none -serial "file:$serial" \
    -drive "file=$work/boot.img,format=raw,if=none,id=drv0" -device nvme,drive=drv0,serial=TEST &
qemu=$!
trap 'kill $qemu 2>/dev/null || true' EXIT

expected=(
    "bootloader: reading files from the RedoxFS partition"
    "boot services exited; .* entering the kernel"
    "kernel: MACROHARD kernel starting"
    "init: hello from user space, pid 1"
    "nvmed: disk.nvme:0 is NVMe controller"
    "nvmed: disk.nvme:0: completions by MSI-X interrupt"
    "redoxfsd: RedoxFS on disk.nvme:0"
    "init: /etc/hostname: macrohard"
    "init: startup complete"
)
deadline=$((SECONDS + timeout_seconds))
while (( SECONDS < deadline )); do
    if grep -aq "${expected[-1]}" "$serial" 2>/dev/null; then break; fi
    if ! kill -0 $qemu 2>/dev/null; then break; fi
    sleep 1
done
kill $qemu 2>/dev/null || true
status=0
for line in "${expected[@]}"; do
    grep -aq "$line" "$serial" || { echo "FAIL: the serial console never showed: $line"; status=1; }
done
if (( status )); then
    echo "=== serial log ($serial)"
    tr -d '\033' < "$serial" | tail -n 60
    exit 1
fi
echo "booted: $(grep -a -c . "$serial") lines on the serial console; init mounted the RedoxFS root"
