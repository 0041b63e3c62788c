#!/usr/bin/env bash
# scripts/seed-sources and `repo sources`: the tarball sources of a fixture cookbook are seeded
# into its download cache from Debian (a source package's .orig tarball, a file a binary
# package carries), checked against the recipes' blake3, after which an offline fetch works.
# GNU hello 2.10 is the real case: Debian 12's hello_2.10.orig.tar.gz is GNU's hello-2.10.tar.gz
# (same MD5 6cd0ffea3884a4e79330338dcc2987d6 as ftp.gnu.org's; it ships GNU's signature as
# .orig.tar.gz.asc). Without a connection to Debian's archive those parts are skipped.
source "$(dirname "$0")/fixture.bash"
SEED="$ROOT/scripts/seed-sources"
HELLO_B3=5b7b852e7f4f55dc871124ab42583e81c30cdbd35eca4a773a9a561a7158d4d8
WRONG_B3=0000000000000000000000000000000000000000000000000000000000000001
export FSTOOLS_BIN

recipe gnu/hello <<EOF
[source]
tar = "https://ftp.gnu.org/gnu/hello/hello-2.10.tar.gz"
blake3 = "$HELLO_B3"
[build]
template = "configure"
EOF
recipe gnu/hello-other <<EOF
[source]
tar = "https://ftp.gnu.org/gnu/hello/hello-2.12.tar.gz"
blake3 = "$WRONG_B3"
EOF
# A file an installed package would carry (a stand-in under TEST_TMP, not in the system).
mkdir -p "$TEST_TMP/installed/usr/src/thing"
make_tarball thing-1.0 "README=thing"
cp "$UP/www/thing-1.0.tar.gz" "$TEST_TMP/installed/usr/src/thing/thing-1.0.tar.gz"
recipe libs/thing <<EOF
[source]
tar = "https://example.org/thing-1.0.tar.gz"
blake3 = "$(b3 "$UP/www/thing-1.0.tar.gz")"
EOF
recipe libs/unmapped <<EOF
[source]
tar = "https://example.org/unmapped-1.0.tar.gz"
blake3 = "$WRONG_B3"
EOF
recipe libs/nohash <<'EOF'
[source]
tar = "https://example.org/nohash-1.0.tar.gz"
EOF
git_repo fromgit "a=a"
recipe libs/fromgit <<EOF
[source]
git = "file://$UP/fromgit"
EOF
cat >"$TEST_TMP/map" <<EOF
# test map
hello        hello=2.10-3
hello-other  hello=2.10-3
thing        thing-bin   $TEST_TMP/installed/usr/src/thing/thing-*.tar.*
nohash       nohash
EOF

# ---- repo sources ----
ok sources sources
[[ $(wc -l <"$out") == 5 ]] || fail "repo sources: not one line per tar recipe"
grep -qxF "hello	$HELLO_B3	https://ftp.gnu.org/gnu/hello/hello-2.10.tar.gz	$CB/recipes/gnu/hello" "$out" ||
    fail "repo sources: hello's line"
grep -qxF "nohash	-	https://example.org/nohash-1.0.tar.gz	$CB/recipes/libs/nohash" "$out" ||
    fail "repo sources: a recipe without blake3"
lacks sources fromgit
ok sources-named sources thing fromgit
[[ $(grep -c . <"$out") == 2 ]] || fail "repo sources: not two lines for two named recipes"
has sources-named "fromgit has no tar source"
bad sources-missing 1 sources nosuchrecipe

# seed NAME ARGS...: runs the script; output in $TEST_TMP/NAME.out, status in $rc.
seed() {
    local name=$1
    shift
    rc=0
    "$SEED" --cookbook "$CB" --map "$TEST_TMP/map" "$@" >"$TEST_TMP/$name.out" 2>&1 || rc=$?
    out="$TEST_TMP/$name.out"
}

# ---- without the network: a file an installed binary package carries ----
seed seed-thing thing
[[ $rc == 0 ]] || fail "seed thing: exit status $rc"
has seed-thing "thing: seeded thing-1.0.tar.gz from Debian's binary package thing-bin (installed)"
T_B3=$(b3 "$UP/www/thing-1.0.tar.gz")
[[ -f "$CB/sources/$T_B3" && $(b3 "$CB/sources/$T_B3") == "$T_B3" ]] || fail "seed thing: not in the cache"
[[ -z $(find "$CB/sources" -name '.seed-*') ]] || fail "seed thing: a temporary file was left"
seed seed-thing-again thing
has seed-thing-again "thing: already in the cache"
REPO_OFFLINE=1 ok fetch-thing-offline fetch thing
[[ $(cat "$(recipe_dir thing)/source/README") == thing ]] || fail "offline fetch of the seeded thing"
# A file with other content is not taken.
echo different >"$TEST_TMP/installed/usr/src/thing/thing-1.0.tar.gz"
rm "$CB/sources/$T_B3"
seed seed-thing-changed thing
[[ $rc == 1 ]] || fail "seed changed thing: exit status $rc"
has seed-thing-changed "thing: Debian's thing-1.0.tar.gz differs from upstream: blake3 $(b3 "$TEST_TMP/installed/usr/src/thing/thing-1.0.tar.gz") vs recipe's $T_B3"
[[ ! -e "$CB/sources/$T_B3" ]] || fail "seed changed thing: put into the cache"
seed seed-unmapped unmapped
[[ $rc == 1 ]] || fail "seed unmapped: exit status $rc"
has seed-unmapped "unmapped: the map $TEST_TMP/map names no Debian package for it"
seed seed-nohash nohash
[[ $rc == 1 ]] || fail "seed nohash: exit status $rc"
has seed-nohash "nohash: the recipe has no blake3"
echo "hello" >"$TEST_TMP/bad-map"
rc=0
"$SEED" --cookbook "$CB" --map "$TEST_TMP/bad-map" >"$TEST_TMP/bad-map.out" 2>&1 || rc=$?
[[ $rc == 2 ]] || fail "bad map: exit status $rc"
grep -q "bad-map:1: expected 'RECIPE PACKAGE'" "$TEST_TMP/bad-map.out" ||
    fail "a bad map line is not reported with its line"

# An archive that cannot be reached (apt configured, through APT_CONFIG, with a closed port):
# status 3, which tells "no network" apart from a failure.
mkdir -p "$TEST_TMP/fakeapt/parts"
echo "deb http://127.0.0.1:9/debian bookworm main" >"$TEST_TMP/fakeapt/sources.list"
cat >"$TEST_TMP/fakeapt/apt.conf" <<EOF
Dir::Etc::sourcelist "$TEST_TMP/fakeapt/sources.list";
Dir::Etc::sourceparts "$TEST_TMP/fakeapt/parts";
Acquire::Retries "0";
EOF
APT_CONFIG="$TEST_TMP/fakeapt/apt.conf" seed seed-unreachable hello --apt-dir "$TEST_TMP/apt-unreachable"
[[ $rc == 3 ]] || fail "unreachable archive: exit status $rc, expected 3"
has seed-unreachable "seed-sources: cannot reach the package archive"
has seed-unreachable "127.0.0.1"
grep -qx "deb-src http://127.0.0.1:9/debian bookworm main" "$TEST_TMP/apt-unreachable/etc/sources.list" ||
    fail "unreachable archive: the deb line was not turned into a deb-src one"

# ---- with Debian's archive: GNU hello from its source package ----
codename=$(. /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")
if [[ $codename != bookworm ]]; then
    echo "SKIP: the hello fixture is Debian 12's hello 2.10-3 (this system is '${codename:-unknown}')"
    finish
    exit 0
fi
seed seed-hello hello
if [[ $rc == 3 ]]; then
    echo "SKIP: Debian's archive is not reachable from here; apt said:"
    sed 's/^/    /' "$out"
    finish
    exit 0
fi
[[ $rc == 0 ]] || fail "seed hello: exit status $rc"
has seed-hello "hello: seeded hello_2.10.orig.tar.gz from Debian's source package hello=2.10-3"
[[ $(b3 "$CB/sources/$HELLO_B3") == "$HELLO_B3" ]] || fail "seed hello: not in the cache"
[[ -f "$CB/build/seed-sources/apt/apt.conf" ]] || fail "seed hello: no private apt configuration"
grep -rq "deb-src" "$CB/build/seed-sources/apt/etc" || fail "seed hello: no deb-src entries derived"
REPO_OFFLINE=1 ok fetch-hello-offline fetch hello
[[ -x "$(recipe_dir hello)/source/configure" ]] || fail "offline fetch of hello: no source"

seed seed-other hello-other
[[ $rc == 1 ]] || fail "seed hello-other: exit status $rc"
has seed-other "hello-other: Debian's hello_2.10.orig.tar.gz differs from upstream: blake3 $HELLO_B3 vs recipe's $WRONG_B3"
has seed-other "(the recipe names hello-2.12.tar.gz; nothing was put into the cache)"
[[ ! -e "$CB/sources/$WRONG_B3" ]] || fail "seed hello-other: put into the cache"

# A binary package that is not installed: downloaded and unpacked (its copyright file is no
# tarball, but the mechanism is the same; the content does not match, as the message shows).
echo "hello-other  hello  /usr/share/doc/hello/copyright" >"$TEST_TMP/map"
seed seed-binary hello-other
[[ $rc == 1 ]] || fail "seed from a binary package: exit status $rc"
has seed-binary "hello-other: Debian's copyright differs from upstream: blake3 "

finish
