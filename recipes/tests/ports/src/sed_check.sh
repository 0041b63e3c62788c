# shellcheck shell=sh disable=SC2154
# The checks of GNU sed on MACROHARD, sourced by run_check.sh (`sh run_check.sh sed DIR`,
# which provides expect and report, and runs this in DIR; dir is its absolute path): each runs
# sed on real files of the RedoxFS root and compares its output and exit status (and, for -i,
# the edited file and what its directory holds).

mkdir -p edit || exit 1
printf 'one\ntwo\nthree\nfour\nfive\n' >lines.txt
printf 'a-b-c-d\n' >dashes.txt

expect "s/// replaces the first match" 0 "a+b-c-d" sed 's/-/+/' dashes.txt
expect "s///g replaces every match" 0 "a+b+c+d" sed 's/-/+/g' dashes.txt
expect "s///2 replaces only the second match" 0 "a-b+c-d" sed 's/-/+/2' dashes.txt
expect "-n with p prints only the addressed line" 0 "two" sed -n 2p lines.txt
expect "s///p with -n prints only the lines it changed" 0 "thrEE" sed -n 's/ee/EE/p' lines.txt
expect "a line-number range" 0 "two
three
four" sed -n 2,4p lines.txt
expect "a /regex/ address" 0 "two
three" sed -n '/^t/p' lines.txt
expect "a /regex/,/regex/ range" 0 "two
three
four" sed -n '/two/,/four/p' lines.txt
expect "\$ addresses the last line" 0 "five" sed -n '$p' lines.txt
expect "d deletes the lines a /regex/ matches" 0 "three
five" sed '/o/d' lines.txt
expect "d over N,\$ keeps only the first lines" 0 "one" sed '2,$d' lines.txt
expect "a appends a line after the addressed one" 0 "one
two
after
three
four
five" sed '2a after' lines.txt
expect "i inserts a line before the addressed one" 0 "before
one" sed -n '1{i before
p}' lines.txt
expect "c changes a range into one line" 0 "one
changed
five" sed '2,4c changed' lines.txt
expect "y transliterates characters" 0 "ONE" sed -n 'y/one/ONE/;1p' lines.txt
expect "-E groups and back-references in the replacement" 0 "smith, john" \
    sh -c "echo 'john smith' | sed -E 's/([a-z]+) ([a-z]+)/\\2, \\1/'"
expect "a back-reference in a basic regular expression" 0 "three" sed -n '/\(e\)\1/p' lines.txt
expect "several -e scripts run in order" 0 "1
2
three" sed -e 's/one/1/' -e 's/two/2/' -e 3q lines.txt
printf '# every line number, then the odd lines only\n=\n2~2d\ns/^f/F/\n' >script.sed
expect "-f reads the script from a file" 0 "1
one
2
3
three
4
5
Five" sed -f script.sed lines.txt

# -i on a file of the RedoxFS root: the file is rewritten, its directory holds nothing more
# (sed writes a temporary file beside it and renames it over the original).
printf 'alpha\nbeta\ngamma\n' >edit/words.txt
expect "-i edits a file in place, printing nothing" 0 "" sed -i 's/beta/BETA/;$a delta' edit/words.txt
expect "-i: the file holds the edited text" 0 "alpha
BETA
gamma
delta" cat edit/words.txt
expect "-i: no temporary file is left in the directory" 0 "words.txt" ls edit
expect "-i.orig keeps the original under the suffix" 0 "words.txt
words.txt.orig" sh -c "sed -i.orig 1d edit/words.txt && ls edit"
expect "-i.orig: the backup holds the text before the edit" 0 "alpha
BETA
gamma
delta" cat edit/words.txt.orig

expect "standard input from a pipe" 0 "B" sh -c "printf 'a\nb\n' | sed -n '2s/b/B/p'"
expect "q exits with its exit code after printing the line" 5 "one
two" sed 2q5 lines.txt
expect "an unknown command: status 1, nothing printed" 1 "" sed k lines.txt
sed k lines.txt 2>"$dir/stderr"
case "$(cat "$dir/stderr")" in
    "sed: -e expression #1, char 1: unknown command: \`k'") report 0 "a bad script is explained on standard error" ;;
    *) report 1 "a bad script is explained on standard error (stderr '$(cat "$dir/stderr")')" ;;
esac
expect "an unterminated s command: status 1" 1 "" sed 's/a/b' lines.txt
expect "a missing input file: status 2, the other files still read" 2 "five" sed -n '$p' no-such-file lines.txt
sed p no-such-file 2>"$dir/stderr"
case "$(cat "$dir/stderr")" in
    "sed: can't read no-such-file: No such file or directory") report 0 "a missing file is named on standard error" ;;
    *) report 1 "a missing file is named on standard error (stderr '$(cat "$dir/stderr")')" ;;
esac
