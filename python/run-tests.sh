#!/usr/bin/env bash
# The Python package's tests: a virtualenv ($PCQL_VENV, default
# target/py-venv at the repository root), the pinned tools of
# requirements-dev.txt, the package built in release mode into it
# (maturin develop; the Rust build goes to target/py-build), then pytest and
# mypy --strict over the examples and the package. Exits non-zero on any
# failure, and when pytest ran no test.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
venv="${PCQL_VENV:-$root/target/py-venv}"
python="${PYTHON:-python3}"

if [ ! -x "$venv/bin/python" ]; then
    echo "run-tests: creating the virtualenv $venv"
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements-dev.txt"

export VIRTUAL_ENV="$venv"
export PATH="$venv/bin:$PATH"
export CARGO_TARGET_DIR="${PCQL_PY_TARGET:-$root/target/py-build}"
echo "run-tests: building the package (maturin develop --release)"
(cd "$here" && maturin develop --release --quiet)

echo "run-tests: pytest"
status=0
(cd "$here" && python -m pytest tests -q -p no:cacheprovider) || status=$?
if [ "$status" -eq 5 ]; then
    echo "run-tests: pytest collected no test" >&2
    exit 1
elif [ "$status" -ne 0 ]; then
    exit "$status"
fi

echo "run-tests: mypy --strict"
(cd "$here" && mypy --strict --cache-dir "$root/target/py-mypy-cache" examples pcql)
echo "run-tests: the Python package passed"
