#!/usr/bin/env bash
# CLI tests of `repo check`, `repo find` and `repo tree` on a fixture cookbook made here: every
# recipe key, every kind of error (with its path:line:col), warnings, and the dependency graph.
set -euo pipefail
REPO="$FSTOOLS_BIN/repo"
CB="$TEST_TMP/cookbook"
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# expect NAME EXPECTED_STATUS EXPECTED_STDOUT_FILE -- ARGS...: runs repo, compares stdout exactly.
expect() {
    local name=$1 status=$2 expected=$3
    shift 4
    local out="$TEST_TMP/$name.out" err="$TEST_TMP/$name.err" rc=0
    "$REPO" "$@" >"$out" 2>"$err" || rc=$?
    if [[ $rc != "$status" ]]; then
        fail "$name: exit status $rc, expected $status"; cat "$err"
    fi
    if ! diff -u "$expected" "$out"; then fail "$name: stdout differs"; fi
}

recipe() { mkdir -p "$CB/recipes/$1"; cat >"$CB/recipes/$1/recipe.toml"; }

mkdir -p "$CB/local/src"
# --- good recipes: every key of every section and template ---
recipe core/ion <<'T'
[source]
git = "https://gitlab.redox-os.org/redox-os/ion.git"
upstream = "https://github.com/redox-os/ion"
branch = "master"
rev = "06344744d3d55a5ac9a62a6059cb363d40699bbc"
shallow_clone = true
patches = ["redox.patch"]
script = "./autogen.sh"
[build]
template = "cargo"
dependencies = ["libc"]
dev-dependencies = ["host:cmake"]
cargopath = "members/ion"
cargoflags = "--features=redox"
cargopackages = ["ion-shell"]
cargopackagesprefixed = ["ion-tools"]
cargoexamples = ["demo"]
clearlocked = true
[package]
dependencies = ["terminfo"]
version = "1.0"
description = "Ion shell"
[[optional-packages]]
name = "docs"
files = ["usr/share/doc/**"]
dependencies = [".extra"]
[[optional-packages]]
name = "extra"
T
touch "$CB/recipes/core/ion/redox.patch"
recipe libs/zlib <<'T'
[source]
tar = "https://zlib.net/zlib-1.3.1.tar.gz"
blake3 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
script = "true"
[build]
template = "configure"
configureflags = ["--static"]
T
recipe libs/zlib-ng <<'T'
[source]
same_as = "../zlib"
[build]
template = "cmake"
cmakeflags = ["-DZLIB_COMPAT=ON"]
T
recipe libs/libc <<'T'
[source]
path = "local/src"
[build]
template = "meson"
mesonflags = ["-Dstatic=true"]
T
recipe dev/cmake <<'T'
[build]
template = "custom"
script = "make install"
dependencies = ["zlib", "target:libc"]
T
recipe tools/pytool <<'T'
[build]
template = "python"
pyprojectpath = "src"
pipflags = ["--no-deps"]
legacysetup = false
T
recipe groups/terminfo <<'T'
[build]
template = "remote"
[package]
dependencies = ["pytool", "zlib-ng", "libc"]
T
recipe groups/meta <<'T'
[package]
dependencies = ["ion", "ion.docs"]
T

# --- warnings only (still good) ---
recipe wip/warned <<'T'
colour = "blue"
[build]
template = "configure"
cmakeflags = ["-DX=1"]
[source]
tar = "https://example.org/warned-1.0.tar.gz"
T

# --- bad recipes: one error each ---
recipe bad/syntax <<'T'
[build
T
recipe bad/wrong-type <<'T'
[source]
git = 42
T
recipe bad/no-script <<'T'
[build]
template = "custom"
T
recipe bad/bad-template <<'T'
[build]
template = "go"
T
recipe bad/two-shapes <<'T'
[source]
git = "a"
tar = "b"
T
recipe bad/no-shape <<'T'
[source]
patches = []
T
recipe bad/bad-blake3 <<'T'
[source]
tar = "https://example.org/x.tar"
blake3 = "xyz"
T
recipe bad/missing-patch <<'T'
[source]
git = "https://example.org/x.git"
patches = ["nope.patch"]
T
recipe bad/bad-name <<'T'
[build]
dependencies = ["build:zlib"]
T
recipe bad/missing-dep <<'T'
[build]
dependencies = ["zlib", "libfoo"]
T
recipe bad/missing-sub <<'T'
[package]
dependencies = ["ion.nosuch"]
T
recipe bad/cycle-a <<'T'
[build]
dependencies = ["cycle-b"]
T
recipe bad/cycle-b <<'T'
[build]
dev-dependencies = ["cycle-c"]
T
recipe bad/cycle-c <<'T'
[package]
dependencies = ["cycle-a"]
T
recipe bad/no-optional-name <<'T'
[[optional-packages]]
files = ["x"]
T
recipe bad/same-as-nothing <<'T'
[source]
same_as = "../nothing"
T
recipe bad/path-nothing <<'T'
[source]
path = "no/such/dir"
T

R="$CB/recipes"
cat >"$TEST_TMP/expected-all" <<EOF
$R/bad/bad-blake3/recipe.toml:3:10: blake3 must be 64 hexadecimal digits (the BLAKE3 hash of the tarball), found "xyz"
$R/bad/bad-name/recipe.toml:2:17: invalid package name "build:zlib": the only prefixes are "host:" and "target:"
$R/bad/bad-template/recipe.toml:2:12: unknown template "go"; expected one of none, custom, configure, cmake, meson, make, cargo, python, remote
$R/bad/cycle-c/recipe.toml:2:17: dependency cycle: cycle-a -> cycle-b -> cycle-c -> cycle-a
$R/bad/missing-dep/recipe.toml:2:25: dependency "libfoo": no recipe named 'libfoo' in $CB/recipes
$R/bad/missing-patch/recipe.toml:3:12: patch file "nope.patch" does not exist in $R/bad/missing-patch
$R/bad/missing-sub/recipe.toml:2:17: dependency "ion.nosuch": recipe 'ion' has no optional package 'nosuch'
$R/bad/no-optional-name/recipe.toml:1:1: [[optional-packages]] entry needs a 'name' key
$R/bad/no-script/recipe.toml:1:1: template "custom" requires a 'script' key in [build]
$R/bad/no-shape/recipe.toml:1:1: [source] needs one of the keys git, tar, same_as or path (or remove [source] to build from the recipe's source/ directory)
$R/bad/path-nothing/recipe.toml:2:8: path "no/such/dir" is not a directory (relative to the cookbook root $CB)
$R/bad/same-as-nothing/recipe.toml:2:11: same_as "../nothing" does not name a recipe directory (no recipe.toml there)
$R/bad/syntax/recipe.toml:1:7: SYNTAX
$R/bad/two-shapes/recipe.toml:3:1: [source] has both 'git' and 'tar'; a source is exactly one of git, tar, same_as or path
$R/bad/wrong-type/recipe.toml:2:7: expected a string for 'git' in [source], found an integer
EOF

# The TOML syntax message is the TOML library's; only its location is fixed here.
out="$TEST_TMP/all.out"
rc=0
"$REPO" --cookbook="$CB" check --all >"$out" 2>"$TEST_TMP/all.err" || rc=$?
[[ $rc == 1 ]] || fail "check --all: exit status $rc, expected 1"
sed -i -E "s#^($R/bad/syntax/recipe.toml:1:7: ).*#\\1SYNTAX#" "$out"
diff -u "$TEST_TMP/expected-all" "$out" || fail "check --all: stdout differs"
grep -qx "repo check: 15 of 26 recipes have errors" "$TEST_TMP/all.err" || { fail "check --all: summary"; cat "$TEST_TMP/all.err"; }
# Warnings: location and text, on stderr, not counted as errors.
for w in \
    "$R/wip/warned/recipe.toml:1:1: warning: unknown key 'colour' (recipes have [source], [build], [package] and [[optional-packages]]; ignored)" \
    "$R/wip/warned/recipe.toml:4:1: warning: key 'cmakeflags' in [build] is not used by template \"configure\" (ignored)" \
    "$R/wip/warned/recipe.toml:6:1: warning: tar source has no blake3; cooking will refuse it unless --allow-unverified is given (fill it in with: blake3sum FILE)"; do
    grep -qxF "$w" "$TEST_TMP/all.err" || fail "missing warning: $w"
done

# Checking good recipes by name: their whole closure is good.
: >"$TEST_TMP/empty"
expect good-closure 0 "$TEST_TMP/empty" -- --cookbook="$CB" check meta warned
# Naming a recipe checks what it depends on too.
printf '%s\n' "$R/bad/missing-dep/recipe.toml:2:25: dependency \"libfoo\": no recipe named 'libfoo' in $CB/recipes" >"$TEST_TMP/e1"
expect bad-closure 1 "$TEST_TMP/e1" -- check --cookbook="$CB" missing-dep
expect no-such-recipe 1 "$TEST_TMP/empty" -- --cookbook="$CB" check nothing-here
grep -q "no recipe named 'nothing-here'" "$TEST_TMP/no-such-recipe.err" || fail "no-such-recipe: message"
expect check-needs-names 2 "$TEST_TMP/empty" -- --cookbook="$CB" check

# find
printf '%s\n' "$R/libs/zlib" "$R/core/ion" >"$TEST_TMP/e2"
expect find 0 "$TEST_TMP/e2" -- --cookbook="$CB" find zlib host:ion
printf '%s\n' "$R/libs/zlib" >"$TEST_TMP/e3"
expect find-missing 1 "$TEST_TMP/e3" -- --cookbook="$CB" find zlib missing

# tree
printf '%s\n' \
    "meta" \
    "└── ion (runtime)" \
    "    ├── libc" \
    "    ├── host:cmake (dev)" \
    "    │   └── host:zlib" \
    "    └── terminfo (runtime)" \
    "        ├── pytool (runtime)" \
    "        ├── zlib-ng (runtime)" \
    "        └── libc (runtime) (*)" >"$TEST_TMP/e4"
expect tree 0 "$TEST_TMP/e4" -- --cookbook="$CB" tree meta
expect tree-cycle 1 "$TEST_TMP/empty" -- --cookbook="$CB" tree cycle-a
grep -q "dependency cycle: cycle-a -> cycle-b -> cycle-c -> cycle-a" "$TEST_TMP/tree-cycle.err" || fail "tree-cycle: message"

# help and usage errors
for cmd in "" check find tree; do
    "$REPO" $cmd --help >"$TEST_TMP/help.out" || fail "repo $cmd --help failed"
    grep -q "^usage: repo\|^repo $cmd" "$TEST_TMP/help.out" || fail "repo $cmd --help: no usage"
done
rc=0; "$REPO" frobnicate 2>"$TEST_TMP/unknown.err" || rc=$?
[[ $rc == 2 ]] && grep -q "unknown command 'frobnicate'" "$TEST_TMP/unknown.err" || fail "unknown command"
rc=0; "$REPO" --cookbook="$TEST_TMP/nowhere" check --all 2>"$TEST_TMP/nowhere.err" || rc=$?
[[ $rc == 1 ]] && grep -q "nowhere/recipes: cannot read directory" "$TEST_TMP/nowhere.err" || fail "missing cookbook"

if (( failures )); then echo "$failures failures"; exit 1; fi
echo "repo CLI: all checks passed"
