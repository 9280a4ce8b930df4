"""pcql: check, fix, format, build and submit Partner Center analytics queries.

The same Rust library as the ``pcql`` command line, in-process::

    import pcql

    for d in pcql.check("SELECT CustomerNmae FROM CustomersAndTenants TIMESPAN LAST_MONTH"):
        print(d.code, d.line, d.column, d.message)
"""

from ._pcql import (
    ApiError,
    Catalog,
    CheckError,
    CheckedQuery,
    Checker,
    ClientError,
    ColumnHint,
    Dataset,
    Diagnostic,
    Edit,
    Execution,
    Fix,
    PcqlError,
    Query,
    SchemaError,
    __version__,
    check,
    explain,
    fix,
    format,
)
from ._client import Client

__all__ = [
    "ApiError",
    "Catalog",
    "CheckError",
    "CheckedQuery",
    "Checker",
    "Client",
    "ClientError",
    "ColumnHint",
    "Dataset",
    "Diagnostic",
    "Edit",
    "Execution",
    "Fix",
    "PcqlError",
    "Query",
    "SchemaError",
    "__version__",
    "check",
    "explain",
    "fix",
    "format",
]
