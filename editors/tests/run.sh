#!/usr/bin/env bash
# The `pcql lsp` tests with a third-party client (pytest-lsp, pinned in
# requirements.txt), in a venv of their own: $PCQL_LSP_VENV, or
# target/lsp-venv under the repository. The server is $PCQL_BIN, or the
# debug build (built here). Exits non-zero on a failure or when no test ran.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${PCQL_LSP_VENV:-$root/target/lsp-venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
if [ -z "${PCQL_BIN:-}" ]; then
  (cd "$root" && cargo build --quiet --bin pcql)
  PCQL_BIN="$root/target/debug/pcql"
fi
export PCQL_BIN
cd "$here"
# pytest exits 5 when it collected no test: that is a failure here too.
"$venv/bin/python" -m pytest -q -p no:cacheprovider "$@"
