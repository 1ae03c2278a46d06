"""Benchmark the Qt-free core: catalog load, validate and query times.

Usage: python -m tests.perf.bench_core [--agents 5000]
Not part of the test run: the machine is shared, so read the figures as a guide and compare
within one run. Targets (issue 2): bundled load <= 50 ms; one query over 5,000 agents <= 5 ms
median.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from app.catalog.loader import load_catalog
from app.catalog.model import FrequencyBand
from app.catalog.query import CatalogIndex, FilterMode, Query
from app.paths import DATA_DIR
from tests.perf.gen_catalog import generate


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def queries(index: CatalogIndex) -> list[Query]:
    effects = list(index.effects)
    return [
        Query(),
        Query(text="k"),
        Query(text="ketamine"),
        Query(text="dextrometorphan"),
        Query(effects=frozenset(effects[:1])),
        Query(effects=frozenset(effects[:3]), mode=FilterMode.ALL, min_band=FrequencyBand.COMMON),
        Query(effects=frozenset(effects[:2]), mode=FilterMode.NONE, min_band=FrequencyBand.COMMON),
        Query(text="syn", effects=frozenset(effects[5:6]), min_band=FrequencyBand.RARE),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, default=5000)
    args = parser.parse_args()
    rows: list[tuple[str, float]] = []

    load_catalog(DATA_DIR)  # warm imports and caches
    rows.append(
        ("load bundled catalog (ms, median of 20)", median_ms(lambda: load_catalog(DATA_DIR), 20))
    )
    bundled = CatalogIndex(load_catalog(DATA_DIR).catalog)
    for q in queries(bundled):
        bundled.run(q)
    rows.append(
        (
            "query bundled (ms, median over query mix x50)",
            statistics.median(median_ms(lambda q=q: bundled.run(q), 50) for q in queries(bundled)),
        )
    )

    with tempfile.TemporaryDirectory() as tmp:
        big_dir = generate(Path(tmp) / "big", args.agents)
        start = time.perf_counter()
        big = load_catalog(DATA_DIR, [big_dir]).catalog
        rows.append(
            (
                f"load bundled + {args.agents} agents (ms, once)",
                (time.perf_counter() - start) * 1000,
            )
        )
        start = time.perf_counter()
        index = CatalogIndex(big)
        rows.append(
            (
                f"build index, {len(big.agents)} agents (ms, once)",
                (time.perf_counter() - start) * 1000,
            )
        )
        for q in queries(index):
            index.run(q)  # first typo query builds the typo index
        per_query = [median_ms(lambda q=q: index.run(q), 20) for q in queries(index)]
        rows.append(
            (
                f"query {len(big.agents)} agents (ms, median over query mix)",
                statistics.median(per_query),
            )
        )
        rows.append((f"query {len(big.agents)} agents (ms, slowest query of mix)", max(per_query)))
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "app", "validate", str(big_dir)],
            capture_output=True,
            check=False,
        )
        rows.append(
            (
                f"nmda-ref validate + {args.agents} agents, whole process (ms)",
                (time.perf_counter() - start) * 1000,
            )
        )
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "app", "validate"], capture_output=True, check=False)
    rows.append(
        ("nmda-ref validate bundled, whole process (ms)", (time.perf_counter() - start) * 1000)
    )

    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value:8.2f}")


if __name__ == "__main__":
    main()
