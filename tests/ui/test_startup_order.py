"""Start-up order: work the first paint does not need runs after it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction

from app.ui.main_window import MainWindow


class _FirstPaint(QObject):
    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.typo_index_built: bool | None = None
        self.tools_installed: bool | None = None
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.typo_index_built is None:
            self.typo_index_built = self.window.index._typo is not None
            self.tools_installed = self.window.findChild(QAction, "actionPrint") is not None
        return False


def test_typo_index_is_built_after_the_first_paint_not_before(qtbot, load, settings):
    window = MainWindow(load, settings)
    qtbot.addWidget(window)
    probe = _FirstPaint(window)
    window.show()
    qtbot.waitUntil(lambda: probe.typo_index_built is not None)
    assert probe.typo_index_built is False
    qtbot.waitUntil(lambda: window.index._typo is not None)


def test_the_tools_arrive_right_after_the_first_paint(qtbot, load, settings):
    window = MainWindow(load, settings)
    qtbot.addWidget(window)
    probe = _FirstPaint(window)
    with qtbot.waitSignal(window.start_up_finished):
        window.show()
    assert probe.tools_installed is False
    assert window.started
    assert window.findChild(QAction, "actionPrint") is not None
    assert window.findChild(QAction, "actionMatrix").shortcut().toString() == "Ctrl+M"


def test_tools_asked_for_before_the_first_paint_are_installed_at_once(qtbot, load, settings):
    window = MainWindow(load, settings)
    qtbot.addWidget(window)
    assert window.findChild(QAction, "actionPrint") is None
    assert window.tools.print_action is window.findChild(QAction, "actionPrint")
    assert window.tools is window.tools


def test_the_patient_dock_keeps_its_saved_place_though_it_arrives_after_the_restore(
    make_window, load, settings
):
    first = make_window(load)
    first.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, first.tools.patient_dock)
    first.close()
    second = make_window(load, settings)
    assert second.dockWidgetArea(second.tools.patient_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    assert second.dockWidgetArea(second.filter_dock) == Qt.DockWidgetArea.LeftDockWidgetArea


def test_the_reopened_agent_stays_selected_when_the_tools_arrive(make_window, load, settings):
    first = make_window(load)
    first.open_agent("gammadol")
    first.close()
    second = make_window(load, settings)
    current = second.agent_list.currentIndex()
    assert current.isValid() and second.proxy.agent_at(current.row()).id == "gammadol"
    assert second.detail.shown_agent == "gammadol"


def test_a_shown_window_that_is_never_painted_still_gets_its_tools(qtbot, load, settings):
    window = MainWindow(load, settings)
    qtbot.addWidget(window)
    window.installEventFilter(_SwallowPaint(window))
    window._start_up_fallback.setInterval(50)
    window.show()
    qtbot.waitUntil(lambda: window.started, timeout=3000)
    assert window.findChild(QAction, "actionPrint") is not None


class _SwallowPaint(QObject):
    """Stands for a display that never exposes the window: its paints never arrive."""

    def eventFilter(self, watched, event) -> bool:
        return event.type() == QEvent.Type.Paint
