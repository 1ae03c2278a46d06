"""Unexpected exceptions: logged to a file in the user's log folder and shown, never swallowed.

PySide6 hands an exception raised inside a slot to sys.excepthook and carries on; the default
hook only prints to a console the user (console=False build) never sees.
"""

from __future__ import annotations

import datetime as dt
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

# Qt classes are imported where an error is handled: installing the hook is part of every
# start, and each Qt class's first use from Python costs start-up time (its enums).

LOG_NAME = "nmda-ref.log"


def log_dir() -> Path:
    from PySide6.QtCore import QStandardPaths

    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation)
    return Path(base) / "logs"


def write_log(text: str) -> Path | None:
    """Append `text` to the log; return the file, or None when it cannot be written."""
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / LOG_NAME
        stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with path.open("a", encoding="utf-8") as log:
            log.write(f"--- {stamp}\n{text}\n")
        return path
    except OSError:
        return None


def format_exception(kind, value, tb) -> str:
    return "".join(traceback.format_exception(kind, value, tb))


def install_excepthook(
    show: Callable[[str, Path | None], None] | None = None,
) -> Callable[[], None]:
    """Log and show every unexpected exception; return a function that restores the old hook.

    `show(summary, log_path)` defaults to a message box; the self-test passes one that
    records the failure instead, so it can never block on a dialog.
    """
    previous = sys.excepthook
    show = show or show_error_dialog

    def hook(kind, value, tb) -> None:
        text = format_exception(kind, value, tb)
        path = write_log(text)
        print(text, file=sys.stderr)
        show(f"{kind.__name__}: {value}", path)

    sys.excepthook = hook

    def restore() -> None:
        sys.excepthook = previous

    return restore


def show_error_dialog(summary: str, log_path: Path | None) -> None:
    where = (
        f"The details were written to:\n{log_path}"
        if log_path
        else ("The details could not be written to a log file.")
    )
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(
        QMessageBox.Icon.Critical,
        "NMDA Pain Reference — unexpected error",
        "Something went wrong inside the app. What you were doing may not have "
        "finished; please check the screen before relying on it.",
    )
    box.setInformativeText(f"{summary}\n\n{where}")
    box.exec()
