#!/usr/bin/env bash
# redoxfs-mkfs and redoxfs-ar of a fixed tree with a fixed UUID, owner and SOURCE_DATE_EPOCH
# reproduce the golden images in cookbook/lib/redoxfs/tests/golden byte for byte, and the
# images are clean. REDOXFS_GOLDEN_UPDATE=1 rewrites the golden files instead.
set -euo pipefail
bin=${FSTOOLS_BIN:?}
golden=$ROOT/cookbook/lib/redoxfs/tests/golden
work=${TEST_TMP:?}/golden
mkdir -p "$work"
export SOURCE_DATE_EPOCH=1700000000
uuid=6d616372-6f68-4172-a400-000000000001

bash "$golden/make-tree.bash" "$work/tree"
yes "not a real bootloader" | head -c 5000 > "$work/bootloader" || true

build() { # NAME COMMAND...
    local name=$1
    shift
    rm -f "$work/$name.img"
    truncate -s 4M "$work/$name.img"
    "$@" "$work/$name.img"
    "$bin/redoxfsck" "$work/$name.img" > "$work/$name.fsck"
}
build mkfs-empty "$bin/redoxfs-mkfs" --uuid "$uuid"
build ar-tree sh -c '"$1" --uuid "$2" --owner 0:0 "$4" "$3"' _ "$bin/redoxfs-ar" "$uuid" "$work/tree"
build ar-boot sh -c '"$1" --uuid "$2" --owner 0:0 "$5" "$3" "$4"' _ "$bin/redoxfs-ar" "$uuid" "$work/tree" "$work/bootloader"

status=0
for name in mkfs-empty ar-tree ar-boot; do
    if [[ ${REDOXFS_GOLDEN_UPDATE:-} == 1 ]]; then
        gzip -9n < "$work/$name.img" > "$golden/$name.img.gz"
        echo "updated $golden/$name.img.gz"
    elif ! gunzip < "$golden/$name.img.gz" | cmp - "$work/$name.img"; then
        echo "FAIL: $name.img differs from the golden image"
        status=1
    else
        echo "ok: $name.img matches the golden image"
    fi
done
grep -q 'block 2,' "$work/ar-boot.fsck" || { echo "FAIL: the bootloader did not move the filesystem"; status=1; }
exit $status
