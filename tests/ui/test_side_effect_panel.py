"""The side-effect dock at its narrowest (a 900 px window gives it 260 px): every effect name
and every frequency choice reads whole, and the layout follows the dock when it widens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QStyle, QStyleOptionViewItem

from app.ui.side_effect_filter import EFFECT_ID_ROLE, combo_width_for_longest_choice

LONG = "bone_effects_fetal"  # "Fetal bone demineralisation (prolonged use in pregnancy)"
SHORT = "nausea_vomiting"


@pytest.fixture
def narrow(qtbot, load, settings):
    from app.ui.main_window import MainWindow

    window = MainWindow(load, settings)  # no saved layout: the dock gets 260 px at 900
    qtbot.addWidget(window)
    window.resize(900, 650)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.started)
    assert window.filter_dock.width() == 260
    return window


def _row_height(window, effect_id: str) -> int:
    panel = window.filter_panel
    item = panel.model.item_for(effect_id)
    assert item is not None and item.data(EFFECT_ID_ROLE) == effect_id
    index = panel.search_proxy.mapFromSource(item.index())
    return panel.tree.visualRect(index).height()


def _widen_dock(window, qtbot, width: int) -> None:
    window.resize(1600, 650)
    window.resizeDocks([window.filter_dock], [width], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: window.filter_dock.width() >= width - 10)
    tree = window.filter_panel.tree
    qtbot.waitUntil(lambda: _row_height(window, LONG) == _row_height(window, SHORT))
    assert tree.viewport().width() > tree.fontMetrics().horizontalAdvance("x" * 60)


def test_a_long_effect_name_takes_two_lines_in_a_narrow_dock_and_one_when_it_widens(
    narrow, qtbot
):
    # It used to lose its middle: "Fetal bone de…in pregnancy) (0)".
    assert _row_height(narrow, LONG) >= 2 * _row_height(narrow, SHORT) - 4
    _widen_dock(narrow, qtbot, 600)  # the heights follow the width; no stale two-line row


def test_every_effect_name_fits_its_row_at_the_narrowest_dock(narrow):
    panel = narrow.filter_panel
    tree = panel.tree
    metrics = tree.fontMetrics()
    for effect_id in panel.model._entries:
        item = panel.model.item_for(effect_id)
        index = panel.search_proxy.mapFromSource(item.index())
        # Where the style draws the text: the row less its check box and margins.
        option = QStyleOptionViewItem()
        tree.initViewItemOption(option)
        tree.itemDelegate().initStyleOption(option, index)
        option.rect = tree.visualRect(index)
        text = tree.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, tree)
        wrapped = metrics.boundingRect(
            0, 0, text.width(), 10_000, Qt.TextFlag.TextWordWrap, item.text()
        )
        assert wrapped.width() <= text.width() and wrapped.height() <= text.height(), item.text()


def test_frequency_choices_read_whole_with_labels_above_them_in_a_narrow_dock(narrow, qtbot):
    panel = narrow.filter_panel
    # Beside its label, the combo clipped "Common or more (≥1/100)" to "…(≥1/10", another band.
    assert panel._form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapAllRows
    for combo in (panel.mode, panel.band):
        assert combo.width() >= combo_width_for_longest_choice(combo)
        longest = max((combo.itemText(i) for i in range(combo.count())), key=len)
        assert combo.width() > combo.fontMetrics().horizontalAdvance(longest) + 20, longest
    _widen_dock(narrow, qtbot, 600)
    qtbot.waitUntil(
        lambda: panel._form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.DontWrapRows
    )


def test_clicking_the_check_box_of_a_two_line_row_ticks_that_effect(narrow, qtbot):
    panel = narrow.filter_panel
    tree = panel.tree
    item = panel.model.item_for(LONG)
    index = panel.search_proxy.mapFromSource(item.index())
    tree.scrollTo(index)
    qtbot.waitUntil(lambda: tree.viewport().rect().contains(tree.visualRect(index)))
    option = QStyleOptionViewItem()
    tree.initViewItemOption(option)
    tree.itemDelegate().initStyleOption(option, index)
    option.rect = tree.visualRect(index)
    box = tree.style().subElementRect(
        QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, tree
    )
    assert option.rect.height() > 2 * box.height()  # a two-line row, the box in its middle
    with qtbot.waitSignal(panel.effects_changed) as ticked:
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    assert ticked.args == [frozenset({LONG})]


def test_a_larger_font_measures_the_combos_again_and_sets_the_labels_above_them(narrow, qtbot):
    panel = narrow.filter_panel
    narrow.resize(1600, 650)
    narrow.resizeDocks([narrow.filter_dock], [450], Qt.Orientation.Horizontal)
    qtbot.waitUntil(
        lambda: panel._form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.DontWrapRows
    )
    font = panel.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    panel.setFont(font)  # e.g. a reader's larger system font, applied while the app runs
    qtbot.waitUntil(
        lambda: panel._form.rowWrapPolicy() == QFormLayout.RowWrapPolicy.WrapAllRows
    )
