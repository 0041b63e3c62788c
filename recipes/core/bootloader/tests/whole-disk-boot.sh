#!/usr/bin/env bash
# The bootloaders on disks whose RedoxFS is not in a partition the firmware shows:
#   whole-disk       a whole-disk RedoxFS (`redox_installer --skip-partition`, header ring at
#                    block 0, no partition table) read by bootloader.efi
#   whole-disk-live  the same read by bootloader-live.efi, which copies it into RAM first
#   gpt-cdrom        the installer's GPT image (`make all`) attached as a CD-ROM: with 2048-byte
#                    sectors the firmware finds no partitions in it, so the bootloader must
#                    find the REDOX partition at 2 MiB of the whole disk (upstream's rule)
# Such disks have no ESP, so OVMF boots the bootloader from a second disk: a FAT volume without
# a partition table holding only EFI/BOOT/BOOTX64.EFI. The bootloaders are the packaged ones,
# taken from the install (`--write-bootloader`).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
installer=${FSTOOLS_BIN:-$root/build/fstools/bin}/redox_installer
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"
require_commands mformat mmd mcopy

make -C "$root" --no-print-directory all CONFIG_NAME=minimal
gpt_image=$root/build/x86_64/minimal/harddrive.img
[[ -f $gpt_image ]] || fail "make all wrote no $gpt_image"
[[ -x $installer ]] || fail "no redox_installer at $installer"

# whole_disk_install IMAGE BOOTLOADER [OPTION]: a whole-disk RedoxFS of the minimal config,
# and the bootloader the install holds.
whole_disk_install() {
    rm -f "$1"
    "$installer" --cookbook="$root" --config-name=minimal -c "$root/config/minimal.toml" \
        --skip-partition --write-bootloader="$2" ${3:+"$3"} "$1"
    [[ $(head -c 8 "$1" | tr -d '\0') == RedoxFS ]] ||
        fail "$1 does not start with a RedoxFS header (block 0 of a whole-disk RedoxFS)"
}

# boot_volume IMAGE BOOTLOADER: a FAT volume (no partition table) holding EFI/BOOT/BOOTX64.EFI.
boot_volume() {
    rm -f "$1"
    mformat -i "$1" -C -T 16384 -h 64 -s 32 -v MHBOOT :: >/dev/null
    mmd -i "$1" ::/EFI ::/EFI/BOOT
    mcopy -i "$1" "$2" ::/EFI/BOOT/BOOTX64.EFI
}

whole_disk_install "$work/whole.img" "$work/bootloader.efi"
whole_disk_install "$work/whole-live.img" "$work/bootloader-live.efi" --live
boot_volume "$work/boot.img" "$work/bootloader.efi"
boot_volume "$work/boot-live.img" "$work/bootloader-live.efi"

drives=()
add_nvme_disk drives "$work/boot.img" boot 0
add_nvme_disk drives "$work/whole.img" root
qemu_boot whole-disk "${boot_lines[-1]}" "${drives[@]}"
expect_lines whole-disk "bootloader: reading files from the whole-disk RedoxFS (" "${boot_lines[@]}"

drives=()
add_nvme_disk drives "$work/boot-live.img" boot 0
add_nvme_disk drives "$work/whole-live.img" root
qemu_boot whole-disk-live "${boot_lines[-1]}" "${drives[@]}"
expect_lines whole-disk-live \
    "bootloader: live: copying the whole-disk RedoxFS (.*) into RAM" \
    "bootloader: reading files from the RAM copy of the whole-disk RedoxFS (" "${boot_lines[@]}"

drives=()
add_nvme_disk drives "$work/boot.img" boot 0
drives+=(-drive "file=$gpt_image,format=raw,if=none,id=cd,media=cdrom,readonly=on"
         -device "ide-cd,drive=cd,bus=ide.1")
qemu_boot gpt-cdrom "${boot_lines[-1]}" "${drives[@]}"
expect_lines gpt-cdrom "bootloader: reading files from the RedoxFS partition at 2 MiB of a GPT disk (" \
    "${boot_lines[@]}"

echo "whole-disk RedoxFS booted with both bootloaders; the GPT image without firmware partitions too"
