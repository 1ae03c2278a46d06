"""Benchmark the window's filter latency: keystroke or tick -> list updated (and painted).

Usage: QT_QPA_PLATFORM=offscreen python -m tests.perf.bench_window [--agents 5000] [--fixtures]
       [--generated FOLDER] [--rounds N]
Builds the real MainWindow over the bundled data (or the test fixtures with --fixtures), then
over that plus a generated catalog (tests/perf/gen_catalog.py) as a --data-dir folder, and
times, per event, everything the window does synchronously (core query, list update, counts,
chips, monograph re-render), then a forced repaint of the list. Targets (issue 6): median
<= 2 ms with the bundled catalog, <= 16 ms at 5,000 agents. The last line, ticks with a
monograph open, is not in the targets (the harness reads the first three): it shows what the
monograph re-render adds. Not part of the test run: the machine is shared; compare figures
within one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.catalog.loader import load_catalog
from app.catalog.model import FrequencyBand
from app.catalog.query import FilterMode
from app.paths import DATA_DIR
from tests.perf.gen_catalog import generate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _time(
    events: list[Callable[[], object]], paint: Callable[[], object]
) -> tuple[float, float, float]:
    """Median ms of: each event alone; event + list repaint; event + the whole next frame
    (one processEvents pass, which paints every widget the event dirtied)."""
    alone, painted, frame = [], [], []
    for i, event in enumerate(events):
        start = time.perf_counter()
        event()
        middle = time.perf_counter()
        if i % 2:
            QApplication.processEvents()
            frame.append((time.perf_counter() - start) * 1000)
        else:
            paint()
            painted.append((time.perf_counter() - start) * 1000)
        alone.append((middle - start) * 1000)
        QApplication.processEvents()  # settle before the next event; not timed
    return statistics.median(alone), statistics.median(painted), statistics.median(frame)


def bench(label: str, bundled: Path, local: list[Path], rounds: int = 1) -> None:
    from app.ui.main_window import MainWindow

    load = load_catalog(bundled, local)
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(load, settings)
        window.resize(1280, 800)
        window.show()
        QApplication.processEvents()  # once, for the first layout; never inside timings
        search = window.search
        paint = window.agent_list.viewport().repaint

        keystrokes = []
        for word in ("ketamine", "memantine", "dextrometorphan", "synth", "zz"):
            for ch in word:
                keystrokes.append(lambda c=ch: QTest.keyClicks(search, c))
            keystrokes.append(lambda: QTest.keyClick(search, Qt.Key.Key_Escape))
        keystrokes *= rounds  # each word ends cleared: the rounds start alike
        typing = _time(keystrokes, paint)

        effects = list(window.index.effects)[:12]
        model = window.filter_panel.model

        def toggle(eid: str, on: bool) -> Callable[[], None]:
            state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
            return lambda: model.item_for(eid).setCheckState(state)

        ticks = [toggle(e, True) for e in effects] + [toggle(e, False) for e in effects]
        ticks *= rounds  # each round ends with nothing ticked
        ticking = _time(ticks, paint)

        panel = window.filter_panel
        model.item_for(effects[0]).setCheckState(Qt.CheckState.Checked)
        switches = []
        for _ in range(6):
            for mode in (FilterMode.NONE, FilterMode.ALL, FilterMode.ANY):
                switches.append(lambda m=mode: panel.mode.setCurrentIndex(panel.mode.findData(m)))
            for band in (FrequencyBand.COMMON, None):
                switches.append(lambda b=band: panel.set_band(b))
        switches *= rounds  # each round ends at "any of", any frequency
        switching = _time(switches, paint)

        # The same ticks with a monograph open: the agent the list shows first, kept in the
        # list by "lists any of" ticks of effects it lists, and ticks of others (same page).
        panel.set_band(None)
        panel.mode.setCurrentIndex(panel.mode.findData(FilterMode.ANY))
        model.set_checked(frozenset())
        QApplication.processEvents()
        agent = window.proxy.agent_at(0)
        window.open_agent(agent.id)
        QApplication.processEvents()
        listed = [a.effect for a in agent.adverse_effects if a.effect in window.index.effects]
        others = [e for e in window.index.effects if e not in set(listed)]
        model.item_for(listed[0]).setCheckState(Qt.CheckState.Checked)
        QApplication.processEvents()
        chosen = listed[1:7] + others[:6]
        open_ticks = [toggle(e, True) for e in chosen] + [toggle(e, False) for e in chosen]
        reading = _time(open_ticks, paint)
        window.close()
    n = len(load.catalog.agents)
    print(f"{label} ({n} agents): median ms per event: alone / + list repaint / + whole frame")
    for name, figures, count in (
        ("keystroke in search", typing, len(keystrokes)),
        ("tick / untick effect", ticking, len(ticks)),
        ("mode or band change", switching, len(switches)),
        ("tick, monograph open", reading, len(open_ticks)),
    ):
        alone, painted, frame = figures
        print(f"  {name:22} {alone:6.2f} / {painted:6.2f} / {frame:6.2f}   ({count} events)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--agents", type=int, default=5000)
    parser.add_argument("--generated", type=Path, help="reuse a folder gen_catalog wrote")
    parser.add_argument(
        "--fixtures", action="store_true", help="the 3 fixture agents instead of the bundled data"
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="repeat each event sequence this many times (steadier medians on a busy machine)",
    )
    args = parser.parse_args()
    QApplication([])
    label, base = ("fixtures", FIXTURES / "good") if args.fixtures else ("bundled", DATA_DIR)
    bench(label, base, [], args.rounds)
    if args.generated:
        bench(f"{label} + generated", base, [args.generated], args.rounds)
        return
    with tempfile.TemporaryDirectory() as folder:
        generated = generate(Path(folder) / "generated", args.agents)
        bench(f"{label} + generated", base, [generated], args.rounds)


if __name__ == "__main__":
    main()
