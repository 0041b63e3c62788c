#!/usr/bin/env bash
# Automatic runtime dependencies (spec §2 stage 5) on a fixture cookbook of host-compiled
# shared and static libraries: DT_NEEDED of the stage's ELF files matched to the lib/ and
# usr/lib/ entries of the build dependencies' packages (transitively over [build]
# dependencies, not dev-dependencies), optional packages scanned on their own, and the runtime
# dependencies of build dependencies linked statically; a change of those rebuilds dependents.
source "$(dirname "$0")/fixture.bash"

if ! command -v cc >/dev/null || ! command -v readelf >/dev/null; then
    echo "SKIP: no C compiler or readelf on this machine"
    exit 0
fi

# A shared library recipe: NAME, its C source, [build] dependencies, [package] dependencies, and
# the libraries it links (-l flags).
shared_lib() {
    local name=$1 source=$2 build_deps=$3 package_deps=$4 links=$5
    mkdir -p "$CB/recipes/libs/$name"
    printf '%s\n' "$source" >"$CB/recipes/libs/$name/$name.c"
    recipe "libs/$name" <<EOF
[build]
template = "custom"
dependencies = [$build_deps]
script = """
S="\${COOKBOOK_SYSROOT}/usr"
cc -shared -fPIC -Wl,-soname,lib$name.so.1 -o lib$name.so.1.0 "\${COOKBOOK_RECIPE}/$name.c" \\
    -I"\$S/include" -L"\$S/lib" -Wl,-rpath-link,"\$S/lib" $links
mkdir -p "\${COOKBOOK_STAGE}/usr/lib" "\${COOKBOOK_STAGE}/usr/include"
cp lib$name.so.1.0 "\${COOKBOOK_STAGE}/usr/lib/"
ln -s lib$name.so.1.0 "\${COOKBOOK_STAGE}/usr/lib/lib$name.so.1"
ln -s lib$name.so.1 "\${COOKBOOK_STAGE}/usr/lib/lib$name.so"
echo "int $name(void);" > "\${COOKBOOK_STAGE}/usr/include/$name.h"
"""
[package]
dependencies = [$package_deps]
EOF
}

data_package() {
    recipe "data/$1" <<EOF
[build]
template = "custom"
script = "mkdir -p \${COOKBOOK_STAGE}/usr/share/$1 && echo $1 > \${COOKBOOK_STAGE}/usr/share/$1/data"
EOF
}
for d in greet-data stat-data unused-data more-data extra; do data_package "$d"; done

shared_lib deep 'int deep(void) { return 2; }' '' '' ''
shared_lib greet '#include <deep.h>
int greet(void) { return deep() + 1; }' '"deep"' '"greet-data"' '-ldeep'
shared_lib unused 'int unused(void) { return 0; }' '' '"unused-data"' ''
shared_lib devlib 'int devlib(void) { return 5; }' '' '' ''
# A static library: nothing of it is left to load at run time but its runtime dependencies.
mkdir -p "$CB/recipes/libs/stat"
echo 'int stat_value(void) { return 40; }' >"$CB/recipes/libs/stat/stat.c"
recipe libs/stat <<'EOF'
[build]
template = "custom"
script = """
cc -c -o stat.o "${COOKBOOK_RECIPE}/stat.c"
ar rcs libstat.a stat.o
mkdir -p "${COOKBOOK_STAGE}/usr/lib" "${COOKBOOK_STAGE}/usr/include"
cp libstat.a "${COOKBOOK_STAGE}/usr/lib/"
echo "int stat_value(void);" > "${COOKBOOK_STAGE}/usr/include/stat.h"
"""
[package]
dependencies = ["stat-data"]
EOF

mkdir -p "$CB/recipes/apps/greeter"
cat >"$CB/recipes/apps/greeter/main.c" <<'EOF'
#include <deep.h>
#include <devlib.h>
#include <greet.h>
#include <stat.h>
int main(void) { return greet() + deep() + stat_value() + devlib() == 50 ? 0 : 1; }
EOF
cat >"$CB/recipes/apps/greeter/tool.c" <<'EOF'
#include <deep.h>
int main(void) { return deep() == 2 ? 0 : 1; }
EOF
recipe apps/greeter <<'EOF'
[build]
template = "custom"
dependencies = ["greet", "stat", "unused"]
dev-dependencies = ["devlib"]
script = """
S="${COOKBOOK_SYSROOT}/usr"
flags=(-I"$S/include" -L"$S/lib" -Wl,-rpath-link,"$S/lib")
mkdir -p "${COOKBOOK_STAGE}/usr/bin" "${COOKBOOK_STAGE}/usr/lib/greeter"
cc "${flags[@]}" -o "${COOKBOOK_STAGE}/usr/bin/greeter" "${COOKBOOK_RECIPE}/main.c" \
    -lgreet -ldeep -ldevlib -Wl,-Bstatic -lstat -Wl,-Bdynamic
cc "${flags[@]}" -o "${COOKBOOK_STAGE}/usr/bin/greet-tool" "${COOKBOOK_RECIPE}/tool.c" -ldeep
cc "${flags[@]}" -shared -fPIC -o "${COOKBOOK_STAGE}/usr/lib/greeter/plugin.so" \
    "${COOKBOOK_RECIPE}/tool.c" -lgreet
# (strip would refuse it: only where there is no strip for the target)
if [ "${TARGET}" != "${COOKBOOK_HOST_TARGET}" ]; then
    printf '\\x7fELF\\x02\\x01\\x01' > "${COOKBOOK_STAGE}/usr/lib/greeter/damaged.so"
fi
"""
[package]
dependencies = ["extra"]
[[optional-packages]]
name = "tools"
files = ["usr/bin/greet-tool"]
EOF

ok cook-greeter cook greeter
T=$(stage_of greeter)
# The fixture links what it claims to.
readelf -d "$T/stage/usr/bin/greeter" | grep -q 'NEEDED.*libdevlib.so.1' || fail "fixture: greeter does not need libdevlib"
readelf -d "$T/stage/usr/bin/greeter" | grep -q 'NEEDED.*libstat' && fail "fixture: libstat is not static"
LD_LIBRARY_PATH="$T/sysroot/usr/lib" "$T/stage/usr/bin/greeter" || fail "fixture: greeter does not run"

grep -qx 'depends = \["extra", "deep", "greet", "stat-data", "unused-data"\]' "$(published greeter).toml" ||
    fail "greeter: depends are not recipe + dynamic (greet, deep via greet) + static (stat's, unused's)"
grep -qx 'depends = \["greeter", "deep"\]' "$(published greeter.tools).toml" ||
    fail "greeter.tools: its own needed library is not a dependency"
grep -qx 'depends = \["greet-data", "deep"\]' "$(published greet).toml" ||
    fail "greet: a library's needed library is not a dependency"
grep -qx 'depends = \[\]' "$(published deep).toml" || fail "deep: has dependencies"
cat >"$TEST_TMP/want-auto" <<'EOF'
packages = ["deep", "greet", "stat-data", "unused-data"]

[optional-packages.tools]
packages = ["deep"]
EOF
grep -v '^#' "$T/auto_deps.toml" | diff - "$TEST_TMP/want-auto" >/dev/null || {
    fail "auto_deps.toml is not as expected"
    cat "$T/auto_deps.toml"
}
LOG="$CB/build/logs/$TARGET/greeter.log"
grep -q "runtime dependency greet: it has libgreet.so.1, which usr/bin/greeter needs" "$LOG" ||
    fail "log: the reason for greet"
grep -q "runtime dependency stat-data: a runtime dependency of stat" "$LOG" ||
    fail "log: the reason for stat-data"
grep -q "note: usr/bin/greeter needs libdevlib.so.1, which no build dependency's package has" "$LOG" ||
    fail "log: a dev-dependency's library is not noted as unprovided"
grep -q "usr/lib/greeter/damaged.so: damaged ELF file" "$LOG" || fail "log: the damaged ELF file is not noted"
grep -q "needs libc.so.6" "$LOG" && fail "log: the C library is noted"

# A change of a statically linked dependency's runtime dependencies reaches its dependents.
ok cook-noop cook greeter
cooked cook-noop 0
sed -i 's/dependencies = \["stat-data"\]/dependencies = ["stat-data", "more-data"]/' \
    "$CB/recipes/libs/stat/recipe.toml"
ok cook-stat-deps cook greeter
has cook-stat-deps "cook greeter: done"
grep -qx 'depends = \["extra", "deep", "greet", "more-data", "stat-data", "unused-data"\]' \
    "$(published greeter).toml" || fail "greeter: the new runtime dependency of stat is missing"

# Host builds have no runtime dependencies (their packages are never installed on the target).
ok cook-host cook host:greeter
grep -qx 'depends = \["extra"\]' "$(stage_of greeter "$HOST_TRIPLE")/stage.toml" ||
    fail "host:greeter: runtime dependencies were added"

finish
