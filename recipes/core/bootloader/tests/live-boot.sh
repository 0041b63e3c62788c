#!/usr/bin/env bash
# The live image as a user makes it: `make live` writes build/x86_64/minimal/livedisk.iso with
# `redox_installer --live`, whose ESP holds bootloader-live.efi. QEMU (TCG, OVMF, NVMe) boots
# it; the serial console must show the bootloader copying the whole RedoxFS volume into RAM and
# reading the boot files from that copy, the kernel receiving "live=ADDRESS,SIZE" with the
# copy's pages reserved in its memory map, and init running. The copy must be exactly the
# volume's size as its header on the image records it. With too little RAM for the copy the
# bootloader must say so.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"

make -C "$root" --no-print-directory live CONFIG_NAME=minimal
image=$root/build/x86_64/minimal/livedisk.iso
[[ -f $image ]] || fail "make live wrote no $image"

drives=()
add_nvme_disk drives "$image" live
qemu_boot live "${boot_lines[-1]}" "${drives[@]}"
log=$work/live.serial.log
expect_lines live \
    "bootloader: live: copying the RedoxFS partition (.*) into RAM" \
    "bootloader: live: [0-9]* MiB copied into RAM at physical 0x[0-9a-f]* ([0-9]* bytes)" \
    "bootloader: reading files from the RAM copy of the RedoxFS partition" \
    "${boot_lines[@]}"

# Where the bootloader put the copy, and what the image says the volume's size is (the
# installer's REDOX partition starts at 2 MiB; the header's size field is at byte 32).
read -r address size < <(sed -n 's/.*bootloader: live: [0-9]* MiB copied into RAM at physical 0x\([0-9a-f]*\) (\([0-9]*\) bytes).*/\1 \2/p' "$log" | head -n 1)
volume_size=$(od -An -t u8 -j $((2 * 1024 * 1024 + 32)) -N 8 "$image" | tr -d ' ')
((size == volume_size)) || { show_log "$log"; fail "the RAM copy has $size bytes, the volume $volume_size"; }

word="live=0x$address,0x$(printf '%x' "$size")"
grep -aq "^command line: \".*$word" "$log" ||
    { show_log "$log"; fail "the kernel's command line lacks $word"; }

# The kernel prints its memory map: one reserved region must hold the whole copy.
start=$((16#$address)) end=$((16#$address + size - 1)) kept=no
while read -r first last; do
    if (((16#$first) <= start && end <= (16#$last))); then kept=yes; fi
done < <(sed -n 's/^ *\([0-9a-f]\{16\}\)-\([0-9a-f]\{16\}\) reserved.*/\1 \2/p' "$log")
[[ $kept == yes ]] || { show_log "$log"; fail "no reserved region of the kernel's memory map holds the RAM copy"; }

# Too little memory for the copy: a clear error from the bootloader, not a hang or a crash.
memory_mib=160 qemu_boot live-small-memory "bootloader: cannot start the system" "${drives[@]}"
expect_lines live-small-memory \
    "bootloader: error: cannot copy the RedoxFS partition (.*) into RAM: not enough free memory"

echo "live boot: $size bytes of RedoxFS copied into RAM at 0x$address, kept by the kernel; init ran"
