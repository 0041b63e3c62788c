#!/usr/bin/env bash
# Builds the fixed tree the golden images are made from: the same bytes, modes and times on
# every machine (owners are fixed by redoxfs-ar --owner). Usage: make-tree.bash DIR
set -euo pipefail
export LC_ALL=C
root=$1
rm -rf "$root"
mkdir -p "$root"/etc "$root"/usr/bin "$root"/home/user/deep/er/still "$root"/empty-dir

# Deterministic pseudo-random bytes (incompressible) from a fixed seed; Python's Mersenne
# Twister gives the same stream everywhere (awk's rand() differs between awks).
noise() { python3 -c 'import random, sys; r = random.Random(int(sys.argv[2])); sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(int(sys.argv[1]))))' "$1" "$2"; }

printf 'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n' > "$root/etc/passwd"
printf 'macrohard\n' > "$root/etc/hostname"
seq 1 25000 > "$root/usr/bin/numbers"          # ~140 KB, compresses well, 2 records
noise 20000 7 > "$root/usr/bin/noise"            # incompressible
: > "$root/home/user/empty"
printf 'deep\n' > "$root/home/user/deep/er/still/file"
for i in $(seq 1 60); do printf 'entry %d\n' "$i" > "$root/home/user/f$(printf %03d "$i")"; done
long=$(printf 'L%.0s' $(seq 1 252))
printf 'long name\n' > "$root/home/user/$long"
ln -s ../etc/passwd "$root/usr/passwd-link"
ln -s /home/user "$root/home-link"

chmod 0755 "$root/usr/bin/numbers"
chmod 0600 "$root/etc/passwd"
chmod 04755 "$root/usr/bin/noise"
chmod 0700 "$root/home/user"
# Times last, deepest first (creating entries changes a directory's mtime).
find "$root" -depth -exec touch -h -d @1600000000 {} +
touch -h -d @1500000000.123456789 "$root/etc/hostname"
