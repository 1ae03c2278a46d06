"""Performance harness: the app against bare Qt, side by side in one run, as a table of ratios.

    python -m tests.perf [--runs 15] [--agents 5000] [--frozen [--build-dir DIR] [--no-build]]
                         [--phases] [--update-readme] [--skip-filter] [--skip-load]

Measures, in ONE invocation, on the offscreen platform (and X11 where said), with a throwaway
HOME:
1. start to first paint, whole process (spawn until app/ui/first_paint.py prints its marker),
   median of --runs after one warm-up each, interleaved app, bare, app, bare...: `python -m app`
   against tests/perf/bare_window.py; with --frozen also the frozen app against the bare window
   frozen by the same PyInstaller into a temporary folder (tests/perf/bench_frozen.py builds);
   and, when Xvfb is installed, the source pair again on X11 (xcb), which also pays what
   showing a window costs on a real display;
2. peak RSS of the same runs (the child's ru_maxrss from wait4), and their CPU time (user +
   sys), which a shared machine disturbs less than wall time;
3. filter latency in the real window (tests/perf/bench_window.py): keystroke, tick, mode/band
   change -> list updated and repainted, with the bundled data and with N generated agents
   layered on top (tests/perf/gen_catalog.py, the --data-dir path);
4. catalog load (bundled; N agents without and with a warm parse cache; both from the
   validated snapshot the window starts from) and `validate`;
5. with --frozen, onedir sizes against the bare window frozen twice: by the app's own recipe
   (tests/perf/bare_window.spec, same trimming) and with PyInstaller's defaults; and the
   frozen self-test (proves the trimming cut nothing needed);
6. with --phases, what the first paint waits for: CPU time of each start-up step (imports,
   load, window build, first paint), app beside bare, from extra interleaved child runs.
Source runs write .pyc files into a throwaway PYTHONPYCACHEPREFIX during the warm-up, as an
installed app has them; the app's validated snapshot and parse cache (XDG_CACHE_HOME, throwaway
too) are likewise warm after the warm-up, as on a ward PC that opens the app many times a day.
Each round also times one app start with an empty cache folder: the first start after an
install or a data change, which parses and validates the YAML.

Prints a Markdown table (absolute figures beside the ratios) headed by the machine, Python and
PySide6 versions and the date; --update-readme writes it into README.md's "Performance"
section. Not part of the test run. The machine is shared: quote the ratios, which come from
interleaved runs in one invocation, not single absolute times.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"
SECTION = "## Performance"
COMMAND = "python -m tests.perf --frozen --phases --update-readme"
#: Start-up measured on X11 as well when Xvfb is installed: the platform a Linux desktop uses,
#: where showing a window costs what offscreen skips (the window icon is sent to the X server).
X11_SOURCE = "from source, X11 (Xvfb)"
X11_PAIRS = (X11_SOURCE,)
#: The bare window after making the PySide types the app's first paint uses: what those types
#: cost any window (tests/perf/bare_window.py), a floor under the app's start-up ratio.
FLOOR = "floor: the bare window after making the app's PySide types, from source"
#: The least window that shows this catalog (tests/perf/minimal_window.py): what any useful
#: window of this product pays before its own features, a second floor.
MINIMAL = ("floor: the least window that shows this catalog (search box, list of names, title;"
           " from the validated snapshot), from source")
FLOORS = (FLOOR, MINIMAL)
SOURCE_NOTE = "`python -m tests.perf --phases`"


@dataclass
class Row:
    """One line of the table. `bare` is None where there is no bare-Qt counterpart."""

    measure: str
    app: float
    unit: str
    bare: float | None = None
    target: str = ""
    met: bool | None = None

    @property
    def ratio(self) -> float | None:
        return self.app / self.bare if self.bare else None


def _isolate_home() -> Path:
    """A throwaway HOME for this process and its children, set before Qt is imported."""
    home = Path(tempfile.mkdtemp(prefix="nmda-perf-home-"))
    os.environ["HOME"] = str(home)
    for name, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state")):
        os.environ[name] = str(home / sub)
    os.environ.pop("NMDA_REF_DATA_DIRS", None)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    # Children compile to .pyc once (the warm-up) into a throwaway folder, as an installed app
    # has its .pyc files: with PYTHONDONTWRITEBYTECODE (set in some dev shells) every source
    # start would recompile the app's modules, a cost the one-file bare script hardly pays.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    return home


def clean_up(xvfb: subprocess.Popen | None, *folders: Path) -> None:
    """Stop the X server a run started (if any) and remove its throwaway folders."""
    if xvfb is not None:
        xvfb.terminate()
        xvfb.wait()
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def _offscreen_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def _launcher(folder: Path, name: str, argv: Sequence[str]) -> Path:
    """An executable that execs `argv`, so bench_frozen.time_with_rss (which spawns one path)
    can time a source run too; `exec` keeps one process, so RSS and timing stay the child's."""
    path = folder / name
    quoted = " ".join(f"'{a}'" for a in argv)
    path.write_text(f'#!/bin/sh\nexec {quoted} "$@"\n', encoding="utf-8")
    path.chmod(0o755)
    return path


# --- 1, 2: start-up and peak RSS ----------------------------------------------------------------


def startup(
    pairs: dict[str, tuple[Path, Path]], runs: int, envs: dict[str, dict[str, str]] | None = None
) -> dict[str, dict[str, list[float]]]:
    """For each label, (app, bare) timed alternately: one warm-up each, then `runs` rounds.

    `envs` gives a label its own environment (the X11 pair's display); the others run
    offscreen, and only they time a first start with an empty cache too.
    Returns {label: {"app_s", "bare_s", "app_rss", "bare_rss", ...}} with RSS in MiB.
    """
    from tests.perf.bench_frozen import time_with_rss

    envs = {label: (envs or {}).get(label) or _offscreen_env() for label in pairs}
    for label, (app, bare) in pairs.items():  # warm-up: page cache, .pyc, fontconfig cache
        time_with_rss(app, envs[label])
        time_with_rss(bare, envs[label])
    results = {label: {f"{who}_{what}": [] for who in ("app", "bare", "first")
                       for what in ("s", "rss", "cpu")} for label in pairs}
    for _ in range(runs):
        for label, (app, bare) in pairs.items():
            env = envs[label]
            for who, exe in (("app", app), ("bare", bare)):
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                seconds, rss_kib = time_with_rss(exe, env)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                results[label][f"{who}_s"].append(seconds)
                results[label][f"{who}_rss"].append(rss_kib / 1024)
                # The child's own CPU time (it was reaped in between): unlike wall time, it
                # hardly grows when other people's jobs share the two cores.
                results[label][f"{who}_cpu"].append(
                    (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
                )
            if label in X11_PAIRS or label in FLOORS:
                continue
            seconds, rss_kib = time_with_rss(app, env, fresh_cache=True)
            results[label]["first_s"].append(seconds)
            results[label]["first_rss"].append(rss_kib / 1024)
    return results


def round_ratios(app: Sequence[float], bare: Sequence[float]) -> str:
    """The middle half of the ratios of each round's app and bare start (timed one after the
    other), e.g. "1.62-1.85x": how far a run's ratio can be trusted on a noisy machine."""
    ratios = sorted(a / b for a, b in zip(app, bare, strict=True))
    if len(ratios) < 4:
        return f"{ratios[0]:.2f}-{ratios[-1]:.2f}x"
    low, _, high = statistics.quantiles(ratios, n=4)
    return f"{low:.2f}-{high:.2f}x"


def startup_rows(results: dict[str, dict[str, list[float]]], runs: int) -> list[Row]:
    rows = []
    for label, r in results.items():
        app_s, bare_s = statistics.median(r["app_s"]), statistics.median(r["bare_s"])
        ratios = round_ratios(r["app_s"], r["bare_s"])
        spread = f"median of {runs}; middle half of the rounds {ratios}"
        if label in FLOORS:
            what = ("(no widget, no data: what using those classes costs)" if label == FLOOR
                    else "(no dock, overview, badges or menus: what any window of it costs)")
            rows.append(Row(f"{label} ({spread})", app_s * 1000, "ms", bare_s * 1000, what))
            continue
        start = Row(f"start to first paint, {label} ({spread})", app_s * 1000, "ms",
                    bare_s * 1000, "<= 1.5x bare (aim 1.3x)")
        start.met = start.ratio <= 1.5
        app_c, bare_c = statistics.median(r["app_cpu"]), statistics.median(r["bare_cpu"])
        cpu = Row(f"CPU time (user+sys) of those runs, incl. exit, {label}", app_c * 1000, "ms",
                  bare_c * 1000, "(steadier than wall time on a busy machine)")
        app_m, bare_m = statistics.median(r["app_rss"]), statistics.median(r["bare_rss"])
        rss = Row(f"peak RSS, {label}", app_m, "MiB", bare_m, "<= 1.3x bare")
        rss.met = rss.ratio <= 1.3
        if label in X11_PAIRS:
            rows += [start, cpu, rss]
            continue
        first_s, first_m = statistics.median(r["first_s"]), statistics.median(r["first_rss"])
        # An empty cache: the frozen app starts from the snapshot its build shipped; from
        # source there is none, so this is also what any start after a data change costs.
        how = ("(the shipped snapshot)" if label == "frozen"
               else "(no snapshot: parse and validate, as after a data change)")
        first = Row(f"start to first paint, {label}, first start with an empty cache {how}",
                    first_s * 1000, "ms", bare_s * 1000, "(after an install or a wiped profile)")
        first_rss = Row(f"peak RSS of that first start, {label}", first_m, "MiB", bare_m,
                        "(after an install or a wiped profile)")
        rows += [start, cpu, rss, first, first_rss]
    return rows


def _check_generated(generated: Path) -> int:
    """Number of generated agents; stops if they no longer validate (the vocabulary moved on
    since the folder was written), which would silently time a much smaller catalog."""
    from app.catalog.loader import load_catalog
    from app.paths import DATA_DIR

    files = len(list((generated / "agents").glob("*.yaml")))
    load = load_catalog(DATA_DIR, [generated])
    local = sum(1 for a in load.catalog.agents if a.origin != "bundled")
    if local != files:
        first = load.problems[0] if load.problems else "no problem reported"
        raise SystemExit(f"{generated}: only {local} of {files} generated agents load "
                         f"({len(load.problems)} problems, first: {first}); regenerate it "
                         "(leave out --generated)")
    return files


# --- what the first paint waits for ------------------------------------------------------------


def _phase_child(which: str, list_types: bool = False) -> int:
    """Run in a child: the steps of app/ui/launch.py's run_gui (or the bare window) up to the
    first paint, printing each step's CPU time (process_time, so other jobs hardly count).
    `list_types`: print instead the PySide types that came into being on the way (see
    tests/perf/bare_window.py)."""
    if which == "app":
        gc.disable()  # as app/cli.py does for a window start
    marks = [("", time.process_time())]

    def mark(name: str) -> None:
        marks.append((name, time.process_time()))

    from PySide6 import QtCore, QtGui, QtWidgets
    from PySide6.QtWidgets import QApplication

    mark("import PySide6.QtWidgets (Python, shiboken, Qt libraries)")
    modules = (QtCore, QtGui, QtWidgets)
    types_before = [set(vars(module)) for module in modules]
    if which == "app":
        from app.ui import launch

        mark("import app.ui.launch: the records and the snapshot reader")
        qapp = launch._application()
        mark("QApplication")
        from app.catalog.snapshot import load_catalog
        from app.paths import DATA_DIR, user_cache_dir

        load = load_catalog(DATA_DIR, [], cache_dir=user_cache_dir())
        mark("load the bundled catalog (validated snapshot, checked against every byte)")
        from app.ui.main_window import MainWindow

        mark("import app.ui.main_window and the window's modules")
        window = MainWindow(load, launch._user_settings())
        mark("MainWindow(): widgets, index, overview page (the tools follow the first paint)")
    else:
        from PySide6.QtWidgets import QLabel, QMainWindow

        qapp = QApplication(sys.argv[:1])
        mark("QApplication")
        window = QMainWindow()
        window.setCentralWidget(QLabel("Hello"))
        window.resize(1280, 800)
        mark("QMainWindow() with one label")
    window.show()
    mark("show()")
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Probe(QObject):
        seen = False

        def eventFilter(self, _watched, event) -> bool:
            if not self.seen and event.type() == QEvent.Type.Paint:
                self.seen = True
                QTimer.singleShot(0, done)
            return False

    types_at_paint: list[set[str]] = []

    def done() -> None:
        mark("event loop until the first paint is done (layout, painting)")
        # Now, not after the loop: the window's deferred work (its tools) may still run in
        # this pass of the loop, and what it makes is not the first paint's.
        types_at_paint.extend(set(vars(module)) for module in modules)
        qapp.quit()

    probe = Probe()
    window.installEventFilter(probe)  # the window only, as app/ui/first_paint.py does
    qapp.exec()
    if list_types:
        for before, after, module in zip(types_before, types_at_paint, modules, strict=True):
            for name in sorted(after - before):
                if not name.startswith("_"):
                    print(f"{module.__name__.removeprefix('PySide6.')}.{name}")
        return 0
    for (_, before), (name, after) in pairwise(marks):
        print(f"phase\t{name}\t{(after - before) * 1000:.2f}")
    return 0


def app_types_file(folder: Path) -> Path:
    """A file naming the PySide types the app's first paint brings into being (one run)."""
    names = subprocess.run(
        [sys.executable, "-m", "tests.perf.harness", "--types-child"],
        cwd=REPO, env=_offscreen_env(), capture_output=True, text=True, check=True,
    ).stdout.split()
    path = folder / "app-types.txt"
    path.write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    return path


def phases(runs: int) -> str:
    """Median CPU ms per start-up step, app against bare, from `runs` interleaved child runs."""
    env = _offscreen_env()
    results: dict[str, dict[str, list[float]]] = {"app": {}, "bare": {}}
    for i in range(runs + 1):  # the first pair is a warm-up
        for which in ("app", "bare"):
            out = subprocess.run(
                [sys.executable, "-m", "tests.perf.harness", "--phase-child", which],
                cwd=REPO, env=env, capture_output=True, text=True, check=True,
            ).stdout
            for line in out.splitlines():
                if line.startswith("phase\t") and i:
                    _, name, ms = line.split("\t")
                    results[which].setdefault(name, []).append(float(ms))
    totals = {w: sum(statistics.median(v) for v in r.values()) for w, r in results.items()}
    lines = [f"CPU time per start-up step, median of {runs} (process_time; the interpreter's own "
             "start is not included):", "",
             "| step | app | bare Qt |", "|---|--:|--:|"]
    names = list(results["app"])
    for before, name in pairwise(["", *results["bare"]]):
        if name not in names:  # a bare-only step goes after the step it follows in the bare run
            names.insert(names.index(before) + 1 if before in names else 0, name)
    for name in names:
        cells = [f"{statistics.median(results[w][name]):.1f} ms" if name in results[w] else "—"
                 for w in ("app", "bare")]
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    lines.append(f"| **total** | **{totals['app']:.0f} ms** | **{totals['bare']:.0f} ms** |")
    return "\n".join(lines)


# --- 3: filter latency in the window ------------------------------------------------------------

_EVENT = re.compile(r"^\s+(keystroke in search|tick / untick effect|mode or band change)"
                    r"\s+([\d.]+)\s*/\s*([\d.]+)(?:\s*/\s*([\d.]+))?", re.MULTILINE)
_AGENTS = re.compile(r"\((\d+) agents\)")


def filter_latency(
    label: str, bundled: Path, local: list[Path]
) -> tuple[int, dict[str, tuple[float, float | None]]]:
    """bench_window.bench over these folders: {event: (median ms to the list repainted,
    median ms to the whole next frame painted, when bench_window reports it)}."""
    from tests.perf.bench_window import bench

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        bench(label, bundled, local)
    text = out.getvalue()
    events = {m[1]: (float(m[3]), float(m[4]) if m[4] else None) for m in _EVENT.finditer(text)}
    agents = _AGENTS.search(text)
    if len(events) != 3 or agents is None:
        raise SystemExit(f"could not read bench_window's output:\n{text}")
    return int(agents[1]), events


def filter_rows(generated: Path) -> list[Row]:
    from PySide6.QtWidgets import QApplication

    from app.paths import DATA_DIR

    _app = QApplication.instance() or QApplication([])
    rows = []
    for label, local, limit in (("bundled", [], 2.0), ("bundled + generated", [generated], 16.0)):
        agents, events = filter_latency(label, DATA_DIR, local)
        for event, (ms, frame) in events.items():
            whole = f" (whole frame {_fmt(frame, 'ms')})" if frame is not None else ""
            rows.append(Row(f"filter: {event} -> list repainted{whole}, {agents} agents "
                            "(median)", ms, "ms", None, f"<= {limit:g} ms", ms <= limit))
    return rows


# --- 4: catalog load and validate ---------------------------------------------------------------


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
    from tests.perf.bench_core import median_ms

    return median_ms(fn, repeat)


def _process_ms(argv: Sequence[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, check=False, env=_offscreen_env())
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def load_rows(generated: Path, agents: int, cache_root: Path) -> list[Row]:
    from app.catalog import snapshot
    from app.catalog.loader import load_catalog
    from app.catalog.parse_cache import ParseCache
    from app.catalog.query import CatalogIndex
    from app.paths import DATA_DIR
    from tests.perf.bench_core import queries

    load_catalog(DATA_DIR)  # warm imports
    bundled_ms = _median_ms(lambda: load_catalog(DATA_DIR), 20)
    rows = [Row("load bundled catalog, parse and validate (median of 20)", bundled_ms, "ms",
                None, "<= 50 ms (issue 2)")]
    rows[-1].met = rows[-1].app <= 50
    snapshots = cache_root / "snapshots"
    snapshot.load_catalog(DATA_DIR, [], cache_dir=snapshots)  # fill
    rows.append(Row("load bundled catalog from the validated snapshot, as the window does "
                    "(median of 20)",
                    _median_ms(lambda: snapshot.load_catalog(DATA_DIR, [], cache_dir=snapshots),
                               20), "ms", None, "<= 50 ms (issue 2)"))
    rows[-1].met = rows[-1].app <= 50
    both = [DATA_DIR, [generated]]
    rows.append(Row(f"load bundled + {agents} agents, no cache (median of 3)",
                    _median_ms(lambda: load_catalog(*both), 3), "ms"))
    cache_dir = cache_root / "parse-cache"
    load_catalog(*both, cache=ParseCache(cache_dir))  # fill
    rows.append(Row(f"load bundled + {agents} agents, warm parse cache (median of 3)",
                    _median_ms(lambda: load_catalog(*both, cache=ParseCache(cache_dir)), 3), "ms"))
    snapshot.load_catalog(*both, cache_dir=snapshots)  # fill
    rows.append(Row(f"load bundled + {agents} agents from the validated snapshot (median of 3)",
                    _median_ms(lambda: snapshot.load_catalog(*both, cache_dir=snapshots), 3),
                    "ms"))
    catalog = load_catalog(*both).catalog
    index = CatalogIndex(catalog)
    for q in queries(index):
        index.run(q)  # the first typo query builds the typo index
    per_query = [_median_ms(lambda q=q: index.run(q), 20) for q in queries(index)]
    rows.append(Row(f"core query, {len(catalog.agents)} agents (median over query mix)",
                    statistics.median(per_query), "ms", None, "<= 5 ms (issue 2)"))
    rows[-1].met = rows[-1].app <= 5
    python = sys.executable
    rows.append(Row("`nmda-ref validate`, bundled, whole process (median of 5)",
                    _process_ms([python, "-m", "app", "validate"], 5), "ms"))
    rows.append(Row(f"`nmda-ref validate DIR`, + {agents} agents, whole process (once)",
                    _process_ms([python, "-m", "app", "validate", str(generated)], 1), "ms"))
    return rows


# --- 5: frozen bundles --------------------------------------------------------------------------


def frozen_self_test(exe: Path) -> tuple[bool, str]:
    proc = subprocess.run([str(exe), "--self-test"], capture_output=True, text=True, timeout=300,
                          env=_offscreen_env(), check=False)
    last = (proc.stdout.strip().splitlines() or ["(no output)"])[-1]
    return proc.returncode == 0 and "Traceback" not in proc.stderr, last


def build_default_bare(out: Path) -> Path:
    """The bare window frozen with PyInstaller's defaults (onedir, windowed, nothing trimmed):
    what a plain `pyinstaller` of a PySide6 window carries."""
    name = "bare-default"
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--onedir",
         "--windowed", "--name", name, "--paths", str(REPO), "--distpath", str(out / "dist"),
         "--workpath", str(out / "work"), "--specpath", str(out),
         str(REPO / "tests" / "perf" / "bare_window.py")],
        cwd=REPO, check=True,
    )
    return out / "dist" / name / name


def bundle_rows(exes: dict[str, Path]) -> list[Row]:
    from tests.perf.bench_frozen import folder_size

    app_mib = folder_size(exes["nmda-ref"].parent) / 2**20
    rows = []
    # The target is the issue's: the app's own code and data paid for by trimming what a bare
    # build carries needlessly, so against the bare window as PyInstaller freezes it. The bare
    # frozen by the app's own recipe (same excludes, Qt trimming and stripping) shows what the
    # app's code, libraries and data add on top of a window that is trimmed the same way.
    for key, label, target in (
        ("bare-default", "bare frozen with PyInstaller defaults", "<= 1.0x bare"),
        ("bare-window", "bare frozen by the app's own recipe (same excludes, Qt trimming "
         "and stripping)", "(what the app's code, libraries and data add)"),
    ):
        if key in exes:
            bare_mib = folder_size(exes[key].parent) / 2**20
            rows.append(Row(f"onedir size vs {label}", app_mib, "MiB", bare_mib, target))
            if key == "bare-default":
                rows[-1].met = rows[-1].ratio <= 1.0
    ok, last = frozen_self_test(exes["nmda-ref"])
    rows.append(Row(f"frozen `--self-test` ({last})", 0 if ok else 1, "exit", None, "exit 0", ok))
    return rows


# --- the table ----------------------------------------------------------------------------------


def machine() -> str:
    import PySide6

    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = f"load average {os.getloadavg()[0]:.1f}, " if hasattr(os, "getloadavg") else ""
    return (f"{cores} cores{f' ({cpu})' if cpu else ''}, {load}{platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, "
            f"PySide6 {PySide6.__version__}, offscreen platform unless a row says X11, "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "exit":
        return f"{value:.0f}"
    return f"{value:.0f} {unit}" if value >= 100 else f"{value:.2f} {unit}" if value < 10 \
        else f"{value:.1f} {unit}"


def table(rows: list[Row]) -> str:
    lines = ["| measure | app | bare Qt | ratio | target | met |", "|---|--:|--:|--:|---|---|"]
    for r in rows:
        ratio = f"**{r.ratio:.2f}x**" if r.ratio is not None else "—"
        met = {True: "yes", False: "**no**", None: ""}[r.met]
        lines.append(f"| {r.measure} | {_fmt(r.app, r.unit)} | {_fmt(r.bare, r.unit)} | {ratio} "
                     f"| {r.target} | {met} |")
    return "\n".join(lines)


def section(rows: list[Row], machine_line: str, steps: str = "") -> str:
    return (
        f"{SECTION}\n\n"
        "Measured by `tests/perf/` (not part of the test run). Regenerate this section from the\n"
        "repository root, after `python -m pip install -e \".[test,build]\"`, with\n"
        f"`{COMMAND}`\n"
        "(about ten minutes; without `--frozen` it skips the PyInstaller builds).\n"
        "\"Bare Qt\" is a PySide6 `QMainWindow` with one label (`tests/perf/bare_window.py`),\n"
        "started and frozen the same way as the app; start and RSS are whole-process figures,\n"
        "run alternately with the app in the same invocation, each after one warm-up start (so\n"
        ".pyc files and the app's validated snapshot are warm, as on a ward PC that opens it\n"
        "many times a day; the \"first start\" rows have an empty cache, as after an install or\n"
        "on a PC whose profile is wiped at log-off). Start time runs to the end of the first\n"
        "paint, seen by an event filter on the window alone (`app/ui/first_paint.py`; an\n"
        "application-wide Python filter would itself add 30-50 ms to the bare window); each run\n"
        "then lets the window finish the work it defers past that paint, so peak RSS and CPU\n"
        "time include it.\n"
        "The machine is shared and noisy: read the ratios, not the absolute times; and even\n"
        "the start-up ratios of runs minutes apart have differed by up to 0.3x here, so repeat\n"
        "a run before reading a smaller change into it.\n\n"
        f"Machine: {machine_line}.\n\n"
        f"{table(rows)}\n"
        + (f"\nWhat the first paint waits for, from source ({SOURCE_NOTE}).\n{steps}\n"
           "\nMost of the app's extra start-up time is not its own Python: the first use of each\n"
           "Qt class from Python makes PySide create Python enums for all of that class's enums\n"
           "(the `Qt` namespace alone, which every widget module needs, is about 15 ms). The\n"
           "first \"floor\" row is the bare window made to create just those types first, with\n"
           "no widget and no data: any window built from those classes pays it. The second is\n"
           "the least window that still shows this catalog, started as the app starts: the\n"
           "records, the snapshot, a list model and a splitter (whose constructor alone makes\n"
           "PySide build the whole `Qt` namespace) cost that much before any of the app's\n"
           "features. The real first screen (filter dock, badges, class overview page with its\n"
           "references, menus, status bar) then costs more to build, lay out and paint.\n"
           if steps else "")
    )


def replace_section(readme: str, new_section: str) -> str:
    """README text with its Performance section replaced (or inserted before the licences)."""
    new_section = new_section.rstrip("\n") + "\n"
    start = readme.find(f"\n{SECTION}\n")
    if start != -1:
        end = readme.find("\n## ", start + 1)
        tail = readme[end:] if end != -1 else ""
        return readme[: start + 1] + new_section + tail
    anchor = readme.find("\n## Licences")
    if anchor == -1:
        return readme.rstrip("\n") + "\n\n" + new_section
    return readme[: anchor + 1] + new_section + "\n" + readme[anchor + 1 :]


# --- main ---------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf",
                                     description=__doc__.splitlines()[0])
    # 15: with 7, the same code's start-up ratio moved by about 0.1x between runs.
    parser.add_argument("--runs", type=int, default=15, help="timed starts of each (>= 5)")
    parser.add_argument("--agents", type=int, default=5000, help="size of the generated catalog")
    parser.add_argument("--generated", type=Path, help="reuse a folder gen_catalog wrote")
    parser.add_argument("--frozen", action="store_true", help="also build and time the frozen app")
    parser.add_argument("--build-dir", type=Path, help="where to build (default: a temp folder)")
    parser.add_argument("--no-build", action="store_true", help="reuse the builds in --build-dir")
    parser.add_argument("--skip-filter", action="store_true", help="leave out filter latency")
    parser.add_argument("--skip-load", action="store_true", help="leave out load and validate")
    parser.add_argument("--update-readme", action="store_true",
                        help="write the table into README.md's Performance section")
    parser.add_argument("--phases", action="store_true",
                        help="also show what the first paint waits for (CPU per start-up step)")
    parser.add_argument("--phase-child", choices=("app", "bare"), help=argparse.SUPPRESS)
    parser.add_argument("--types-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase_child or args.types_child:
        return _phase_child(args.phase_child or "app", list_types=args.types_child)
    if args.runs < 5:
        parser.error("--runs must be at least 5")
    if args.no_build and not args.build_dir:
        parser.error("--no-build needs --build-dir")

    home = _isolate_home()
    work = Path(tempfile.mkdtemp(prefix="nmda-perf-"))
    xvfb: subprocess.Popen | None = None
    try:
        python = sys.executable
        pairs = {"from source": (
            _launcher(work, "app-source", [python, "-m", "app"]),
            _launcher(work, "bare-source", [python, str(REPO / "tests/perf/bare_window.py")]),
        )}
        exes: dict[str, Path] = {}
        if args.frozen:
            from tests.perf.bench_frozen import build

            build_dir = args.build_dir or work / "frozen"
            if args.no_build:
                exes = {name: build_dir / "dist" / name / name
                        for name in ("nmda-ref", "bare-window", "bare-default")}
            else:
                print(f"building three onedirs into {build_dir} ...", file=sys.stderr)
                exes = {**build(build_dir), "bare-default": build_default_bare(build_dir)}
            exes = {name: exe for name, exe in exes.items() if exe.exists()}
            pairs["frozen"] = (exes["nmda-ref"], exes["bare-window"])

        pairs[FLOOR] = (
            _launcher(work, "bare-types-source",
                      [python, str(REPO / "tests/perf/bare_window.py"), str(app_types_file(work))]),
            pairs["from source"][1],
        )
        pairs[MINIMAL] = (
            _launcher(work, "minimal-source", [python, str(REPO / "tests/perf/minimal_window.py")]),
            pairs["from source"][1],
        )
        envs: dict[str, dict[str, str]] = {}
        if shutil.which("Xvfb"):
            from tests.perf.bench_frozen import start_display

            x11_env, xvfb, _ = start_display()
            pairs[X11_SOURCE] = pairs["from source"]
            envs[X11_SOURCE] = x11_env
        print(f"start-up: {args.runs} interleaved runs of {', '.join(pairs)} ...", file=sys.stderr)
        rows = startup_rows(startup(pairs, args.runs, envs), args.runs)
        steps = phases(args.runs) if args.phases else ""
        if exes:
            rows += bundle_rows(exes)
        if not (args.skip_filter and args.skip_load):
            generated = args.generated
            if generated is None:
                from tests.perf.gen_catalog import generate

                print(f"generating {args.agents} agents ...", file=sys.stderr)
                generated = generate(work / "generated", args.agents)
            agents = _check_generated(generated)
            if not args.skip_filter:
                print("filter latency ...", file=sys.stderr)
                rows += filter_rows(generated)
            if not args.skip_load:
                print("catalog load and validate ...", file=sys.stderr)
                rows += load_rows(generated, agents, work)
    finally:
        clean_up(xvfb, work, home)

    text = section(rows, machine(), steps)
    print(text)
    if args.update_readme:
        README.write_text(replace_section(README.read_text(encoding="utf-8"), text),
                          encoding="utf-8")
        print(f"updated {README.relative_to(REPO)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
