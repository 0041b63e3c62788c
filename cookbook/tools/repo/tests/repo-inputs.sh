#!/usr/bin/env bash
# [build] inputs: files and trees outside the recipe directory that a build reads (relative to
# the recipe directory, or /path from the cookbook root) are part of its input hash, so a change
# there rebuilds it; another recipe's generated target/ and source/ are not inputs; a missing
# entry is an error at its position.
source "$(dirname "$0")/fixture.bash"

mkdir -p "$CB/recipes/core/kern/include" "$CB/lib/core"
echo "#define ABI 1" >"$CB/recipes/core/kern/include/abi.h"
echo "int core(void) { return 1; }" >"$CB/lib/core/core.c"
echo "1.0" >"$CB/lib/version.txt"
echo "unrelated" >"$CB/lib/other.c"
recipe core/kern <<'EOF'
[build]
template = "custom"
script = "mkdir -p ${COOKBOOK_STAGE}/boot && cp ${COOKBOOK_RECIPE}/include/abi.h ${COOKBOOK_STAGE}/boot/"
EOF
recipe core/loader <<'EOF'
# Built from files beside it and from the kernel's headers and a shared core.
[build]
template = "custom"
inputs = ["../kern/include", "/lib/core", "/lib/version.txt"]
script = """
mkdir -p "${COOKBOOK_STAGE}/usr/lib/boot"
cat "${COOKBOOK_RECIPE}/../kern/include/abi.h" "${COOKBOOK_ROOT}"/lib/core/* \
    "${COOKBOOK_ROOT}/lib/version.txt" > "${COOKBOOK_STAGE}/usr/lib/boot/loader"
"""
EOF
recipe core/whole <<'EOF'
[build]
template = "custom"
inputs = ["../kern"]
script = "mkdir -p ${COOKBOOK_STAGE}/usr && cat ${COOKBOOK_RECIPE}/../kern/include/abi.h > ${COOKBOOK_STAGE}/usr/abi"
EOF
LOADER="$(stage_of loader)/stage/usr/lib/boot/loader"

ok check-inputs check loader whole
ok cook-first cook loader whole
cooked cook-first 2
ok cook-noop cook loader whole
cooked cook-noop 0

echo "#define ABI 2" >"$CB/recipes/core/kern/include/abi.h"
ok cook-header cook loader whole
cooked cook-header 2
grep -q "ABI 2" "$LOADER" || fail "header change: the loader was not rebuilt with it"

echo "int core2(void) { return 2; }" >"$CB/lib/core/new.c"
ok cook-new-file cook loader
cooked cook-new-file 1
grep -q core2 "$LOADER" || fail "new file in an input tree: not rebuilt"

echo "1.1" >"$CB/lib/version.txt"
ok cook-single-file cook loader
cooked cook-single-file 1

echo "still unrelated" >"$CB/lib/other.c"
ok cook-unrelated cook loader whole
cooked cook-unrelated 0

# Cooking the kernel recipe makes its target/ and source/: outputs, not inputs of "whole".
ok cook-kern cook kern
[[ -d "$CB/recipes/core/kern/target" ]] || fail "kern: no target/"
ok cook-after-kern cook loader whole
cooked cook-after-kern 0
# But its sources are.
echo "# comment" >>"$CB/recipes/core/kern/recipe.toml"
ok cook-kern-recipe cook loader whole
cooked cook-kern-recipe 1
has cook-kern-recipe "cook whole: done"

# A missing input is an error pointing at the entry.
recipe core/broken-inputs <<'EOF'
[build]
template = "custom"
script = "true"
inputs = ["../kern/include",
          "/lib/gone"]
EOF
bad check-missing 1 check broken-inputs
has check-missing "broken-inputs/recipe.toml:5:11: inputs entry \"/lib/gone\" does not exist"
bad cook-missing 1 cook broken-inputs
has cook-missing "inputs entry \"/lib/gone\" does not exist"

finish
