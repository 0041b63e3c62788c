#!/usr/bin/env bash
# Boots MACROHARD to its root filesystem: builds /boot/initfs (bootstrap + archive with init,
# nvmed and redoxfsd; cooks relibc first if needed), the bootloader and the kernel, writes a
# GPT disk (the installer's layout) whose RedoxFS root holds /etc/hostname and an
# /etc/init.d script, and boots it twice in QEMU (TCG, OVMF, the disk on NVMe). The serial log
# must show init running, nvmed finding the disk, redoxfsd mounting the root, /etc/hostname
# read from it; the init.d script runs /usr/bin/fs-ops from the root (tests/fs-ops/fs_ops.c:
# mkdir, write, stat, lseek/read, readdir, rename, symlink, unlink, rmdir through relibc) and
# appends to /var/boot-root.log, which must be missing on the first boot and present on the
# second (persistence). redoxfsck checks the volume afterwards.
# Env: QEMU_TIMEOUT (seconds per boot, default 240), OVMF, FSTOOLS_BIN (repo, redoxfs-ar,
# redoxfsck; default <repo>/build/fstools/bin), TEST_TMP (work directory).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
tools=${FSTOOLS_RELEASE_BIN:-${FSTOOLS_BIN:-$root/build/fstools/bin}}
work=${TEST_TMP:-$(mktemp -d)}
timeout_seconds=${QEMU_TIMEOUT:-240}
ovmf=${OVMF:-/usr/share/ovmf/OVMF.fd}
mkdir -p "$work"
work=$(cd "$work" && pwd)

fail() {
    echo "FAIL: $*" >&2
    exit 1
}
for tool in qemu-system-x86_64 sgdisk mformat mcopy mmd; do
    command -v "$tool" >/dev/null || fail "$tool is not installed"
done
[[ -f $ovmf ]] || fail "no OVMF firmware at $ovmf"
for tool in repo redoxfs-ar redoxfsck; do
    [[ -x $tools/$tool ]] || fail "no $tool in $tools (make fstools)"
done

sysroot=$root/recipes/core/relibc/target/x86_64-unknown-redox/stage
if [[ ! -f $sysroot/usr/lib/libc.a ]]; then
    echo "== cooking relibc"
    (cd "$root" && "$tools/repo" cook relibc) >"$work/cook.log" 2>&1 ||
        { tail -n 40 "$work/cook.log" >&2; fail "repo cook relibc failed (log: $work/cook.log)"; }
fi
echo "== building the initfs, the bootloader and the kernel"
{ PATH=$root/bin:$PATH COOKBOOK_SYSROOT=$sysroot make -C "$root/recipes/core/initfs" O="$work/initfs" &&
  make -C "$root/recipes/core/bootloader" O="$work/bootloader" &&
  make -C "$root/recipes/core/kernel" O="$work/kernel" &&
  COOKBOOK_SYSROOT=$sysroot "$root/bin/x86_64-unknown-redox-gcc" -std=c17 -D_GNU_SOURCE -Wall \
      -Wextra -Werror -O2 -o "$work/fs-ops" "$here/fs-ops/fs_ops.c"; } >"$work/build.log" 2>&1 ||
    { tail -n 30 "$work/build.log" >&2; fail "build failed (log: $work/build.log)"; }

readonly first_sector=67584 end_sector=194560
disk=$work/root.img
# The installer's layout: BIOS boot, EFI, REDOX partitions.
make_image() {
    local esp=$work/esp.img redoxfs=$work/redoxfs.img stage=$work/stage
    rm -rf "$disk" "$esp" "$redoxfs" "$stage"
    truncate -s 96M "$disk"
    sgdisk --clear --set-alignment=1 --new=1:34:2047 --typecode=1:ef02 --change-name=1:BIOS \
        --new=2:2048:+32M --typecode=2:ef00 --change-name=2:EFI \
        --new=3:$first_sector:$((end_sector - 1)) --typecode=3:8300 --change-name=3:REDOX "$disk" >/dev/null
    mformat -i "$esp" -C -T $((32 * 2048)) -h 64 -s 32 -v MHESP :: >/dev/null
    mmd -i "$esp" ::/EFI ::/EFI/BOOT
    mcopy -i "$esp" "$work/bootloader/bootloader.efi" ::/EFI/BOOT/BOOTX64.EFI
    dd if="$esp" of="$disk" bs=512 seek=2048 conv=notrunc status=none
    mkdir -p "$stage/boot" "$stage/etc/init.d" "$stage/var" "$stage/usr/bin"
    cp "$work/fs-ops" "$stage/usr/bin/fs-ops"
    cp "$work/kernel/kernel" "$stage/boot/kernel"
    cp "$work/initfs/initfs" "$stage/boot/initfs"
    printf 'macrohard\n' >"$stage/etc/hostname"
    cat >"$stage/etc/init.d/10-boot-root" <<'SCRIPT'
# written by recipes/core/initfs/tests/boot-root.sh; the file is missing on the first boot
-cat /var/boot-root.log
run-wait fs-ops
cat initfs:bin
append /var/boot-root.log root written by init.d
echo boot-root script done
SCRIPT
    truncate -s $(((end_sector - first_sector) * 512)) "$redoxfs"
    "$tools/redoxfs-ar" "$redoxfs" "$stage" >/dev/null
    dd if="$redoxfs" of="$disk" bs=512 seek=$first_sector conv=notrunc status=none
    rm -rf "$esp" "$redoxfs" "$stage"
}

# boot NAME: boots the disk until init has run its scripts, QEMU exits or the time runs out.
boot() {
    local log=$work/$1.log
    : >"$log"
    qemu-system-x86_64 -machine q35 -cpu max -m 512 -bios "$ovmf" -display none -monitor none \
        -serial "file:$log" -nic none -no-reboot \
        -drive "file=$disk,format=raw,if=none,id=drv0" -device nvme,drive=drv0,serial=MHROOT \
        2>/dev/null &
    local qemu=$!
    local deadline=$((SECONDS + timeout_seconds))
    while ((SECONDS < deadline)) && kill -0 "$qemu" 2>/dev/null; do
        grep -aEq "init: startup (complete|finished with errors)|process 1 exited" "$log" && break
        sleep 1
    done
    sleep 2 # redoxfsd commits on close; the rest of the last line
    kill "$qemu" 2>/dev/null || true
    wait "$qemu" 2>/dev/null || true
}

show_log() {
    echo "---- serial log ($1) ----" >&2
    tr -d '\r' <"$1" | sed 's/\x1b\[[0-9;=]*[A-Za-z]//g' | grep -av '^\s*$' | tail -n "${2:-60}" >&2
    echo "----" >&2
}

status=0
# expect LOG DESCRIPTION REGEX: the serial log must match REGEX.
expect() {
    if grep -aEq "$3" "$1"; then
        echo "ok - $2"
    else
        echo "FAIL - $2 (no line matching: $3)"
        status=1
    fi
}

make_image
echo "== first boot"
boot first
first=$work/first.log
expect "$first" "the bootstrap served the initfs archive" '^initfs: serving [0-9]+ files'
expect "$first" "init ran as pid 1" '^init: hello from user space, pid 1'
expect "$first" "nvmed found the NVMe disk" '^nvmed: disk.nvme:0 is NVMe controller .* namespace 1 has [0-9]+ blocks'
expect "$first" "redoxfsd mounted the root" '^redoxfsd: RedoxFS on disk.nvme:0 at block [0-9]+'
expect "$first" "init read /etc/hostname from the root" '^init: /etc/hostname: macrohard'
expect "$first" "the root's init.d script ran" '^init: boot-root script done'
expect "$first" "fs-ops (from the root) passed its file checks" '^fs-ops: [0-9]+ passed, 0 failed'
listing=$(tr -d '\r' <"$first" | grep -a -A4 '^init: initfs:bin: ' | tr '\n' ' ')
if [[ $listing == "init: initfs:bin: init nvmed randd redoxfsd zerod " ]]; then
    echo "ok - initfs:bin lists init, nvmed, randd, redoxfsd, zerod"
else
    echo "FAIL - initfs:bin lists init, nvmed, randd, redoxfsd, zerod (got: $listing)"
    status=1
fi
expect "$first" "the file did not exist before the first boot" '^init: cannot read /var/boot-root.log \(error 2\)'
expect "$first" "startup completed without errors" '^init: startup complete'
((status == 0)) || show_log "$first"

echo "== second boot of the same disk"
boot second
second=$work/second.log
expect "$second" "the root was mounted again" '^redoxfsd: RedoxFS on disk.nvme:0'
expect "$second" "the file written in the first boot is still there" \
    '^init: /var/boot-root.log: root written by init.d'
expect "$second" "fs-ops passed again" '^fs-ops: [0-9]+ passed, 0 failed'
expect "$second" "startup completed without errors" '^init: startup complete'
((status == 0)) || show_log "$second"

echo "== checking the volume"
dd if="$disk" of="$work/redoxfs.img" bs=512 skip=$first_sector count=$((end_sector - first_sector)) status=none
if "$tools/redoxfsck" "$work/redoxfs.img" >"$work/fsck.log" 2>&1; then
    echo "ok - redoxfsck accepts the volume after two boots"
else
    cat "$work/fsck.log" >&2
    echo "FAIL - redoxfsck rejects the volume after two boots"
    status=1
fi
rm -f "$work/redoxfs.img"
exit "$status"
