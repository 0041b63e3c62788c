#!/usr/bin/env bash
# Permissions on the RedoxFS root in QEMU: boots the initfs (init, nvmed, redoxfsd) from a GPT
# disk (the installer's layout) whose root holds /usr/bin/perm-probe and an /etc/init.d script
# running it. The probe (tests/perm-probe/perm_probe.c) prepares files as root, then a child
# that dropped to uid 1000 gid 100 must be refused a 0600 root file, a 0700 root directory,
# writes into root's directories and files, another's file in a sticky directory, chmod/chown
# of root's files, while its own new file belongs to it. In the same boot the link probe
# (tests/link-probe/link_probe.c) follows symbolic links out of the file: scheme (to null:,
# zero:, rand:, into sys: and back), which redoxfsd answers with EXDEV and the C library then
# resolves: open, stat, lstat, readlink, access, chdir, exec, unlink, and ELOOP for a loop.
# Env: QEMU_TIMEOUT (seconds, default 240), OVMF, FSTOOLS_RELEASE_BIN or FSTOOLS_BIN (repo,
# redoxfs-ar; default <repo>/build/fstools/bin), TEST_TMP (work directory).
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
[[ -x $tools/repo && -x $tools/redoxfs-ar ]] || fail "no repo/redoxfs-ar in $tools (make fstools)"

sysroot=$root/recipes/core/relibc/target/x86_64-unknown-redox/stage
echo "== cooking relibc"
(cd "$root" && "$tools/repo" cook relibc) >"$work/cook.log" 2>&1 ||
    { tail -n 40 "$work/cook.log" >&2; fail "repo cook relibc failed (log: $work/cook.log)"; }
echo "== building the initfs, the bootloader, the kernel and the probe"
{ PATH=$root/bin:$PATH COOKBOOK_SYSROOT=$sysroot make -C "$root/recipes/core/initfs" O="$work/initfs" &&
  make -C "$root/recipes/core/bootloader" O="$work/bootloader" &&
  make -C "$root/recipes/core/kernel" O="$work/kernel" &&
  COOKBOOK_SYSROOT=$sysroot "$root/bin/x86_64-unknown-redox-gcc" -std=c17 -D_GNU_SOURCE -Wall \
      -Wextra -Werror -O2 -o "$work/perm-probe" "$here/perm-probe/perm_probe.c" &&
  COOKBOOK_SYSROOT=$sysroot "$root/bin/x86_64-unknown-redox-gcc" -std=c17 -D_GNU_SOURCE -Wall \
      -Wextra -Werror -O2 -o "$work/link-probe" "$here/link-probe/link_probe.c"; } >"$work/build.log" 2>&1 ||
    { tail -n 30 "$work/build.log" >&2; fail "build failed (log: $work/build.log)"; }

readonly first_sector=67584 end_sector=194560
disk=$work/root.img esp=$work/esp.img redoxfs=$work/redoxfs.img stage=$work/stage
rm -rf "$disk" "$esp" "$redoxfs" "$stage"
truncate -s 96M "$disk"
sgdisk --clear --set-alignment=1 --new=1:34:2047 --typecode=1:ef02 --change-name=1:BIOS \
    --new=2:2048:+32M --typecode=2:ef00 --change-name=2:EFI \
    --new=3:$first_sector:$((end_sector - 1)) --typecode=3:8300 --change-name=3:REDOX "$disk" >/dev/null
mformat -i "$esp" -C -T $((32 * 2048)) -h 64 -s 32 -v MHESP :: >/dev/null
mmd -i "$esp" ::/EFI ::/EFI/BOOT
mcopy -i "$esp" "$work/bootloader/bootloader.efi" ::/EFI/BOOT/BOOTX64.EFI
dd if="$esp" of="$disk" bs=512 seek=2048 conv=notrunc status=none
mkdir -p "$stage/boot" "$stage/etc/init.d" "$stage/usr/bin"
cp "$work/perm-probe" "$stage/usr/bin/perm-probe"
cp "$work/link-probe" "$stage/usr/bin/link-probe"
cp "$work/kernel/kernel" "$stage/boot/kernel"
cp "$work/initfs/initfs" "$stage/boot/initfs"
cat >"$stage/etc/init.d/10-permissions" <<'SCRIPT'
# written by recipes/core/redoxfs/tests/qemu-permissions.sh
run-wait perm-probe
run-wait link-probe
echo permissions script done
SCRIPT
truncate -s $(((end_sector - first_sector) * 512)) "$redoxfs"
"$tools/redoxfs-ar" "$redoxfs" "$stage" >/dev/null
dd if="$redoxfs" of="$disk" bs=512 seek=$first_sector conv=notrunc status=none
rm -rf "$esp" "$redoxfs" "$stage"

echo "== booting"
log=$work/serial.log
: >"$log"
qemu-system-x86_64 -machine q35 -cpu max -m 512 -bios "$ovmf" -display none -monitor none \
    -serial "file:$log" -nic none -no-reboot \
    -drive "file=$disk,format=raw,if=none,id=drv0" -device nvme,drive=drv0,serial=MHROOT \
    2>/dev/null &
qemu=$!
deadline=$((SECONDS + timeout_seconds))
while ((SECONDS < deadline)) && kill -0 "$qemu" 2>/dev/null; do
    grep -aEq "init: startup (complete|finished with errors)|process 1 exited" "$log" && break
    sleep 1
done
kill "$qemu" 2>/dev/null || true
wait "$qemu" 2>/dev/null || true

tr -d '\r' <"$log" | grep -aE '^(perm|link)-probe: ' || true
if tr -d '\r' <"$log" | grep -aEq '^perm-probe: [0-9]+ passed, 0 failed$' &&
   tr -d '\r' <"$log" | grep -aEq '^link-probe: [0-9]+ passed, 0 failed$' &&
   ! grep -aEq '(perm|link)-probe: FAIL' "$log"; then
    echo "PASS: redoxfsd enforces permissions for uid 1000; links out of file: are followed"
else
    echo "---- serial log ----" >&2
    tr -d '\r' <"$log" | tail -n 60 >&2
    fail "the permission or link probe did not pass (log: $log)"
fi
