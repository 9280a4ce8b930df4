"""Build a query from names known at run time, and list what a dataset offers."""

from __future__ import annotations

from typing import Optional

import pcql


def top_customers(market: str, limit: int = 10) -> str:
    query = (
        pcql.Query("CustomersAndTenants")
        .select("CustomerName", "BilledRevenueUSD")
        .eq("CustomerMarket", market)
        .order_by("BilledRevenueUSD", "desc")
        .limit(limit)
        .timespan("LAST_MONTH")
    )
    try:
        return query.build(allow_warnings=True).text
    except pcql.CheckError as e:
        for d in e.diagnostics:
            print(d.code, d.message)
        raise


def describe(name: str) -> Optional[str]:
    ds = pcql.Catalog.bundled().dataset(name)
    if ds is None:
        return None
    ranges = ", ".join(ds.date_ranges)
    return f"{ds.name} ({ds.family}): {len(ds.columns)} columns, {len(ds.metrics)} metrics; {ranges}"


if __name__ == "__main__":
    print(top_customers("Germany"))
    print(describe("CustomersAndTenants"))
