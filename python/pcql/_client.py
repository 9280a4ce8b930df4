"""`pcql.Client`: the Rust client, with `try_query` rows decoded by the
types of their dataset's columns."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Dict, List, Optional, Union

from ._pcql import CheckedQuery, _Client

_NUMBER = re.compile(r"^[+-]?\d+$")


def _date(v: str) -> Any:
    try:
        return _dt.date.fromisoformat(v[:10])
    except ValueError:
        return v


def _datetime(v: str) -> Any:
    t = v.strip()
    if t.endswith("Z"):
        t = t[:-1] + "+00:00"
    # fromisoformat before 3.11 takes at most 6 fraction digits.
    t = re.sub(r"(\.\d{6})\d+", r"\1", t)
    try:
        return _dt.datetime.fromisoformat(t)
    except ValueError:
        return v


def _number(v: Any, integer: bool) -> Any:
    if isinstance(v, bool) or not isinstance(v, (str, int, float)):
        return v
    if isinstance(v, str):
        s = v.strip()
        try:
            if integer or _NUMBER.match(s):
                return int(s)
            return float(s)
        except ValueError:
            return v
    return int(v) if integer and isinstance(v, float) and v.is_integer() else v


def decode_value(value: Any, column_type: Optional[str]) -> Any:
    """A value of a row as the column's type says: `integer` → int,
    `decimal` → float (int when whole and sent as an integer), `date` →
    `datetime.date`, `datetime` → `datetime.datetime`, `boolean01` → bool,
    metrics → numbers; anything that does not parse stays as sent."""
    if value is None or column_type is None:
        return value
    if column_type == "integer":
        return _number(value, True)
    if column_type in ("decimal", "number"):
        return _number(value, False)
    if column_type == "date" and isinstance(value, str):
        return _date(value)
    if column_type == "datetime" and isinstance(value, str):
        return _datetime(value)
    if column_type == "boolean01" and isinstance(value, (str, int)) and str(value) in ("0", "1"):
        return str(value) == "1"
    return value


def decode_rows(rows: List[Dict[str, Any]], types: Dict[str, str]) -> List[Dict[str, Any]]:
    """Every row with its values decoded (column names compared in any case)."""
    lower = {k.lower(): v for k, v in types.items()}
    return [{k: decode_value(v, lower.get(k.lower())) for k, v in row.items()} for row in rows]


class Client(_Client):
    """A synchronous client of the analytics API (see `_Client` for the
    calls). Queries are checked offline before they are sent: one with
    errors raises `pcql.CheckError` and no request is made."""

    def try_query(
        self,
        query: Union[str, CheckedQuery, None] = None,
        start_time: Optional[str] = None,
        end_time: Optional[str] = None,
        *,
        query_id: Optional[str] = None,
    ) -> List[Dict[str, Any]]:
        """`GET ScheduledQueries/testQueryResult`: the rows, each a dict of
        column to value decoded by the column's type."""
        rows, types = self._try_query(query, start_time, end_time, query_id)
        return decode_rows(rows, types)
