"""`pcql.Query`, the dynamic builder: checked by the same checker, with
the codes `pcql check` gives for the same text."""

from __future__ import annotations

import pytest

import pcql


def test_a_good_query_builds_to_its_canonical_text() -> None:
    q = (
        pcql.Query("customersandtenants")
        .select("customername", "CustomerMarket")
        .eq("CustomerMarket", "Germany")
        .gt("BilledRevenueUSD", 100)
        .is_in("CustomerSegment", ["SMB", "Enterprise"])
        .order_by("CustomerName", "desc")
        .limit(10)
        .timespan("last_month")
    )
    checked = q.build(allow_warnings=True)
    assert isinstance(checked, pcql.CheckedQuery)
    assert checked.text.startswith("SELECT CustomerName, CustomerMarket FROM CustomersAndTenants WHERE ")
    assert "BilledRevenueUSD > 100" in checked.text
    assert checked.text.endswith("ORDER BY CustomerName DESC LIMIT 10 TIMESPAN LAST_MONTH")
    assert str(checked) == checked.text
    assert all(d.severity != "error" for d in checked.diagnostics)
    # The built text is clean for the checker too, and the builder can be built again.
    assert not [d for d in pcql.check(checked.text) if d.is_error]
    assert q.build(allow_warnings=True).text == checked.text


def test_where_takes_every_operator() -> None:
    q = pcql.Query("CustomersAndTenants").select("CustomerName")
    for op, value in [("=", "a"), ("!=", "b"), (">", 1), (">=", 2.5), ("<", 3), ("<=", 4),
                      ("like", "%x%"), ("not like", "y%"), ("in", ["p", "q"]), ("NOT  IN", [1, 2])]:
        q = q.where("CustomerName", op, value)
    text = str(q)
    for piece in ["= 'a'", "!= 'b'", "> 1", ">= 2.5", "< 3", "<= 4", "LIKE '%x%'", "NOT LIKE 'y%'",
                  "IN ('p', 'q')", "NOT IN (1, 2)"]:
        assert piece in text, (piece, text)
    with pytest.raises(ValueError):
        q.where("CustomerName", "~", 1)
    with pytest.raises(TypeError):
        q.eq("CustomerName", True)
    with pytest.raises(TypeError):
        q.is_in("CustomerName", "abc")


def test_a_bad_query_raises_check_error_with_every_diagnostic() -> None:
    q = (
        pcql.Query("CustomersAndTenants")
        .select("CustomerNme")
        .is_in("Product", [])
        .limit(0)
        .timespan("LAST_MONTH")
    )
    with pytest.raises(pcql.CheckError) as err:
        q.build()
    e = err.value
    codes = [d.code for d in e.diagnostics]
    assert {"PQ2003", "PQ1016", "PQ3001"} <= set(codes), codes
    text = str(q)
    assert e.text == text
    # Positions point into the built text; the message is the rendered diagnostics.
    d = next(d for d in e.diagnostics if d.code == "PQ2003")
    assert text[d.start:d.end] == "CustomerNme"
    message = str(e)
    for d in e.diagnostics:
        assert d.code in message and d.message in message
    assert "CustomerNme" in message
    # The same codes as the checker on the same text.
    assert codes == [d.code for d in pcql.check(text)]


def test_warnings_fail_unless_allowed() -> None:
    q = (
        pcql.Query("CustomersAndTenants")
        .select("CustomerName")
        .eq("CustomerMarket", "Germany")
        .eq("CustomerMarket", "France")
        .timespan("LAST_MONTH")
    )
    with pytest.raises(pcql.CheckError) as err:
        q.build()
    assert [d.code for d in err.value.diagnostics] == ["PQ3009"]
    assert [d.code for d in q.build(allow_warnings=True).diagnostics] == ["PQ3009"]


def test_build_against_another_catalog_and_family() -> None:
    cat = pcql.Catalog.from_response(
        '{"value": [{"datasetName": "Tiny", "selectableColumns": ["Alpha"], "availableMetrics": [],'
        ' "availableDateRanges": ["LAST_MONTH"]}]}',
        family="cmp",
    )
    q = pcql.Query("Tiny").select("alpha").timespan("LAST_MONTH")
    assert q.build(schemas=cat, family="cmp").text == "SELECT Alpha FROM Tiny TIMESPAN LAST_MONTH"
    with pytest.raises(pcql.CheckError):
        q.build()
