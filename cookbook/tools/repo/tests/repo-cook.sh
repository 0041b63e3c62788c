#!/usr/bin/env bash
# `repo cook` on a fixture cookbook: the script environment and helpers, templates, sysroots
# from a chain and a diamond of dependencies, host: dependencies in the toolchain, strip,
# optional packages, packaging and publishing, failures and cycles, incremental rebuilds,
# interrupts, reproducible packages.
source "$(dirname "$0")/fixture.bash"

# ---- the environment of a build script ----
recipe core/envprobe <<'EOF'
[build]
template = "custom"
script = """
mkdir -p "${COOKBOOK_STAGE}/usr/share/envprobe"
out="${COOKBOOK_STAGE}/usr/share/envprobe/env"
for v in TARGET GNU_TARGET COOKBOOK_NAME COOKBOOK_RECIPE COOKBOOK_ROOT COOKBOOK_SOURCE \
         COOKBOOK_BUILD COOKBOOK_STAGE COOKBOOK_SYSROOT COOKBOOK_TOOLCHAIN COOKBOOK_HOST_TARGET \
         CC PKG_CONFIG_SYSROOT_DIR; do
    echo "$v=${!v}" >> "$out"
done
echo "PWD=$(pwd)" >> "$out"
echo "JOBS=${COOKBOOK_MAKE_JOBS}" >> "$out"
echo "MAKEFLAGS=${MAKEFLAGS}" >> "$out"
for f in cookbook_configure cookbook_cmake cookbook_meson cookbook_cargo cookbook_make \
         DYNAMIC_INIT DYNAMIC_STATIC_INIT GNU_CONFIG_GET autotools_recursive_regenerate; do
    type -t "$f" >> "$out"
done
echo "before=${COOKBOOK_CONFIGURE_FLAGS[*]}" >> "$out"
DYNAMIC_INIT
echo "after=${COOKBOOK_CONFIGURE_FLAGS[*]}" >> "$out"
"""
EOF
ok cook-env cook -j3 envprobe
E="$(stage_of envprobe)/stage/usr/share/envprobe/env"
R="$CB/recipes/core/envprobe"
for line in "TARGET=$TARGET" "GNU_TARGET=$TARGET" "COOKBOOK_NAME=envprobe" "COOKBOOK_RECIPE=$R" \
    "COOKBOOK_ROOT=$CB" "COOKBOOK_SOURCE=$R/source" "COOKBOOK_BUILD=$R/target/$TARGET/build" \
    "COOKBOOK_STAGE=$R/target/$TARGET/stage.tmp" "COOKBOOK_SYSROOT=$R/target/$TARGET/sysroot" \
    "COOKBOOK_TOOLCHAIN=$R/target/$TARGET/toolchain" "COOKBOOK_HOST_TARGET=$HOST_TRIPLE" \
    "CC=$TARGET-gcc" "PKG_CONFIG_SYSROOT_DIR=$R/target/$TARGET/sysroot" \
    "PWD=$R/target/$TARGET/build" "JOBS=3" \
    "before=--host=$TARGET --prefix=/usr --disable-shared --enable-static" \
    "after=--host=$TARGET --prefix=/usr --enable-shared --disable-static"; do
    grep -qxF -- "$line" "$E" || fail "environment: no line '$line'"
done
[[ $(grep -c '^function$' "$E") == 9 ]] || fail "environment: helper functions missing"
grep -q "^MAKEFLAGS=-j3 --jobserver-fds=[0-9]*,[0-9]* --jobserver-auth=" "$E" ||
    fail "environment: MAKEFLAGS does not carry the job budget"

# ---- a chain and a diamond ----
recipe libs/base <<'EOF'
[build]
template = "custom"
script = """
mkdir -p "${COOKBOOK_STAGE}/usr/include" "${COOKBOOK_STAGE}/usr/lib"
echo "#define BASE 1" > "${COOKBOOK_STAGE}/usr/include/base.h"
echo "built at $(date -u -d @${SOURCE_DATE_EPOCH})" > "${COOKBOOK_STAGE}/usr/lib/base.txt"
"""
EOF
for m in mid1 mid2; do
recipe libs/$m <<EOF
[build]
template = "custom"
dependencies = ["base"]
script = """
grep -q BASE "\${COOKBOOK_SYSROOT}/include/base.h"
mkdir -p "\${COOKBOOK_STAGE}/usr/include"
echo "#define ${m^^} 1" > "\${COOKBOOK_STAGE}/usr/include/$m.h"
"""
EOF
done
recipe apps/top <<'EOF'
[build]
template = "custom"
dependencies = ["mid1", "mid2"]
script = """
ls "${COOKBOOK_SYSROOT}/usr/include" > "${COOKBOOK_BUILD}/seen"
mkdir -p "${COOKBOOK_STAGE}/usr/bin"
cat "${COOKBOOK_SYSROOT}"/include/*.h > "${COOKBOOK_STAGE}/usr/bin/top"
"""
[package]
dependencies = ["mid1"]
version = "2.0"
EOF
ok cook-diamond cook top
cooked cook-diamond 4
[[ $(cat "$(stage_of top)/build/seen" | tr '\n' ' ') == "base.h mid1.h mid2.h " ]] ||
    fail "diamond: sysroot lacks the transitive build dependency"
[[ -L "$(stage_of top)/sysroot/include" ]] || fail "sysroot: include is not a link to usr/include"
ls "$(stage_of top)/sysroot/.tags" | sort | tr '\n' ' ' | grep -qx "base mid1 mid2 " ||
    fail "sysroot: tags are not base mid1 mid2"
for p in base mid1 mid2 top; do
    [[ -f "$(published $p).pkgar" && -f "$(published $p).toml" ]] || fail "publish: $p missing"
done
grep -q '^version = "2.0"$' "$(published top).toml" || fail "toml: version"
grep -q '^depends = \["mid1"\]$' "$(published top).toml" || fail "toml: depends"
grep -q "^top = \"$(grep '^blake3' "$(published top).toml" | cut -d'"' -f2)\"" \
    "$CB/repo/$TARGET/repo.toml" || fail "repo.toml: top's blake3"
[[ -f "$CB/build/id_ed25519.toml" && -f "$CB/build/id_ed25519.pub.toml" ]] || fail "no signing key"
# The order of the log lines follows the dependencies.
grep -n "^cook .*: done" "$out" | cut -d' ' -f2 | tr -d ':' | tr '\n' ' ' |
    grep -Eq "^base (mid1 mid2|mid2 mid1) top $" || fail "diamond: wrong order"

recipe chain/chain-a <<'EOF'
[build]
template = "custom"
script = "mkdir -p ${COOKBOOK_STAGE}/usr/lib && echo a > ${COOKBOOK_STAGE}/usr/lib/a"
EOF
recipe chain/chain-b <<'EOF'
[build]
template = "custom"
dependencies = ["chain-a"]
script = "mkdir -p ${COOKBOOK_STAGE}/usr/lib && cat ${COOKBOOK_SYSROOT}/lib/a > ${COOKBOOK_STAGE}/usr/lib/b"
EOF
recipe chain/chain-c <<'EOF'
[build]
template = "custom"
dependencies = ["chain-b"]
script = "mkdir -p ${COOKBOOK_STAGE}/usr/lib && cat ${COOKBOOK_SYSROOT}/lib/a ${COOKBOOK_SYSROOT}/lib/b > ${COOKBOOK_STAGE}/usr/lib/c"
EOF
ok cook-chain cook chain-c
cooked cook-chain 3

# ---- host: dependencies, the configure template, strip ----
make_tarball hello-1.0 \
    "configure=#!/bin/sh
prefix=/usr/local
for a in \"\$@\"; do case \"\$a\" in --prefix=*) prefix=\"\${a#--prefix=}\";; esac; done
src=\$(dirname \"\$0\")
printf 'all: hello\nhello: %s/hello.c\n\t\$(CC) -g -o hello %s/hello.c\ninstall:\n\tinstall -D -m 755 hello \$(DESTDIR)%s/bin/hello\n' \"\$src\" \"\$src\" \"\$prefix\" > Makefile
echo \"\$@\" > configure-args" \
    "hello.c=#include <stdio.h>
int main(void) { puts(\"hello from the host tool\"); return 0; }"
recipe dev/hello <<EOF
[source]
tar = "file://$UP/www/hello-1.0.tar.gz"
blake3 = "$(b3 "$UP/www/hello-1.0.tar.gz")"
[build]
template = "configure"
configureflags = ["--with-greeting=it's"]
EOF
recipe apps/usehello <<'EOF'
[build]
template = "custom"
dev-dependencies = ["host:hello"]
script = """
mkdir -p "${COOKBOOK_STAGE}/usr/share"
hello > "${COOKBOOK_STAGE}/usr/share/greeting"
"""
EOF
ok cook-host cook usehello
cooked cook-host 2
H="$(stage_of hello "$HOST_TRIPLE")"
[[ -x "$H/stage/usr/bin/hello" ]] || fail "host: hello not built for the host triple"
grep -q -- "--with-greeting=it's" "$H/build/configure-args" || fail "configure: recipe flags not passed"
grep -q -- "--prefix=/usr" "$H/build/configure-args" || fail "configure: default flags not passed"
readelf -S "$H/stage/usr/bin/hello" | grep -q '\.debug_info' && fail "strip: hello still has debug info"
[[ $(cat "$(stage_of usehello)/stage/usr/share/greeting") == "hello from the host tool" ]] ||
    fail "host: the host tool did not run from the toolchain"
[[ -x "$(stage_of usehello)/toolchain/usr/bin/hello" ]] || fail "host: not in the toolchain"
[[ ! -e "$(published hello).toml" && ! -e "$CB/repo/$HOST_TRIPLE" ]] || fail "host packages are published"

# The cmake template (host build: no cross file), and the plain-make helper from a custom
# script (the recipe model has no "make" template name yet).
mkdir -p "$CB/local/cm" "$CB/local/mk"
cat >"$CB/local/cm/CMakeLists.txt" <<'EOF'
cmake_minimum_required(VERSION 3.13)
project(cmhello C)
add_executable(cmhello main.c)
install(TARGETS cmhello DESTINATION bin)
EOF
printf '#include <stdio.h>\nint main(void) { puts(FLAVOUR); return 0; }\n' >"$CB/local/cm/main.c"
recipe dev/cmhello <<'EOF'
[source]
path = "local/cm"
[build]
template = "cmake"
cmakeflags = ["-DCMAKE_C_FLAGS=-DFLAVOUR=\\\"cmake\\\""]
EOF
cat >"$CB/local/mk/Makefile" <<'EOF'
all: greeting
greeting:
	echo "plain make, prefix $(prefix)" > greeting
install:
	install -D -m 644 greeting $(DESTDIR)$(prefix)/share/greeting
EOF
recipe dev/plainmake <<'EOF'
[source]
path = "local/mk"
[build]
template = "custom"
script = "cookbook_make"
EOF
if command -v cmake >/dev/null && command -v ninja >/dev/null; then
    ok cook-cmake cook host:cmhello host:plainmake
    [[ $("$(stage_of cmhello "$HOST_TRIPLE")/stage/usr/bin/cmhello") == cmake ]] ||
        fail "cmake: the program was not built with the recipe's flags"
else
    echo "note: cmake or ninja missing; the cmake template is not tested"
    ok cook-cmake cook host:plainmake
fi
[[ $(cat "$(stage_of plainmake "$HOST_TRIPLE")/stage/usr/share/greeting") == "plain make, prefix /usr" ]] ||
    fail "cookbook_make: not built or not installed under /usr"

# The meson template (host build): the recipe's mesonflags reach meson, and DYNAMIC_INIT makes
# the library shared.
mkdir -p "$CB/local/ms"
cat >"$CB/local/ms/meson.build" <<'EOF'
project('mshello', 'c', version: '1.0')
greet = library('msgreet', 'greet.c', install: true)
executable('mshello', 'main.c', link_with: greet, install: true,
           c_args: ['-DFLAVOUR="' + get_option('flavour') + '"'])
EOF
echo "option('flavour', type: 'string', value: 'default')" >"$CB/local/ms/meson_options.txt"
printf 'const char *greet(void) { return "meson"; }\n' >"$CB/local/ms/greet.c"
printf '#include <stdio.h>\n#include <string.h>\nconst char *greet(void);\n%s\n' \
    'int main(void) { puts(strcmp(greet(), FLAVOUR) == 0 ? FLAVOUR : "wrong"); return 0; }' \
    >"$CB/local/ms/main.c"
recipe dev/mshello <<'EOF'
[source]
path = "local/ms"
[build]
template = "meson"
mesonflags = ["-Dflavour=meson"]
EOF
if command -v meson >/dev/null && command -v ninja >/dev/null; then
    ok cook-meson cook host:mshello
    M="$(stage_of mshello "$HOST_TRIPLE")/stage/usr"
    [[ $(LD_LIBRARY_PATH="$M/lib" "$M/bin/mshello") == meson ]] ||
        fail "meson: the program was not built with the recipe's flags"
    [[ -e "$M/lib/libmsgreet.so" && ! -e "$M/lib/libmsgreet.a" ]] ||
        fail "meson: the library is not shared only (DYNAMIC_INIT)"
else
    echo "note: meson or ninja missing; the meson template is not tested"
fi

# ---- optional packages, compression ----
recipe apps/withdocs <<'EOF'
[build]
template = "custom"
script = """
mkdir -p "${COOKBOOK_STAGE}/usr/bin" "${COOKBOOK_STAGE}/usr/share/doc/withdocs"
echo tool > "${COOKBOOK_STAGE}/usr/bin/tool"
echo readme > "${COOKBOOK_STAGE}/usr/share/doc/withdocs/README"
touch "${COOKBOOK_STAGE}/usr/lib.la"
"""
[[optional-packages]]
name = "docs"
files = ["usr/share/doc/**"]
EOF
cat >"$CB/cookbook.toml" <<'EOF'
[cook]
compressed = true
EOF
ok cook-optional cook withdocs
W="$(stage_of withdocs)"
[[ -f "$W/stage.docs/usr/share/doc/withdocs/README" && ! -e "$W/stage/usr/share/doc/withdocs/README" ]] ||
    fail "optional: docs not split"
[[ ! -e "$W/stage/usr/lib.la" ]] || fail "stage: *.la not removed"
grep -q '^depends = \["withdocs"\]$' "$(published withdocs.docs).toml" || fail "optional: no dependency on the main package"
[[ $(od -An -tu1 -j134 -N1 "$(published withdocs).pkgar" | tr -d ' ') == 1 ]] ||
    fail "compressed: the package is not LZMA2"
rm "$CB/cookbook.toml"

# ---- failures, skips, cycles ----
recipe bad/broken <<'EOF'
[build]
template = "custom"
script = "echo broken-output; exit 3"
EOF
recipe bad/needs-broken <<'EOF'
[build]
template = "custom"
dependencies = ["broken"]
script = "true"
EOF
recipe bad/independent <<'EOF'
[build]
template = "custom"
script = "mkdir -p ${COOKBOOK_STAGE}/x && touch ${COOKBOOK_STAGE}/x/y"
EOF
recipe bad/cyc-a <<'EOF'
[build]
dependencies = ["cyc-b"]
EOF
recipe bad/cyc-b <<'EOF'
[build]
dependencies = ["cyc-a"]
EOF
bad cook-fail 1 cook -j1 needs-broken independent
has cook-fail "=== cook broken FAILED: $CB/recipes/bad/broken/recipe.toml: build script failed with exit status 3"
has cook-fail "last 3 lines of $CB/build/logs/$TARGET/broken.log"
has cook-fail "    broken-output"
has cook-fail "not started (stopped after a failure; --keep-going goes on): needs-broken independent"
[[ ! -e "$(stage_of independent)/stage.stamp.toml" ]] || fail "after a failure a new build started"
bad cook-keep-going 1 cook --keep-going needs-broken independent
has cook-keep-going "cook needs-broken: skipped: not built: it needs broken, which failed"
has cook-keep-going "1 cooked, 0 up to date, 0 fetched, 1 FAILED, 1 skipped"
grep -q "outdated_packages.broken" "$CB/repo/$TARGET/repo.toml" || fail "failure not in outdated_packages"
bad cook-cycle 1 cook cyc-a
has cook-cycle "dependency cycle: cyc-a -> cyc-b -> cyc-a"

# ---- incremental ----
ok cook-noop cook top chain-c usehello
cooked cook-noop 0
has cook-noop "0 cooked, 9 up to date"
touch "$CB/recipes/libs/base/recipe.toml"
ok cook-touch cook top
cooked cook-touch 0
# A change that changes base's package rebuilds base and everything built on it, once each.
sed -i 's/BASE 1/BASE 2/' "$CB/recipes/libs/base/recipe.toml"
ok cook-edit-base cook top
cooked cook-edit-base 4
# A change to mid1 only: mid1 and top.
sed -i 's/MID1 1/MID1 3/' "$CB/recipes/libs/mid1/recipe.toml"
ok cook-edit-mid1 cook top
cooked cook-edit-mid1 2
grep -q "^cook mid2" "$out" && fail "edit mid1: mid2 was rebuilt"
# A change that leaves base's package as it was stops there.
echo "# a comment" >>"$CB/recipes/libs/base/recipe.toml"
ok cook-comment cook top
cooked cook-comment 1
# A file beside the recipe is an input too (e.g. a patch or a local source file).
echo data >"$CB/recipes/libs/mid2/extra.txt"
ok cook-extra-file cook top
has cook-extra-file "cook mid2: done"
# The environment that steers builds.
CFLAGS=-O3 ok cook-cflags cook chain-c
cooked cook-cflags 3
ok cook-cflags-back cook chain-c
cooked cook-cflags-back 3
# A lost stamp (an interrupted build) means building again.
rm "$(stage_of chain-c)/stage.stamp.toml"
ok cook-lost-stamp cook chain-c
cooked cook-lost-stamp 1

# A build directory is kept for edits of the recipe's own files (makefiles see those) but not
# across a change of what its dependencies installed (a new libc.a or header: makefiles do not
# see the sysroot). dep-user's script builds its output once and keeps it, as make would.
recipe libs/dep-lib <<'EOF'
[build]
template = "custom"
script = """
mkdir -p "${COOKBOOK_STAGE}/usr/lib"
echo "library 1" > "${COOKBOOK_STAGE}/usr/lib/libdep.txt"
"""
EOF
recipe apps/dep-user <<'EOF'
[build]
template = "custom"
dependencies = ["dep-lib"]
script = """
[ -f linked ] || cp "${COOKBOOK_SYSROOT}/usr/lib/libdep.txt" linked
mkdir -p "${COOKBOOK_STAGE}/usr/share"
cp linked "${COOKBOOK_STAGE}/usr/share/linked"
"""
EOF
ok cook-dep-first cook dep-user
linked="$(stage_of dep-user)/stage/usr/share/linked"
[[ $(cat "$linked") == "library 1" ]] || fail "dep-user: the first build did not use dep-lib"
touch "$(stage_of dep-user)/build/kept-marker"
echo "# an edit of the recipe alone" >>"$CB/recipes/apps/dep-user/recipe.toml"
ok cook-dep-own-edit cook dep-user
cooked cook-dep-own-edit 1
[[ -f "$(stage_of dep-user)/build/kept-marker" ]] ||
    fail "dep-user: an edit of its own recipe emptied its build directory"
sed -i 's/library 1/library 2/' "$CB/recipes/libs/dep-lib/recipe.toml"
ok cook-dep-changed cook dep-user
cooked cook-dep-changed 2
[[ $(cat "$linked") == "library 2" ]] ||
    fail "dep-user: the new dep-lib package met a stale build directory"
[[ ! -e "$(stage_of dep-user)/build/kept-marker" ]] ||
    fail "dep-user: its build directory survived a change of its dependencies"

# ---- reproducible ----
P1=$(b3 "$(published top).pkgar")
H1=$(b3 "$(stage_of hello "$HOST_TRIPLE")/stage.pkgar")
ok clean-all clean top mid1 mid2 base hello
[[ ! -e "$(stage_of top)" ]] || fail "clean: target/ left"
ok cook-again cook top usehello
[[ $(b3 "$(published top).pkgar") == "$P1" ]] || fail "reproducible: top differs after a clean cook"
[[ $(b3 "$(stage_of hello "$HOST_TRIPLE")/stage.pkgar") == "$H1" ]] ||
    fail "reproducible: the compiled host tool differs after a clean cook"

# ---- interrupts ----
recipe slow/slow <<EOF
[build]
template = "custom"
script = """
mkdir -p "\${COOKBOOK_STAGE}/usr"
echo slow > "\${COOKBOOK_STAGE}/usr/slow"
if [ ! -e "$TEST_TMP/fast" ]; then touch "$TEST_TMP/started"; sleep 30; fi
"""
EOF
for sig in INT KILL; do
    rm -f "$TEST_TMP/started" "$TEST_TMP/fast"
    "$REPO" --cookbook="$CB" cook slow >"$TEST_TMP/slow-$sig.out" 2>&1 &
    pid=$!
    for _ in $(seq 200); do [[ -e "$TEST_TMP/started" ]] && break; sleep 0.05; done
    [[ -e "$TEST_TMP/started" ]] || fail "interrupt: the build did not start"
    if [[ $sig == KILL ]]; then
        # SIGKILL cannot be passed on: kill the build's process group too, as a crash would.
        for child in $(cat /proc/$pid/task/*/children 2>/dev/null); do kill -KILL -- -"$child" 2>/dev/null || true; done
    fi
    kill -$sig $pid
    status=0
    { wait $pid; } 2>/dev/null || status=$?
    [[ $sig == INT && $status != 130 ]] && fail "SIGINT: exit status $status, expected 130"
    [[ ! -e "$(stage_of slow)/stage.stamp.toml" ]] || fail "$sig: the interrupted build has a stamp"
    [[ ! -e "$(published slow).pkgar" ]] || fail "$sig: the interrupted build was published"
    touch "$TEST_TMP/fast"
    ok "cook-after-$sig" cook slow
    cooked "cook-after-$sig" 1
    [[ -e "$(published slow).pkgar" ]] || fail "$sig: not published after the next cook"
    ok clean-slow clean slow
    rm "$(published slow)".*
done

# ---- source dates from git ----
git_repo datesrc "a.txt=a"
recipe apps/gitdate <<EOF
[source]
git = "file://$UP/datesrc"
[build]
template = "custom"
script = 'mkdir -p \${COOKBOOK_STAGE}/usr && echo \$SOURCE_DATE_EPOCH > \${COOKBOOK_STAGE}/usr/date'
EOF
ok cook-gitdate cook gitdate
[[ $(cat "$(stage_of gitdate)/stage/usr/date") == $(git -C "$UP/datesrc" log -1 --format=%ct) ]] ||
    fail "SOURCE_DATE_EPOCH is not the commit time"

# On a terminal the status line is redrawn in place (run under a pseudo-terminal).
if command -v script >/dev/null; then
    ok clean-tty clean chain-a
    TERM=xterm script -qec "'$REPO' --cookbook='$CB' cook chain-a" /dev/null >"$TEST_TMP/tty.out" 2>&1 ||
        fail "tty: cook failed"
    grep -q $'\r\033\\[K' "$TEST_TMP/tty.out" || fail "tty: no status line"
    grep -q "\\[0/1\\]  *building chain-a" "$TEST_TMP/tty.out" || fail "tty: status line lacks progress"
fi

finish
