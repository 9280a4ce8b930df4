"""`pcql.check` gives what `pcql check --format json` gives: the same codes,
severities, messages and positions, for every fixture file and every query
of the published corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Dict, List, Tuple

import pcql
from conftest import FIXTURES, Cli, fixture_files


def str_index(data: bytes, offset: int) -> int:
    """The Python `str` index of a byte offset of UTF-8 `data` (computed
    here independently of the binding)."""
    return len(data[:offset].decode("utf-8"))


NOW = re.compile(r"now is \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def timeless(s: Any) -> Any:
    """Report bodies are checked against the clock, and the CLI ran a
    moment earlier: the one text that names the time is compared without it."""
    return NOW.sub("now is <now>", s) if isinstance(s, str) else s


def from_cli(d: Dict[str, Any], data: bytes) -> Tuple[Any, ...]:
    start = str_index(data, d["offset"])
    end = str_index(data, d["offset"] + d["length"])
    fixes = [
        (f["message"], f["applicability"] == "safe",
         [(str_index(data, e["offset"]), str_index(data, e["offset"] + e["length"]), e["replacement"])
          for e in f["edits"]])
        for f in d["fixes"]
    ]
    return (d["code"], d["name"], d["severity"], timeless(d["message"]), timeless(d["help"]), d["line"], d["column"],
            d["end_line"], d["end_column"], start, end, fixes)


def from_py(d: pcql.Diagnostic) -> Tuple[Any, ...]:
    fixes = [(f.message, f.safe, [(e.start, e.end, e.replacement) for e in f.edits]) for f in d.fixes]
    return (d.code, d.name, d.severity, timeless(d.message), timeless(d.help), d.line, d.column,
            d.end_line, d.end_column, d.start, d.end, fixes)


def kind_of(path: Path) -> str:
    return "body" if path.suffix == ".json" else "queries"


def test_every_fixture_file_matches_the_cli(cli: Cli) -> None:
    files = fixture_files()
    by_file = cli.check_json(files)
    compared = 0
    with_findings = 0
    for path in files:
        data = path.read_bytes()
        text = data.decode("utf-8")
        want = [from_cli(d, data) for d in by_file[str(path)]]
        got = [from_py(d) for d in pcql.check(text, kind=kind_of(path))]
        assert got == want, path.relative_to(FIXTURES)
        compared += 1
        with_findings += bool(want)
    assert compared == len(files)
    # The fixtures are mostly broken on purpose: the comparison is not of empty lists.
    assert with_findings >= len(files) * 3 // 4, with_findings


def test_detection_agrees_with_the_cli_for_texts_that_start_like_their_kind() -> None:
    for path in fixture_files():
        text = path.read_text(encoding="utf-8")
        if text.lstrip("\ufeff").lstrip().startswith("{") == (path.suffix == ".json"):
            assert [from_py(d) for d in pcql.check(text)] == [
                from_py(d) for d in pcql.check(text, kind=kind_of(path))
            ], path


def test_the_published_corpus_and_broken_variants_match_the_cli(cli: Cli, tmp_path: Path) -> None:
    corpus = json.loads((FIXTURES / "corpus" / "published-queries.json").read_text(encoding="utf-8"))
    assert len(corpus) >= 20
    by_family: Dict[str, List[Tuple[Path, str]]] = {}
    for i, q in enumerate(corpus):
        text: str = q["text"]
        variants = [
            text,
            # A misspelled name, a name in the wrong case, a curly quote before the dataset.
            text.replace("SELECT ", "SELECT Nmae, ", 1),
            text.lower(),
            text.replace("FROM", "FROM ’é😀", 1),
            "-- Käse ✓ ünïcödé\n" + text.replace("TIMESPAN", "WHERE Ünknown = 'ü' TIMESPAN", 1),
            # Windows line ends and a byte-order mark.
            "\ufeff-- é\r\n" + text.replace("\n", "\r\n").replace("SELECT ", "SELECT Nmae, ", 1),
        ]
        for j, v in enumerate(variants):
            p = tmp_path / f"q{i}-{j}.pcql"
            p.write_text(v, encoding="utf-8")
            by_family.setdefault(q["family"], []).append((p, v))
    total = 0
    errors = 0
    for family, items in by_family.items():
        out = cli.check_json([p for p, _ in items], "--family", family)
        for p, v in items:
            data = v.encode("utf-8")
            want = [from_cli(d, data) for d in out[str(p)]]
            got = [from_py(d) for d in pcql.check(v, family=family)]
            assert got == want, (p.name, v)
            total += 1
            errors += any(d[2] == "error" for d in want)
    assert total == len(corpus) * 6
    assert errors >= len(corpus) * 2, errors


def test_render_is_the_cli_snippet(cli: Cli) -> None:
    path = FIXTURES / "check" / "PQ2003-unknown-name.pcql"
    text = path.read_text(encoding="utf-8")
    out = cli.run(["check", "--color", "never", str(path)])
    diags = pcql.check(text)
    assert diags
    for d in diags:
        snippet = d.render(str(path))
        assert d.code in snippet and d.message in snippet
        assert snippet.strip() in out.stdout + out.stderr, (snippet, out.stdout, out.stderr)
