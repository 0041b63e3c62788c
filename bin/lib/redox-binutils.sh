#!/usr/bin/env bash
# The binary utilities for x86_64-unknown-redox: MACROHARD's executables and objects are plain
# x86_64 ELF, so the host's GNU binutils (and GCC's LTO-aware ar/nm/ranlib) handle them as they
# are. Installed as bin/x86_64-unknown-redox-<tool> (symlinks to this file); the name picks the
# host tool.
set -euo pipefail

triple=x86_64-unknown-redox
name=$(basename "$0")
tool=${name#"${triple}"-}
case "${tool}" in
    ar | as | nm | objcopy | objdump | ranlib | readelf | strip | size | strings | addr2line | \
        c++filt | elfedit | gcc-ar | gcc-nm | gcc-ranlib)
        exec "${tool}" "$@" ;;
    ld | ld.bfd)
        # The default emulation of the host ld is x86_64 ELF; static executables only.
        exec "${tool}" -m elf_x86_64 "$@" ;;
    *)
        echo "${name}: unknown tool '${tool}'" >&2
        exit 2 ;;
esac
