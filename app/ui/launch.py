"""Start-up for the GUI and for `--self-test`, called by app/cli.py.

Loads the data before building the window: a fatal data error becomes one clear dialog and
exit code 1 (the self-test prints it instead); lesser problems go to the window's warning bar.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from app.catalog.local_sources import merge_local_dirs
from app.catalog.report import FatalDataError, LoadResult
from app.catalog.snapshot import load_catalog as load_from_snapshot
from app.paths import DATA_DIR, SHIPPED_SNAPSHOT, user_cache_dir

ORGANISATION = "NMDA Pain Reference"
APPLICATION = "nmda-ref"
TITLE = "NMDA Pain Reference"


def _application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        QApplication.setOrganizationName(ORGANISATION)
        QApplication.setApplicationName(APPLICATION)
        QApplication.setApplicationDisplayName(TITLE)
        # Wayland's app id: lets the desktop match the window to resources/nmda-ref.desktop.
        QApplication.setDesktopFileName(APPLICATION)
        app = QApplication(sys.argv[:1])
        from app.ui.app_icon import app_icon

        app.setWindowIcon(app_icon())
    return app  # type: ignore[return-value]


def _user_settings() -> QSettings:
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION
    )


def _collect_garbage_from_now_on() -> None:
    """Turn the cyclic garbage collector back on (app/cli.py pauses it for the start), first
    moving everything the start made out of its reach: later collections then walk only what
    the reader's use of the app makes, not the window and catalog that live as long as it."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run_gui(local_dirs: list[Path]) -> int:
    try:
        return _run_gui(local_dirs)
    finally:
        _collect_garbage_from_now_on()


def _run_gui(local_dirs: list[Path]) -> int:
    from app.ui.platform_check import platform_problem, report_problem

    problem = platform_problem()  # before QApplication: Qt would abort with a bare "no xcb"
    if problem:
        report_problem(problem)
        return 1
    app = _application()
    from app.ui.errors import install_excepthook

    install_excepthook()
    settings = _user_settings()
    from app.ui.settings import preferred_local_dirs

    # Folders from Preferences come after --data-dir / NMDA_REF_DATA_DIRS ones; a folder
    # named twice, in any spelling, is read once (see local_sources).
    local_dirs = merge_local_dirs(local_dirs, preferred_local_dirs(settings))
    from app.ui.load_progress import LoadProgress

    progress = LoadProgress(f"{TITLE} is starting")  # shown only for a long full load
    try:
        # Reuses the last load's validated result when every input byte is unchanged.
        try:
            load = load_from_snapshot(
                DATA_DIR,
                local_dirs,
                cache_dir=user_cache_dir(),
                shipped=SHIPPED_SNAPSHOT,
                progress=progress,
            )
        finally:
            progress.close()
        # The catalog lives as long as the app: keep the garbage collector from walking it
        # on every full collection (with 5,000 agents loaded, one full collection took 178
        # ms, several dropped frames while typing; after gc.freeze() it takes ~0 ms).
        gc.freeze()
    except FatalDataError as exc:
        from PySide6.QtWidgets import QMessageBox  # only when a start fails

        QMessageBox.critical(
            None,
            f"{TITLE} cannot start",
            "The app's bundled data is missing or damaged, so it cannot show anything safely."
            f"\n\n{exc}\n\nReinstall the app, or ask whoever maintains it.",
        )
        return 1
    from app.ui.main_window import MainWindow

    window = MainWindow(load, settings)
    window.start_up_finished.connect(_collect_garbage_from_now_on)
    window.show()
    from app.ui.first_paint import install_if_requested

    install_if_requested(window)  # NMDA_REF_EXIT_AFTER_PAINT=1: start-up benchmark only
    return app.exec()


def _no_display() -> bool:
    return (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    )


def run_self_test(local_dirs: list[Path], bundled_dir: Path | None = None) -> int:
    """Build the real window over the real data, drive the tour, print a summary; 0 or 1.

    `bundled_dir` replaces the bundled data folder (tests use the fixtures).
    """
    if _no_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # CI and headless smoke tests
    app = _application()
    failures: list[str] = []
    from app.ui.errors import install_excepthook

    restore_hook = install_excepthook(lambda summary, _path: failures.append(summary))
    qt_messages: list[str] = []

    def on_qt_message(kind, _context, message) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            qt_messages.append(message)

    previous_handler = qInstallMessageHandler(on_qt_message)
    try:
        try:
            from app.catalog.loader import load_catalog

            # Always a full load: the self-test checks the data as well as the window.
            load: LoadResult = load_catalog(bundled_dir or DATA_DIR, local_dirs)
        except FatalDataError as exc:
            print(f"self-test: FAILED — fatal data error:\n{exc}")
            return 1
        failures += [f"data problem: {p}" for p in load.problems]

        from app.ui.main_window import MainWindow
        from app.ui.self_test import run_tour

        with tempfile.TemporaryDirectory(prefix="nmda-ref-self-test-") as folder:
            # Never the user's settings: a saved filter would change what the tour sees.
            settings = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
            window = MainWindow(load, settings)
            window.resize(1280, 800)
            window.show()
            report = run_tour(window)
            window.close()
            window.deleteLater()
            del settings
        failures += report.failures
        failures += [f"Qt critical: {m}" for m in qt_messages]
        agents = len(load.catalog.agents)
        if failures:
            for failure in failures:
                print(f"self-test: FAIL: {failure}")
            print(
                f"self-test: FAILED — {len(failures)} failure(s), {agents} agents, "
                f"{report.checks} checks"
            )
            return 1
        print(f"self-test: OK — {agents} agents, {report.checks} checks")
        return 0
    finally:
        qInstallMessageHandler(previous_handler)
        restore_hook()
        del app
