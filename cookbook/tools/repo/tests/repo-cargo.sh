#!/usr/bin/env bash
# The cargo template: a small crate with one dependency, built offline against Debian's crate
# registry (/usr/share/cargo/registry, from the librust-cfg-if-dev package) for the host.
source "$(dirname "$0")/fixture.bash"

REGISTRY=/usr/share/cargo/registry
if ! command -v cargo >/dev/null || ! ls -d "$REGISTRY"/cfg-if-1.* >/dev/null 2>&1; then
    echo "SKIP: needs cargo and Debian's librust-cfg-if-dev (scripts/bootstrap.sh installs them)"
    exit 0
fi
CFG_IF=$(basename "$(ls -d "$REGISTRY"/cfg-if-1.* | sort -V | tail -1)")

SRC="$CB/local/hello-cargo"
mkdir -p "$SRC/src"
cat >"$SRC/Cargo.toml" <<'EOF'
[package]
name = "hello-cargo"
version = "0.3.1"
edition = "2021"

[dependencies]
cfg-if = "1"
EOF
cat >"$SRC/src/main.rs" <<'EOF'
use cfg_if::cfg_if;
cfg_if! {
    if #[cfg(unix)] {
        fn kind() -> &'static str { "unix" }
    } else {
        fn kind() -> &'static str { "other" }
    }
}
fn main() { println!("hello from cargo on {}", kind()); }
EOF
# The lock file, resolved offline against the same registry (as a recipe would ship it).
mkdir -p "$TEST_TMP/cargo-home"
printf '[source.crates-io]\nreplace-with = "debian"\n[source.debian]\ndirectory = "%s"\n[net]\noffline = true\n' \
    "$REGISTRY" >"$TEST_TMP/cargo-home/config.toml"
CARGO_HOME="$TEST_TMP/cargo-home" cargo generate-lockfile --offline --manifest-path "$SRC/Cargo.toml" \
    >"$TEST_TMP/lockfile.out" 2>&1 || { cat "$TEST_TMP/lockfile.out"; fail "cannot make Cargo.lock"; }
grep -q 'name = "cfg-if"' "$SRC/Cargo.lock" || fail "Cargo.lock lacks cfg-if"

recipe rust/hello-cargo <<'EOF'
[source]
path = "local/hello-cargo"
[build]
template = "cargo"
EOF
ok cook-cargo cook host:hello-cargo
B="$(stage_of hello-cargo "$HOST_TRIPLE")"
[[ $("$B/stage/usr/bin/hello-cargo") == "hello from cargo on unix" ]] || fail "cargo: the binary does not run"
# Its cargo home was empty and offline: cfg-if can only have come from the registry.
grep -q "Compiling cfg-if v${CFG_IF#cfg-if-}" "$CB/build/logs/$HOST_TRIPLE/hello-cargo.log" ||
    fail "cargo: $CFG_IF not compiled"
grep -q "directory = \"$REGISTRY\"" "$B/build/cargo-home/config.toml" || fail "cargo: no registry replacement"
grep -q '^version = "0.3.1"$' "$B/stage.toml" || fail "cargo: version not taken from Cargo.toml"
ok cook-cargo-again cook host:hello-cargo
cooked cook-cargo-again 0

finish
