#!/usr/bin/env bash
# Crash consistency: the mount daemon is killed with SIGKILL at random moments while files
# are written and deleted, many times. Every time the image must open, check clean, and
# hold every file whose writer got through fsync (recorded outside the mount) with the
# right content. Needs /dev/fuse (root). REDOXFS_CRASH_ROUNDS sets the number of rounds.
set -uo pipefail
bin=${FSTOOLS_BIN:?}
work=${TEST_TMP:?}/crash
rounds=${REDOXFS_CRASH_ROUNDS:-15}
mkdir -p "$work/mnt"
cd "$work"
[[ -w /dev/fuse ]] || { echo "FAIL: /dev/fuse is not usable (run as root)"; exit 1; }
fail() { echo "FAIL: $*"; exit 1; }
# However the test ends (a failure, or the test runner stopping it), the writer and the daemon go
# with it and the mount is released: a writer left running would fill the bare mount point.
daemon= writer=
stop_background() {
    [[ -n $writer ]] && kill -9 "$writer" 2>/dev/null
    [[ -n $daemon ]] && kill -9 "$daemon" 2>/dev/null
    fusermount3 -u -z "$work/mnt" 2>/dev/null
}
trap stop_background EXIT
trap 'exit 143' TERM INT

# The content of a file follows from its name, so it can be checked after any crash.
content() { yes "$1" | head -c "$2" || true; }
size_of() { echo $(( ($(cksum <<<"$1" | cut -d' ' -f1) % 300000) )); }

mount_image() {
    "$bin/redoxfs" -d disk.img mnt 2>>daemon.log &
    daemon=$!
    for _ in $(seq 1 100); do mountpoint -q mnt && return 0; sleep 0.1; done
    fail "mount did not come up: $(tail -5 daemon.log)"
}

truncate -s 96M disk.img
"$bin/redoxfs-mkfs" disk.img || fail "mkfs"
: > log # "+PATH": written and fsync'd; "?PATH": deletion started (it may or may not stay)
RANDOM=42
for round in $(seq 1 "$rounds"); do
    mount_image
    (
        for i in $(seq 1 100000); do
            path=d$((i % 4))/r$round-f$i
            mkdir -p "mnt/d$((i % 4))" 2>/dev/null || exit 0
            content "$path" "$(size_of "$path")" |
                dd of="mnt/$path" bs=64k conv=fsync status=none 2>/dev/null || exit 0
            echo "+$path" >> log
            if (( i % 3 == 0 )); then
                old=d$(( (i - 2) % 4 ))/r$round-f$((i - 2))
                echo "?$old" >> log
                rm -f "mnt/$old" 2>/dev/null || exit 0
            fi
        done
    ) &
    writer=$!
    sleep "0.$(( RANDOM % 9 + 1 ))$(( RANDOM % 10 ))"
    kill -9 "$daemon"
    wait "$writer" 2>/dev/null
    writer=
    wait "$daemon" 2>/dev/null
    fusermount3 -u -z mnt 2>/dev/null
    "$bin/redoxfsck" disk.img > fsck.out || fail "round $round: $(cat fsck.out)"
    mount_image
    checked=0
    maybe_deleted=$(grep '^?' log | cut -c2- | sort -u)
    while read -r path; do
        if [[ ! -e mnt/$path ]]; then
            grep -qxF "$path" <<<"$maybe_deleted" || fail "round $round: fsync'd $path is missing"
            continue
        fi
        cmp -s "mnt/$path" <(content "$path" "$(size_of "$path")") || fail "round $round: $path has the wrong content"
        checked=$((checked + 1))
    done < <(grep '^+' log | cut -c2-)
    fusermount3 -u mnt || fail "round $round: unmount"
    wait "$daemon" || fail "round $round: the daemon failed after the remount: $(tail -5 daemon.log)"
    "$bin/redoxfsck" disk.img > fsck.out || fail "round $round, after remount: $(cat fsck.out)"
    echo "round $round: clean, $checked fsync'd files verified"
done
echo ok
