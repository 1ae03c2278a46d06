"""User flows through the real window, driven with qtbot over the fixture data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLineEdit,
    QTextEdit,
)

from app.catalog.loader import load_catalog
from app.catalog.model import FrequencyBand
from app.catalog.query import FilterMode, Query
from app.catalog.render import RenderPalette
from app.ui.palette import dark_palette
from tests.conftest import FIXTURES


def core_ids(window, **query) -> tuple[str, ...]:
    return window.index.run(Query(**query)).ids


def tick(window, effect_id: str, checked: bool = True) -> None:
    state = Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
    window.filter_panel.model.item_for(effect_id).setCheckState(state)


def choose(combo: QComboBox, value) -> None:
    combo.setCurrentIndex(0 if value is None else combo.findData(value))


def test_start_state_lists_every_agent_and_shows_the_overview(window):
    assert window.shown_ids() == ("alphamine", "betamine", "gammadol")
    assert window.result_count.text() == "3 of 3 agents"
    assert window.detail.shown_agent is None
    assert "Fixture overview" in window.detail.toPlainText()
    assert not window.warning_bar.isVisible()
    assert not window.chips.isVisible()


def test_typing_filters_as_you_type(window, qtbot):
    qtbot.keyClicks(window.search, "gam")
    assert window.shown_ids() == core_ids(window, text="gam") == ("gammadol",)
    assert window.result_count.text() == "1 of 3 agents"


def test_down_and_enter_open_an_agent_from_the_search_box(window, qtbot):
    qtbot.keyClicks(window.search, "amine")
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert window.detail.shown_agent == "alphamine"
    qtbot.keyClick(window.search, Qt.Key.Key_Down)
    assert window.detail.shown_agent == "betamine"
    qtbot.keyClick(window.search, Qt.Key.Key_Up)
    qtbot.keyClick(window.search, Qt.Key.Key_Return)
    assert window.detail.shown_agent == "alphamine"
    assert "Alphamine" in window.detail.toPlainText()


def test_escape_clears_the_search(window, qtbot):
    qtbot.keyClicks(window.search, "gam")
    qtbot.keyClick(window.search, Qt.Key.Key_Escape)
    assert window.search.text() == ""
    assert len(window.shown_ids()) == 3


def test_ticking_effects_and_switching_mode_and_band(window, qtbot):
    panel = window.filter_panel
    tick(window, "hallucinations")
    assert window.shown_ids() == core_ids(window, effects=frozenset({"hallucinations"}))
    assert window.shown_ids() == ("alphamine", "betamine")

    choose(panel.mode, FilterMode.NONE)
    assert window.shown_ids() == ("gammadol",)

    choose(panel.band, FrequencyBand.VERY_COMMON)
    expected = core_ids(
        window,
        effects=frozenset({"hallucinations"}),
        mode=FilterMode.NONE,
        min_band=FrequencyBand.VERY_COMMON,
    )
    assert window.shown_ids() == expected
    assert window.result_count.text() == f"{len(expected)} of 3 agents"
    counts = window.index.run(window.proxy.query).counts
    item = panel.model.item_for("dizziness")
    qtbot.waitUntil(lambda: item.text() == f"Dizziness ({counts['dizziness']})")


def test_chips_show_the_selection_and_remove_it(window, qtbot):
    tick(window, "hallucinations")
    tick(window, "dizziness")
    choose(window.filter_panel.mode, FilterMode.NONE)
    choose(window.filter_panel.band, FrequencyBand.COMMON)
    assert window.chips.isVisible()
    assert sorted(window.chips.chips) == ["dizziness", "hallucinations"]
    assert window.chips.summary.text() == (
        "Each agent lists none of these at Common or more (≥1/100)"
        " — not listed does not mean it cannot occur:"
    )
    assert window.filter_panel.band.currentText() == "Common or more (≥1/100)"
    qtbot.mouseClick(window.chips.chips["hallucinations"], Qt.MouseButton.LeftButton)
    assert window.filter_panel.model.checked() == frozenset({"dizziness"})
    assert window.proxy.query.effects == frozenset({"dizziness"})
    qtbot.mouseClick(window.chips.chips["dizziness"], Qt.MouseButton.LeftButton)
    assert not window.chips.isVisible()
    assert len(window.shown_ids()) == 3


def test_empty_state_and_its_clear_button(window, qtbot):
    tick(window, "hallucinations")
    qtbot.keyClicks(window.search, "gam")
    assert window.shown_ids() == ()
    assert window.list_stack.currentWidget() is window.empty_state
    assert window.result_count.text() == "0 of 3 agents"
    assert window.empty_state.detail.text() == (
        "Search: “gam”\nSide effects: lists any of Hallucinations"
    )
    qtbot.mouseClick(window.empty_state.button, Qt.MouseButton.LeftButton)
    assert window.shown_ids() == ("alphamine", "betamine", "gammadol")
    assert window.search.text() == ""
    assert window.filter_panel.model.checked() == frozenset()
    assert window.list_stack.currentWidget() is window.agent_list


def test_a_monograph_filtered_out_of_the_list_is_not_left_on_screen(window):
    window.open_agent("alphamine")
    tick(window, "hallucinations")
    choose(window.filter_panel.mode, FilterMode.NONE)
    assert "alphamine" not in window.shown_ids()
    assert window.detail.shown_agent is None
    assert "Fixture overview" in window.detail.toPlainText()


def test_selected_effects_are_highlighted_in_the_monograph(window, qtbot):
    window.open_agent("alphamine")
    before = window.detail.toHtml()
    tick(window, "hallucinations")
    assert window.detail.shown_agent == "alphamine"
    qtbot.waitUntil(lambda: window.detail.toHtml() != before)  # re-rendered with the highlight


def test_the_highlight_follows_the_list_a_pass_later_and_quick_ticks_render_once(
    window, qtbot, monkeypatch
):
    window.open_agent("alphamine")
    before = window.detail.toHtml()
    renders = []
    show_html = window.detail.show_html

    def counted(html, agent_id):
        renders.append(agent_id)
        show_html(html, agent_id)

    monkeypatch.setattr(window.detail, "show_html", counted)
    listed_before = window.shown_ids()
    tick(window, "hallucinations")
    tick(window, "hypertension")
    assert window.shown_ids() != listed_before  # the list has followed at once
    assert "alphamine" in window.shown_ids()
    assert window.detail.toHtml() == before and renders == []  # the monograph not yet
    qtbot.waitUntil(lambda: renders == ["alphamine"])
    text = window.detail.toPlainText()
    assert "Hallucinations" in text and "Hypertension" in text


def test_side_effect_counts_follow_the_list_a_pass_later_and_are_there_at_the_start(window, qtbot):
    model = window.filter_panel.model
    start_counts = window.index.run(window.proxy.query).counts

    def shown_count(eid: str) -> str:
        return model.item_for(eid).text().rsplit("(", 1)[1]

    assert all(shown_count(e) == f"{n})" for e, n in start_counts.items())  # at the first paint
    listed_before = window.shown_ids()
    tick(window, "hallucinations")
    counts = window.index.run(window.proxy.query).counts
    changed = sorted(e for e, n in counts.items() if n != start_counts[e])
    assert changed
    assert window.shown_ids() != listed_before  # the list has followed at once
    assert all(shown_count(e) == f"{start_counts[e]})" for e in changed)  # the counts not yet
    qtbot.waitUntil(lambda: all(shown_count(e) == f"{counts[e]})" for e in changed))

    tick(window, "hallucinations", checked=False)  # a driver without an event loop settles:
    window.finish_pending_updates()
    assert all(shown_count(e) == f"{start_counts[e]})" for e in changed)


def test_pain_context_and_route_filters(window):
    choose(window.route_filter, "oral")
    assert window.shown_ids() == core_ids(window, route="oral") == ("betamine",)
    choose(window.route_filter, None)
    context = window.context_filter.itemData(1)
    choose(window.context_filter, context)
    assert window.shown_ids() == core_ids(window, context=context)


def _hostile_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "local"
    (folder / "agents").mkdir(parents=True)
    text = (FIXTURES / "good" / "agents" / "alphamine.yaml").read_text(encoding="utf-8")
    text = text.replace("id: alphamine", "id: hostile").replace(
        "name: Alphamine", 'name: "Hostile <script>alert(1)</script>"'
    )
    text = text.replace(
        "drug_class: Arylcyclohexylamine anaesthetic",
        'drug_class: "<img src=http://example.com/x.png> class"',
    )
    (folder / "agents" / "hostile.yaml").write_text(text, encoding="utf-8")
    return folder


def test_markup_in_data_shows_as_text(make_window, tmp_path):
    load = load_catalog(FIXTURES / "good", [_hostile_folder(tmp_path)])
    assert load.ok, load.problems
    window = make_window(load)
    assert window.open_agent("hostile")
    shown = window.detail.toPlainText()
    assert "Hostile <script>alert(1)</script>" in shown
    assert "<img src=http://example.com/x.png> class" in shown
    assert "<img" not in window.detail.toHtml().replace("&lt;img", "")
    # The local entry carries its badge in the list.
    row = window.proxy.row_of("hostile")
    assert window.proxy.index(row, 0).data(Qt.ItemDataRole.UserRole + 4) == [
        "Off-label",
        "Local",
    ]


def test_warning_bar_lists_each_problem_of_a_malformed_local_folder(make_window, tmp_path):
    malformed = tmp_path / "malformed"
    shutil.copytree(FIXTURES / "malformed", malformed)
    load = load_catalog(FIXTURES / "good", [malformed])
    window = make_window(load)
    assert window.warning_bar.isVisible()
    text = window.warning_bar.text()
    assert f"{malformed}/agents/unknown_field.yaml:12:1: unknown field 'colour'" in text
    assert (
        f"{malformed}/agents/unknown_effect.yaml:14:14: unknown side-effect id 'dizzyness' "
        "(did you mean 'dizziness'?)"
    ) in text
    for line in (FIXTURES / "malformed" / "expected.txt").read_text(encoding="utf-8").splitlines():
        assert line.replace("{dir}", str(malformed)) in text
    assert f"  {malformed}/agents/empty.yaml" in text.split("Skipped:")[1]
    n = len(load.problems)
    assert window.warning_bar.title.text().startswith(f"⚠ {n} data problems — ")
    # Everything that loaded is usable (the first of the duplicate-id pair loads).
    assert window.shown_ids() == ("alphamine", "betamine", "gammadol", "twin")


def test_zoom_actions(window):
    actions = {
        a.objectName(): a for a in window.findChildren(type(window.menus["view"].actions()[0]))
    }
    actions["actionZoomIn"].trigger()
    actions["actionZoomIn"].trigger()
    assert window.detail.zoom == 2
    actions["actionZoomOut"].trigger()
    assert window.detail.zoom == 1
    actions["actionZoomReset"].trigger()
    assert window.detail.zoom == 0
    shortcuts = {name: a.shortcut().toString() for name, a in actions.items() if name}
    assert shortcuts["actionZoomIn"] == "Ctrl+="
    assert shortcuts["actionZoomOut"] == "Ctrl+-"
    assert shortcuts["actionZoomReset"] == "Ctrl+0"
    assert shortcuts["actionFind"] == "Ctrl+F"
    assert shortcuts["actionEffectFilter"] == "Ctrl+Shift+F"
    assert shortcuts["actionQuit"] == "Ctrl+Q"


def test_menus_and_dock_seam(window):
    from PySide6.QtWidgets import QDockWidget, QLabel

    assert set(window.menus) == {"file", "view", "tools", "help"}
    dock = QDockWidget("Extra", window)
    dock.setObjectName("extraDock")
    dock.setWidget(QLabel("extra"))
    window.add_dock(dock)
    assert dock.toggleViewAction() in window.menus["view"].actions()
    with pytest.raises(ValueError, match="objectName"):
        window.add_dock(QDockWidget("No name", window))


def test_every_interactive_widget_has_an_accessible_name_and_description(window):
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractItemView, QTextEdit)
    missing = []
    for widget in window.findChildren(object):
        if not isinstance(widget, kinds) or widget.objectName().startswith("qt_"):
            continue
        if not widget.isVisibleTo(window) or widget.parent() is None:
            continue
        if isinstance(widget, QAbstractButton) and widget.parent().inherits("QDockWidget"):
            continue  # the dock's own float/close buttons, named by Qt
        if isinstance(widget, QAbstractItemView) and widget.parent().inherits("QComboBox"):
            continue
        if not widget.accessibleName() or not widget.accessibleDescription():
            missing.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert missing == []


def test_palette_change_rerenders_the_monograph_in_dark_colours(window, qapp, qtbot):
    window.open_agent("alphamine")
    original = qapp.palette()
    try:
        qapp.setPalette(dark_palette())
        qtbot.waitUntil(lambda: window.render_palette.background == "#1e1f22")
        assert window.render_palette.contraindication_background == (
            RenderPalette.dark().contraindication_background
        )
        assert "#1e1f22" in window.detail.toHtml()
    finally:
        qapp.setPalette(original)
    qtbot.waitUntil(lambda: window.render_palette.background != "#1e1f22")


def test_find_shortcut_targets(window):
    window.focus_effect_filter()
    assert window.filter_dock.isVisible()
    window.filter_dock.hide()
    window.focus_effect_filter()
    assert window.filter_dock.isVisible()


def test_no_stray_top_level_windows(window):
    tops = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
    assert tops == [window]


def test_tab_order_follows_the_reading_order(window):
    expected = [
        window.filter_panel.search,
        window.filter_panel.mode,
        window.filter_panel.band,
        window.filter_panel.tree,
        window.filter_panel.clear_button,
        *window.tools.patient_panel.boxes.values(),  # tabbed with the filter
        window.search,
        window.context_filter,
        window.route_filter,
        window.agent_list,
    ]
    chain = []
    widget = expected[0]
    while len(chain) < 300:
        chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is expected[0]:
            break
    positions = [chain.index(w) for w in expected]
    assert positions == sorted(positions)
    assert chain.index(window.detail) > positions[-1]


def test_search_box_has_focus_at_start(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(lambda: window.search.hasFocus())


def test_page_decorators_add_to_every_page_shown(window):
    seen = []

    def decorate(agent, html):
        seen.append(agent.id if agent else None)
        return html.replace("</body>", "<p>decorated-marker</p></body>")

    window.page_decorators.append(decorate)
    window.refresh_page()
    assert "decorated-marker" in window.detail.toPlainText()
    window.open_agent("betamine")
    assert "decorated-marker" in window.detail.toPlainText()
    assert seen == [None, "betamine"]


def test_list_rows_are_redrawn_in_the_new_palette(window, qapp, qtbot):
    before = window.agent_list.viewport().grab().toImage()
    original = qapp.palette()
    try:
        qapp.setPalette(dark_palette())
        qtbot.waitUntil(lambda: window.render_palette.background == "#1e1f22")
        after = window.agent_list.viewport().grab().toImage()
    finally:
        qapp.setPalette(original)

    def lightness_range(image):  # over the first row's name, left of any badge
        values = [image.pixelColor(x, y).lightness() for x in range(8, 120) for y in range(6, 28)]
        return min(values), max(values)

    # Light background with dark words before; dark background with light words after (a
    # row drawn from a stale cache would keep dark words on the dark background).
    assert lightness_range(before)[0] < 80 and lightness_range(before)[1] > 200
    darkest, lightest = lightness_range(after)
    assert darkest < 60 and lightest > 170


@pytest.mark.parametrize(("width", "dock", "listing"), [(1280, 310, 330), (900, 260, 260)])
def test_a_first_start_shares_the_width_so_the_monograph_stays_readable(
    qtbot, load, settings, width, dock, listing
):
    from app.ui.main_window import MainWindow

    window = MainWindow(load, settings)  # no saved layout: a first start
    qtbot.addWidget(window)
    window.resize(width, 650)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.started)  # the docks are laid out by then
    assert window.filter_dock.width() == dock
    # Within a few px: the splitter shares the dock's final adjustment by its stretch factors.
    assert abs(window.splitter.sizes()[0] - listing) <= 4
    # The rest (less the splitter and dock handles) is the monograph's: 370 px at 900, where
    # the dock and list used to leave it 250.
    assert window.detail.width() >= width - dock - listing - 30


def test_a_window_narrowed_later_shrinks_the_list_too(window, qtbot):
    listing = window.splitter.sizes()[0]
    window.resize(960, 800)  # e.g. snapped to half of a 1920 px screen
    qtbot.waitUntil(lambda: window.splitter.sizes()[0] < listing)
    assert window.splitter.sizes()[1] >= 360  # it used to absorb it all: 310 px
