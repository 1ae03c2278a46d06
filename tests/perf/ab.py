"""Start-up of two or more git revisions of the app, interleaved with the bare window.

    python -m tests.perf.ab REV [REV ...] [--runs 15] [--x11]

Each REV (a commit, a branch, or `.` for the working tree as it is) is exported to a throwaway
folder and started from source with `python -m app`, in turns with the others and with
tests/perf/bare_window.py: one warm-up each, then --runs rounds. Prints the median start to
first paint and the child's CPU time, each as a ratio to the bare window of the same rounds.

This is how to tell whether a change helps: on the shared 2-core machine a single harness run
moves by up to 0.3x, while revisions timed in turns see the same noise.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.perf.bench_frozen import start_display, time_with_rss
from tests.perf.harness import REPO, _isolate_home, _launcher, _offscreen_env, clean_up


def export(rev: str, folder: Path) -> Path:
    """The revision's files in `folder` (the working tree itself for ".")."""
    if rev == ".":
        return REPO
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", rev], cwd=REPO, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf.ab",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("revs", nargs="+", metavar="REV")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--x11", action="store_true", help="on Xvfb instead of offscreen")
    args = parser.parse_args(argv)

    home = _isolate_home()
    work = Path(tempfile.mkdtemp(prefix="nmda-ab-"))
    xvfb = None
    try:
        env = _offscreen_env()
        if args.x11:
            env, xvfb, _ = start_display()
        python = sys.executable
        app = _launcher(work, "app", [python, "-m", "app"])
        # Each revision's `app` comes first on the path, ahead of any installed copy.
        starts = {rev: (app, {**env, "PYTHONPATH": str(export(rev, work / f"rev{i}"))})
                  for i, rev in enumerate(args.revs)}
        starts["bare"] = (
            _launcher(work, "bare", [python, str(REPO / "tests/perf/bare_window.py")]), env
        )
        for exe, exe_env in starts.values():
            time_with_rss(exe, exe_env)
        times: dict[str, list[float]] = {name: [] for name in starts}
        cpu: dict[str, list[float]] = {name: [] for name in starts}
        for _ in range(args.runs):
            for name, (exe, exe_env) in starts.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                seconds, _ = time_with_rss(exe, exe_env)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                times[name].append(seconds * 1000)
                cpu[name].append((after.ru_utime + after.ru_stime
                                  - before.ru_utime - before.ru_stime) * 1000)
        bare_ms, bare_cpu = statistics.median(times["bare"]), statistics.median(cpu["bare"])
        for name in starts:
            ms, used = statistics.median(times[name]), statistics.median(cpu[name])
            print(f"{name:>20}  first paint {ms:6.1f} ms ({ms / bare_ms:.2f}x)   "
                  f"CPU {used:6.1f} ms ({used / bare_cpu:.2f}x)")
    finally:
        clean_up(xvfb, work, home)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
