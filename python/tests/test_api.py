"""The module functions, `Diagnostic`, `Checker` and `Catalog`."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import pytest

import pcql
from conftest import REPO

TYPO = "SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH"


def test_check_returns_diagnostics_with_every_attribute() -> None:
    (d,) = pcql.check(TYPO)
    assert isinstance(d, pcql.Diagnostic)
    assert (d.code, d.name, d.severity) == ("PQ2003", "unknown-name", "error")
    assert "CustomerNmae" in d.message
    assert d.help is not None and "CustomerName" in d.help
    assert (d.line, d.column, d.end_line, d.end_column) == (1, 8, 1, 20)
    assert TYPO[d.start:d.end] == "CustomerNmae"
    assert d.is_error
    assert d.fixes and all(isinstance(f, pcql.Fix) for f in d.fixes)
    fix = d.fixes[0]
    assert [(e.start, e.end, e.replacement) for e in fix.edits] == [(7, 19, "CustomerName")]
    assert isinstance(fix.safe, bool)
    assert "PQ2003" in repr(d) and "1:8" in repr(d)
    snippet = d.render("q.pcql")
    assert "PQ2003" in snippet and "q.pcql" in snippet and "CustomerNmae" in snippet


def test_a_clean_query_has_no_diagnostic() -> None:
    assert pcql.check("SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH") == []


def test_non_ascii_positions_are_characters_and_str_indices() -> None:
    text = (
        "-- Übersicht für Käse 😀 “quoted”\n"
        "SELECT CustomerName FROM CustomersAndTenants WHERE CustomerMarket = 'Österreich' AND Unknwn = 'é' TIMESPAN LAST_MONTH"
    )
    diags = [d for d in pcql.check(text) if d.code == "PQ2003"]
    assert len(diags) == 1
    d = diags[0]
    assert text[d.start:d.end] == "Unknwn"
    line2 = text.split("\n")[1]
    assert d.line == 2
    assert d.column == line2.index("Unknwn") + 1
    assert d.end_column == d.column + len("Unknwn")
    # A name after astral characters on the same line.
    text = "SELECT CustomerName, 😀Nmae FROM CustomersAndTenants TIMESPAN LAST_MONTH"
    for d in pcql.check(text):
        assert 0 <= d.start <= d.end <= len(text)
        assert d.column == d.start + 1


def test_fixes_edits_apply_to_the_python_str() -> None:
    text = "-- ü😀\nselect customername from customersandtenants timespan last_month"
    diags = pcql.check(text)
    assert diags
    for d in diags:
        for f in d.fixes:
            for e in f.edits:
                assert text[e.start:e.end].lower() == e.replacement.lower()
    fixed = pcql.fix(text)
    assert fixed == "-- ü😀\nselect CustomerName from CustomersAndTenants timespan last_month"
    assert pcql.check(fixed) == []


def test_fix_safe_and_unsafe() -> None:
    assert pcql.fix(TYPO) == TYPO or pcql.fix(TYPO) == TYPO.replace("Nmae", "Name")
    fixed = pcql.fix(TYPO, unsafe=True)
    assert fixed == TYPO.replace("Nmae", "Name")
    star = "SELECT * FROM Profile TIMESPAN LIFETIME"
    out = pcql.fix(star)
    assert out.startswith("SELECT MPNId, PartnerName,") and pcql.check(out) == []


def test_format() -> None:
    text = "select   customername from CustomersAndTenants  timespan last_month;select SKU from CustomersAndTenants"
    out = pcql.format(text)
    assert out == (
        "SELECT customername FROM CustomersAndTenants TIMESPAN LAST_MONTH;\n"
        "SELECT SKU FROM CustomersAndTenants\n"
    )
    assert pcql.format(out) == out
    broken = "SELECT FROM WHERE ;"
    assert "SELECT FROM WHERE" in pcql.format(broken)


def test_explain() -> None:
    text = pcql.explain("PQ1101")
    assert "SELECT *" in text
    assert pcql.explain("select-star") == text == pcql.explain("pq1101") == pcql.explain("1101")
    with pytest.raises(ValueError):
        pcql.explain("PQ0000")


def test_family_argument() -> None:
    assert pcql.check("SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH", family="mpn") == []
    codes = [d.code for d in pcql.check("SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH", family="cmp")]
    assert codes and codes[0].startswith("PQ2")
    with pytest.raises(ValueError):
        pcql.check(TYPO, family="nope")


def test_bodies_are_detected_and_checked() -> None:
    body = json.dumps({"Name": "q", "Query": TYPO})
    (d,) = pcql.check(body)
    assert d.code == "PQ2003" and body[d.start:d.end] == "CustomerNmae"
    assert [d.code for d in pcql.check("{\"ReportName\": 1")] == ["PQ6001"]
    assert pcql.check("{}", kind="queries")[0].code.startswith("PQ1")
    with pytest.raises(ValueError):
        pcql.check("x", kind="yaml")


def test_checker_reuses_its_configuration() -> None:
    c = pcql.Checker(family="mpn")
    assert c.family == "mpn"
    assert [d.code for d in c.check(TYPO)] == ["PQ2003"]
    assert c.fix(TYPO, unsafe=True) == TYPO.replace("Nmae", "Name")
    assert c.format(TYPO) == TYPO + "\n"
    assert "SELECT *" in c.explain("PQ1101")
    assert c.check_query(TYPO.lower().replace("nmae", "name")) == (
        "SELECT CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH"
    )
    with pytest.raises(pcql.CheckError) as err:
        c.check_query(TYPO)
    assert [d.code for d in err.value.diagnostics] == ["PQ2003"]
    assert "PQ2003" in str(err.value) and "CustomerNmae" in str(err.value)
    assert isinstance(err.value, pcql.PcqlError)


def test_checker_config_levels() -> None:
    lenient = pcql.Checker(config={"PQ2003": "allow"})
    assert lenient.check(TYPO) == []
    warn = pcql.Checker(config={"codes": {"unknown-name": "warn"}})
    assert [d.severity for d in warn.check(TYPO)] == ["warning"]
    with pytest.raises(ValueError):
        pcql.Checker(config={"PQ0000": "allow"})
    with pytest.raises(ValueError):
        pcql.Checker(config={"PQ2003": "loud"})
    with pytest.raises(TypeError):
        pcql.Checker(config=["PQ2003"])


def test_checker_is_shared_between_threads() -> None:
    c = pcql.Checker()
    big = (TYPO + ";\n") * 2000
    results: list[int] = []

    def work() -> None:
        results.append(len(c.check(big)))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [2000] * 4


def test_bundled_catalog_lists_datasets() -> None:
    cat = pcql.Catalog.bundled()
    assert not cat.authoritative
    assert set(cat.families) == {"mpn", "cmp", "apps-games"}
    assert len(cat) == len(cat.datasets) > 20
    ds = cat.dataset("customersandtenants")
    assert ds is not None and ds.name == "CustomersAndTenants" and ds.family == "mpn"
    assert "CustomerName" in ds.columns
    assert ds.metrics and ds.date_ranges
    assert "LAST_MONTH" in ds.date_ranges
    assert ds.min_recurrence_interval is None or ds.min_recurrence_interval > 0
    assert isinstance(ds.complete, bool)
    assert json.loads(ds.to_json())
    with_hints = [d for d in cat.datasets if d.hints]
    assert with_hints
    name, hint = next(iter(with_hints[0].hints.items()))
    assert name in with_hints[0].columns + with_hints[0].metrics
    assert hint.type is None or isinstance(hint.type, str)
    assert cat.dataset("NoSuchDataset") is None


def test_catalog_from_a_directory(tmp_path: Path) -> None:
    shutil.copytree(REPO / "schemas" / "mpn", tmp_path / "mpn")
    (tmp_path / "mpn" / "_meta.json").unlink(missing_ok=True)
    cat = pcql.Catalog.from_dir(tmp_path)
    assert cat.families == ["mpn"] and cat.authoritative
    # An authoritative catalog: an unknown name is an error, and the directory works as `schemas`.
    for schemas in (cat, tmp_path, str(tmp_path)):
        (d,) = pcql.check(TYPO, schemas=schemas)
        assert d.code == "PQ2003" and d.severity == "error"
    assert pcql.Checker(schemas=tmp_path).catalog.families == ["mpn"]
    with pytest.raises(pcql.SchemaError):
        pcql.Catalog.from_dir(tmp_path / "nothing")
    with pytest.raises(TypeError):
        pcql.check(TYPO, schemas=42)


def test_catalog_from_a_response() -> None:
    body = json.dumps({
        "value": [{
            "datasetName": "Tiny",
            "selectableColumns": ["Alpha", "Beta"],
            "availableMetrics": ["Total"],
            "availableDateRanges": ["LAST_MONTH"],
            "minimumRecurrenceInterval": 4,
        }],
        "totalCount": 1,
    })
    cat = pcql.Catalog.from_response(body, family="cmp")
    assert cat.authoritative and cat.families == ["cmp"]
    ds = cat.dataset("Tiny")
    assert ds is not None
    assert (ds.columns, ds.metrics, ds.date_ranges, ds.min_recurrence_interval) == (
        ["Alpha", "Beta"], ["Total"], ["LAST_MONTH"], 4)
    assert pcql.check("SELECT Alpha, Total FROM Tiny TIMESPAN LAST_MONTH", schemas=cat) == []
    codes = [d.code for d in pcql.check("SELECT Gamma FROM Tiny TIMESPAN LAST_6_MONTHS", schemas=cat)]
    assert "PQ2003" in codes and "PQ4001" in codes
    # The family from the bundled catalog when not given.
    known = json.dumps({"value": [{"datasetName": "CustomersAndTenants", "selectableColumns": ["CustomerName"],
                                   "availableMetrics": [], "availableDateRanges": ["LAST_MONTH"]}]})
    assert pcql.Catalog.from_response(known).families == ["mpn"]
    with pytest.raises(pcql.SchemaError):
        pcql.Catalog.from_response("{not json")


def test_large_inputs_and_garbage_never_crash() -> None:
    for text in ["", "\x00", "{", "}", "SELECT", "'" * 1000, "(" * 5000, "😀" * 100, "\ufeff{\"Query\": 1}"]:
        for d in pcql.check(text):
            assert 0 <= d.start <= d.end <= len(text)
        pcql.fix(text, unsafe=True)
        pcql.format(text)


def test_the_gil_is_released_while_a_large_text_is_checked() -> None:
    big = (TYPO + ";\n") * 40000
    window: list[float] = []

    def work() -> None:
        t0 = time.perf_counter()
        pcql.check(big)
        window.extend([t0, time.perf_counter()])

    t = threading.Thread(target=work)
    ticks: list[float] = []
    t.start()
    while t.is_alive():
        ticks.append(time.perf_counter())
    t.join()
    t0, t1 = window
    assert t1 - t0 > 0.05, "the check was too quick to tell"
    # The main thread ran Python code in the middle of the check.
    inside = [x for x in ticks if t0 + 0.02 < x < t1 - 0.02]
    assert len(inside) > 100, (len(inside), t1 - t0)
