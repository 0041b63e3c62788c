#!/usr/bin/env bash
# redoxfsck: a clean image passes; a damaged data block, a damaged directory, a truncated
# image and a non-RedoxFS file are reported with exit status 1 and a message saying where.
set -uo pipefail
bin=${FSTOOLS_BIN:?}
cd "${TEST_TMP:?}"
fail() { echo "FAIL: $*"; exit 1; }

mkdir -p tree/dir
head -c 300000 /dev/urandom > tree/random
for i in $(seq 1 30); do echo "file $i" > "tree/dir/f$i"; done
truncate -s 16M disk.img
"$bin/redoxfs-ar" disk.img tree || fail "ar"
"$bin/redoxfsck" disk.img >out || fail "clean image: $(cat out)"
grep -q ": clean$" out || fail "summary says clean"

# Damage the first block of the random file: find it by content.
offset=$(python3 -c 'import sys; print(open(sys.argv[1], "rb").read().find(open(sys.argv[2], "rb").read(64)))' disk.img tree/random)
[[ $offset -ge 0 ]] || offset=
[[ -n $offset ]] || fail "random data not found in the image"
cp disk.img damaged.img
printf '\xff' | dd of=damaged.img bs=1 seek=$((offset + 100)) conv=notrunc status=none
"$bin/redoxfsck" damaged.img >out; [[ $? == 1 ]] || fail "damaged data: exit 1"
grep -q "error: record of node .*checksum mismatch" out || fail "damaged data message: $(cat out)"
grep -q "DAMAGED" out || fail "summary says damaged"

truncate -s 1200K truncated.img
dd if=disk.img of=truncated.img bs=1M count=1 conv=notrunc status=none
"$bin/redoxfsck" truncated.img >out 2>&1; [[ $? == 1 ]] || fail "truncated: exit 1"
grep -q "truncated" out || fail "truncated message: $(cat out)"

head -c 2M /dev/zero > zero.img
"$bin/redoxfsck" zero.img >out 2>&1; [[ $? == 1 ]] || fail "no filesystem: exit 1"
grep -q "no RedoxFS v8 header" out || fail "no header message: $(cat out)"
"$bin/redoxfsck" >out 2>&1; [[ $? == 2 ]] || fail "usage"
echo ok
