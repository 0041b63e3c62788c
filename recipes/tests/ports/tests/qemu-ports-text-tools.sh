#!/usr/bin/env bash
# Runs GNU grep (recipes/tools/gnu-grep) and GNU sed (recipes/tools/sed) inside MACROHARD on real
# files, in one boot: seeds the sources from Debian, builds the minimal image (`make all`, which
# holds grep, sed and dash), writes a variant of it with redox_installer whose /etc/init.d script
# runs ../src/grep_check.sh and then ../src/sed_check.sh under dash (through
# ../src/run_check.sh), boots it in QEMU (TCG, OVMF, NVMe) and reads the verdicts from the
# serial console: every check "ok", "grep-check: N passed, 0 failed" and
# "sed-check: N passed, 0 failed".
#   grep: plain matches, -i, -v, -c, -n, -E alternation, egrep, -r and -rl over a directory
#         tree on the RedoxFS root, standard input from a pipe, exit statuses 0, 1 and 2.
#   sed:  s/// with g and a number, -n with p, line/regex/range/$ addresses, d, a, i, c, y,
#         -E groups and back-references, several -e, -f, -i and -i.SUFFIX on a RedoxFS file
#         (its content, no temporary file left), a pipe, exit statuses 0, 1, 2 and q's code.
# Env: QEMU_TIMEOUT (seconds, default 240), OVMF, FSTOOLS_BIN (repo, redox_installer; default
# <repo>/build/fstools/bin), TEST_TMP (work directory), MAKE_JOBS (default 2).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"
require_tools repo redox_installer

# Each checked tool: its package, its check script in ../src, and the least number of checks
# that must pass (so that a check script cut short cannot pass).
tools_checked=(grep sed)
declare -A package=([grep]=gnu-grep [sed]=sed)
declare -A least_checks=([grep]=19 [sed]=31)

echo "== seeding the sources of the minimal image (grep and sed among them)"
seed_sources_or_skip

echo "== make all (the minimal image)"
run_logged "make all" "$work/build.log" make -C "$root" -j"${MAKE_JOBS:-2}" all
installed=$("$tools/redox_installer" --cookbook="$root" -c "$root/config/minimal.toml" --list-packages)
for tool in "${tools_checked[@]}"; do
    grep -qx "${package[$tool]}" <<<"$installed" || fail "config/minimal.toml does not install ${package[$tool]}"
done

# The minimal system plus the check scripts and an init script that runs them one after the
# other as root, then says so.
config=$work/text-tools-check.toml
echo "include = [\"$root/config/minimal.toml\"]" >"$config"
init_script=
for script in run_check "${tools_checked[@]/%/_check}"; do
    text=$(<"$here/../src/$script.sh")
    [[ $text != *"'''"* ]] || fail "$script.sh must not contain ''' (it goes into a TOML literal string)"
    printf '\n[[files]]\npath = "/usr/share/ports-check/%s.sh"\ndata = '"'''"'\n%s\n'"'''"'\n' \
        "$script" "$text" >>"$config"
done
for tool in "${tools_checked[@]}"; do
    init_script+="-run-wait /usr/bin/sh /usr/share/ports-check/run_check.sh $tool /tmp/$tool-check"$'\n'
done
cat >>"$config" <<EOF

[[files]]
path = "/etc/init.d/90-text-tools-check"
data = """
${init_script}echo text-tools-check: done
"""
EOF
disk=$work/text-tools-check.img
rm -f "$disk"
run_logged "redox_installer (the text-tools-check image)" "$work/installer.log" \
    "$tools/redox_installer" --cookbook="$root" -c "$config" "$disk"

drives=()
add_nvme_disk drives "$disk" MHTEXT
memory_mib=512 qemu_boot text-tools-check 'text-tools-check: done|KERNEL PANIC' "${drives[@]}"
log=$work/text-tools-check.serial.log
verdict=0
for tool in "${tools_checked[@]}"; do
    tr -d '\r' <"$log" | grep -a "$tool-check: FAIL" >&2 || true
    summary=$(tr -d '\r' <"$log" | grep -aoE "$tool-check: [0-9]+ passed, [0-9]+ failed" | tail -n 1 || true)
    summary=${summary#"$tool-check: "}
    if [[ $summary =~ ^([0-9]+)\ passed,\ 0\ failed$ ]] && ((BASH_REMATCH[1] >= least_checks[$tool])); then
        echo "PASS $tool on MACROHARD: $summary"
    else
        echo "FAIL $tool on MACROHARD: ${summary:-no summary line on the serial console}"
        verdict=1
    fi
done
if ((verdict != 0)); then
    show_log "$log"
    [[ $qemu_status == timeout ]] && echo "(not done within ${timeout_seconds} s: QEMU_TIMEOUT)"
    exit 1
fi
