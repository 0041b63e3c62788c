#!/usr/bin/env bash
# Host test of coreutils: builds every program with the host gcc under ASan and UBSan and runs
# each case twice on copies of one fixture tree, once with our programs first on PATH and once
# with GNU coreutils (util-linux's more), comparing standard output, exit status and the tree
# left behind (types, modes, link counts, sizes, link targets, contents); cases marked so
# compare standard error too. ps and uname -v are not compared (their answers differ by
# design). Env: TEST_TMP (work directory).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=${TEST_TMP:-$(mktemp -d)}
mkdir -p "$work"
work=$(cd "$work" && pwd)
ours=$work/bin
export LC_ALL=C TZ=UTC
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
umask 022

make -s -C "$here/.." O="$ours" CC=gcc \
    CFLAGS="-O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all" -j2 >"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; echo "FAIL: the host build failed" >&2; exit 1; }

fixture=$work/fixture
rm -rf "$fixture"
mkdir -p "$fixture/d/sub" "$fixture/empty" "$fixture/sticky"
printf 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\nten\neleven\ntwelve\n' >"$fixture/f1"
printf 'alpha beta\n\tgamma  delta\n\nepsilon\n' >"$fixture/f2"
printf 'no newline at the end\nlast' >"$fixture/noeol"
head -c 123456 /dev/zero | tr '\0' 'x' >"$fixture/big"
printf '#!/bin/sh\necho run\n' >"$fixture/exec"
printf 'a\n' >"$fixture/d/a.txt"
printf 'bb\n' >"$fixture/d/b.txt"
printf 'hidden\n' >"$fixture/d/.hidden"
printf 'x\n' >"$fixture/d/sub/x"
printf 'y\n' >"$fixture/d/sub/y"
ln -s f1 "$fixture/link"
ln -s missing-target "$fixture/dangling"
chmod 0755 "$fixture/exec"
chmod 0600 "$fixture/f2"
chmod 4755 "$fixture/d/sub/x"
chmod 1777 "$fixture/sticky"
touch -d '2000-01-02 03:04:05' "$fixture/noeol"
# Fixed times everywhere else: within the last six months, so ls shows the hour.
recent=$(date -d '-3 days' '+%Y-%m-%d 12:34:56')
find "$fixture" -mindepth 1 ! -name noeol -exec touch -h -d "$recent" {} +
touch -d "$recent" "$fixture"

# The state a case leaves: every path's type, mode, link count, size, link target and content.
snapshot() {
    (cd "$1" && find . -mindepth 1 -printf '%y %m %n %s %p -> %l\n' | sort &&
        find . -type f -exec md5sum {} + | sort -k 2)
}

passed=0
failed=0
# run_case NAME WITH_STDERR SCRIPT: SCRIPT (bash, in a copy of the fixture) with our programs
# and with GNU's; the work directory's path is replaced by DIR in the outputs.
run_case() {
    local name=$1 with_stderr=$2 script=$3 side
    for side in ours gnu; do
        local dir=$work/cases/$side
        rm -rf "$dir"
        cp -a "$fixture" "$dir"
        local path=$PATH
        [[ $side == ours ]] && path=$ours:$PATH
        # The shell's own echo, kill, pwd, true and false would hide the programs.
        (cd "$dir" && PATH=$path bash -c "enable -n echo kill pwd true false; $script" \
            >"$work/cases/$side.out" 2>"$work/cases/$side.err") && status=0 || status=$?
        {
            echo "status $status"
            sed "s#$dir#DIR#g" "$work/cases/$side.out"
            if [[ $with_stderr == stderr ]]; then
                echo "-- stderr"
                sed "s#$dir#DIR#g" "$work/cases/$side.err"
            fi
            echo "-- tree"
            snapshot "$dir"
        } >"$work/cases/$side.result"
        if grep -q 'runtime error\|AddressSanitizer\|LeakSanitizer' "$work/cases/$side.err"; then
            echo "FAIL - $name: sanitizer report"
            cat "$work/cases/$side.err"
            failed=$((failed + 1))
            return
        fi
    done
    if diff -u "$work/cases/gnu.result" "$work/cases/ours.result" >"$work/cases/diff"; then
        echo "ok - $name"
        passed=$((passed + 1))
    else
        echo "FAIL - $name (- GNU, + ours)"
        cat "$work/cases/diff"
        failed=$((failed + 1))
    fi
}
same() { run_case "$1" stdout "$1"; }
same_with_errors() { run_case "$1" stderr "$1"; }

mkdir -p "$work/cases"
# ls
same 'ls'
same 'ls -a'
same 'ls -1 d'
same 'ls -a d'
same 'ls -l'
same 'ls -la d'
same 'ls -l d/sub sticky'
same 'ls -R'
same 'ls -laR d'
same 'ls f1 d empty link'
same 'ls -l link dangling'
same 'ls -a empty'
same_with_errors 'ls missing f1'
# cat
same 'cat f1 f2 noeol'
same 'cat - < f2'
same 'cat f1 - f2 < noeol'
same_with_errors 'cat missing f1'
# echo, true, false, pwd, env
same 'echo a b  c; echo -n x y; echo; echo "-- z"'
same 'true; echo $?; false; echo $?'
same 'cd d/sub && pwd'
same 'env -i A=1 B="two words"'
same 'env -i X=1 env'
same 'X=1 Y=2 env -u X | grep "^[XY]="'
same 'env -i nonexistent-command-xyz; echo $?'
# head, tail, wc
same 'head f1; head -n 3 f1; head -c 5 f1; head -n 2 f1 f2; head -n 1 < f2; head -n 0 f1'
same 'tail f1; tail -n 3 f1; tail -n +11 f1; tail -c 7 f1; tail -c +5 f2; tail -n 2 f1 f2'
same 'tail -n 1 noeol; tail -n 2 noeol; tail -n 0 f1; cat f1 | tail -n 2'
same 'wc f1; wc -l f1; wc -w f1 f2; wc -c f1 f2 big noeol; wc < f2; cat f1 | wc; cat f1 | wc -l'
same_with_errors 'wc -l missing f1'
# mkdir, rmdir
same 'mkdir n1 && mkdir -p p/q/r && mkdir -p p/q && mkdir -m 700 m'
same_with_errors 'mkdir d'
same 'rmdir empty && mkdir -p a/b/c && rmdir -p a/b/c'
same_with_errors 'rmdir d'
# cp
same 'cp f1 copy && cp f1 f2 d && cp exec exec2 && cp -r d d2 && cp -r d empty'
same 'cp -r d/sub d/copy && cp link copied-link && cp -r d/sub/ d/sub2/'
same_with_errors 'cp d d3'
# GNU copies once and then complains; we refuse at once (the tree is left out of the comparison).
same_with_errors 'cp -r d d/inside; echo $?; rm -rf d/inside'
same_with_errors 'cp f1 f1'
# mv
same 'mv f1 g1 && mv f2 noeol d && mv d/sub empty/ && mv empty e'
same_with_errors 'mv missing x'
# rm
same 'rm f1 && rm -r d && rm -f missing && rm -rf empty sticky link'
same_with_errors 'rm missing'
same_with_errors 'rm d'
same_with_errors 'rm -r .'
# ln
same 'ln -s f1 l1 && ln -s f2 d && ln -s ../f1 d/sub/up && ln f1 hard'
same_with_errors 'ln -s f1 f2'
same 'ln -sf f2 link'
# touch
same 'touch new1 new2 && touch -c nothere'
# chmod
same 'chmod 640 f1 && chmod u+x,go-r f2 && chmod -R go-rwx d && chmod a=r noeol && chmod +x big'
same 'chmod 4755 f1 && chmod o+t d && chmod u-s d/sub/x && chmod g+s,o-x exec && chmod a-w,u+w big'
same 'chmod bogus f1; echo $?'
# sleep, kill
same 'sleep 0.1 && sleep 0.05s && echo slept'
same 'sleep x; echo $?'
same 'sleep 10 & kill $!; wait $!; echo $?'
same 'sleep 10 & kill -s KILL $!; wait $!; echo $?'
same 'sleep 10 & kill -INT $!; wait $!; echo $?'
same 'sleep 10 & kill -9 $!; wait $!; echo $?'
same 'kill -l 15; kill -l 9'
same 'kill 99999999 2>/dev/null; echo $?'
# date
same 'date -u -d @0; date -d @1700000000 "+%Y-%m-%d %H:%M:%S %a %b %e %j %s"'
same 'date -u +%Y >/dev/null; echo $?'
# uname (its facts come from uname() on the host; -v and the hardware fields are left out)
same 'uname; uname -s; uname -n; uname -r; uname -m; uname -snrm'
# Where the reference programs differ by design: Debian's kill is procps' (no exit statuses
# for -l), util-linux's more prints file headers when not on a terminal (ours copies, as cat).
# expect NAME EXPECTED SCRIPT: our programs' standard output must be EXPECTED.
expect() {
    local got
    got=$(cd "$fixture" && PATH=$ours:$PATH bash -c "enable -n echo kill pwd true false; $3" 2>&1) || true
    if [[ $got == "$2" ]]; then
        echo "ok - $1"
        passed=$((passed + 1))
    else
        printf 'FAIL - %s\n--- expected\n%s\n--- got\n%s\n' "$1" "$2" "$got"
        failed=$((failed + 1))
    fi
}
expect 'kill -l names the signal of an exit status' $'TERM\nKILL' 'kill -l 143; kill -l 137'
expect 'more copies when its output is no terminal' 'same' 'more f1 f2 | cmp - <(cat f1 f2) && echo same'
expect 'more of standard input' 'same' 'more < f2 | cmp - f2 && echo same'

echo "coreutils host behaviour: $passed passed, $failed failed"
((failed == 0))
