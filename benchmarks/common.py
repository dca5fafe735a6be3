"""Shared timing helpers: every figure is reported with its absolute numbers and as a ratio against a
limit measured in the same run on the same machine."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

PERFORMANCE_MD = Path(__file__).resolve().parent.parent / "docs" / "performance.md"


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * pct / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def timed(fn: Callable[[], object], repeats: int) -> list[float]:
    """Milliseconds of ``repeats`` calls of ``fn`` after one warm-up call."""
    fn()
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def summary(ms: list[float]) -> dict[str, float]:
    return {
        "p50": statistics.median(ms),
        "p95": percentile(ms, 95),
        "max": max(ms),
        "n": len(ms),
    }


def page_table(result: dict) -> list[str]:
    """The Markdown rows of a page benchmark: p50/p95/max per page, the ratio to the limit, the goal."""
    lines = [
        "| page | path | p50 ms | p95 ms | max ms | × limit (p50) | goal |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for row in result["pages"]:
        ok = "met" if row["p95"] < result["goal_p95_ms"] else "**missed**"
        lines.append(
            f"| {row['page']} | `{row['path']}` | {row['p50']:.1f} | {row['p95']:.1f} | {row['max']:.1f} | "
            f"{row['ratio_p50']:.0f}× | {ok} |"
        )
    return lines


def write_generated(name: str, text: str) -> None:
    """Replace the generated section of benchmark ``name`` in docs/performance.md (appended if absent)."""
    begin, end = f"<!-- BEGIN GENERATED: benchmarks.{name} -->", f"<!-- END GENERATED: benchmarks.{name} -->"
    current = PERFORMANCE_MD.read_text() if PERFORMANCE_MD.exists() else ""
    block = f"{begin}\n{text}\n{end}"
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        current = head + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    PERFORMANCE_MD.write_text(current)


def fresh_postgres(url: str) -> None:
    """Drop and create the benchmark's own database (never the one of the site)."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    name = cfg["NAME"]
    if not name.startswith("linli_bench"):
        raise SystemExit(f"refusing to recreate {name!r}: the benchmark database must be named linli_bench…")
    with psycopg.connect(
        host=cfg["HOST"],
        port=cfg["PORT"] or 5432,
        user=cfg["USER"],
        password=cfg["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
