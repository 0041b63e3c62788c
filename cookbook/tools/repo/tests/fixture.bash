# Shared by the repo-*.sh cook tests (sourced, not run): a fixture cookbook in $TEST_TMP, helpers
# to run repo and check its results, local git repositories and a local HTTP server.
set -euo pipefail
# Nothing from the user's environment may change what the tests see.
unset MAKEFLAGS MFLAGS MAKELEVEL REPO_OFFLINE COOKBOOK_OFFLINE COOKBOOK_MAKE_JOBS TARGET \
    COOKBOOK_COMPRESSED COOKBOOK_NONSTOP CFLAGS LDFLAGS CPPFLAGS SOURCE_DATE_EPOCH
REPO="$FSTOOLS_BIN/repo"
CB="$TEST_TMP/cookbook"
UP="$TEST_TMP/upstream"          # "remote" git repositories and files to download
TARGET=x86_64-unknown-redox
HOST_TRIPLE="$(uname -m)-unknown-linux-gnu"
failures=0
mkdir -p "$CB/recipes" "$UP"

export REPO_RETRY_DELAY_MS=20
export GIT_AUTHOR_NAME=fixture GIT_AUTHOR_EMAIL=fixture@example.org
export GIT_COMMITTER_NAME=fixture GIT_COMMITTER_EMAIL=fixture@example.org
# A home of our own keeps the user's git settings out; rustup still finds its toolchains.
export RUSTUP_HOME="${RUSTUP_HOME:-$HOME/.rustup}"
export GIT_CONFIG_NOSYSTEM=1 HOME="$TEST_TMP/home"
mkdir -p "$HOME"
# Local submodules need the file transport, which git only allows when asked.
export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=protocol.file.allow GIT_CONFIG_VALUE_0=always

fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
finish() {
    if ((failures)); then echo "$failures check(s) failed"; exit 1; fi
    echo "$(basename "$0"): all checks passed"
}

# recipe DIR: writes recipes/DIR/recipe.toml from stdin.
recipe() { mkdir -p "$CB/recipes/$1"; cat >"$CB/recipes/$1/recipe.toml"; }

# run NAME ARGS...: runs repo on the fixture cookbook; output in $TEST_TMP/NAME.out, status in $rc.
run() {
    local name=$1
    shift
    rc=0
    "$REPO" --cookbook="$CB" "$@" >"$TEST_TMP/$name.out" 2>&1 || rc=$?
    out="$TEST_TMP/$name.out"
}
# ok NAME ARGS...: run, expecting success.
ok() {
    run "$@"
    if [[ $rc != 0 ]]; then fail "$1: exit status $rc"; sed 's/^/    /' "$out"; fi
}
# bad NAME STATUS ARGS...: run, expecting that exit status.
bad() {
    local name=$1 want=$2
    shift 2
    run "$name" "$@"
    if [[ $rc != "$want" ]]; then fail "$name: exit status $rc, expected $want"; sed 's/^/    /' "$out"; fi
}
# has NAME TEXT: the last output contains TEXT.
has() { grep -qF -- "$2" "$out" || { fail "$1: output lacks '$2'"; sed 's/^/    /' "$out"; }; }
lacks() { ! grep -qF -- "$2" "$out" || { fail "$1: output has '$2'"; sed 's/^/    /' "$out"; }; }
# summary NAME COOKED: the summary line says how many were cooked.
cooked() { has "$1" "repo cook: $2 cooked"; }

# The directory of recipe NAME, and of its build for a triple (default: the target).
recipe_dir() { find "$CB/recipes" -mindepth 1 -maxdepth 4 -type d -name "$1" -not -path '*/target/*' | head -1; }
stage_of() { echo "$(recipe_dir "$1")/target/${2:-$TARGET}"; }
published() { echo "$CB/repo/$TARGET/$1"; }
b3() { b3sum --no-names "$1"; }

# A git repository at $UP/NAME with one commit of the files given as NAME=CONTENT pairs.
git_repo() {
    local dir="$UP/$1"
    shift
    mkdir -p "$dir"
    git -C "$dir" init -q -b main
    git_commit "$dir" "$@"
}
# git_commit DIR FILE=CONTENT...: commits files.
git_commit() {
    local dir=$1
    shift
    for pair in "$@"; do
        mkdir -p "$(dirname "$dir/${pair%%=*}")"
        printf '%s\n' "${pair#*=}" >"$dir/${pair%%=*}"
        git -C "$dir" add "${pair%%=*}"
    done
    git -C "$dir" commit -q -m "commit $*"
}

# The local HTTP server: serves $UP/www on 127.0.0.1:$PORT with Range support; paths under
# /flaky/ fail twice with 503 before they work; every request is logged to $UP/server.log.
start_server() {
    mkdir -p "$UP/www"
    cat >"$UP/server.py" <<'PY'
import http.server, os, sys
root, portfile, logfile = sys.argv[1:4]
counts = {}
class Handler(http.server.SimpleHTTPRequestHandler):
    def __init__(self, *a, **k):
        super().__init__(*a, directory=root, **k)
    def log_message(self, fmt, *args):
        pass
    def do_GET(self):
        counts[self.path] = counts.get(self.path, 0) + 1
        rng = self.headers.get("Range")
        with open(logfile, "a") as log:
            log.write("GET %s%s\n" % (self.path, " " + rng if rng else ""))
        if self.path.startswith("/flaky/") and counts[self.path] <= 2:
            self.send_error(503)
            return
        path = self.translate_path(self.path)
        if rng and os.path.isfile(path):
            data = open(path, "rb").read()
            start = int(rng.split("=")[1].split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(data) - 1, len(data)))
            self.send_header("Content-Length", str(len(data) - start))
            self.end_headers()
            self.wfile.write(data[start:])
            return
        super().do_GET()
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(portfile + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
os.rename(portfile + ".tmp", portfile)
server.serve_forever()
PY
    python3 "$UP/server.py" "$UP/www" "$UP/port" "$UP/server.log" &
    SERVER_PID=$!
    for _ in $(seq 100); do [[ -f "$UP/port" ]] && break; sleep 0.05; done
    PORT=$(cat "$UP/port")
}
stop_server() {
    if [[ -n "${SERVER_PID:-}" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
}

# A source tarball $UP/www/NAME.tar.gz whose top directory is NAME/, with the files given as
# FILE=CONTENT pairs; fixed times, so its BLAKE3 is the same on every run.
make_tarball() {
    local name=$1
    shift
    local dir="$UP/tree/$name"
    rm -rf "$dir"
    mkdir -p "$dir"
    for pair in "$@"; do
        mkdir -p "$(dirname "$dir/${pair%%=*}")"
        printf '%s\n' "${pair#*=}" >"$dir/${pair%%=*}"
        [[ ${pair%%=*} == configure ]] && chmod +x "$dir/configure"
    done
    mkdir -p "$UP/www"
    tar -C "$UP/tree" --sort=name --owner=0 --group=0 --numeric-owner --mtime=@1700000000 \
        -cf - "$name" | gzip -n >"$UP/www/$name.tar.gz"
}
