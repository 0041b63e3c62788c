#!/usr/bin/env bash
# `repo push` into a directory (files, package heads, etc/pkg/packages.toml, runtime
# dependencies, replacing an older version), --filesystem selection, clean and unfetch.
source "$(dirname "$0")/fixture.bash"

recipe libs/lib <<'EOF'
[build]
template = "custom"
script = """
mkdir -p "${COOKBOOK_STAGE}/usr/lib" "${COOKBOOK_STAGE}/usr/share"
cat "${COOKBOOK_RECIPE}/content" > "${COOKBOOK_STAGE}/usr/lib/lib.txt"
for f in $(cat "${COOKBOOK_RECIPE}/extra"); do echo "$f" > "${COOKBOOK_STAGE}/usr/share/$f"; done
ln -s lib.txt "${COOKBOOK_STAGE}/usr/lib/link.txt"
"""
EOF
echo v1 >"$CB/recipes/libs/lib/content"
echo old.txt >"$CB/recipes/libs/lib/extra"
recipe apps/app <<'EOF'
[build]
template = "custom"
script = """
mkdir -p "${COOKBOOK_STAGE}/usr/bin"
printf '#!/bin/sh\\necho app\\n' > "${COOKBOOK_STAGE}/usr/bin/app"
chmod 755 "${COOKBOOK_STAGE}/usr/bin/app"
"""
[package]
dependencies = ["lib"]
EOF
recipe meta/bundle <<'EOF'
[package]
dependencies = ["app"]
EOF

S="$TEST_TMP/sysroot"
ok push-app push --sysroot="$S" app
has push-app "repo push: 2 packages installed into $S"
[[ -x "$S/usr/bin/app" && $(cat "$S/usr/lib/lib.txt") == v1 && -L "$S/usr/lib/link.txt" ]] ||
    fail "push: files not installed"
[[ -f "$S/var/lib/packages/app.pkgar_head" && -f "$S/var/lib/packages/lib.pkgar_head" ]] ||
    fail "push: package heads missing"
P="$S/etc/pkg/packages.toml"
grep -q '^\[installed.app\]$' "$P" && grep -q '^\[installed.lib\]$' "$P" || fail "packages.toml: entries"
awk '/^\[installed.app\]/{f=1} /^\[installed.lib\]/{f=0} f' "$P" | grep -q '^manual = true$' ||
    fail "packages.toml: app is not manual"
awk '/^\[installed.lib\]/{f=1} f' "$P" | grep -q '^manual = false$' ||
    fail "packages.toml: lib (a dependency) is manual"
awk '/^\[installed.app\]/{f=1} /^\[installed.lib\]/{f=0} f' "$P" | grep -q '^dependencies = \["lib"\]$' ||
    fail "packages.toml: app's dependencies"
grep -q "^blake3 = \"$(grep '^blake3' "$(published app).toml" | cut -d'"' -f2)\"" "$P" ||
    fail "packages.toml: app's blake3"
# The pushed head is the published archive's head.
HEADSIZE=$(stat -c %s "$S/var/lib/packages/app.pkgar_head")
cmp -s -n "$HEADSIZE" "$S/var/lib/packages/app.pkgar_head" "$(published app).pkgar" ||
    fail "push: the head is not the archive's"

# A new version replaces the old one: files it no longer has are removed.
echo v2 >"$CB/recipes/libs/lib/content"
echo new.txt >"$CB/recipes/libs/lib/extra"
ok push-update push --sysroot="$S" lib
[[ $(cat "$S/usr/lib/lib.txt") == v2 && -f "$S/usr/share/new.txt" ]] || fail "push: not updated"
[[ ! -e "$S/usr/share/old.txt" ]] || fail "push: a file of the old version is left"
awk '/^\[installed.app\]/{f=1} /^\[installed.lib\]/{f=0} f' "$P" | grep -q '^manual = true$' ||
    fail "packages.toml: app lost its record"
awk '/^\[installed.lib\]/{f=1} f' "$P" | grep -q '^manual = true$' ||
    fail "packages.toml: lib, now pushed by name, is not manual"

# A metapackage brings its dependencies; no metadata when asked.
S2="$TEST_TMP/sysroot2"
ok push-meta push --no-metadata --sysroot="$S2" bundle
[[ -x "$S2/usr/bin/app" && -f "$S2/usr/lib/lib.txt" ]] || fail "push meta: dependencies not installed"
[[ ! -e "$S2/var" && ! -e "$S2/etc" ]] || fail "push --no-metadata: metadata written"

# --filesystem: the [packages] of a config, without the ignored ones.
cat >"$TEST_TMP/fs.toml" <<'EOF'
[packages]
lib = {}
app = "ignore"
EOF
S3="$TEST_TMP/sysroot3"
ok push-fs push --filesystem="$TEST_TMP/fs.toml" --sysroot="$S3"
[[ -f "$S3/usr/lib/lib.txt" && ! -e "$S3/usr/bin/app" ]] || fail "push --filesystem: wrong packages"
cat >"$TEST_TMP/bad-fs.toml" <<'EOF'
[packages]
nosuch = {}
EOF
bad push-fs-bad 1 push --filesystem="$TEST_TMP/bad-fs.toml" --sysroot="$S3"
has push-fs-bad "$TEST_TMP/bad-fs.toml:2:1: no recipe named 'nosuch'"

# Usage errors.
bad push-nothing 2 push --sysroot="$S3"
has push-nothing "give recipe names, --all or --filesystem=CONFIG"
bad cook-unknown 1 cook nosuch
has cook-unknown "no recipe named 'nosuch'"
bad bad-jobs 2 cook -j0 app
has bad-jobs "-j needs a number of jobs from 1 to 4096"

# clean and unfetch of everything.
ok clean-all clean --all
[[ -z $(find "$CB/recipes" -name target) ]] || fail "clean --all: target/ left"
ok unfetch-all unfetch --all
[[ -z $(find "$CB/recipes" -name 'source*') ]] || fail "unfetch --all: source/ left"

finish
