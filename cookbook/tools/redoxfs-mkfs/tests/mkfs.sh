#!/usr/bin/env bash
# redoxfs-mkfs: usage errors, a missing or too small disk, --encrypt, a bootloader that
# moves the filesystem, and a clean result that redoxfsck accepts.
set -uo pipefail
bin=${FSTOOLS_BIN:?}
cd "${TEST_TMP:?}"
fail() { echo "FAIL: $*"; exit 1; }

"$bin/redoxfs-mkfs" >out 2>&1; [[ $? == 2 ]] && grep -q usage out || fail "no arguments: usage, exit 2"
"$bin/redoxfs-mkfs" missing.img >out 2>&1 && fail "a missing disk is an error"
grep -q "missing.img.*must exist" out || fail "missing disk message: $(cat out)"
truncate -s 64K small.img
"$bin/redoxfs-mkfs" small.img >out 2>&1 && fail "a 64 KiB disk is too small"
grep -q "needs at least" out || fail "too small message: $(cat out)"
cmp -s small.img <(head -c 65536 /dev/zero) || fail "a failed mkfs must leave the disk untouched"
"$bin/redoxfs-mkfs" --encrypt small.img >out 2>&1 && fail "--encrypt is not supported"
grep -q "encrypted RedoxFS volumes are not supported yet" out || fail "encrypt message"

truncate -s 8M disk.img
head -c 10000 /dev/urandom > boot.bin
"$bin/redoxfs-mkfs" disk.img boot.bin || fail "mkfs with a bootloader"
cmp -s <(head -c 10000 disk.img) boot.bin || fail "the bootloader is at the start of the disk"
[[ $(stat -c %s disk.img) == 8388608 ]] || fail "the disk keeps its size"
"$bin/redoxfsck" disk.img >out || fail "fsck after mkfs: $(cat out)"
grep -q "block 3, size" out || fail "the filesystem starts after the 3-block bootloader: $(cat out)"
echo ok
