"""`pcql.Client` against the loopback server of `api_server`: every
endpoint, the validation gate (nothing sent for an invalid query), typed
API errors, `wait` and its Ctrl-C, and a download."""

from __future__ import annotations

import _thread
import datetime as dt
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest

import pcql
from api_server import CORRELATION, FILE_BODY, TOKEN, Server

GOOD = "SELECT CustomerName, AvailableSeats, BilledRevenueUSD, IsDuplicateRowForPGA FROM CustomersAndTenants TIMESPAN LAST_MONTH"


@pytest.fixture()
def server() -> Iterator[Server]:
    s = Server()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture()
def client(server: Server) -> pcql.Client:
    return pcql.Client("mpn", base_url=server.base_url, token=TOKEN, timeout=10)


def test_datasets_and_queries(server: Server, client: pcql.Client) -> None:
    assert client.family == "mpn" and client.base_url == server.base_url
    (ds,) = client.datasets()
    assert ds["datasetName"] == "CustomersAndTenants" and "CustomerName" in ds["selectableColumns"]
    assert client.datasets("customersandtenants")[0]["minimumRecurrenceInterval"] == 4
    q = client.create_query("seats", GOOD, description="d")
    assert q["name"] == "seats" and q["queryId"]
    ids = [x["queryId"] for x in client.queries()]
    assert q["queryId"] in ids and len(ids) == 2
    assert [x["queryId"] for x in client.queries(include_system=False)] == [q["queryId"]]
    assert client.queries(query_id=q["queryId"])[0]["query"] == q["query"]
    gone = client.delete_query(q["queryId"])
    assert gone is not None and gone["queryId"] == q["queryId"]
    calls = server.api_calls()
    assert all(c["authorization"] == f"Bearer {TOKEN}" for c in calls)
    assert [c["method"] for c in calls] == ["GET", "GET", "POST", "GET", "GET", "GET", "DELETE"]


def test_the_builder_output_is_accepted(client: pcql.Client) -> None:
    checked = pcql.Query("CustomersAndTenants").select("CustomerName").timespan("LAST_MONTH").build()
    q = client.create_query("built", checked)
    assert q["query"] == checked.text


def test_an_invalid_query_is_refused_and_never_sent(server: Server, client: pcql.Client) -> None:
    bad = "SELECT CustomerName FROM CustomersAndTenants LIMIT 0 TIMESPAN LAST_MONTH"
    with pytest.raises(pcql.CheckError) as err:
        client.create_query("bad", bad)
    assert "PQ3001" in [d.code for d in err.value.diagnostics]
    assert "PQ3001" in str(err.value)
    with pytest.raises(pcql.CheckError):
        client.try_query("SELECT TOP 10 CustomerName FROM CustomersAndTenants TIMESPAN LAST_MONTH")
    assert server.api_calls() == []


def test_try_query_rows_are_decoded_by_column_type(client: pcql.Client) -> None:
    rows = client.try_query(GOOD + "")
    assert len(rows) == 3
    r = rows[0]
    assert r["CustomerName"] == "Contoso"
    assert r["AvailableSeats"] == 42 and isinstance(r["AvailableSeats"], int)
    assert r["BilledRevenueUSD"] == 12.5 and isinstance(r["BilledRevenueUSD"], float)
    assert r["IsDuplicateRowForPGA"] is False
    q = client.create_query("m", "SELECT Month FROM CustomersAndTenants TIMESPAN LAST_MONTH")
    rows = client.try_query(query_id=q["queryId"])
    assert rows[0]["Month"] == "2026-10-01T00:00:00Z"  # by id: no text, no types
    assert pcql._client.decode_value("2026-10-01T00:00:00Z", "datetime") == dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc)
    assert pcql._client.decode_value("2026-10-01", "date") == dt.date(2026, 10, 1)
    assert pcql._client.decode_value("n/a", "integer") == "n/a"


def test_reports_executions_wait_and_download(server: Server, client: pcql.Client, tmp_path: Path) -> None:
    q = client.create_query("seats", GOOD)
    r = client.create_report("weekly", q["queryId"], execute_now=True, format="csv")
    rid = r["reportId"]
    assert r["reportName"] == "weekly"
    assert [x["reportId"] for x in client.reports()] == [rid]
    assert client.reports(name="nope") == []
    paused = client.pause_report(rid)
    assert paused is not None and paused["reportStatus"] == "Paused"
    resumed = client.resume_report(rid)
    assert resumed is not None and resumed["reportStatus"] == "Active"
    updated = client.update_report(rid, "weekly2", "2030-01-01T00:00:00Z", recurrence_interval=24)
    assert updated is not None and updated["reportName"] == "weekly2"
    assert client.executions(rid, statuses=["Completed"]) == []  # first poll: Pending
    e = client.wait(rid, timeout=10, poll=0.05, max_poll=0.05)
    assert isinstance(e, pcql.Execution)
    assert e.status == "Completed" and e.has_download_link and e.report_id == rid
    assert "SAS-SENTINEL" not in repr(e.to_dict())
    out = tmp_path / "report.csv"
    assert client.download(e, out) == len(FILE_BODY.encode())
    assert out.read_text(encoding="utf-8") == FILE_BODY
    with pytest.raises(pcql.ClientError):
        client.download(e, out)  # exists
    assert client.download(e, out, overwrite=True) == len(FILE_BODY.encode())
    (listed,) = client.executions(rid)
    assert listed.execution_id == e.execution_id
    gone = client.delete_report(rid)
    assert gone is not None and gone["reportId"] == rid


def test_api_errors_carry_status_message_and_correlation_id(client: pcql.Client) -> None:
    with pytest.raises(pcql.ApiError) as err:
        client.delete_query("00000000-0000-0000-0000-000000000000")
    e = err.value
    assert e.status == 400 and e.message == "Invalid QueryId"
    assert e.correlation_id == CORRELATION
    assert isinstance(e, pcql.PcqlError)
    # The offline check passes (the snapshot does not list every column): the API refuses.
    with pytest.raises(pcql.ApiError) as err:
        client.create_query("x", "SELECT CustomerTpid FROM CustomersAndTenants TIMESPAN LAST_MONTH")
    assert err.value.status == 400 and "Incorrect column name" in err.value.message


def test_bad_credentials_and_no_server(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    wrong = pcql.Client("mpn", base_url=server.base_url, token="wrong")
    with pytest.raises(pcql.ApiError) as err:
        wrong.datasets()
    assert err.value.status == 401
    for k in ["PCQL_TOKEN", "PCQL_TENANT_ID", "PCQL_CLIENT_ID", "PCQL_CLIENT_SECRET"]:
        monkeypatch.delenv(k, raising=False)
    with pytest.raises(pcql.ClientError) as cerr:
        pcql.Client("mpn", base_url=server.base_url)
    assert "PCQL_TOKEN" in str(cerr.value)
    monkeypatch.setenv("PCQL_TOKEN", TOKEN)
    from_env = pcql.Client("mpn", base_url=server.base_url)
    assert from_env.datasets()[0]["datasetName"] == "CustomersAndTenants"
    assert TOKEN not in repr(from_env)
    closed = Server()
    url = closed.base_url
    closed.close()
    dead = pcql.Client("mpn", base_url=url, token=TOKEN, timeout=2)
    with pytest.raises(pcql.ClientError):
        dead.reports()


def test_wait_times_out(client: pcql.Client) -> None:
    q = client.create_query("seats", GOOD)
    r = client.create_report("weekly", q["queryId"], execute_now=True)
    start = time.monotonic()
    with pytest.raises(pcql.ClientError):
        client.wait(r["reportId"], timeout=0.01, poll=0.05, max_poll=0.05)
    assert time.monotonic() - start < 5


def test_ctrl_c_interrupts_wait(client: pcql.Client) -> None:
    q = client.create_query("seats", GOOD)
    r = client.create_report("weekly", q["queryId"], execute_now=True)
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    start = time.monotonic()
    try:
        with pytest.raises(KeyboardInterrupt):
            # Polls every 30 s: only the interrupt can end it quickly.
            client.wait(r["reportId"], timeout=600, poll=30, max_poll=30)
    finally:
        timer.cancel()
    assert time.monotonic() - start < 5
