#!/bin/sh
# Runs one in-OS check of a port under dash (on MACROHARD, from an /etc/init.d script of the
# image that tests/qemu-ports-text-tools.sh boots):
#   sh run_check.sh NAME DIR
# makes DIR (for the check's input files) the working directory, then sources NAME_check.sh
# from beside this script, whose checks call expect or report. Each check prints
# "NAME-check: ok - ..." or "NAME-check: FAIL - ..."; the last line is
# "NAME-check: N passed, N failed", and the exit status is 0 only when none failed.

check_name=$1
here=${0%/*}
[ "$here" != "$0" ] || here=.
here=$(cd "$here" && pwd)
{ mkdir -p "$2" && cd "$2"; } || { echo "$check_name-check: cannot use the directory '$2'"; exit 1; }
dir=$(pwd)
passed=0
failed=0

report() { # OK DESCRIPTION
    if [ "$1" = 0 ]; then
        echo "$check_name-check: ok - $2"
        passed=$((passed + 1))
    else
        echo "$check_name-check: FAIL - $2"
        failed=$((failed + 1))
    fi
}

# expect DESCRIPTION STATUS OUTPUT COMMAND...: COMMAND must print exactly OUTPUT on standard
# output and exit with STATUS.
expect() {
    description=$1 want_status=$2 want_output=$3
    shift 3
    output=$("$@" 2>"$dir/stderr")
    status=$?
    if [ "$status" = "$want_status" ] && [ "$output" = "$want_output" ]; then
        report 0 "$description"
    else
        report 1 "$description (status $status, output '$output', stderr '$(cat "$dir/stderr")')"
    fi
}

# shellcheck source=/dev/null
. "$here/${check_name}_check.sh"

echo "$check_name-check: $passed passed, $failed failed"
[ "$failed" = 0 ]
