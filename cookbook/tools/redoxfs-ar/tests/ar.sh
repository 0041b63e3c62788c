#!/usr/bin/env bash
# redoxfs-ar: copies a tree (with a sparse file, special names, a symlink) into a clean
# image; unsupported file types and bad names fail clearly without touching the disk; the
# same input twice gives the same image.
set -uo pipefail
bin=${FSTOOLS_BIN:?}
cd "${TEST_TMP:?}"
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p tree/sub
printf 'hello\n' > tree/sub/hello
truncate -s 3G tree/sparse
printf 'tail' | dd of=tree/sparse bs=1 seek=$((3 * 1024 * 1024 * 1024 - 4)) conv=notrunc status=none
ln -s sub/hello tree/link
seq 1 100000 > tree/numbers

truncate -s 32M disk.img
"$bin/redoxfs-ar" disk.img tree >out 2>&1 || fail "ar: $(cat out)"
"$bin/redoxfsck" disk.img >out || fail "fsck: $(cat out)"
grep -q "5 nodes\|6 nodes" out || fail "node count: $(cat out)"

"$bin/redoxfs-ar" disk.img >out 2>&1; [[ $? == 2 ]] || fail "missing FOLDER: usage"
"$bin/redoxfs-ar" disk.img no-such-dir >out 2>&1 && fail "missing folder is an error"
grep -q "no-such-dir" out || fail "missing folder message: $(cat out)"

cp disk.img before.img
mkdir -p bad && mkfifo bad/fifo
"$bin/redoxfs-ar" disk.img bad >out 2>&1 && fail "a fifo cannot be stored"
grep -q "bad/fifo: only directories, regular files and symlinks" out || fail "fifo message: $(cat out)"
cmp -s disk.img before.img || fail "a failed ar must leave the disk untouched"
ls disk.img.tmp.* 2>/dev/null && fail "no temporary file is left behind"
mkdir -p colon && : > 'colon/a:b'
"$bin/redoxfs-ar" disk.img colon >out 2>&1 && fail "':' in a name is refused"
grep -q "a:b: file names cannot contain" out || fail "colon message: $(cat out)"

export SOURCE_DATE_EPOCH=1700000000
truncate -s 32M one.img two.img
"$bin/redoxfs-ar" --uuid 11111111-2222-4333-8444-555555555555 --owner 0:0 one.img tree || fail "ar one"
touch tree/sub/hello   # a newer mtime is clamped to SOURCE_DATE_EPOCH
"$bin/redoxfs-ar" --uuid 11111111-2222-4333-8444-555555555555 --owner 0:0 two.img tree || fail "ar two"
cmp -s one.img two.img || fail "the same tree gives the same image"
"$bin/redoxfs-ar" --uuid not-a-uuid one.img tree >out 2>&1 && fail "a bad uuid is refused"
grep -q "is not a UUID" out || fail "uuid message"
echo ok
