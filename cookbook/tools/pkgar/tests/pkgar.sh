#!/usr/bin/env bash
# CLI tests of pkgar: every subcommand on a tree with awkward names, the format checked with
# independent tools (check_format.py), and the errors users see.
# Env: FSTOOLS_BIN (tools), TEST_TMP (scratch), ROOT (repository).
set -euo pipefail
source "$(dirname "$0")/../../../lib/testing/cli.bash"
PKGAR="$FSTOOLS_BIN/pkgar"
KEYS="$FSTOOLS_BIN/pkgar-keys"
HERE=$(cd "$(dirname "$0")" && pwd)
T="$TEST_TMP/pkgar-cli"
rm -rf "$T" && mkdir -p "$T" && cd "$T"

same_tree() { diff -r --no-dereference -- "$1" "$2" >/dev/null || fail "$1 and $2 differ"; }

"$KEYS" gen -P -s keys/id.toml -p keys/id.pub.toml >/dev/null
"$KEYS" gen -P -s other/id.toml -p other/id.pub.toml >/dev/null
PUB=$(sed -n 's/^pkey = "\(.*\)"$/\1/p' keys/id.pub.toml)

# A tree with spaces, UTF-8, leading dashes, empty files, relative and dangling symlinks.
mkdir -p src/sub/deeper "src/sp ace" src/ünï src/-dash
printf 'hello\n' > src/a
printf 'text' > src/a.txt
seq 1 5000 > src/big.txt
printf '#!/bin/sh\n' > src/sub/tool && chmod 755 src/sub/tool
: > src/sub/deeper/empty
printf 's' > "src/sp ace/file with spaces" && chmod 640 "src/sp ace/file with spaces"
printf 'utf-8' > "src/ünï/日本語.txt"
printf 'dash' > src/-dash/--help
ln -s ../a src/sub/rel-link
ln -s does/not/exist src/dangling
long="sub/$(printf 'n%.0s' $(seq 251))"
printf 'long' > "src/$long"

# create / list: upstream order (per directory by name bytes, subdirectories in place).
"$PKGAR" create -s keys/id.toml -a raw.pkgar src
"$PKGAR" create --skey=keys/id.toml --archive lzma.pkgar --compress src
"$PKGAR" list -p keys/id.pub.toml -a raw.pkgar > list.txt
printf '%s\n' -dash/--help a a.txt big.txt dangling "sp ace/file with spaces" sub/deeper/empty \
    "$long" sub/rel-link sub/tool "ünï/日本語.txt" > expected.txt
diff expected.txt list.txt || fail "list order"
"$PKGAR" list -p keys/id.pub.toml -a lzma.pkgar | diff expected.txt - || fail "lzma list"
[[ $(stat -c %s lzma.pkgar) -lt $(stat -c %s raw.pkgar) ]] || fail "LZMA2 archive is not smaller"

# The bytes follow the format, as checked by b3sum, OpenSSL and Python's lzma.
python3 "$HERE/check_format.py" raw.pkgar "$PUB" src >/dev/null
python3 "$HERE/check_format.py" lzma.pkgar "$PUB" src >/dev/null

# Deterministic output.
"$PKGAR" create -s keys/id.toml -a again.pkgar -c src
cmp lzma.pkgar again.pkgar || fail "create is not deterministic"

# extract into a new directory (and one named with a leading dash), verify.
"$PKGAR" extract -p keys/id.pub.toml -a raw.pkgar out-raw
"$PKGAR" extract -p keys/id.pub.toml -a lzma.pkgar -- -out-lzma
same_tree src out-raw
same_tree src -out-lzma
[[ $(stat -c %a out-raw/sub/tool) == 755 ]] || fail "permissions not kept"
[[ $(stat -c %a "out-raw/sp ace/file with spaces") == 640 ]] || fail "permissions not kept"
"$PKGAR" verify -p keys/id.pub.toml -a lzma.pkgar out-raw
(cd out-raw && "$PKGAR" verify -p ../keys/id.pub.toml -a ../raw.pkgar)   # DIR defaults to .
printf 'changed' > out-raw/a
rm out-raw/a.txt
expect_error 1 "out-raw/a: modified" "$PKGAR" verify -p keys/id.pub.toml -a raw.pkgar out-raw
grep -qF "out-raw/a.txt: missing" err.txt || fail "verify did not report the missing file"
grep -qF "2 of 11 files" err.txt || fail "verify summary"

# split: head + data = archive; the head is enough for list, verify and remove.
"$PKGAR" split -p keys/id.pub.toml -a lzma.pkgar lzma.pkgar_head lzma.pkgar_data
cat lzma.pkgar_head lzma.pkgar_data | cmp - lzma.pkgar || fail "split parts"
"$PKGAR" list -p keys/id.pub.toml -a lzma.pkgar_head | diff expected.txt - || fail "head list"
"$PKGAR" verify -p keys/id.pub.toml -a lzma.pkgar_head -- -out-lzma
expect_error 1 "no data section" "$PKGAR" extract -p keys/id.pub.toml -a lzma.pkgar_head from-head
[[ ! -e from-head ]] || fail "extract from a head left a directory"

# remove keeps modified files, with a warning.
printf 'mine' > -out-lzma/a.txt
"$PKGAR" remove -p keys/id.pub.toml -a lzma.pkgar_head -- -out-lzma 2>err.txt
grep -qF "warning: kept -out-lzma/a.txt: modified" err.txt || fail "remove did not warn"
[[ $(find ./-out-lzma -type f -o -type l | wc -l) == 1 && -f -out-lzma/a.txt ]] \
    || fail "remove left the wrong files"

# replace: new files in, vanished unmodified ones out.
mkdir -p v1/bin v2/bin
printf 'v1' > v1/bin/tool; printf 'old' > v1/bin/old-only; printf 'same' > v1/bin/same
printf 'v2' > v2/bin/tool; printf 'new' > v2/bin/new-only; printf 'same' > v2/bin/same
"$PKGAR" create -s keys/id.toml -a v1.pkgar v1
"$PKGAR" create -s other/id.toml -a v2.pkgar -c v2
mkdir sysroot
"$PKGAR" extract -p keys/id.pub.toml -a v1.pkgar sysroot
"$PKGAR" replace -p other/id.pub.toml --old-pkey keys/id.pub.toml --old-archive v1.pkgar \
    -a v2.pkgar sysroot
same_tree v2 sysroot

# Installing into an existing directory keeps its other files.
printf 'unrelated' > sysroot/keep-me
"$PKGAR" extract -p keys/id.pub.toml -a v1.pkgar sysroot
[[ $(cat sysroot/bin/tool) == v1 && $(cat sysroot/keep-me) == unrelated ]] || fail "install over"

# An encrypted secret key, its passphrase from PKGAR_PASSPHRASE.
PKGAR_PASSPHRASE=sesame "$KEYS" gen -s enc/id.toml -p enc/id.pub.toml >/dev/null
PKGAR_PASSPHRASE=sesame "$PKGAR" create -s enc/id.toml -a enc.pkgar v1
"$PKGAR" list -p enc/id.pub.toml -a enc.pkgar >/dev/null
expect_error 1 "wrong passphrase" \
    env PKGAR_PASSPHRASE=nope "$PKGAR" create -s enc/id.toml -a x.pkgar v1
[[ ! -e x.pkgar ]] || fail "failed create left an archive"

# Inverts every bit of the byte at OFFSET of FILE: always a change, whatever the byte was (the
# signature is random per key, so setting a fixed value would sometimes change nothing).
flip_byte() {
    local byte
    byte=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "\\$(printf '%03o' $((255 - byte)))" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# Tampering and foreign keys: rejected with a clear message, nothing extracted.
cp raw.pkgar bad.pkgar
flip_byte bad.pkgar 10
expect_error 1 "signature check failed" "$PKGAR" extract -p keys/id.pub.toml -a bad.pkgar dest
expect_error 1 "not the trusted key" "$PKGAR" list -p other/id.pub.toml -a raw.pkgar
cp raw.pkgar bad.pkgar
size=$(stat -c %s bad.pkgar)
flip_byte bad.pkgar $((size - 2))
expect_error 1 "does not match its BLAKE3" "$PKGAR" extract -p keys/id.pub.toml -a bad.pkgar dest
head -c $((size - 5)) raw.pkgar > cut.pkgar
expect_error 1 "truncated?" "$PKGAR" extract -p keys/id.pub.toml -a cut.pkgar dest
[[ ! -e dest ]] || fail "a rejected archive left files"
[[ -z $(find . -maxdepth 1 \( -name 'dest*' -o -name '*.pkgar-tmp.*' \)) ]] \
    || fail "temporaries left"

# Things pkgar cannot archive.
mkdir -p special && mkfifo special/pipe
expect_error 1 "special/pipe: cannot archive a FIFO" \
    "$PKGAR" create -s keys/id.toml -a special.pkgar special
[[ -z $(find . -maxdepth 1 -name 'special.pkgar*') ]] || fail "failed create left files"

# Usage errors and help.
"$PKGAR" --help | grep -qF "create  -s SKEY" || fail "help"
"$PKGAR" list --help >/dev/null
expect_error 2 "needs -a ARCHIVE" "$PKGAR" list -p keys/id.pub.toml
expect_error 2 "unknown command 'explode'" "$PKGAR" explode
expect_error 2 "create does not take -p" "$PKGAR" create -p keys/id.pub.toml -a x.pkgar src
expect_error 2 "needs --old-archive" "$PKGAR" replace -a v2.pkgar sysroot
expect_error 2 "needs a HEAD" "$PKGAR" split -p keys/id.pub.toml -a raw.pkgar
expect_error 2 "unexpected argument" "$PKGAR" list -p keys/id.pub.toml -a raw.pkgar extra
expect_error 1 "cannot read the public key" "$PKGAR" list -p missing.toml -a raw.pkgar
expect_error 1 "cannot open the archive" "$PKGAR" list -p keys/id.pub.toml -a missing.pkgar
# Default key locations are under $HOME.
expect_error 1 "/nowhere/.pkgar/keys/id_ed25519.pub.toml" \
    env HOME=/nowhere "$PKGAR" list -a raw.pkgar
echo "pkgar CLI: all checks passed"
