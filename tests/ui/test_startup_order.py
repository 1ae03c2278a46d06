"""Start-up order: work the first paint does not need runs after it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject

from app.ui.main_window import MainWindow


class _FirstPaint(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.typo_index_built: bool | None = None
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.typo_index_built is None:
            self.typo_index_built = self.window.index._typo is not None
        return False


def test_typo_index_is_built_after_the_first_paint_not_before(qtbot, load, settings):
    window = MainWindow(load, settings)
    qtbot.addWidget(window)
    probe = _FirstPaint(window)
    window.show()
    qtbot.waitUntil(lambda: probe.typo_index_built is not None)
    assert probe.typo_index_built is False
    qtbot.waitUntil(lambda: window.index._typo is not None)
