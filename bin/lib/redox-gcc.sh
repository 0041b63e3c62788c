#!/usr/bin/env bash
# The C/C++ compiler driver for x86_64-unknown-redox: the host GCC (Debian's gcc 12) with the
# host system's headers, libraries and Linux personality replaced by a MACROHARD sysroot.
# Installed as bin/x86_64-unknown-redox-{gcc,cc,cpp,g++,c++} (symlinks to this file; the name
# picks the driver).
#
# Sysroot, first match: --sysroot=DIR / --sysroot DIR, $COOKBOOK_SYSROOT (set by the cook),
# $REDOX_SYSROOT, <repository>/build/x86_64-unknown-redox/sysroot. It holds usr/include and
# usr/lib (libc.a, libm.a, crt0.o, crti.o, crtn.o), as relibc's package installs them.
#
# Compiling: -nostdinc with GCC's own headers (stddef.h, stdarg.h, intrinsics...) and the
# sysroot's usr/include; __redox__ defined and the Linux macros removed; stack protection, if
# asked for, uses the global guard (there is no thread pointer for %fs:0x28).
# The host driver gets --sysroot too, so its default library directories are the sysroot's,
# never the host's /usr/lib.
# Linking: static, not PIE (the kernel loads ET_EXEC images), crt0.o crti.o crtbeginT.o ...
# -lc -lgcc crtend.o crtn.o; -nostdlib, -nostartfiles and -nodefaultlibs are honoured.
# Queries: -dumpmachine prints the triple, -print-multiarch nothing, -v alone shows GCC's
# configuration with the target replaced.
set -euo pipefail

triple=x86_64-unknown-redox
self=$(readlink -f "$0")
root=$(cd "$(dirname "$self")/../.." && pwd)
name=$(basename "$0")
driver=${name#"${triple}"-}

case "${driver}" in
    gcc | cc | cpp) host=${REDOX_HOST_CC:-gcc}; language=c ;;
    g++ | c++) host=${REDOX_HOST_CXX:-g++}; language=c++ ;;
    *) echo "${name}: unknown driver name '${driver}' (expected gcc, cc, cpp, g++ or c++)" >&2; exit 2 ;;
esac

sysroot=${COOKBOOK_SYSROOT:-${REDOX_SYSROOT:-${root}/build/${triple}/sysroot}}
args=()
expect_sysroot=0
for arg in "$@"; do
    if (( expect_sysroot )); then
        sysroot=${arg}
        expect_sysroot=0
        continue
    fi
    case "${arg}" in
        --sysroot=*) sysroot=${arg#--sysroot=} ;;
        --sysroot) expect_sysroot=1 ;;
        *) args+=("${arg}") ;;
    esac
done
if (( expect_sysroot )); then
    echo "${name}: --sysroot needs a directory" >&2
    exit 2
fi

# What the invocation does decides which flags apply.
link=1
inputs=0
startfiles=1
defaultlibs=1
only_query=
for arg in "${args[@]}"; do
    case "${arg}" in
        -c | -S | -E | -M | -MM | -fsyntax-only) link=0 ;;
        -nostdlib) startfiles=0; defaultlibs=0 ;;
        -nostartfiles) startfiles=0 ;;
        -nodefaultlibs) defaultlibs=0 ;;
        -shared)
            echo "${name}: shared libraries are not supported on ${triple} yet (link statically)" >&2
            exit 1 ;;
        -dumpmachine | -print-multiarch | -v | --version | -dumpversion | -dumpfullversion | \
            -print-* | --print-* | --help | --help=* | --target-help)
            only_query=${only_query:-${arg}} ;;
        -*) ;;
        *) inputs=$((inputs + 1)) ;;
    esac
done
if [ "${driver}" = cpp ]; then
    link=0
fi

if (( inputs == 0 )) && [ -n "${only_query}" ] && (( ${#args[@]} == 1 )); then
    case "${only_query}" in
        -dumpmachine) echo "${triple}"; exit 0 ;;
        -print-multiarch) echo; exit 0 ;;
        -v)
            "${host}" -v 2>&1 | sed "s/^Target: .*/Target: ${triple}/" >&2
            exit "${PIPESTATUS[0]}" ;;
    esac
fi

gcc_include=$("${host}" -print-file-name=include)
gcc_dir=$(dirname "$("${host}" -print-libgcc-file-name)")

compile_flags=(--sysroot="${sysroot}" -nostdinc -isystem "${gcc_include}" -isystem "${sysroot}/usr/include"
               -D__redox__ -U__linux__ -U__linux -Ulinux -U__gnu_linux__
               -fno-pie -mstack-protector-guard=global)
# Paths in debug info and __FILE__ relative to the cookbook (sources, build and sysroot all live
# under it), so that a checkout elsewhere builds the same bytes (make repro-check).
if [ -n "${COOKBOOK_ROOT:-}" ]; then
    compile_flags+=(-ffile-prefix-map="${COOKBOOK_ROOT%/}"=.)
fi
if [ "${language}" = c++ ]; then
    compile_flags=(-nostdinc++ "${compile_flags[@]}")
    for dir in "${sysroot}"/usr/include/c++/*; do
        [ -d "${dir}" ] && compile_flags=(-isystem "${dir}" "${compile_flags[@]}")
    done
fi
if [ "${driver}" = cpp ]; then
    exec "${host}" -E "${compile_flags[@]}" "${args[@]}"
fi
if (( link == 0 )) || (( inputs == 0 )); then
    exec "${host}" "${compile_flags[@]}" "${args[@]}"
fi

lib="${sysroot}/usr/lib"
begin=()
end=()
if (( startfiles )); then
    for crt in crt0.o crti.o; do
        if [ ! -f "${lib}/${crt}" ]; then
            echo "${name}: ${lib}/${crt} is missing: the sysroot '${sysroot}' has no relibc" \
                 "(cook relibc and install it there, or pass --sysroot)" >&2
            exit 1
        fi
    done
    begin=("${lib}/crt0.o" "${lib}/crti.o" "${gcc_dir}/crtbeginT.o")
    end=("${gcc_dir}/crtend.o" "${lib}/crtn.o")
fi
libs=()
if (( defaultlibs )); then
    if [ "${language}" = c++ ]; then
        libs=(-lstdc++)
    fi
    libs+=(-Wl,--start-group -lc -lgcc -Wl,--end-group)
fi
exec "${host}" "${compile_flags[@]}" -static -nostdlib "${begin[@]}" -L"${lib}" "${args[@]}" \
    "${libs[@]}" "${end[@]}" -no-pie -Wl,-z,max-page-size=0x1000 -Wl,-z,noexecstack
