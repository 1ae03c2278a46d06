"""The chips bar updates in place: kept chips are the same widgets, removed ones are reused,
the chips wrap to the bar's width in order, and the window re-lays out only when the bar's
height changes."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from app.catalog.model import FrequencyBand
from app.catalog.query import FilterMode
from app.ui.filter_widgets import ChipsBar

LABELS = {
    "a": "Agitation",
    "b": "Blurred vision",
    "c": "Confusion",
    "d": "Dizziness",
    "e": "Euphoria",
    "f": "Fetal bone demineralisation (prolonged use in pregnancy)",
}


class _LayoutRequests(QObject):
    """Counts the layout requests a widget receives."""

    def __init__(self, widget: QWidget):
        super().__init__(widget)
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


@pytest.fixture
def host(qtbot):
    """The bar in a panel's layout, as in the window, 320 px wide."""
    host = QWidget()
    layout = QVBoxLayout(host)
    host.bar = ChipsBar()
    layout.addWidget(host.bar)
    layout.addWidget(QLineEdit())  # something else to tab to, as the list in the window
    layout.addStretch(1)
    qtbot.addWidget(host)
    host.resize(320, 400)
    host.show()
    qtbot.waitExposed(host)
    return host


@pytest.fixture
def bar(host):
    return host.bar


def settle() -> None:
    QApplication.sendPostedEvents()  # the layout requests the last change posted


def rows(bar: ChipsBar) -> list[list[str]]:
    """The shown chips' effect ids, row by row, as placed."""
    placed: dict[int, list[tuple[int, str]]] = {}
    for eid, chip in bar.chips.items():
        assert chip.isVisible()
        placed.setdefault(chip.y(), []).append((chip.x(), eid))
    return [[eid for _x, eid in sorted(placed[y])] for y in sorted(placed)]


def show(bar: ChipsBar, ids: str, mode=FilterMode.ANY, band=None) -> None:
    bar.show_selection({e: LABELS[e] for e in ids}, mode, band)
    settle()


def assert_wrapped_to_width(bar: ChipsBar, ids: str) -> None:
    """In order, each row as full as the width allows, no chip beyond the bar's edge."""
    laid_out = rows(bar)
    assert [eid for row in laid_out for eid in row] == list(ids)
    for row, next_row in zip(laid_out, [*laid_out[1:], None], strict=True):
        last = bar.chips[row[-1]]
        assert last.geometry().right() < bar.width()
        if next_row is not None:  # the next row's first chip did not fit after this one
            first = bar.chips[next_row[0]]
            assert last.geometry().right() + 1 + bar.CHIP_SPACING + first.width() > bar.width()


def test_a_tick_adds_one_chip_and_keeps_the_others(bar):
    show(bar, "bd")
    b, d = bar.chips["b"], bar.chips["d"]
    show(bar, "bcd")  # c sorts between them
    assert bar.chips["b"] is b and bar.chips["d"] is d
    assert_wrapped_to_width(bar, "bcd")
    show(bar, "abcde")
    assert bar.chips["b"] is b and bar.chips["d"] is d
    assert_wrapped_to_width(bar, "abcde")
    assert len(rows(bar)) > 1  # five chips do not fit in 320 px
    assert [bar.chips[e].text() for e in "abcde"] == [f"{LABELS[e]}  ✕" for e in "abcde"]


def test_a_removed_chip_is_hidden_and_reused_for_the_next_effect(bar, qtbot):
    show(bar, "abcde")
    gone = bar.chips["b"]
    show(bar, "acde")
    assert sorted(bar.chips) == ["a", "c", "d", "e"]
    assert not gone.isVisible()
    assert_wrapped_to_width(bar, "acde")
    show(bar, "acdef")  # f takes b's chip, with f's own text, names and click
    reused = bar.chips["f"]
    assert reused is gone and reused.isVisible()
    assert reused.objectName() == "chip:f"
    assert reused.accessibleName() == f"Remove filter: {LABELS['f']}"
    assert reused.toolTip() == f"Remove '{LABELS['f']}' from the side-effect filter"
    with qtbot.waitSignal(bar.remove_requested) as signal:
        qtbot.mouseClick(reused, Qt.MouseButton.LeftButton)
    assert signal.args == ["f"]
    show(bar, "ab")  # b back: a chip from the spares again, none made
    assert {bar.chips["a"], bar.chips["b"]} <= {
        w for w in bar.findChildren(type(reused)) if w is not None
    }
    assert len(bar.findChildren(type(reused))) == 5
    assert_wrapped_to_width(bar, "ab")
    assert bar.chips["b"].text() == f"{LABELS['b']}  ✕"


def test_the_window_lays_out_again_only_when_the_bar_height_changes(host, bar):
    show(bar, "a")
    requests = _LayoutRequests(host)
    height = bar.height()
    show(bar, "ac")  # fits beside the first chip: same height
    assert len(rows(bar)) == 1 and requests.count == 0
    show(bar, "a")
    assert requests.count == 0
    show(bar, "abcde")  # needs a second row: the panel must make room
    assert requests.count > 0
    host.layout().activate()
    assert bar.height() > height
    assert bar.height() == bar.heightForWidth(bar.width())


def test_a_chip_longer_than_the_bar_is_shortened_and_keeps_its_remove_mark(host, bar):
    show(bar, "af")
    long_chip = bar.chips["f"]
    assert long_chip.width() <= bar.width()
    assert long_chip.text().endswith("…  ✕")
    assert long_chip.accessibleName() == f"Remove filter: {LABELS['f']}"
    assert_wrapped_to_width(bar, "af")
    host.resize(1200, 400)
    host.layout().activate()
    settle()
    assert long_chip.text() == f"{LABELS['f']}  ✕"  # room again: the whole label
    assert len(rows(bar)) == 1


def test_tab_reaches_the_chips_in_reading_order(bar):
    show(bar, "c")
    show(bar, "ac")  # a made after c, but read before it
    assert bar.chips["a"].nextInFocusChain() is bar.chips["c"]


def test_summary_follows_mode_and_band_and_an_empty_selection_hides_the_bar(bar):
    show(bar, "a")
    assert bar.isVisible()
    assert bar.summary.text() == "Each agent lists any of these at any frequency:"
    show(bar, "a", FilterMode.NONE, FrequencyBand.COMMON)
    assert (
        bar.summary.text() == "Each agent lists none of these at Common or more (≥1/100)"
        " — not listed does not mean it cannot occur:"
    )
    assert rows(bar) == [["a"]]
    assert bar.chips["a"].y() >= bar.summary.geometry().bottom()  # below the summary
    show(bar, "")
    assert not bar.isVisible()
    assert bar.chips == {}
    show(bar, "c")
    assert bar.isVisible() and rows(bar) == [["c"]]


def test_a_chip_asks_to_remove_its_effect(bar, qtbot):
    show(bar, "ab")
    show(bar, "abc")  # a kept chip still sends its own id
    with qtbot.waitSignal(bar.remove_requested) as signal:
        qtbot.mouseClick(bar.chips["a"], Qt.MouseButton.LeftButton)
    assert signal.args == ["a"]
    assert bar.chips["c"].accessibleName() == "Remove filter: Confusion"


def test_the_search_boxes_get_their_clear_button_when_the_reader_first_types(window, qtbot):
    from PySide6.QtWidgets import QToolButton

    for box in (window.search, window.filter_panel.search):
        assert not box.isClearButtonEnabled()  # not set up for the first paint
        qtbot.keyClicks(box, "ke")
        assert box.isClearButtonEnabled()
        clear = [b for b in box.findChildren(QToolButton) if b.isVisibleTo(box)]
        assert len(clear) == 1
        qtbot.waitUntil(lambda clear=clear: clear[0].isEnabled())
        clear[0].click()
        assert box.text() == ""
        qtbot.keyClicks(box, "x")  # still there the next time
        assert box.isClearButtonEnabled() and box.text() == "x"
        box.clear()
