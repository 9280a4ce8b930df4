"""A loopback server that speaks the analytics API as documented (the
Python twin of tests/it/client/server.rs): datasets, queries that can be
tried, reports whose executions go Pending → Running → Completed over
polls, and a blob download behind a SAS signature. Every request is
recorded in `seen`."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import parse_qsl, urlsplit

TOKEN = "tok-SENTINEL"
CORRELATION = "c0ffee00-1111-4222-8333-444455556666"
FILE_BODY = "CustomerName,BilledRevenueUSD\nContoso,12.5\n"

DATASETS = [
    {
        "datasetName": "CustomersAndTenants",
        "selectableColumns": ["CustomerName", "CustomerMarket", "AvailableSeats", "IsDuplicateRowForPGA", "Month"],
        "availableMetrics": ["BilledRevenueUSD"],
        "availableDateRanges": ["LAST_MONTH", "LAST_3_MONTHS"],
        "minimumRecurrenceInterval": 4,
    }
]

Answer = Tuple[int, Dict[str, Any]]


def ok(items: List[Any], message: Optional[str] = None) -> Answer:
    return 200, {"value": items, "nextLink": None, "totalCount": len(items), "message": message,
                 "statusCode": 200, "dataRedacted": False}


def err(code: int, message: str) -> Answer:
    return code, {"value": None, "message": message, "statusCode": code}


def field(body: Dict[str, Any], key: str) -> Any:
    for k, v in body.items():
        if k.lower() == key.lower():
            return v
    return None


class State:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seen: List[Dict[str, Any]] = []
        self.queries: List[Dict[str, Any]] = []
        self.reports: List[Dict[str, Any]] = []
        self.polls: Dict[str, int] = {}
        self.next_id = 0
        self.host = ""

    def guid(self, n: int) -> str:
        return f"00000000-0000-4000-8000-{n:012x}"

    def columns(self, text: str) -> Optional[List[str]]:
        upper = text.upper()
        sel, frm = upper.find("SELECT"), upper.find(" FROM ")
        if sel < 0 or frm < 0:
            return None
        cols = [c.strip() for c in text[sel + 6:frm].split(",")]
        known = {c.lower() for d in DATASETS for c in d["selectableColumns"] + d["availableMetrics"]}
        return cols if all(c.lower() in known for c in cols) else None

    def route(self, method: str, parts: List[str], p: Dict[str, str], body: Dict[str, Any]) -> Answer:
        if method == "GET" and parts == ["ScheduledDataset"]:
            name = p.get("datasetName")
            return ok([d for d in DATASETS if name is None or d["datasetName"].lower() == name.lower()],
                      "Dataset fetched successfully")
        if method == "POST" and parts == ["ScheduledQueries"]:
            name, text = field(body, "Name"), field(body, "Query")
            if not isinstance(name, str) or not isinstance(text, str):
                return err(400, "Null or missing value")
            if self.columns(text) is None:
                return err(400, "Incorrect column name")
            self.next_id += 1
            q = {"queryId": self.guid(self.next_id), "name": name, "description": field(body, "Description"),
                 "query": text, "type": "userDefined", "user": "someone@example.com",
                 "createdTime": "2026-11-28T07:00:00Z"}
            self.queries.append(q)
            return ok([q], "Query created successfully")
        if method == "GET" and parts == ["ScheduledQueries"]:
            items = [{"queryId": "b9df4929-073f-4795-b0cb-a2c81b11e28d", "name": "Customers",
                      "query": "SELECT CustomerName FROM CustomersAndTenants", "type": "system"}] + self.queries
            if p.get("includeSystemQueries") == "false":
                items = [q for q in items if q["type"] != "system"]
            if "queryId" in p:
                items = [q for q in items if q["queryId"] == p["queryId"]]
            return ok(items)
        if method == "GET" and parts == ["ScheduledQueries", "testQueryResult"]:
            text = p.get("exportQuery")
            if text is None and "queryId" in p:
                text = next((q["query"] for q in self.queries if q["queryId"] == p["queryId"]), None)
            if text is None:
                return err(400, "Invalid QueryId")
            cols = self.columns(text)
            if cols is None:
                return err(400, "Incorrect column name")
            sample = {"customername": "Contoso", "availableseats": "42", "billedrevenueusd": "12.50",
                      "isduplicaterowforpga": "0", "month": "2026-10-01T00:00:00Z", "customermarket": "Österreich"}
            rows = [{c: sample.get(c.lower(), f"{c}-{i}") for c in cols} for i in range(1, 4)]
            return ok(rows)
        if method == "DELETE" and len(parts) == 2 and parts[0] == "ScheduledQueries":
            for i, q in enumerate(self.queries):
                if q["queryId"] == parts[1]:
                    return ok([self.queries.pop(i)], "Query deleted successfully")
            return err(400, "Invalid QueryId")
        if method == "POST" and parts == ["ScheduledReport"]:
            name, qid = field(body, "ReportName"), field(body, "QueryId")
            if not isinstance(name, str) or not isinstance(qid, str):
                return err(400, "Null or missing value")
            q = next((q for q in self.queries if q["queryId"] == qid), None)
            if q is None:
                return err(400, "Invalid QueryId")
            now = bool(field(body, "ExecuteNow"))
            interval = -1 if now else field(body, "RecurrenceInterval")
            self.next_id += 1
            rid = self.guid(1000 + self.next_id)
            r = {"reportId": rid, "reportName": name, "description": field(body, "Description"), "queryId": qid,
                 "query": q["query"], "user": "someone@example.com", "createdTime": "2026-11-28T07:00:00Z",
                 "executeNow": now, "startTime": field(body, "StartTime") or "2026-11-28T07:00:00Z",
                 "reportStatus": "Active", "recurrenceInterval": interval,
                 "recurrenceCount": field(body, "RecurrenceCount") or 1, "format": "csv"}
            self.reports.append(r)
            self.polls[rid] = 0
            return ok([r], "Report created successfully")
        if method == "GET" and parts == ["ScheduledReport"]:
            keep = [r for r in self.reports
                    if all(k not in p or r[k] == p[k] for k in ("reportId", "reportName", "queryId"))]
            return ok(keep)
        if method == "PUT" and len(parts) == 3 and parts[1] in ("pause", "resume"):
            for r in self.reports:
                if r["reportId"] == parts[2]:
                    r["reportStatus"] = "Paused" if parts[1] == "pause" else "Active"
                    return ok([r])
            return err(404, "No item found with given filters.")
        if method == "PUT" and len(parts) == 2 and parts[0] == "ScheduledReport":
            for r in self.reports:
                if r["reportId"] == parts[1]:
                    for k, f in [("reportName", "ReportName"), ("description", "Description"),
                                 ("startTime", "StartTime"), ("recurrenceInterval", "RecurrenceInterval"),
                                 ("recurrenceCount", "RecurrenceCount")]:
                        if field(body, f) is not None:
                            r[k] = field(body, f)
                    return ok([r])
            return err(404, "No item found with given filters.")
        if method == "DELETE" and len(parts) == 2 and parts[0] == "ScheduledReport":
            for i, r in enumerate(self.reports):
                if r["reportId"] == parts[1]:
                    return ok([self.reports.pop(i)])
            return err(404, "No item found with given filters.")
        if method == "GET" and len(parts) == 3 and parts[:2] == ["ScheduledReport", "execution"]:
            rid = parts[2]
            if rid not in self.polls:
                return err(404, "No item found with given filters.")
            self.polls[rid] += 1
            status = {1: "Pending", 2: "Running"}.get(self.polls[rid], "Completed")
            wanted = p.get("executionStatus", "Completed").lower().split(";")
            if status.lower() not in wanted:
                return err(404, "There are no executions that have occurred for the given filter conditions.")
            done = status == "Completed"
            link = f"http://{self.host}/blob/e-{rid}?sv=2020&sig=SAS-SENTINEL" if done else None
            e = {"executionId": f"e-{rid}", "reportId": rid, "recurrenceInterval": "-1", "recurrenceCount": "1",
                 "format": "csv", "executionStatus": status, "reportAccessSecureLink": link,
                 "reportExpiryTime": None, "reportGeneratedTime": "2026-11-28T07:05:00Z" if done else None}
            return ok([e])
        return err(404, "Not found")


class Server:
    """The server on 127.0.0.1 at a free port, in a thread."""

    def __init__(self) -> None:
        self.state = State()
        state = self.state

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def answer(self, code: int, body: bytes, ctype: str = "application/json") -> None:
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("MS-CorrelationId", CORRELATION)
                self.end_headers()
                self.wfile.write(body)

            def handle_any(self) -> None:
                url = urlsplit(self.path)
                params = dict(parse_qsl(url.query, keep_blank_values=True))
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8") if length else ""
                with state.lock:
                    state.seen.append({"method": self.command, "path": url.path, "params": params,
                                       "authorization": self.headers.get("Authorization"), "body": raw})
                if url.path.startswith("/blob/"):
                    if params.get("sig") != "SAS-SENTINEL":
                        self.answer(403, b"<Error/>", "application/xml")
                    else:
                        self.answer(200, b"\xef\xbb\xbf" + FILE_BODY.encode(), "text/csv")
                    return
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    self.answer(401, json.dumps({"message": "Unauthorized", "statusCode": 401}).encode())
                    return
                parts = url.path.split("/", 4)
                rest = parts[4] if len(parts) > 4 else ""
                try:
                    body = json.loads(raw) if raw else {}
                except ValueError:
                    body = {}
                with state.lock:
                    code, value = state.route(self.command, rest.split("/"), params, body)
                self.answer(code, json.dumps(value).encode())

            do_GET = do_POST = do_PUT = do_DELETE = handle_any

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        host, port = self.httpd.server_address[:2]
        self.state.host = f"{host}:{port}"
        self.base_url = f"http://{host}:{port}/insights/v1/mpn/"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def api_calls(self) -> List[Dict[str, Any]]:
        with self.state.lock:
            return [s for s in self.state.seen if s["path"].startswith("/insights/")]
