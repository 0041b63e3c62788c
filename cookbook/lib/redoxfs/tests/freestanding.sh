#!/usr/bin/env bash
# The RedoxFS core builds without any C library (only the compiler's own headers) with gcc
# and clang, and needs nothing from outside but the three shim functions of core/shim.h.
set -euo pipefail
cd "${ROOT:?}"
out=${TEST_TMP:?}/freestanding
mkdir -p "$out"
status=0
for cc in gcc clang; do
    command -v $cc >/dev/null || continue
    inc=$($cc -print-file-name=include)
    [[ $cc == clang ]] && inc=$(clang -print-resource-dir)/include
    objs=()
    for src in cookbook/lib/redoxfs/core/*.c; do
        obj=$out/$cc-$(basename "$src" .c).o
        $cc -std=c17 -O2 -ffreestanding -fno-builtin -nostdinc -isystem "$inc" -Icookbook/lib \
            -Wall -Wextra -Werror -c "$src" -o "$obj"
        objs+=("$obj")
    done
    ld -r -o "$out/$cc-core.o" "${objs[@]}"
    # _GLOBAL_OFFSET_TABLE_ comes from the linker itself, not from a library.
    undefined=$(nm -u "$out/$cc-core.o" | awk '$2 != "_GLOBAL_OFFSET_TABLE_" {print $2}' | sort | tr '\n' ' ')
    if [[ $undefined != "rfs_shim_alloc rfs_shim_free rfs_shim_now " ]]; then
        echo "FAIL ($cc): the core needs more than the shim: $undefined"
        status=1
    else
        echo "ok ($cc): only the shim is needed"
    fi
done
exit $status
