"""The agent row delegate: a row's first drawing goes straight to the view, later ones reuse a
pixmap, and both look the same."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from app.ui.agent_delegate import AgentDelegate
from app.ui.main_window import MainWindow


def _largest_channel_difference(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    largest = 0
    for y in range(a.height()):
        for x in range(a.width()):
            if a.pixel(x, y) != b.pixel(x, y):
                ca, cb = QColor(a.pixel(x, y)), QColor(b.pixel(x, y))
                largest = max(
                    largest,
                    abs(ca.red() - cb.red()),
                    abs(ca.green() - cb.green()),
                    abs(ca.blue() - cb.blue()),
                )
    return largest


def test_rows_are_kept_as_pixmaps_only_once_drawn_twice_and_look_the_same(qtbot, load, settings):
    window = MainWindow(load, settings)
    qtbot.addWidget(window)
    window.resize(900, 600)
    delegate: AgentDelegate = window.delegate
    viewport = window.agent_list.viewport()
    rows = window.proxy.rowCount()
    assert rows >= 3

    first = viewport.grab().toImage()  # the first paint: every row drawn straight to the view
    assert delegate._pixmaps == {}
    assert len(delegate._drawn_once) == rows

    second = viewport.grab().toImage()  # drawn again: kept as pixmaps from now on
    assert len(delegate._pixmaps) == rows
    third = viewport.grab().toImage()
    assert len(delegate._pixmaps) == rows  # reused, not made again
    assert second == third

    # Text antialiased onto a transparent pixmap can round a channel by a step or two.
    assert _largest_channel_difference(first, second) <= 3


def _layout(delegate: AgentDelegate, width: int, name: str):
    option = QStyleOptionViewItem()
    option.font = QApplication.font()
    return delegate.layout_row(
        option,
        QRect(0, 0, width, 50),
        name,
        "Investigational receptor antagonist",
        ("Investigational", "Off-label"),
    )


def _centre_within(box: QRect, line: QRect) -> bool:
    return line.top() <= box.center().y() <= line.bottom()


def test_badges_sit_beside_a_name_that_fits_and_under_one_that_does_not(qtbot):
    delegate = AgentDelegate()
    name = "Dextromethorphan/quinidine"

    wide = _layout(delegate, 600, name)
    assert wide.name == name
    assert [badge for badge, _ in wide.badges] == ["Off-label", "Investigational"]
    assert all(_centre_within(box, wide.name_rect) for _, box in wide.badges)
    assert all(wide.name_rect.right() < box.left() for _, box in wide.badges)

    narrow = _layout(delegate, 260, name)  # the list's least width
    assert narrow.name == name  # the name is never cut short for its badges
    assert all(_centre_within(box, narrow.class_rect) for _, box in narrow.badges)
    assert all(narrow.class_rect.right() < box.left() for _, box in narrow.badges)
    assert narrow.drug_class.endswith("…")  # the drug class gives way instead
