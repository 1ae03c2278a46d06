"""A progress window for the rare long start: a large local formulary that is new or changed.

Starts normally come from the validated snapshot in milliseconds. After an install or a data
change every file is read and checked again: about 0.3 s for the bundled data, but seconds
for thousands of local agents, and without this window nothing would be on screen meanwhile.
"""

from __future__ import annotations

import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressDialog

#: Agent files from which a load is long enough to show its progress.
SHOW_FROM = 200
#: Least time between two updates: each one lets Qt paint, which costs the load time.
UPDATE_EVERY_S = 0.05


class LoadProgress:
    """A `progress(done, total)` callback for loader.load_catalog that shows a window."""

    def __init__(self, title: str, show_from: int = SHOW_FROM):
        self._title = title
        self._show_from = show_from
        self._last_update = 0.0
        self.dialog: QProgressDialog | None = None

    def __call__(self, done: int, total: int) -> None:
        if total < self._show_from:
            return
        now = time.monotonic()
        if self.dialog is None:
            self.dialog = QProgressDialog()
            self.dialog.setWindowTitle(self._title)
            label = QLabel(self.dialog)
            label.setWordWrap(True)
            label.setMinimumWidth(420)
            label.setText(
                f"Checking {total:,} agent files. The data has changed since the last start, "
                "or the app is new on this computer, so every file is read and checked once; "
                "later starts are quick."
            )
            self.dialog.setLabel(label)
            self.dialog.setCancelButton(None)  # half a formulary is never shown
            self.dialog.setRange(0, total)
            self.dialog.setMinimumDuration(0)
            # Full until the window replaces it: the cross-checks still follow the last file.
            self.dialog.setAutoReset(False)
            self.dialog.setAutoClose(False)
            self.dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
            self.dialog.setAccessibleName("Loading the data")
        elif done < total and now - self._last_update < UPDATE_EVERY_S:
            return
        self._last_update = now
        self.dialog.setValue(done)  # a modal progress dialog processes events here

    def close(self) -> None:
        if self.dialog is not None:
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None
