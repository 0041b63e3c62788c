#!/usr/bin/env bash
# `repo fetch` on a fixture cookbook, offline (local git repositories, file:// URLs and a local
# HTTP server): git pins, branches, tags, submodules, treeless clones; tarballs through the
# shared cache with BLAKE3 checks, mirrors, retries and resume; offline mode; path and same_as
# sources; patches and source scripts.
source "$(dirname "$0")/fixture.bash"
trap stop_server EXIT
start_server

# ---- git sources ----
git_repo sub "sub.txt=submodule v1"
git_repo lib "file.txt=v1" "Makefile=all:"
git -C "$UP/lib" tag v1.0
V1=$(git -C "$UP/lib" rev-parse HEAD)
git -C "$UP/lib" checkout -q -b stable
git_commit "$UP/lib" "file.txt=stable 1"
git -C "$UP/lib" checkout -q main
git_commit "$UP/lib" "file.txt=v2"
git -C "$UP/lib" submodule -q add "$UP/sub" deps/sub
git -C "$UP/lib" commit -q -m "add submodule"

recipe git/gitpin <<EOF
[source]
git = "file://$UP/lib"
rev = "v1.0"
EOF
recipe git/gitbranch <<EOF
[source]
git = "file://$UP/lib"
branch = "stable"
EOF
recipe git/gitmain <<EOF
[source]
git = "file://$UP/lib"
shallow_clone = true
EOF
ok fetch-git fetch gitpin gitbranch gitmain
has fetch-git "repo fetch: 3 fetched"
[[ $(cat "$CB/recipes/git/gitpin/source/file.txt") == v1 ]] || fail "gitpin: not at tag v1.0"
grep -q "source_identifier = \"$V1\"" "$CB/recipes/git/gitpin/source_info.toml" ||
    fail "gitpin: source_info.toml does not name the tag's commit"
[[ $(cat "$CB/recipes/git/gitbranch/source/file.txt") == "stable 1" ]] || fail "gitbranch: not on stable"
[[ $(cat "$CB/recipes/git/gitmain/source/deps/sub/sub.txt") == "submodule v1" ]] ||
    fail "gitmain: submodule not checked out"
[[ $(git -C "$CB/recipes/git/gitmain/source" config remote.origin.partialclonefilter || true) == tree:0 ||
   -n $(git -C "$CB/recipes/git/gitmain/source" rev-parse HEAD) ]] || fail "gitmain: no clone"

# Nothing changed: nothing fetched (the tracked branches are asked, and have not moved).
ok fetch-git-again fetch gitpin gitbranch gitmain
has fetch-git-again "repo fetch: 0 fetched, 3 up to date"

# The tracked branch moves: fetch updates it; the pinned tag stays.
git -C "$UP/lib" checkout -q stable 2>/dev/null
git_commit "$UP/lib" "file.txt=stable 2"
git -C "$UP/lib" checkout -q main
ok fetch-git-moved fetch gitpin gitbranch
has fetch-git-moved "repo fetch: 1 fetched, 1 up to date"
[[ $(cat "$CB/recipes/git/gitbranch/source/file.txt") == "stable 2" ]] || fail "gitbranch: not updated"
[[ $(cat "$CB/recipes/git/gitpin/source/file.txt") == v1 ]] || fail "gitpin: moved"

# Pinning to a commit (40 hex digits) that is not a branch head.
recipe git/gitrev <<EOF
[source]
git = "file://$UP/lib"
rev = "$V1"
EOF
ok fetch-rev fetch gitrev
[[ $(git -C "$CB/recipes/git/gitrev/source" rev-parse HEAD) == "$V1" ]] || fail "gitrev: HEAD is not the rev"

# A rev that does not exist is an error naming it.
recipe git/gitbadrev <<EOF
[source]
git = "file://$UP/lib"
rev = "no-such-tag"
EOF
bad fetch-badrev 1 fetch gitbadrev
has fetch-badrev 'rev "no-such-tag" is neither a commit nor a tag'
[[ ! -e "$CB/recipes/git/gitbadrev/source" ]] || fail "gitbadrev: left a source/"

# ---- tarballs ----
make_tarball hello-1.0 "hello.txt=hello" "sub/data.txt=data"
HELLO=$(b3 "$UP/www/hello-1.0.tar.gz")
printf -- '--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-hello\n+hello patched\n' >"$TEST_TMP/p1"
recipe tar/tarfile <<EOF
[source]
tar = "file://$UP/www/hello-1.0.tar.gz"
blake3 = "$HELLO"
patches = ["one.patch", "two.patch"]
script = """
echo "script ran in \$(pwd)" > from-script.txt
test -n "\$COOKBOOK_SOURCE" && test -n "\$COOKBOOK_RECIPE"
"""
EOF
cp "$TEST_TMP/p1" "$CB/recipes/tar/tarfile/one.patch"
# The second patch applies on top of the first: order matters.
printf -- '--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-hello patched\n+hello patched twice\n' \
    >"$CB/recipes/tar/tarfile/two.patch"
ok fetch-tar fetch tarfile
S="$CB/recipes/tar/tarfile/source"
[[ $(cat "$S/hello.txt") == "hello patched twice" ]] || fail "tarfile: patches not applied in order"
[[ $(cat "$S/sub/data.txt") == data ]] || fail "tarfile: top directory not stripped"
grep -q "script ran in $S.tmp" "$S/from-script.txt" || fail "tarfile: source script did not run in the source"
[[ -f "$CB/sources/$HELLO" ]] || fail "tarfile: not in the download cache"
grep -q "source_date_epoch = 1700000000" "$CB/recipes/tar/tarfile/source_info.toml" ||
    fail "tarfile: SOURCE_DATE_EPOCH is not the tarball's newest mtime"

# The same file under another URL comes from the cache (the cache is keyed by hash).
recipe tar/tarcopy <<EOF
[source]
tar = "http://127.0.0.1:$PORT/nowhere/hello-1.0.tar.gz"
blake3 = "$HELLO"
EOF
ok fetch-from-cache fetch tarcopy
grep -q nowhere "$UP/server.log" 2>/dev/null && fail "tarcopy: downloaded although the cache has it"

# A patch that does not apply: an error at the patch in recipe.toml; source/ stays as it was.
cp "$CB/recipes/tar/tarfile/two.patch" "$CB/recipes/tar/tarfile/one.patch.bak"
printf -- '--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-nothing like this\n+x\n' \
    >"$CB/recipes/tar/tarfile/two.patch"
bad fetch-badpatch 1 fetch tarfile
has fetch-badpatch 'recipe.toml:4:25: patch "two.patch" does not apply'
[[ $(cat "$S/hello.txt") == "hello patched twice" ]] || fail "badpatch: source/ was changed"
mv "$CB/recipes/tar/tarfile/one.patch.bak" "$CB/recipes/tar/tarfile/two.patch"

# A failing source script: the error names the recipe, the log has the script's output.
recipe tar/scriptfail <<EOF
[source]
tar = "file://$UP/www/hello-1.0.tar.gz"
blake3 = "$HELLO"
script = "echo about to fail; false"
EOF
bad fetch-scriptfail 1 fetch scriptfail
has fetch-scriptfail "scriptfail/recipe.toml: [source] script failed with exit status 1"
has fetch-scriptfail "about to fail"

# Over HTTP, through mirrors: the longest matching prefix wins, its mirrors are tried in order
# (the first has no such file), then the original URL.
make_tarball world-2.1 "world.txt=world"
mkdir -p "$UP/www/good-mirror"
cp "$UP/www/world-2.1.tar.gz" "$UP/www/good-mirror/"
WORLD=$(b3 "$UP/www/world-2.1.tar.gz")
cat >"$CB/cookbook.toml" <<EOF
[mirrors]
"http://unreachable.invalid/" = "http://127.0.0.1:$PORT/wrong-mirror/"
"http://unreachable.invalid/dist/" = ["http://127.0.0.1:$PORT/empty-mirror/", "http://127.0.0.1:$PORT/good-mirror/"]
EOF
recipe tar/mirrored <<EOF
[source]
tar = "http://unreachable.invalid/dist/world-2.1.tar.gz"
blake3 = "$WORLD"
EOF
ok fetch-mirror fetch mirrored
[[ $(cat "$CB/recipes/tar/mirrored/source/world.txt") == world ]] || fail "mirrored: wrong content"
grep -q "GET /empty-mirror/world-2.1.tar.gz" "$UP/server.log" || fail "mirror: first mirror not tried"
grep -q "GET /good-mirror/world-2.1.tar.gz" "$UP/server.log" || fail "mirror: second mirror not tried"
grep -q "wrong-mirror" "$UP/server.log" && fail "mirror: the shorter prefix was used"
rm "$CB/cookbook.toml"

# Transient failures are retried (the server fails /flaky/ twice).
mkdir -p "$UP/www/flaky"
make_tarball flaky-1.0 "f.txt=flaky"
mv "$UP/www/flaky-1.0.tar.gz" "$UP/www/flaky/"
recipe tar/flaky <<EOF
[source]
tar = "http://127.0.0.1:$PORT/flaky/flaky-1.0.tar.gz"
blake3 = "$(b3 "$UP/www/flaky/flaky-1.0.tar.gz")"
EOF
ok fetch-retry fetch flaky
[[ $(grep -c "GET /flaky/flaky-1.0.tar.gz" "$UP/server.log") == 3 ]] || fail "retry: not three requests"
grep -q "attempt 1 of 4 failed" "$CB/build/logs/fetch/flaky.log" || fail "retry: not logged"

# A partial download is resumed with a Range request.
make_tarball big-1.0 "big.txt=$(seq 1 20000)"
BIG=$(b3 "$UP/www/big-1.0.tar.gz")
SIZE=$(stat -c %s "$UP/www/big-1.0.tar.gz")
mkdir -p "$CB/sources"
head -c $((SIZE / 2)) "$UP/www/big-1.0.tar.gz" >"$CB/sources/$BIG.part"
recipe tar/big <<EOF
[source]
tar = "http://127.0.0.1:$PORT/big-1.0.tar.gz"
blake3 = "$BIG"
EOF
ok fetch-resume fetch big
grep -q "GET /big-1.0.tar.gz bytes=$((SIZE / 2))-" "$UP/server.log" || fail "resume: no Range request"
[[ $(b3 "$CB/sources/$BIG") == "$BIG" ]] || fail "resume: cached file is wrong"
[[ ! -e "$CB/sources/$BIG.part" ]] || fail "resume: .part left behind"

# A wrong blake3: the download is deleted and the error names both hashes.
WRONG=0000000000000000000000000000000000000000000000000000000000000000
recipe tar/mismatch <<EOF
[source]
tar = "http://127.0.0.1:$PORT/world-2.1.tar.gz"
blake3 = "$WRONG"
EOF
bad fetch-mismatch 1 fetch mismatch
has fetch-mismatch "BLAKE3 mismatch for http://127.0.0.1:$PORT/world-2.1.tar.gz: expected $WRONG, got $WORLD"
[[ -z $(ls "$CB/sources" | grep "^$WRONG") ]] || fail "mismatch: download kept"

# No blake3: refused unless --allow-unverified.
recipe tar/unverified <<EOF
[source]
tar = "http://127.0.0.1:$PORT/world-2.1.tar.gz"
EOF
bad fetch-unverified 1 fetch unverified
has fetch-unverified "has no blake3"
ok fetch-allow-unverified fetch --allow-unverified unverified
[[ -f "$CB/recipes/tar/unverified/source/world.txt" ]] || fail "unverified: not fetched"
grep -q "blake3 = \"$WORLD\"" "$CB/build/logs/fetch/unverified.log" || fail "unverified: hash not reported"

# A 404 is not retried and names the URL.
recipe tar/missing <<EOF
[source]
tar = "http://127.0.0.1:$PORT/no-such-file.tar.gz"
blake3 = "$WRONG"
EOF
bad fetch-404 1 fetch missing
has fetch-404 "HTTP 404"
[[ $(grep -c "no-such-file" "$UP/server.log") == 1 ]] || fail "404: retried"

# ---- offline ----
make_tarball later-3.0 "later.txt=later"
LATER=$(b3 "$UP/www/later-3.0.tar.gz")
recipe tar/later <<EOF
[source]
tar = "http://127.0.0.1:$PORT/later-3.0.tar.gz"
blake3 = "$LATER"
EOF
: >"$UP/server.log"
REPO_OFFLINE=1 bad fetch-offline 1 fetch later
has fetch-offline "offline: http://127.0.0.1:$PORT/later-3.0.tar.gz (blake3 $LATER) is not in the download cache"
has fetch-offline "cp FILE $CB/sources/$LATER"
[[ -s "$UP/server.log" ]] && fail "offline: the network was used"
# Seeding the cache by hand is enough.
cp "$UP/www/later-3.0.tar.gz" "$CB/sources/$LATER"
ok fetch-offline-seeded fetch --offline later
[[ -f "$CB/recipes/tar/later/source/later.txt" ]] || fail "offline: seeded file not used"
recipe git/gitlater <<EOF
[source]
git = "file://$UP/lib"
EOF
bad fetch-offline-git 1 fetch --offline gitlater
has fetch-offline-git "offline: git source file://$UP/lib has not been cloned yet"
# Sources already there need nothing.
ok fetch-offline-present fetch --offline gitpin tarfile
has fetch-offline-present "0 fetched, 2 up to date"
# A recipe change to a cloned git source is redone offline from the clone.
cat >>"$CB/recipes/git/gitpin/recipe.toml" <<'EOF'
script = "echo offline > offline-script.txt"
EOF
ok fetch-offline-git-change fetch --offline gitpin
[[ $(cat "$CB/recipes/git/gitpin/source/offline-script.txt") == offline &&
   $(cat "$CB/recipes/git/gitpin/source/file.txt") == v1 ]] || fail "offline: git source not redone"

# A cache file with the wrong content is replaced.
echo corrupted >"$CB/sources/$LATER"
rm -rf "$CB/recipes/tar/later/source" "$CB/recipes/tar/later/source_info.toml"
ok fetch-corrupt-cache fetch later
[[ $(b3 "$CB/sources/$LATER") == "$LATER" ]] || fail "corrupt cache file not replaced"

# ---- path, same_as, none ----
mkdir -p "$CB/local/tree/dir"
echo one >"$CB/local/tree/a.txt"
echo two >"$CB/local/tree/dir/b.txt"
recipe other/pathsrc <<EOF
[source]
path = "local/tree"
EOF
recipe other/sameas <<EOF
[source]
same_as = "../../tar/tarfile"
EOF
recipe other/nosource <<EOF
[build]
template = "none"
EOF
ok fetch-local fetch pathsrc sameas nosource
[[ $(cat "$CB/recipes/other/pathsrc/source/dir/b.txt") == two ]] || fail "path: not copied"
[[ -L "$CB/recipes/other/sameas/source" ]] || fail "same_as: source is not a link"
[[ $(cat "$CB/recipes/other/sameas/source/hello.txt") == "hello patched twice" ]] ||
    fail "same_as: link does not reach the other source"
[[ -d "$CB/recipes/other/nosource/source" ]] || fail "none: no empty source/"
echo changed >"$CB/local/tree/a.txt"
rm "$CB/local/tree/dir/b.txt"
ok fetch-local-again fetch pathsrc
[[ $(cat "$CB/recipes/other/pathsrc/source/a.txt") == changed ]] || fail "path: change not copied"
[[ ! -e "$CB/recipes/other/pathsrc/source/dir/b.txt" ]] || fail "path: removed file kept"

# An edited patch means fetching again (the source is rebuilt from the tarball).
printf -- '--- a/hello.txt\n+++ b/hello.txt\n@@ -1 +1 @@\n-hello patched\n+hello patched differently\n' \
    >"$CB/recipes/tar/tarfile/two.patch"
ok fetch-repatch fetch tarfile
has fetch-repatch "1 fetched"
[[ $(cat "$S/hello.txt") == "hello patched differently" ]] || fail "repatch: not re-applied"

# An interrupted fetch leaves no record, so the next one starts again.
rm "$CB/recipes/tar/tarfile/source_info.toml"
mkdir -p "$S.tmp" && echo junk >"$S.tmp/junk"
ok fetch-after-interrupt fetch tarfile
[[ ! -e "$S.tmp" && ! -e "$S/junk" ]] || fail "interrupted fetch: leftovers"

# unfetch removes source/ and the record, not the shared cache.
ok unfetch unfetch tarfile
[[ ! -e "$S" && ! -e "$CB/recipes/tar/tarfile/source_info.toml" ]] || fail "unfetch: source left"
[[ -f "$CB/sources/$HELLO" ]] || fail "unfetch: removed the cache"

finish
