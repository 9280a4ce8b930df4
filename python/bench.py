"""Benchmark (not a test): `pcql.check` per query from Python, against
`sqlglot.parse_one` (parse only, the TIMESPAN clause removed: it is not SQL)
and against the same check looped in Rust, in one run on one generated
corpus. Prints the times per query and the ratios.

    python python/bench.py [--queries N] [--rounds R]
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from typing import Callable, List

import pcql
from pcql._pcql import _bench_rust

VALUES = {
    "integer": lambda r: str(r.randint(1, 500)),
    "decimal": lambda r: f"{r.uniform(1, 1000):.2f}",
    "date": lambda r: f"'2026-{r.randint(1, 12):02d}-01'",
    "datetime": lambda r: f"'2026-{r.randint(1, 12):02d}-01 00:00:00'",
    "boolean01": lambda r: str(r.randint(0, 1)),
    "yesno": lambda r: r.choice(["'Y'", "'N'"]),
}


def corpus(n: int, seed: int = 7) -> List[str]:
    """`n` queries over the real names of the bundled Partner Insights
    datasets: 3–12 distinct names, conditions with values of the hinted
    type, ORDER BY, LIMIT, and a TIMESPAN the dataset offers."""
    r = random.Random(seed)
    sets = [d for d in pcql.Catalog.bundled().datasets if d.family == "mpn" and d.columns and d.date_ranges]
    out = []
    for _ in range(n):
        ds = r.choice(sets)
        names = ds.columns + ds.metrics
        picked = r.sample(names, min(len(names), r.randint(3, 12)))
        q = f"SELECT {', '.join(picked)} FROM {ds.name}"
        hints = ds.hints
        conds = []
        for c in r.sample(ds.columns, min(len(ds.columns), r.randint(0, 3))):
            h = hints.get(c)
            if h is not None and h.values:
                conds.append(f"{c} = '{r.choice(h.values)}'")
            elif h is not None and h.type in VALUES:
                conds.append(f"{c} > {VALUES[h.type](r)}" if h.type in ("integer", "decimal") else f"{c} = {VALUES[h.type](r)}")
            else:
                conds.append(f"{c} LIKE '%{r.choice(['a', 'on', 'soft'])}%'")
        if conds:
            q += " WHERE " + " AND ".join(conds)
        if r.random() < 0.5:
            q += f" ORDER BY {picked[0]} {r.choice(['ASC', 'DESC'])}"
        if r.random() < 0.5:
            q += f" LIMIT {r.randint(1, 10000)}"
        q += f" TIMESPAN {r.choice(ds.date_ranges)}"
        out.append(q)
    return out


def best(rounds: int, f: Callable[[], float]) -> float:
    return min(f() for _ in range(rounds))


def timed(f: Callable[[], object]) -> float:
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    texts = corpus(args.queries)
    no_timespan = [re.sub(r"\s+TIMESPAN\s+\w+\s*$", "", t) for t in texts]
    n = len(texts)
    errors = sum(d.is_error for t in texts for d in pcql.check(t))
    checker = pcql.Checker()

    def py_check() -> None:
        for t in texts:
            pcql.check(t)

    def py_checker() -> None:
        for t in texts:
            checker.check(t)

    t_rust = best(args.rounds, lambda: _bench_rust(texts)[1])
    t_check = best(args.rounds, lambda: timed(py_check))
    t_checker = best(args.rounds, lambda: timed(py_checker))
    import sqlglot

    def glot() -> None:
        for t in no_timespan:
            sqlglot.parse_one(t)

    t_glot = best(max(1, args.rounds // 2), lambda: timed(glot))
    us = lambda t: t / n * 1e6  # noqa: E731
    print(f"corpus: {n} queries, mean {statistics.mean(map(len, texts)):.0f} bytes, {errors} error diagnostics")
    print(f"rust check (in-process loop): {us(t_rust):8.2f} us/query")
    print(f"pcql.check from Python:       {us(t_check):8.2f} us/query")
    print(f"Checker.check from Python:    {us(t_checker):8.2f} us/query")
    print(f"sqlglot.parse_one (no TIMESPAN): {us(t_glot):8.2f} us/query")
    print(f"ratio sqlglot / pcql.check:    {t_glot / t_check:8.1f}x  (goal >= 20x)")
    print(f"ratio pcql.check / rust check: {t_check / t_rust:8.2f}x  (goal <= 2x)")
    print(f"ratio Checker.check / rust:    {t_checker / t_rust:8.2f}x")


if __name__ == "__main__":
    main()
