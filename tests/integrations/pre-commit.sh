#!/usr/bin/env bash
# Runs this repository's .pre-commit-hooks.yaml with the real pre-commit
# framework on a scratch repository: pcql-check must fail on a bad query and
# pass once it is fixed, pcql-fmt must reformat a long query and then pass,
# and package.json, node_modules and git-ignored files are left alone.
#
# Slow: pre-commit builds pcql with `cargo install` (release) the first
# time, into its cache (PRE_COMMIT_HOME, default target/pre-commit-home).
# Skips (exit 0 with a message) when python3, git or cargo is missing, or
# pre-commit cannot be installed (offline).
#
#   bash tests/integrations/pre-commit.sh
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
skip() { echo "pre-commit.sh: skipped: $*"; exit 0; }
for tool in python3 git cargo; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is not installed"
done

venv="$repo/target/pre-commit-venv"
if [ ! -x "$venv/bin/pre-commit" ]; then
  python3 -m venv "$venv" >/dev/null 2>&1 || skip "python3 -m venv failed"
  "$venv/bin/pip" install --quiet pre-commit >/dev/null 2>&1 || skip "pip install pre-commit failed (offline?)"
fi
export PRE_COMMIT_HOME="${PRE_COMMIT_HOME:-$repo/target/pre-commit-home}"

# pre-commit clones the hooks' repository at a commit: take a snapshot of
# the work tree as it is now (committed or not) in a repository of its own.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
hooks="$work/hooks"
mkdir -p "$hooks"
git -C "$hooks" init --quiet
(cd "$repo" && git ls-files -z --cached --others --exclude-standard) |
  (cd "$repo" && xargs -0 cp --parents -t "$hooks" 2>/dev/null || true)
git -C "$hooks" add -A >/dev/null
git -C "$hooks" -c user.name=t -c user.email=t@t commit --quiet --allow-empty -m snapshot
rev="$(git -C "$hooks" rev-parse HEAD)"

scratch="$work/scratch"
mkdir -p "$scratch/queries" "$scratch/node_modules/dep" "$scratch/generated"
cd "$scratch"
git init --quiet
git config user.name t
git config user.email t@t
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: pcql-check
      - id: pcql-fmt
YAML
echo 'generated/' > .gitignore
echo '{"name": "scratch", "version": "1.0.0"}' > package.json
echo 'SELECT Nope FROM CustomersAndTenants' > node_modules/dep/q.pcql
echo 'SELECT Nope FROM CustomersAndTenants' > generated/q.pcql
printf 'SELECT CustomerName, CustomerTenantId, CustomerMarket, CustomerSegment, BilledRevenueUSD FROM CustomersAndTenants WHERE CustomerMarket = %s ORDER BY BilledRevenueUSD DESC TIMESPAN LAST_MONTH;\n' "'Germany'" > queries/long.pcql
printf 'SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH;\r\n' > queries/bad.pcql
git add -A

start=$(date +%s)
run() { "$venv/bin/pre-commit" run --all-files "$@" >"$work/out" 2>&1; }
fail() { echo "pre-commit.sh: FAIL: $*"; cat "$work/out"; exit 1; }

# The bad query fails the check; the long one is reformatted (CRLF kept).
if run; then fail "the hooks passed on a bad query"; fi
grep -q "formatted queries/long.pcql" "$work/out" || fail "pcql-fmt did not format the long query"
grep -q "PQ2003" "$work/out" || fail "pcql-check did not report PQ2003"
grep -q "package.json" "$work/out" && fail "package.json was checked"
grep -q "^FROM CustomersAndTenants" queries/long.pcql || fail "pcql-fmt did not break the long query"
grep -q "node_modules" "$work/out" && fail "node_modules was checked"
grep -q $'\r$' queries/bad.pcql || fail "pcql-fmt lost the CRLF line end"

# Fixed: both hooks pass, and formatting again changes nothing.
printf 'SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH;\r\n' > queries/bad.pcql
git add -A
run || fail "the hooks failed on clean, formatted queries"
echo "pre-commit.sh: ok ($(( $(date +%s) - start )) s, hooks built and run with pre-commit $("$venv/bin/pre-commit" --version | cut -d' ' -f2))"
