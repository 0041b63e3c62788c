#!/usr/bin/env bash
# The FUSE mount: an archived tree reads back identically; creating, overwriting the middle
# of a big file, truncating, renaming across directories, linking and deleting through the
# mount give the same result as the same steps on an ordinary directory, and the image
# checks clean after every step and after a remount. Needs /dev/fuse (root).
set -uo pipefail
bin=${FSTOOLS_BIN:?}
work=${TEST_TMP:?}/fuse
mkdir -p "$work"
cd "$work"
fail() { echo "FAIL: $*"; cleanup; exit 1; }
cleanup() { mountpoint -q mnt && fusermount3 -u mnt; wait 2>/dev/null; }
[[ -w /dev/fuse ]] || { echo "FAIL: /dev/fuse is not usable (run as root)"; exit 1; }

mount_image() {
    "$bin/redoxfs" -d disk.img mnt 2>>daemon.log &
    for _ in $(seq 1 100); do mountpoint -q mnt && return 0; sleep 0.1; done
    fail "mount did not come up: $(cat daemon.log)"
}
unmount_image() {
    fusermount3 -u mnt || fail "unmount"
    wait || fail "the daemon exited with an error: $(tail daemon.log)"
}
# Content, types, modes, sizes, owners, link targets (not times: the twin's change now;
# not directory sizes: RedoxFS counts its entry blocks, ext4 its own).
listing() { (cd "$1" && find . \( -type d -printf '%p d %m - %U:%G\n' \) -o -printf '%p %y %m %s %U:%G %l\n' | sort); }
compare() { # STEP
    diff -r --no-dereference twin mnt > diff.out || fail "$1: contents differ: $(head diff.out)"
    diff <(listing twin) <(listing mnt) > diff.out || fail "$1: attributes differ: $(head diff.out)"
    "$bin/redoxfsck" disk.img > fsck.out || fail "$1: fsck: $(cat fsck.out)"
}

mkdir -p twin/etc twin/data/deep/deeper mnt
seq 1 300000 > twin/data/big            # ~2 MB, many records
head -c 500000 /dev/urandom > twin/data/random
printf 'config\n' > twin/etc/conf
ln -s ../etc/conf twin/data/link
chmod 0640 twin/etc/conf
touch -d @1600000000 twin/etc/conf
truncate -s 64M disk.img
"$bin/redoxfs-ar" disk.img twin || fail "ar"
mount_image
compare "mounted archive"
[[ $(stat -c %Y mnt/etc/conf) == 1600000000 ]] || fail "mtime kept"

step() { # NAME COMMANDS (run in twin and in mnt)
    local name=$1
    shift
    (cd twin && eval "$*") || fail "$name (twin)"
    (cd mnt && eval "$*") || fail "$name (mount)"
    compare "$name"
}
step "create" 'printf "new file\n" > etc/new; mkdir -p a/b/c; echo x > a/b/c/x'
step "overwrite middle" 'printf "MIDDLE" | dd of=data/big bs=1 seek=1000000 conv=notrunc status=none'
step "overwrite across records" 'head -c 300000 data/random | dd of=data/big bs=4096 seek=30 conv=notrunc status=none'
step "append" 'seq 1 1000 >> data/big'
step "truncate shrink" 'truncate -s 777777 data/big'
step "truncate grow" 'truncate -s 5000000 data/big'
step "rename across dirs" 'mv data/random a/b/moved; mv etc/new data/deep/renamed'
step "rename over file" 'echo old > etc/target; echo newer > etc/source; mv etc/source etc/target'
step "hard link" 'ln data/deep/renamed etc/hard'
step "chmod" 'chmod 0600 data/deep/renamed; chmod 0711 a'
step "symlink" 'ln -s /nowhere/at/all dangling'
step "delete" 'rm -r a/b/c etc/hard; rmdir data/deep/deeper'
step "many files" 'mkdir many; for i in $(seq 1 400); do echo "$i" > many/file-$i; done'
step "delete many" 'rm many/file-1*; rm -r a'
(cd mnt && rmdir data 2>/dev/null) && fail "rmdir of a non-empty directory must fail"

# Open, unlink, keep using, close: the data stays readable until the close.
exec 3<mnt/etc/conf
rm mnt/etc/conf twin/etc/conf
[[ $(cat <&3) == config ]] || fail "an unlinked open file stays readable"
exec 3<&-
compare "unlink while open"

unmount_image
"$bin/redoxfsck" disk.img > fsck.out || fail "after unmount: $(cat fsck.out)"
mount_image
compare "remount"
unmount_image
echo ok
