#!/usr/bin/env bash
# Benchmark: how long the minimal image (`make all`) takes in QEMU (q35, TCG, OVMF, NVMe, 512
# MiB) from QEMU's start to init's first line and to the RedoxFS root mounted (redoxfsd's line),
# against the reference of the same run: OVMF alone (Debian's ovmf package, no disk) from
# QEMU's start to its UEFI shell prompt. Both include OVMF's own start; OVMF alone also waits
# out its 5 s startup.nsh countdown before the prompt. The runs alternate; medians of BOOT_RUNS
# (default 3) each. Serial output is read from a pipe and each line is timestamped as it
# arrives (the prompt, which has no newline, within 20 ms); QEMU is stopped once the last
# marker has come.
# Env: ROOT (the checkout), BENCH_TMP (scratch), OVMF, BOOT_RUNS, BOOT_TIMEOUT (seconds per
# run, default 240).
set -euo pipefail
root=${ROOT:-$(cd "$(dirname "$0")/../../../.." && pwd)}
work=${BENCH_TMP:?BENCH_TMP is required}/boot-time
ovmf=${OVMF:-/usr/share/ovmf/OVMF.fd}
runs=${BOOT_RUNS:-3}
timeout_seconds=${BOOT_TIMEOUT:-240}
command -v qemu-system-x86_64 >/dev/null || { echo "qemu-system-x86_64 is missing" >&2; exit 1; }
[[ -f $ovmf ]] || { echo "no OVMF at $ovmf (Debian's ovmf package)" >&2; exit 1; }
rm -rf "$work" && mkdir -p "$work"

make -C "$root" --no-print-directory all CONFIG_NAME=minimal >"$work/build.log" 2>&1 ||
    { tail -n 30 "$work/build.log" >&2; echo "make all failed" >&2; exit 1; }
image=$root/build/x86_64/minimal/harddrive.img

# watch START OUT LOG MARKER...: reads serial output on stdin as it arrives, copies it to LOG
# and writes "SECONDS" lines to OUT, one per marker (extended regexes, in the order they are
# expected), the time since START ($EPOCHREALTIME) when the marker first showed; stops after
# the last marker or at end of input.
watch() {
    local start=$1 out=$2 log=$3
    shift 3
    local markers=("$@") next=0 line="" piece rc now
    : >"$out"
    while ((next < ${#markers[@]})); do
        piece=""
        if IFS= read -r -t 0.02 piece; then
            rc=0
        else
            rc=$?
        fi
        now=$EPOCHREALTIME
        line+=$piece
        if ((rc == 0 || rc > 128)); then
            while ((next < ${#markers[@]})) && [[ $line =~ ${markers[$next]} ]]; do
                awk -v a="$start" -v b="$now" 'BEGIN { printf "%.3f\n", b - a }' >>"$out"
                next=$((next + 1))
            done
            if ((rc == 0)); then
                printf '%s\n' "$line" >>"$log"
                line=""
            fi
        else
            printf '%s' "$line" >>"$log"
            break # end of input
        fi
    done
}

# run NAME OUT MARKERS... -- QEMU ARGS...: one timed QEMU run; fails if a marker never came.
run() {
    local name=$1 out=$2
    shift 2
    local markers=()
    while [[ $1 != -- ]]; do markers+=("$1"); shift; done
    shift
    local log=$work/$name.log start
    : >"$log"
    start=$EPOCHREALTIME
    coproc QEMU { exec timeout "$timeout_seconds" qemu-system-x86_64 -machine q35 -cpu max -m 512 \
        -bios "$ovmf" -display none -monitor none -nic none -no-reboot -serial stdio "$@" \
        </dev/null 2>"$work/$name.err"; }
    local pid=$QEMU_PID
    watch "$start" "$out" "$log" "${markers[@]}" <&"${QEMU[0]}"
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if (($(wc -l <"$out") < ${#markers[@]})); then
        echo "$name: only $(wc -l <"$out") of ${#markers[@]} markers within ${timeout_seconds} s; serial log:" >&2
        tr -d '\r' <"$log" | tail -n 40 >&2
        exit 1
    fi
}

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

: >"$work/shell.times" && : >"$work/init.times" && : >"$work/root.times"
for ((i = 1; i <= runs; i++)); do
    run "ovmf-$i" "$work/t" 'Shell>' --
    cat "$work/t" >>"$work/shell.times"
    cp "$image" "$work/disk.img"
    run "boot-$i" "$work/t" 'init: hello from user space' 'redoxfsd: RedoxFS on' -- \
        -drive "file=$work/disk.img,format=raw,if=none,id=drv0" -device nvme,drive=drv0,serial=BENCH
    sed -n 1p "$work/t" >>"$work/init.times"
    sed -n 2p "$work/t" >>"$work/root.times"
done
shell=$(median <"$work/shell.times")
init=$(median <"$work/init.times")
mounted=$(median <"$work/root.times")
awk -v s="$shell" -v i="$init" -v r="$mounted" -v n="$runs" 'BEGIN {
    printf "boot-time: OVMF alone (no disk) to its UEFI shell prompt: %.2f s (reference; median of %d)\n", s, n
    printf "boot-time: QEMU start to init'"'"'s first line:  %.2f s = %.2fx the reference\n", i, i / s
    printf "boot-time: QEMU start to the root mounted:  %.2f s = %.2fx the reference\n", r, r / s
}'
rm -f "$work/disk.img"
