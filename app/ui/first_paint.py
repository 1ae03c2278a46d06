"""Start-up timing probe: with NMDA_REF_EXIT_AFTER_PAINT=1 the app quits after its first paint.

tests/perf/bench_frozen.py starts the frozen app with this variable set and measures whole-
process start-to-first-paint: the app prints `first-paint <epoch seconds>` once the window's
first paint has been delivered, then quits with exit code 0 (once the window has finished
the start-up work it defers past the first paint, if any). Without the variable nothing is
installed and nothing changes. launch.py calls `install_if_requested(window)` right after
`window.show()`; the bare-window benchmark does the same, so both are timed alike.
"""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV_VAR = "NMDA_REF_EXIT_AFTER_PAINT"
MARKER = "first-paint"


class _FirstPaintProbe(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._seen and event.type() == QEvent.Type.Paint:
            self._seen = True
            # Report once this paint pass (and its flush to the screen) has finished.
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"{MARKER} {time.time():.6f}", flush=True)
        sys.stdout.flush()
        # Quit only once the window has done what it defers past the first paint, so that
        # the run's peak memory and CPU time include it (the bare window defers nothing).
        if getattr(self._window, "started", True):
            QApplication.quit()
        else:
            self._window.start_up_finished.connect(QApplication.quit)


def install_if_requested(window: QWidget) -> bool:
    """Watch for the window's first paint when NMDA_REF_EXIT_AFTER_PAINT=1; True if installed."""
    if os.environ.get(ENV_VAR) != "1":
        return False
    if QApplication.instance() is None:
        return False
    # On the window alone, not the application: an application-wide Python filter wraps every
    # event of every object in Python, creating the Python enums of each event and object class
    # it meets. That cost 30-50 ms of the bare window's 155 ms and hid the app's own cost.
    window.installEventFilter(_FirstPaintProbe(window))
    return True
