#!/usr/bin/env bash
# Every test of pcql, on a fresh machine with a Rust toolchain and Python 3:
#   1. Rust: unit tests, the integration tests (the real `pcql` binary on
#      fixtures, the client against a loopback API, `pcql lsp` over stdio),
#      snapshot tests and doctests;
#   2. the Python package (python/run-tests.sh: a virtualenv, the wheel built
#      with maturin, pytest, mypy --strict on the examples);
#   3. the language server driven by a third-party client
#      (editors/tests/run.sh: pytest-lsp).
# The virtualenvs live under target/ and are reused on the next run.
set -euo pipefail
# The tests compare output at the default snippet width.
unset COLUMNS
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "cargo test"
cargo test

step "python/run-tests.sh"
bash python/run-tests.sh

step "editors/tests/run.sh"
bash editors/tests/run.sh
