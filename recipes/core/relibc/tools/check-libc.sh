#!/usr/bin/env bash
# Checks a finished libc.a: no global symbol defined by two members (newlib and the system
# layer must not both provide a function: which one a program got would depend on link order),
# and every symbol its members use is defined in it or in libgcc (a missing system call would
# otherwise only show when some program links it).
#   check-libc.sh LIBC.A
set -euo pipefail
libc=$1
nm_tool=${NM_TOOL:-x86_64-unknown-redox-nm}
libgcc=$(gcc -print-libgcc-file-name)

defined=$("${nm_tool}" -A --defined-only "${libc}" 2>/dev/null |
          awk '$2 ~ /^[TDBRC]$/ {print $3}' | LC_ALL=C sort)
duplicates=$(printf '%s\n' "${defined}" | uniq -d)
status=0
if [ -n "${duplicates}" ]; then
    echo "check-libc: symbols defined more than once in ${libc}:" >&2
    for symbol in ${duplicates}; do
        echo "  ${symbol}: $("${nm_tool}" -A --defined-only "${libc}" 2>/dev/null |
                           awk -v s="${symbol}" '$3 == s && $2 ~ /^[TDBRC]$/ {print $1}' | tr '\n' ' ')" >&2
    done
    status=1
fi

available=$( ( "${nm_tool}" --defined-only "${libc}" "${libgcc}" 2>/dev/null |
               awk 'NF == 3 {print $3}'; echo _GLOBAL_OFFSET_TABLE_ ) | LC_ALL=C sort -u)
used=$("${nm_tool}" --undefined-only "${libc}" 2>/dev/null | awk '$1 == "U" {print $2}' |
       LC_ALL=C sort -u)
missing=$(LC_ALL=C comm -23 <(printf '%s\n' "${used}") <(printf '%s\n' "${available}"))
# _init and _fini come from crti.o; main from the program.
missing=$(printf '%s\n' "${missing}" | grep -vx -e _init -e _fini -e main -e '' || true)
if [ -n "${missing}" ]; then
    echo "check-libc: symbols used by ${libc} but defined nowhere: $(echo ${missing})" >&2
    status=1
fi
exit "${status}"
