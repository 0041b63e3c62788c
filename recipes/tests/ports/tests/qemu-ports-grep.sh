#!/usr/bin/env bash
# Runs GNU grep (recipes/tools/gnu-grep) inside MACROHARD on real files: seeds the sources from
# Debian, builds the minimal image (`make all`, which holds grep and dash), writes a variant of
# it with redox_installer whose /etc/init.d script runs ../src/grep_check.sh under dash (plain
# matches, -i, -v, -c, -n, -E alternation, egrep, -r and -rl over a directory tree on the
# RedoxFS root, standard input from a pipe, exit statuses 0, 1 and 2), boots it in QEMU (TCG,
# OVMF, NVMe) and reads the verdict from the serial console: every check "ok" and
# "grep-check: N passed, 0 failed".
# Env: QEMU_TIMEOUT (seconds, default 240), OVMF, FSTOOLS_BIN (repo, redox_installer; default
# <repo>/build/fstools/bin), TEST_TMP (work directory), MAKE_JOBS (default 2).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../../.." && pwd)
# shellcheck source=../../../../scripts/lib/qemu-test.bash
source "$root/scripts/lib/qemu-test.bash"
require_tools repo redox_installer

echo "== seeding the sources of the minimal image (grep among them)"
seed_status=0
FSTOOLS_BIN=$tools "$root/scripts/seed-sources" >"$work/seed.log" 2>&1 || seed_status=$?
if ((seed_status == 3)); then
    echo "SKIP: Debian's archive is unreachable, so the sources cannot be seeded (log: $work/seed.log)"
    exit 0
fi
((seed_status == 0)) || { cat "$work/seed.log" >&2; fail "scripts/seed-sources failed"; }

echo "== make all (the minimal image)"
run_logged "make all" "$work/build.log" make -C "$root" -j"${MAKE_JOBS:-2}" all
grep -q '^gnu-grep$' <("$tools/redox_installer" --cookbook="$root" -c "$root/config/minimal.toml" \
    --list-packages) || fail "config/minimal.toml does not install gnu-grep"

# The minimal system plus the check script and an init script that runs it as root.
config=$work/grep-check.toml
check_script=$(<"$here/../src/grep_check.sh")
[[ $check_script != *"'''"* ]] || fail "grep_check.sh must not contain ''' (it goes into a TOML literal string)"
cat >"$config" <<EOF
include = ["$root/config/minimal.toml"]

[[files]]
path = "/usr/share/grep-check/grep_check.sh"
data = '''
$check_script
'''

[[files]]
path = "/etc/init.d/90-grep-check"
data = """
run /usr/bin/sh /usr/share/grep-check/grep_check.sh /tmp/grep-check
"""
EOF
disk=$work/grep-check.img
rm -f "$disk"
run_logged "redox_installer (the grep-check image)" "$work/installer.log" \
    "$tools/redox_installer" --cookbook="$root" -c "$config" "$disk"

drives=()
add_nvme_disk drives "$disk" MHGREP
memory_mib=512 qemu_boot grep-check 'grep-check: [0-9]+ passed, [0-9]+ failed|KERNEL PANIC' "${drives[@]}"
log=$work/grep-check.serial.log
tr -d '\r' <"$log" | grep -a 'grep-check: FAIL' >&2 || true
summary=$(tr -d '\r' <"$log" | grep -aoE 'grep-check: [0-9]+ passed, [0-9]+ failed' | tail -n 1 || true)
if [[ $summary =~ ^grep-check:\ ([0-9]+)\ passed,\ 0\ failed$ ]] && ((BASH_REMATCH[1] >= 19)); then
    echo "PASS grep on MACROHARD: ${summary#grep-check: }"
else
    show_log "$log"
    [[ $qemu_status == timeout ]] && echo "(no summary within ${timeout_seconds} s: QEMU_TIMEOUT)"
    echo "FAIL grep on MACROHARD: ${summary:-no summary line on the serial console}"
    exit 1
fi
