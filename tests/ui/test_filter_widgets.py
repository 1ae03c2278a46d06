"""The chips bar updates in place: kept chips are the same widgets, the rows stay in order."""

from __future__ import annotations

import pytest

from app.catalog.model import FrequencyBand
from app.catalog.query import FilterMode
from app.ui.filter_widgets import ChipsBar

LABELS = {
    "a": "Agitation",
    "b": "Blurred vision",
    "c": "Confusion",
    "d": "Dizziness",
    "e": "Euphoria",
}


@pytest.fixture
def bar(qtbot):
    bar = ChipsBar()
    qtbot.addWidget(bar)
    bar.show()
    return bar


def rows(bar: ChipsBar) -> list[list[str]]:
    """The chips' effect ids, row by row, as laid out."""
    laid_out = []
    for row in bar._chip_layout._rows:
        names = []
        for i in range(row.count()):
            widget = row.itemAt(i).widget()
            if widget is not None:
                names.append(widget.objectName().removeprefix("chip:"))
        laid_out.append(names)
    return laid_out


def show(bar: ChipsBar, ids: str, mode=FilterMode.ANY, band=None) -> None:
    bar.show_selection({e: LABELS[e] for e in ids}, mode, band)


def test_a_tick_adds_one_chip_and_keeps_the_others(bar):
    show(bar, "bd")
    b, d = bar.chips["b"], bar.chips["d"]
    show(bar, "bcd")  # c sorts between them
    assert bar.chips["b"] is b and bar.chips["d"] is d
    assert rows(bar) == [["b", "c", "d"]]
    show(bar, "abcde")
    assert bar.chips["b"] is b and bar.chips["d"] is d
    assert rows(bar) == [["a", "b", "c"], ["d", "e"]]
    assert [bar.chips[e].text() for e in "abcde"] == [f"{LABELS[e]}  ✕" for e in "abcde"]


def test_removing_a_chip_reflows_the_rest_in_order(bar, qtbot):
    show(bar, "abcde")
    from shiboken6 import isValid

    gone = bar.chips["b"]
    show(bar, "acde")
    qtbot.waitUntil(lambda: not isValid(gone))  # deleted, not merely hidden
    assert sorted(bar.chips) == ["a", "c", "d", "e"]
    assert rows(bar) == [["a", "c", "d"], ["e"]]
    show(bar, "ae")
    assert rows(bar) == [["a", "e"]]
    assert len(bar._chip_layout._rows) == 1


def test_summary_follows_mode_and_band_and_an_empty_selection_hides_the_bar(bar):
    show(bar, "a")
    assert bar.isVisible()
    assert bar.summary.text() == "Each agent lists any of these at any frequency:"
    show(bar, "a", FilterMode.NONE, FrequencyBand.COMMON)
    assert bar.summary.text() == "Each agent lists none of these at Common or more (≥1/100):"
    assert rows(bar) == [["a"]]
    show(bar, "")
    assert not bar.isVisible()
    assert bar.chips == {}
    assert rows(bar) == []
    show(bar, "c")
    assert bar.isVisible() and rows(bar) == [["c"]]


def test_a_chip_asks_to_remove_its_effect(bar, qtbot):
    from PySide6.QtCore import Qt

    show(bar, "ab")
    show(bar, "abc")  # a kept chip still sends its own id
    with qtbot.waitSignal(bar.remove_requested) as signal:
        qtbot.mouseClick(bar.chips["a"], Qt.MouseButton.LeftButton)
    assert signal.args == ["a"]
    assert bar.chips["c"].accessibleName() == "Remove filter: Confusion"
