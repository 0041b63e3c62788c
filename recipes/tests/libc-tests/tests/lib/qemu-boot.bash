# Boots one static program as /boot/initfs on MACROHARD in QEMU; sourced by the QEMU tests
# (qemu-libc.sh, ../../ports/tests/qemu-ports.sh). The caller sets work (scratch directory),
# tools (repo, redoxfs-ar), ovmf (firmware) and timeout_seconds, and has built the bootloader
# into $work/bootloader and the kernel into $work/kernel.

# make_image DISK INITFS: the installer's layout (BIOS boot, EFI, REDOX partitions).
make_image() {
    local disk=$1 initfs=$2 esp=$work/esp.img redoxfs=$work/redoxfs.img stage=$work/stage
    rm -rf "$disk" "$esp" "$redoxfs" "$stage"
    truncate -s 96M "$disk"
    sgdisk --clear --set-alignment=1 --new=1:34:2047 --typecode=1:ef02 --change-name=1:BIOS \
        --new=2:2048:+32M --typecode=2:ef00 --change-name=2:EFI \
        --new=3:67584:194559 --typecode=3:8300 --change-name=3:REDOX "$disk" >/dev/null
    mformat -i "$esp" -C -T $((32 * 2048)) -h 64 -s 32 -v MHESP :: >/dev/null
    mmd -i "$esp" ::/EFI ::/EFI/BOOT
    mcopy -i "$esp" "$work/bootloader/bootloader.efi" ::/EFI/BOOT/BOOTX64.EFI
    dd if="$esp" of="$disk" bs=512 seek=2048 conv=notrunc status=none
    mkdir -p "$stage/boot"
    cp "$work/kernel/kernel" "$stage/boot/kernel"
    cp "$initfs" "$stage/boot/initfs"
    truncate -s $(((194560 - 67584) * 512)) "$redoxfs"
    "$tools/redoxfs-ar" "$redoxfs" "$stage" >/dev/null
    dd if="$redoxfs" of="$disk" bs=512 seek=67584 conv=notrunc status=none
    rm -rf "$esp" "$redoxfs" "$stage"
}

# boot NAME INITFS LAST_LINE: boots until the serial log shows LAST_LINE (an extended regex),
# QEMU exits, or the time runs out; the log is $work/NAME.log.
boot() {
    local name=$1 initfs=$2 last=$3 log=$work/$1.log
    make_image "$work/$name.img" "$initfs"
    : >"$log"
    qemu-system-x86_64 -machine q35 -cpu max -m 512 -bios "$ovmf" -display none -monitor none \
        -serial "file:$log" -net none -no-reboot -drive "file=$work/$name.img,format=raw,if=virtio" \
        2>/dev/null &
    local qemu=$!
    local deadline=$((SECONDS + timeout_seconds))
    while ((SECONDS < deadline)) && kill -0 "$qemu" 2>/dev/null; do
        grep -aEq "$last" "$log" && break
        sleep 1
    done
    sleep 1 # the rest of the last line
    kill "$qemu" 2>/dev/null || true
    wait "$qemu" 2>/dev/null || true
}

show_log() {
    echo "---- serial log ($1) ----" >&2
    tr -d '\r' <"$1" | sed 's/\x1b\[[0-9;=]*[A-Za-z]//g' | tail -n "${2:-80}" >&2
    echo "----" >&2
}

