#!/bin/sh
# Seed the fuzz corpora from the test fixtures (copied at run time, so the
# repository holds no duplicates): fuzz/corpus/<target>/.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
for t in check_queries fixes format check_body; do
    mkdir -p "$here/corpus/$t"
done
find "$root/tests/fixtures" "$root/docs" -type f \( -name '*.pcql' -o -name '*.sql' \) 2>/dev/null |
    while read -r f; do
        for t in check_queries fixes format; do
            cp "$f" "$here/corpus/$t/seed-$(printf '%s' "$f" | cksum | cut -d' ' -f1)"
        done
    done
find "$root/tests/fixtures" -type f -name '*.json' 2>/dev/null |
    while read -r f; do
        cp "$f" "$here/corpus/check_body/seed-$(printf '%s' "$f" | cksum | cut -d' ' -f1)"
    done
