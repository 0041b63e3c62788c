#!/usr/bin/env bash
# redoxfs-resize: max grows the filesystem onto a bigger image, an explicit SIZE extends the
# file, min shrinks filesystem and file, sizes in use are refused; the result checks clean
# and keeps its files (node, entry and byte counts from redoxfsck; content is covered by
# the resize unit test in test_redoxfs_fs).
set -uo pipefail
bin=${FSTOOLS_BIN:?}
cd "${TEST_TMP:?}"
fail() { echo "FAIL: $*"; exit 1; }
size_of() { stat -c %s "$1"; }
fsck_line() { "$bin/redoxfsck" "$1" > fsck.out || fail "fsck $1: $(cat fsck.out)"; cat fsck.out; }

mkdir -p tree
seq 1 200000 > tree/numbers
head -c 3000000 /dev/urandom > tree/random
truncate -s 16M disk.img
"$bin/redoxfs-ar" disk.img tree || fail "ar"
before=$(fsck_line disk.img | grep -o '[0-9]* nodes.*data bytes')

"$bin/redoxfs-resize" disk.img bogus >out 2>&1; [[ $? == 2 ]] || fail "bad size: usage"
"$bin/redoxfs-resize" disk.img 2M >out 2>&1 && fail "shrinking below the data must fail"
grep -q "in use" out || fail "in-use message: $(cat out)"

truncate -s 48M disk.img
"$bin/redoxfs-resize" disk.img max || fail "max"
grep -q "size 50331648 bytes" <(fsck_line disk.img) || fail "max fills the image: $(cat fsck.out)"
"$bin/redoxfs-resize" disk.img 64M || fail "64M"
[[ $(size_of disk.img) == 67108864 ]] || fail "64M extends the file"
"$bin/redoxfs-resize" disk.img min || fail "min"
after=$(fsck_line disk.img | grep -o '[0-9]* nodes.*data bytes')
[[ $after == "$before" ]] || fail "contents changed: $before / $after"
small=$(size_of disk.img)
(( small < 8 * 1024 * 1024 )) || fail "min shrinks the file (now $small bytes)"
grep -q "size $small bytes" fsck.out || fail "filesystem size equals the file size: $(cat fsck.out)"
echo ok
