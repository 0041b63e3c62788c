# shellcheck shell=sh disable=SC2154
# The checks of GNU grep on MACROHARD, sourced by run_check.sh (`sh run_check.sh grep DIR`,
# which provides expect and report, and runs this in DIR; dir is its absolute path): each runs
# grep on real files of the RedoxFS root and compares its output and exit status.

mkdir -p tree/sub || exit 1
printf 'apple pie\nBanana split\ncherry tart\nAPPLE juice\ndate\n' >fruits.txt
printf 'needle one\nhay\n' >tree/a.txt
printf 'hay\nneedle two\n' >tree/sub/b.txt
printf 'only hay\n' >tree/sub/c.txt

expect "a plain match prints the matching line, status 0" 0 "apple pie" grep apple fruits.txt
expect "-i ignores case" 0 "apple pie
APPLE juice" grep -i apple fruits.txt
expect "-v prints the lines that do not match" 0 "Banana split
cherry tart
APPLE juice
date" grep -v apple fruits.txt
expect "-c counts the matching lines" 0 "2" grep -ci apple fruits.txt
expect "-n numbers the lines" 0 "3:cherry tart" grep -n cherry fruits.txt
expect "-E takes alternation" 0 "apple pie
cherry tart" grep -E 'pie|tart' fruits.txt
expect "egrep (a #! script run by the shell) is grep -E" 0 "apple pie
cherry tart" egrep 'pie|tart' fruits.txt
expect "a basic regular expression with an anchor and a bracket" 0 "date" grep '^d[a-z]*e$' fruits.txt
expect "-w matches whole words" 1 "" grep -w appl fruits.txt
expect "standard input from a pipe" 0 "2:b" sh -c "printf 'a\nb\nc\n' | grep -n b"
expect "-c with several files names each" 0 "fruits.txt:1
tree/a.txt:0" grep -c pie fruits.txt tree/a.txt

# -r: the order of files follows the directory listing, so either order is right.
output=$(grep -r needle tree 2>"$dir/stderr")
status=$?
case "$status:$output" in
    "0:tree/a.txt:needle one
tree/sub/b.txt:needle two" | "0:tree/sub/b.txt:needle two
tree/a.txt:needle one") report 0 "-r searches a directory tree" ;;
    *) report 1 "-r searches a directory tree (status $status, output '$output', stderr '$(cat "$dir/stderr")')" ;;
esac
output=$(cd tree && grep -rl hay . 2>"$dir/stderr")
status=$?
lines=$(echo "$output" | wc -l)
case "$status:$lines:$output" in
    0:3:*./a.txt*) case "$output" in *./sub/b.txt*./sub/c.txt* | *./sub/c.txt*./sub/b.txt*) ok=0 ;; *) ok=1 ;; esac ;;
    *) ok=1 ;;
esac
description="-rl lists each file of the tree with a match once"
[ "$ok" = 0 ] || description="$description (status $status, output '$output')"
report "$ok" "$description"

expect "no match: status 1 and no output" 1 "" grep kiwi fruits.txt
expect "-q with a match: status 0 and no output" 0 "" grep -q cherry fruits.txt
expect "a missing file: status 2" 2 "" grep apple no-such-file
grep apple no-such-file 2>"$dir/stderr"
case "$(cat "$dir/stderr")" in
    "grep: no-such-file: No such file or directory") report 0 "a missing file is named on standard error" ;;
    *) report 1 "a missing file is named on standard error (stderr '$(cat "$dir/stderr")')" ;;
esac
expect "an invalid regular expression: status 2" 2 "" grep -E 'a(' fruits.txt
expect "an error in one file and a match in another: status 2 with the match printed" 2 "fruits.txt:apple pie" \
    grep apple fruits.txt no-such-file
