# Shell helpers of the host tools' command-line tests (source this before changing directory).

# fail MESSAGE: the test stops here, failed.
fail() { echo "FAIL: $*" >&2; exit 1; }

# expect_error CODE TEXT CMD...: CMD must exit with CODE and print TEXT on stderr. What it printed
# stays in out.txt and err.txt of the current directory.
expect_error() {
    local code=$1 text=$2; shift 2
    local rc=0
    "$@" >out.txt 2>err.txt || rc=$?
    [[ $rc == "$code" ]] || { cat err.txt >&2; fail "'$*' exited $rc, expected $code"; }
    grep -qF -- "$text" err.txt || { cat err.txt >&2; fail "'$*' did not say: $text"; }
}
