"""Pre-submit validation: check every query file given, print what is
wrong as `pcql check` would, and exit 1 when any has an error."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List

import pcql


def main(paths: List[str]) -> int:
    checker = pcql.Checker()
    failed = False
    for p in paths:
        text = Path(p).read_text(encoding="utf-8")
        for d in checker.check(text):
            print(d.render(p))
            failed = failed or d.is_error
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
