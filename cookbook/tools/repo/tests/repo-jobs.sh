#!/usr/bin/env bash
# Parallel cooking: builds overlap up to the job budget (-j, or make's jobserver when repo runs
# under make), build scripts' make joins the same budget, and the make targets of mk/cook.mk.
source "$(dirname "$0")/fixture.bash"

TRACE="$TEST_TMP/trace"
# Three independent recipes whose builds take a moment and log when they start and end.
for n in p1 p2 p3; do
recipe par/$n <<EOF
[build]
template = "custom"
script = """
echo "start $n" >> "$TRACE"
sleep 0.6
echo "end $n" >> "$TRACE"
mkdir -p "\${COOKBOOK_STAGE}/usr/share" && echo $n > "\${COOKBOOK_STAGE}/usr/share/$n"
"""
EOF
done
# The most builds that ran at the same time, from the trace.
max_parallel() {
    awk '/^start/ { n++; if (n > max) max = n } /^end/ { n-- } END { print max }' "$TRACE"
}

: >"$TRACE"
ok jobs-1 cook -j1 p1 p2 p3
[[ $(max_parallel) == 1 ]] || fail "-j1: $(max_parallel) builds at once"
ok clean-1 clean p1 p2 p3
: >"$TRACE"
ok jobs-2 cook -j2 p1 p2 p3
[[ $(max_parallel) == 2 ]] || fail "-j2: $(max_parallel) builds at once, expected 2"
ok clean-2 clean p1 p2 p3
: >"$TRACE"
ok jobs-3 cook -j3 p1 p2 p3
[[ $(max_parallel) == 3 ]] || fail "-j3: $(max_parallel) builds at once, expected 3"
ok clean-3 clean p1 p2 p3

# Under make -j2, repo is a client of make's jobserver: one job is repo's own, one more comes
# from make's pool, so two builds at a time whatever -j repo would pick by itself.
cat >"$TEST_TMP/under-make.mk" <<EOF
all:
	+"$REPO" --cookbook="$CB" cook p1 p2 p3
EOF
: >"$TRACE"
make -s -j2 -f "$TEST_TMP/under-make.mk" >"$TEST_TMP/under-make.out" 2>&1 || fail "under make: failed"
[[ $(max_parallel) == 2 ]] || fail "under make -j2: $(max_parallel) builds at once, expected 2"
grep -q "warning" "$TEST_TMP/under-make.out" && fail "under make: $(cat "$TEST_TMP/under-make.out")"
ok clean-4 clean p1 p2 p3

# Without '+', make does not pass the jobserver on: repo says so and uses its own budget.
cat >"$TEST_TMP/no-plus.mk" <<EOF
all:
	"$REPO" --cookbook="$CB" cook -j2 p1
EOF
make -s -j2 -f "$TEST_TMP/no-plus.mk" >"$TEST_TMP/no-plus.out" 2>&1 || fail "no plus: failed"
grep -q "jobserver .* cannot be used" "$TEST_TMP/no-plus.out" || fail "no plus: no warning"
ok clean-5 clean p1

# A build script's make draws from the same pool: with a budget of 2 and one build running,
# its make -j8 still runs at most 2 jobs at once.
mkdir -p "$CB/local/par"
cat >"$CB/local/par/Makefile" <<'EOF'
all: a b c d
a b c d:
	@echo "start $@" >> "$(TRACE)"; sleep 0.3; echo "end $@" >> "$(TRACE)"
EOF
recipe par/submake <<EOF
[source]
path = "local/par"
[build]
template = "custom"
script = """
make -j8 -f "\${COOKBOOK_SOURCE}/Makefile" TRACE="$TRACE"
mkdir -p "\${COOKBOOK_STAGE}/usr" && touch "\${COOKBOOK_STAGE}/usr/done"
"""
EOF
: >"$TRACE"
ok jobs-submake cook -j2 submake
[[ $(max_parallel) == 2 ]] || fail "sub-make under -j2: $(max_parallel) jobs at once, expected 2"

# Fetches run beside builds, outside the build budget: even with -j1 a slow fetch and a build
# overlap.
make_tarball slowsrc-1.0 "a.txt=a"
recipe par/slowfetch <<EOF
[source]
tar = "file://$UP/www/slowsrc-1.0.tar.gz"
blake3 = "$(b3 "$UP/www/slowsrc-1.0.tar.gz")"
script = 'echo "start fetch" >> "$TRACE"; sleep 0.4; echo "end fetch" >> "$TRACE"'
[build]
template = "custom"
script = "mkdir -p \${COOKBOOK_STAGE}/usr && touch \${COOKBOOK_STAGE}/usr/s"
EOF
ok clean-6 clean p1
: >"$TRACE"
ok jobs-fetch-overlap cook -j1 p1 slowfetch
[[ $(max_parallel) == 2 ]] || fail "a fetch and a build did not overlap under -j1"

# ---- the make targets (mk/cook.mk), with the top-level Makefile's variables stubbed ----
cat >"$TEST_TMP/targets.mk" <<EOF
FSTOOLS_BIN := $(dirname "$REPO")
ROOT := $ROOT
COOKBOOK_ROOT := $CB
TARGET := $TARGET
CONFIG_NAME := test
BUILD := $TEST_TMP/build
fstools: ;
include $ROOT/mk/cook.mk
EOF
mk() { make -s -f "$TEST_TMP/targets.mk" "$@" >"$TEST_TMP/make.out" 2>&1 || { fail "make $*"; cat "$TEST_TMP/make.out"; }; }
mk r.p1,p2
[[ -f "$(published p1).pkgar" && -f "$(published p2).pkgar" ]] || fail "make r.p1,p2: not cooked"
mk c.p1
[[ ! -e "$(stage_of p1)" ]] || fail "make c.p1: not cleaned"
mk cr.p2
grep -q "repo cook: 1 cooked" "$TEST_TMP/make.out" || fail "make cr.p2: not rebuilt"
mk f.submake
mk u.submake
[[ ! -e "$(recipe_dir submake)/source" ]] || fail "make u.submake: source left"
cat >"$CB/fs.toml" <<'EOF'
[packages]
p1 = {}
p3 = "source"
p2 = "ignore"
EOF
mk repo FILESYSTEM_CONFIG="$CB/fs.toml"
[[ -f "$(published p3).pkgar" ]] || fail "make repo: not cooked"
grep -q "repo cook: 2 cooked, 0 up to date" "$TEST_TMP/make.out" || fail "make repo: $(cat "$TEST_TMP/make.out")"
grep -q "cook p2" "$TEST_TMP/make.out" && fail "make repo: cooked p2, which the config ignores"
mk p.p3 PUSH_SYSROOT="$TEST_TMP/pushed"
[[ -f "$TEST_TMP/pushed/usr/share/p3" ]] || fail "make p.p3: not pushed"
REPO_OFFLINE=1 mk f.p1

finish
