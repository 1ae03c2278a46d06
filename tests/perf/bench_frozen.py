"""Size and start-to-first-paint of the frozen app beside a bare frozen PySide6 window.

    python tests/perf/bench_frozen.py [--runs 7] [--no-build] [--out /tmp/nmda-bench]

Builds dist/nmda-ref (build.spec) and dist/bare-window (tests/perf/bare_window.spec) the same
way in the same run, then starts each `--runs` times, alternating, with
NMDA_REF_EXIT_AFTER_PAINT=1 (app/ui/first_paint.py): whole-process time from spawn to the end
of the first paint, and peak RSS. "cold" drops the page cache before each start (needs root;
skipped with a note otherwise); "warm" starts right after a previous start. Uses a real X server
(Xvfb, xcb platform) when installed, else the offscreen platform; the report says which.
Quote the ratios: absolute times on a shared 2-core machine are noisy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MARKER = "first-paint"


def build(out: Path) -> dict[str, Path]:
    pyinstaller = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
                   "--distpath", str(out / "dist"), "--workpath", str(out / "work")]
    for spec in (REPO / "build.spec", REPO / "tests" / "perf" / "bare_window.spec"):
        subprocess.run([*pyinstaller, str(spec)], cwd=REPO, check=True)
    return {"nmda-ref": out / "dist" / "nmda-ref" / "nmda-ref",
            "bare-window": out / "dist" / "bare-window" / "bare-window"}


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def start_display() -> tuple[dict[str, str], subprocess.Popen | None, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    if shutil.which("Xvfb"):
        # -displayfd: Xvfb picks a free display and writes its number once it accepts clients.
        read_end, write_end = os.pipe()
        xvfb = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1920x1080x24",
             "-nolisten", "tcp"],
            pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(write_end)
        with os.fdopen(read_end) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise SystemExit("Xvfb did not start")
        env["DISPLAY"] = f":{number}"
        return env, xvfb, "xcb on Xvfb"
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env, None, "offscreen (Xvfb not installed)"


def time_with_rss(
    exe: Path, env: dict[str, str], *, fresh_cache: bool = False
) -> tuple[float, int]:
    """Seconds from spawn to the end of the first paint, and the child's peak RSS in KiB.

    `fresh_cache`: an empty cache folder, as on the first start after an install or a data
    change (the app then parses and validates the YAML and writes its snapshot).
    """
    env = {**env, "NMDA_REF_EXIT_AFTER_PAINT": "1"}
    home = tempfile.mkdtemp(prefix="nmda-bench-home-")
    env.update(HOME=home, XDG_CONFIG_HOME=f"{home}/.config", XDG_DATA_HOME=f"{home}/.local/share")
    if fresh_cache:
        env["XDG_CACHE_HOME"] = f"{home}/.cache"
    started = time.time()
    proc = subprocess.Popen([str(exe)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=home)
    out = proc.stdout.read()
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    shutil.rmtree(home, ignore_errors=True)
    lines = [line for line in out.decode().splitlines() if line.startswith(MARKER)]
    if proc.returncode != 0 or not lines:
        raise SystemExit(f"{exe}: exit {proc.returncode}, no '{MARKER}' line.\n"
                         f"Does the app call app.ui.first_paint.install_if_requested?\n"
                         f"{err.decode()[-2000:]}")
    return float(lines[0].split()[1]) - started, usage.ru_maxrss


def summary(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:6.0f} ms  "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, n={len(values)})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--no-build", action="store_true", help="reuse the builds in --out")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "nmda-bench")
    args = parser.parse_args()

    if args.no_build:
        exes = {"nmda-ref": args.out / "dist" / "nmda-ref" / "nmda-ref",
                "bare-window": args.out / "dist" / "bare-window" / "bare-window"}
    else:
        exes = build(args.out)
    env, xvfb, platform = start_display()
    can_drop = drop_caches()
    results: dict[str, dict[str, list]] = {
        name: {"cold": [], "warm": [], "rss": []} for name in exes
    }
    try:
        for _ in range(args.runs):
            for name, exe in exes.items():
                if can_drop:
                    drop_caches()
                    seconds, _rss = time_with_rss(exe, env)
                    results[name]["cold"].append(seconds)
                seconds, rss = time_with_rss(exe, env)
                results[name]["warm"].append(seconds)
                results[name]["rss"].append(rss)
    finally:
        if xvfb is not None:
            xvfb.terminate()
            xvfb.wait()

    print(f"platform: {platform}; runs: {args.runs} each, alternating")
    for name, exe in exes.items():
        size = folder_size(exe.parent)
        print(f"\n{name}: onedir {size / 2**20:.1f} MiB ({exe.parent})")
        if results[name]["cold"]:
            print(f"  cold start-to-first-paint  {summary(results[name]['cold'])}")
        print(f"  warm start-to-first-paint  {summary(results[name]['warm'])}")
        rss = statistics.median(results[name]["rss"]) / 1024
        print(f"  peak RSS                   median {rss:.0f} MiB")
    if not can_drop:
        print("\nnote: could not drop the page cache (not root?): no cold figures")
    app, bare = results["nmda-ref"], results["bare-window"]
    print("\nratios app / bare (medians):")
    sizes = [folder_size(exes[name].parent) for name in ("nmda-ref", "bare-window")]
    print(f"  size  {sizes[0] / sizes[1]:.2f}")
    for kind in ("cold", "warm"):
        if app[kind]:
            print(f"  {kind}  {statistics.median(app[kind]) / statistics.median(bare[kind]):.2f}")
    print(f"  rss   {statistics.median(app['rss']) / statistics.median(bare['rss']):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
