#!/bin/sh
# Run each fuzz target for SECONDS (default 20) where `cargo +nightly` and
# `cargo fuzz` exist; otherwise say why it is skipped and succeed.
# PCQL_FUZZ_INSTALL=1 installs cargo-fuzz from crates.io when it is missing
# (a few minutes of compiling).
set -eu
secs=${1:-20}
here=$(cd "$(dirname "$0")" && pwd)
if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "fuzz: skipped (no nightly toolchain: rustup toolchain install nightly)"
    exit 0
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    if [ "${PCQL_FUZZ_INSTALL:-0}" = 1 ]; then
        cargo install cargo-fuzz --locked
    else
        echo "fuzz: skipped (no cargo-fuzz: cargo install cargo-fuzz --locked, or PCQL_FUZZ_INSTALL=1)"
        exit 0
    fi
fi
sh "$here/seed.sh"
cd "$here"
status=0
for t in check_queries check_body fixes format; do
    echo "fuzz: $t for ${secs}s"
    if ! cargo +nightly fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=8192 -rss_limit_mb=2048 >"/tmp/pcql-fuzz-$t.log" 2>&1; then
        echo "fuzz: $t FAILED; the end of its log:"
        tail -40 "/tmp/pcql-fuzz-$t.log"
        status=1
    else
        grep -E '^Done|#[0-9]+ *DONE' "/tmp/pcql-fuzz-$t.log" | tail -1 || true
    fi
done
exit $status
