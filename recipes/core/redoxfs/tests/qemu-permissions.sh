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
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"
require_commands sgdisk mformat mcopy mmd
require_tools repo redoxfs-ar

sysroot=$root/recipes/core/relibc/target/x86_64-unknown-redox/stage
echo "== cooking relibc"
run_logged "repo cook relibc" "$work/cook.log" env -C "$root" "$tools/repo" cook relibc
echo "== building the initfs, the bootloader, the kernel and the probes"
build_boot_chain initfs
for probe in perm-probe link-probe; do
    run_logged "building $probe" "$work/$probe.log" env COOKBOOK_SYSROOT="$sysroot" \
        "$root/bin/x86_64-unknown-redox-gcc" -std=c17 -D_GNU_SOURCE -Wall -Wextra -Werror -O2 \
        -o "$work/$probe" "$here/$probe/${probe/-/_}.c"
done

stage=$work/stage
rm -rf "$stage"
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
write_boot_disk "$work/root.img" "$stage"
rm -rf "$stage"

drives=()
add_nvme_disk drives "$work/root.img" MHROOT
memory_mib=512 qemu_boot permissions "init: startup (complete|finished with errors)|process 1 exited" "${drives[@]}"
log=$work/permissions.serial.log
tr -d '\r' <"$log" | grep -aE '^(perm|link)-probe: ' || true
if tr -d '\r' <"$log" | grep -aE '^perm-probe: [0-9]+ passed, 0 failed$' >/dev/null &&
   tr -d '\r' <"$log" | grep -aE '^link-probe: [0-9]+ passed, 0 failed$' >/dev/null &&
   ! grep -aEq '(perm|link)-probe: FAIL' "$log"; then
    echo "PASS: redoxfsd enforces permissions for uid 1000; links out of file: are followed"
else
    show_log "$log"
    fail "the permission or link probe did not pass (log: $log)"
fi
