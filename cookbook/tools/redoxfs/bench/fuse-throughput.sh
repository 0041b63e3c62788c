#!/usr/bin/env bash
# Benchmark: sequential throughput through FUSE of our `redoxfs` mount against fuse2fs (the
# ext4 FUSE driver of e2fsprogs) on an ext4 twin image of the same size, in the same run.
#   write  dd of a 256 MiB file of random bytes (incompressible: RedoxFS compresses records
#          with LZ4) into the fresh mount, bs=1M, conv=fsync, so the time includes getting
#          the data onto the image
#   read   after an unmount and a new mount (which empties the FUSE file's page cache), dd
#          of that file to /dev/null, bs=1M
# Best of 3 rounds, each on freshly made images, the two filesystems alternating. Both image
# files stay in the host's page cache, so the figures compare the two FUSE filesystems, not
# the disk under them. Prints MB/s and the ratios ours / fuse2fs (higher is better for us).
# Needs root and /dev/fuse (prints SKIP otherwise). Env: FSTOOLS_BIN, BENCH_TMP; BENCH_MB
# changes the file size.
set -euo pipefail
MB=${BENCH_MB:-256}
IMAGE_MIB=$((MB * 2 + 256))
T="$BENCH_TMP/fuse-throughput"
MNT="$T/mnt"
skip() { echo "   SKIP: $*"; exit 0; }
(($(id -u) == 0)) || skip "needs root (FUSE mounts of image files)"
[[ -c /dev/fuse && -w /dev/fuse ]] || skip "/dev/fuse is missing or not writable"
command -v fusermount3 >/dev/null || skip "fusermount3 is missing (Debian package fuse3)"
command -v fuse2fs >/dev/null || skip "fuse2fs is missing (Debian package fuse2fs)"
command -v mke2fs >/dev/null || skip "mke2fs is missing (Debian package e2fsprogs)"
for tool in redoxfs redoxfs-mkfs redoxfsck; do
    [[ -x $FSTOOLS_BIN/$tool ]] || { echo "$FSTOOLS_BIN/$tool is missing (make fstools)" >&2; exit 1; }
done
rm -rf "$T" && mkdir -p "$MNT"
daemon=
cleanup() {
    if mountpoint -q "$MNT"; then fusermount3 -u "$MNT" || fusermount -u "$MNT" || true; fi
    [[ -n $daemon ]] && wait "$daemon" 2>/dev/null
    true
}
trap cleanup EXIT

head -c $((MB << 20)) /dev/urandom >"$T/data"
cat "$T/data" >/dev/null # in the page cache: dd's reading side costs the same for both

# mount_fs KIND IMAGE: starts the filesystem in the foreground (so its end can be waited for:
# both write their last changes when unmounted) and waits for the mount.
mount_fs() {
    case $1 in
    redoxfs) "$FSTOOLS_BIN/redoxfs" -d "$2" "$MNT" 2>>"$T/daemon.log" & ;;
    # fuse2 limits writes to 4 KiB unless big_writes is given; redoxfs (FUSE 3) has it always.
    fuse2fs) fuse2fs "$2" "$MNT" -f -o big_writes 2>>"$T/daemon.log" >/dev/null & ;;
    esac
    daemon=$!
    for _ in $(seq 1 100); do mountpoint -q "$MNT" && return 0; sleep 0.1; done
    echo "the $1 mount did not come up: $(tail -n 5 "$T/daemon.log")" >&2
    exit 1
}
unmount_fs() {
    case $1 in
    redoxfs) fusermount3 -u "$MNT" ;;
    fuse2fs) fusermount -u "$MNT" ;;
    esac
    wait "$daemon" || { echo "the $1 daemon failed: $(tail -n 5 "$T/daemon.log")" >&2; exit 1; }
    daemon=
}
fresh_image() {
    rm -f "$2" && truncate -s ${IMAGE_MIB}M "$2"
    case $1 in
    redoxfs) "$FSTOOLS_BIN/redoxfs-mkfs" "$2" >/dev/null ;;
    fuse2fs) mke2fs -q -F -t ext4 "$2" ;;
    esac
    sync
}
now() { date +%s%N; }
mb_per_s() { awk -v ns="$1" -v mb="$MB" 'BEGIN { printf "%.1f", mb * 1048576 / 1e6 / (ns / 1e9) }'; }
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b > a) ? b : a }'; }

# round KIND: sets write_mbs and read_mbs for one fresh image.
round() {
    local image=$T/$1.img start write_ns read_ns
    fresh_image "$1" "$image"
    mount_fs "$1" "$image"
    start=$(now)
    dd if="$T/data" of="$MNT/file" bs=1M conv=fsync status=none
    write_ns=$(($(now) - start))
    unmount_fs "$1"
    mount_fs "$1" "$image"
    start=$(now)
    dd if="$MNT/file" of=/dev/null bs=1M status=none
    read_ns=$(($(now) - start))
    cmp -s "$T/data" "$MNT/file" || { echo "$1: the file read back differs from what was written" >&2; exit 1; }
    unmount_fs "$1"
    write_mbs=$(mb_per_s "$write_ns") read_mbs=$(mb_per_s "$read_ns")
}

ours_write="" ours_read="" ref_write="" ref_read=""
for _ in 1 2 3; do
    round redoxfs
    ours_write=$(max "$ours_write" "$write_mbs") ours_read=$(max "$ours_read" "$read_mbs")
    round fuse2fs
    ref_write=$(max "$ref_write" "$write_mbs") ref_read=$(max "$ref_read" "$read_mbs")
done
"$FSTOOLS_BIN/redoxfsck" "$T/redoxfs.img" >/dev/null || { echo "the RedoxFS image does not check clean" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
echo "   $MB MiB file, ${IMAGE_MIB} MiB images, best of 3"
printf '   %-26s %8s MB/s   %8s MB/s\n' "" write read
printf '   %-26s %8s        %8s\n' "redoxfs (FUSE 3)" "$ours_write" "$ours_read"
printf '   %-26s %8s        %8s\n' "fuse2fs, ext4 (FUSE 2)" "$ref_write" "$ref_read"
printf '   %-26s %8sx       %8sx   (ours / fuse2fs, higher is better)\n' "ratio" \
    "$(ratio "$ours_write" "$ref_write")" "$(ratio "$ours_read" "$ref_read")"
rm -rf "$T"
