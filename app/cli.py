"""Command line: the GUI (default), `validate`, `--self-test`, `--version`, `--data-dir`.

Qt is imported only on the paths that need it, so `validate` and `--version` stay fast and
work on machines without a display.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path, PureWindowsPath

from app import __version__


def _local_dirs_from_env() -> list[Path]:
    from app.paths import LOCAL_DATA_ENV

    value = os.environ.get(LOCAL_DATA_ENV, "")
    return [Path(p) for p in value.split(os.pathsep) if p.strip()]


def _gui_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nmda-ref",
        description="NMDA Pain Reference: offline quick-reference on NMDA-receptor antagonists "
        "used in pain. Subcommand: 'nmda-ref validate --help' checks data folders.",
    )
    parser.add_argument("--version", action="version", version=f"nmda-ref {__version__}")
    parser.add_argument(
        "--data-dir",
        action="append",
        default=[],
        type=Path,
        metavar="DIR",
        help="layer a local formulary folder on top of the bundled data (repeatable)",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="build the window, drive a scripted tour, check it against the core, and exit",
    )
    parser.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add the app and its icon to this user's Linux applications menu, and exit",
    )
    return parser


def _validate_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nmda-ref validate",
        description="Check the bundled data, or the given folders layered on top of it. "
        "Prints each problem as path:line:column: message. Exit 0 when clean, 1 otherwise.",
    )
    parser.add_argument("dirs", nargs="*", type=Path, metavar="DIR", help="local data folders")
    parser.add_argument(
        "--only",
        action="store_true",
        help="check the given folders alone, without the bundled data beneath them",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the merged, validated catalog as JSON"
    )
    return parser


def validate(argv: Sequence[str]) -> int:
    from app.catalog.loader import FatalDataError, load_catalog
    from app.paths import DATA_DIR

    args = _validate_parser().parse_args(list(argv))
    if args.only and not args.dirs:
        _validate_parser().error("--only needs at least one DIR")
    bundled = None if args.only else DATA_DIR
    try:
        result = load_catalog(bundled, args.dirs)
    except FatalDataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for problem in sorted(result.problems):
        print(problem)
    catalog = result.catalog
    if args.json:
        import json

        dump = catalog.model_dump(mode="json", by_alias=True)
        print(json.dumps(dump, indent=2, sort_keys=True, ensure_ascii=False))
    counts = (
        f"{len(catalog.agents)} agents, {len(catalog.vocabulary.side_effects)} side effects, "
        f"{len(catalog.references)} references (data {catalog.manifest.data_version})"
    )
    summary = sys.stderr if args.json else sys.stdout
    if result.problems:
        n = len(result.problems)
        print(
            f"{n} problem{'s' * (n != 1)}; {len(result.skipped)} skipped; loaded {counts}",
            file=summary,
        )
        return 1
    print(f"OK: {counts}", file=summary)
    return 0


#: The console program that runs `validate`: pip installs it as a script, and build.spec puts
#: it beside the frozen app as a console twin of the same program.
VALIDATE_PROGRAM = "nmda-ref-validate"


def validate_main() -> int:
    """The `nmda-ref-validate` console command. On Windows a pip-installed `nmda-ref` is a
    windowed program (pythonw) with no console, and so is the frozen `nmda-ref.exe`, so
    `nmda-ref validate` could print nothing."""
    return validate(sys.argv[1:])


def _started_as_validate_program() -> bool:
    # The frozen twin runs this very module; only its file name tells it apart. Windows paths
    # split on both slashes, which a POSIX path never needs to escape.
    return bool(sys.argv) and PureWindowsPath(sys.argv[0]).stem.lower() == VALIDATE_PROGRAM


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None and _started_as_validate_program():
        return validate_main()
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "validate":
        return validate(argv[1:])
    if not argv:  # a double-click: building the parser would cost ~5 ms of argparse's gettext
        return _start_window(_local_dirs_from_env())
    args = _gui_parser().parse_args(argv)
    if args.install_desktop_entry:
        from app.desktop import main as install_desktop_entry

        return install_desktop_entry()
    local_dirs = [*_local_dirs_from_env(), *args.data_dir]
    if args.self_test:
        from app.ui.launch import run_self_test

        return run_self_test(local_dirs)
    return _start_window(local_dirs)


def _start_window(local_dirs: list[Path]) -> int:
    # Until the window has started (launch.run_gui turns it back on), the cyclic garbage
    # collector would only walk, again and again, the Qt types, enums and modules being
    # loaded: about a tenth of the start's CPU time. A start makes hardly any garbage.
    gc.disable()
    from app.ui.launch import run_gui

    return run_gui(local_dirs)


if __name__ == "__main__":
    raise SystemExit(main())
