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
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"
require_commands sgdisk mformat mcopy mmd
require_tools repo redoxfs-ar redoxfsck

sysroot=$root/recipes/core/relibc/target/x86_64-unknown-redox/stage
if [[ ! -f $sysroot/usr/lib/libc.a ]]; then
    echo "== cooking relibc"
    run_logged "repo cook relibc" "$work/cook.log" env -C "$root" "$tools/repo" cook relibc
fi
echo "== building the initfs, the bootloader and the kernel"
build_boot_chain initfs
run_logged "building fs-ops" "$work/fs-ops.log" env COOKBOOK_SYSROOT="$sysroot" \
    "$root/bin/x86_64-unknown-redox-gcc" -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 \
    -o "$work/fs-ops" "$here/fs-ops/fs_ops.c"

disk=$work/root.img
make_image() {
    local stage=$work/stage
    rm -rf "$stage"
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
    write_boot_disk "$disk" "$stage"
    rm -rf "$stage"
}

# boot NAME: boots the disk (written for real) until init has run its scripts, QEMU exits or
# the time runs out.
boot() {
    local drives=()
    add_writable_nvme_disk drives "$disk" MHROOT
    memory_mib=512 qemu_boot "$1" "init: startup (complete|finished with errors)|process 1 exited" "${drives[@]}"
}

make_image
boot first
first=$work/first.serial.log
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

boot second
second=$work/second.serial.log
expect "$second" "the root was mounted again" '^redoxfsd: RedoxFS on disk.nvme:0'
expect "$second" "the file written in the first boot is still there" \
    '^init: /var/boot-root.log: root written by init.d'
expect "$second" "fs-ops passed again" '^fs-ops: [0-9]+ passed, 0 failed'
expect "$second" "startup completed without errors" '^init: startup complete'
((status == 0)) || show_log "$second"

echo "== checking the volume"
boot_disk_redoxfs "$disk" "$work/redoxfs.img"
if "$tools/redoxfsck" "$work/redoxfs.img" >"$work/fsck.log" 2>&1; then
    echo "ok - redoxfsck accepts the volume after two boots"
else
    cat "$work/fsck.log" >&2
    echo "FAIL - redoxfsck rejects the volume after two boots"
    status=1
fi
rm -f "$work/redoxfs.img"
exit "$status"
