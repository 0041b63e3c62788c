#!/usr/bin/env bash
# The whole chain as a user runs it: `make all` cooks the minimal config's packages and writes
# build/x86_64/minimal/harddrive.img with redox_installer; QEMU (TCG, OVMF, NVMe) boots it and the
# serial console must show the bootloader reading the RedoxFS partition, the kernel starting,
# init running in user space, the NVMe driver and the RedoxFS daemon mounting the root, and init
# reading /etc/hostname from it. On a timeout the test fails and prints the serial log.
set -euo pipefail
root=$(cd "$(dirname "$0")/../../../.." && pwd)
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"

make -C "$root" --no-print-directory all CONFIG_NAME=minimal
image="$root/build/x86_64/minimal/harddrive.img"
[[ -f "$image" ]] || fail "make all wrote no $image"

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
drives=() # QEMU's writes go to an overlay: the built image stays as made
add_nvme_disk drives "$image" TEST
memory_mib=512 qemu_boot image "${expected[-1]}" "${drives[@]}"
expect_lines image "${expected[@]}"
echo "booted: $(grep -a -c . "$work/image.serial.log") lines on the serial console; init mounted the RedoxFS root"
