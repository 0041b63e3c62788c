#!/usr/bin/env bash
# Task logs: builds and fetches run on a pseudo-terminal, so tools colour their output and draw
# progress lines as for a user; build/logs/... keep it as plain text (escapes removed, a redrawn
# line as last drawn). The live status line on the user's terminal stays as it was, nothing of
# the build's output leaks onto it, and a background process holding the terminal does not
# hold up the cook.
source "$(dirname "$0")/fixture.bash"
export TERM=xterm

recipe apps/colours <<'EOF'
[build]
template = "custom"
script = """
if [ -t 1 ] && [ -t 2 ]; then
    printf '\\033[1;32mgreen\\033[0m on a terminal\\n'
    printf 'on stderr: \\033[31mred\\033[0m\\n' >&2
else
    echo "not a terminal"
fi
for i in 1 2 3; do printf '\\rprogress %d/3' "$i"; sleep 0.1; done
printf '\\n'
printf '[1/2] compiling\\r\\033[K[2/2] linking done\\n'
printf '\\033]0;a window title\\007title gone\\n'
echo "terminal size: $(stty size <&2)"
if (exec 3</dev/tty) 2>/dev/null; then echo "has a controlling terminal"; else echo "no controlling terminal"; fi
echo "pager: ${PAGER} ${GIT_PAGER}"
mkdir -p "${COOKBOOK_STAGE}/usr/share"
echo ok > "${COOKBOOK_STAGE}/usr/share/colours"
"""
EOF
ok cook-colours cook colours
LOG="$CB/build/logs/$TARGET/colours.log"
for line in "green on a terminal" "on stderr: red" "progress 3/3" "[2/2] linking done" "title gone" \
    "no controlling terminal" "pager: cat cat"; do
    grep -qxF -- "$line" "$LOG" || fail "log: no line '$line'"
done
grep -q "not a terminal" "$LOG" && fail "log: the build did not run on a terminal"
grep -q '^terminal size: [1-9][0-9]* [1-9][0-9]*$' "$LOG" || fail "log: the terminal has no size"
grep -q $'\033' "$LOG" && fail "log: escape sequences left"
grep -q $'\r' "$LOG" && fail "log: carriage returns left"
grep -q "progress 1/3" "$LOG" && fail "log: a redrawn progress line kept its old states"
grep -q "^building colours (custom template)" "$LOG" || fail "log: the cook's own lines are missing"

# A failure's log tail in the summary is clean text too.
recipe apps/failing <<'EOF'
[build]
template = "custom"
script = "printf '\\033[1;31merror:\\033[0m something broke\\n'; exit 2"
EOF
bad cook-failing 1 cook failing
has cook-failing "    error: something broke"
grep -q $'\033' "$out" && fail "summary: escape sequences in the log tail"
grep -qxF "error: something broke" "$CB/build/logs/$TARGET/failing.log" || fail "failing: log"

# Fetches run on a terminal too: git's progress output ends up as text.
git_repo logsrc "a.txt=a"
recipe apps/gitlog <<EOF
[source]
git = "file://$UP/logsrc"
[build]
template = "custom"
script = "mkdir -p \${COOKBOOK_STAGE}/usr && cp \${COOKBOOK_SOURCE}/a.txt \${COOKBOOK_STAGE}/usr/"
EOF
ok fetch-gitlog fetch gitlog
FLOG="$CB/build/logs/fetch/gitlog.log"
grep -q "Cloning into" "$FLOG" || fail "fetch log: git's output is missing"
grep -q $'[\r\033]' "$FLOG" && fail "fetch log: not plain text"

# A background process that keeps the terminal open does not hold up the cook.
recipe apps/daemon <<'EOF'
[build]
template = "custom"
script = """
sleep 60 &
echo $! > "@TMP@/daemon.pid"
echo started
mkdir -p "${COOKBOOK_STAGE}/usr" && touch "${COOKBOOK_STAGE}/usr/daemon"
"""
EOF
sed -i "s|@TMP@|$TEST_TMP|" "$CB/recipes/apps/daemon/recipe.toml"
rc=0
timeout 30 "$REPO" --cookbook="$CB" cook daemon >"$TEST_TMP/daemon.out" 2>&1 || rc=$?
[[ $rc == 0 ]] || { fail "daemon: cook exit status $rc"; cat "$TEST_TMP/daemon.out"; }
grep -qx "started" "$CB/build/logs/$TARGET/daemon.log" || fail "daemon: log"
[[ -s "$TEST_TMP/daemon.pid" ]] && kill "$(cat "$TEST_TMP/daemon.pid")" 2>/dev/null

# On the user's terminal: the status line as before, and none of the build's output.
if command -v script >/dev/null; then
    ok clean-colours clean colours
    script -qec "'$REPO' --cookbook='$CB' cook colours" /dev/null >"$TEST_TMP/tty.out" 2>&1 ||
        fail "tty: cook failed"
    grep -q $'\r\033\\[K' "$TEST_TMP/tty.out" || fail "tty: no status line"
    grep -q "\\[0/1\\]  *building colours" "$TEST_TMP/tty.out" || fail "tty: status line lacks progress"
    grep -q "green on a terminal" "$TEST_TMP/tty.out" && fail "tty: the build's output reached the terminal"
    grep -qxF "green on a terminal" "$LOG" || fail "tty: log"
fi

finish
