"""User flows through the real window: patient context, matrix, print/PDF, About, keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from app.catalog.loader import load_catalog
from app.catalog.model import PatientFactor as F
from app.catalog.patient import NO_FLAG_TEXT
from app.ui.about import TextDialog
from app.ui.agent_list import BADGES_ROLE
from app.ui.matrix_view import AGENT_ID_ROLE, EFFECT_ID_ROLE
from app.ui.patient_panel import BADGE_CAUTION, BADGE_CONTRAINDICATED
from app.ui.reference_tools import describe_filters
from tests.conftest import FIXTURES
from tests.ui.pdftext import needs_pdftotext, pdf_text


@pytest.fixture
def window(make_window):
    return make_window(load_catalog(FIXTURES / "good", [FIXTURES / "patient"]))


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def badges_of(window, agent_id: str):
    return window.proxy.index(window.proxy.row_of(agent_id), 0).data(BADGES_ROLE)


@pytest.mark.parametrize(
    ("name", "keys", "menu"),
    [
        ("actionMatrix", "Ctrl+M", "view"),
        ("actionPatientContext", "Ctrl+Shift+P", "view"),
        ("actionPrint", "Ctrl+P", "file"),
        ("actionExportPdf", "Ctrl+Shift+E", "file"),
        ("actionShortcuts", "F1", "help"),
    ],
)
def test_actions_and_shortcuts(window, name, keys, menu):
    found = action(window, name)
    assert found.shortcut() == QKeySequence(keys)
    assert found in window.menus[menu].actions()


def test_print_and_export_come_before_quit(window):
    names = [a.objectName() for a in window.menus["file"].actions()]
    assert names.index("actionPrint") < names.index("actionExportPdf") < names.index("actionQuit")


def test_ticking_a_factor_badges_the_list_and_flags_the_monograph(window, qtbot):
    tools = window.tools
    assert BADGE_CONTRAINDICATED not in badges_of(window, "renalol")
    tools.patient_panel.boxes[F.RENAL_FAILURE].click()
    assert badges_of(window, "renalol")[0] == BADGE_CONTRAINDICATED
    assert badges_of(window, "betamine") == ["Off-label"]
    assert tools.patient_panel.summary.text() == (
        "All agents: 1 contraindicated, 0 caution, 4 with no flagged contraindication."
    )
    assert window.open_agent("renalol")
    text = window.detail.toPlainText()
    assert text.index("For this patient: Contraindicated") < text.index("Renalol")
    assert "Contraindicated when CrCl < 15 mL/min or on dialysis." in text
    assert "[Example Pharma 2024]" in text  # the citation beside the reason

    # Moving to a milder band changes the flag at once, on the page shown.
    tools.patient_panel.boxes[F.RENAL_FAILURE].click()
    tools.patient_panel.boxes[F.RENAL_MODERATE].click()
    assert badges_of(window, "renalol")[0] == BADGE_CAUTION
    assert "For this patient: Caution" in window.detail.toPlainText()
    assert window.detail.shown_agent == "renalol"

    # An unflagged agent never reads as safe.
    assert window.open_agent("betamine")
    assert NO_FLAG_TEXT in window.detail.toPlainText()

    tools.patient_panel.clear_button.click()
    assert BADGE_CAUTION not in badges_of(window, "renalol")
    assert "Patient context" not in window.detail.toPlainText()


def test_patient_context_action_shows_the_dock_and_focuses_it(window, qtbot):
    tools = window.tools
    action(window, "actionPatientContext").trigger()
    assert tools.patient_dock.isVisible()
    first = tools.patient_panel.boxes[F.RENAL_MILD]
    qtbot.waitUntil(lambda: first.hasFocus() or not window.isActiveWindow())


# The offscreen platform cannot raise windows; showing the matrix and returning to the
# monograph both ask it to.
@pytest.mark.qt_log_ignore("This plugin does not support raise\\(\\)")
def test_matrix_follows_the_list_and_a_click_opens_the_agent_at_the_effect(window, qtbot):
    action(window, "actionMatrix").trigger()
    view = window.tools.matrix_view
    assert view is not None and view.isVisible()
    qtbot.addWidget(view)

    def columns():
        return [
            view.model.headerData(c, Qt.Orientation.Horizontal)
            for c in range(view.model.columnCount())
        ]

    assert columns() == [window.proxy.agent_at(r).name for r in range(window.proxy.rowCount())]
    qtbot.keyClicks(window.search, "betam")
    qtbot.waitUntil(lambda: columns() == ["Betamine"])  # rebuilt once typing pauses
    assert "Filters — search “betam”." in view.caption.text()

    row = view.model.table_row_of("dizziness")
    index = view.model.index(row, 0)
    assert (index.data(AGENT_ID_ROLE), index.data(EFFECT_ID_ROLE)) == ("betamine", "dizziness")
    rect = view.table.visualRect(index)
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.detail.shown_agent == "betamine"
    assert window.detail.textCursor().selectedText() == "Dizziness"


def test_open_at_effect_for_an_agent_not_shown(window):
    window.search.setText("gammadol")
    assert not window.tools.open_at_effect("betamine", "dizziness")


def test_describe_filters(window, qtbot):
    proxy = window.proxy
    labels = {e.id: e.label for e in window.catalog.vocabulary.side_effects}
    assert describe_filters(proxy.query, proxy.result, labels) == "No filters: every agent."
    window.filter_panel.model.item_for("hallucinations").setCheckState(Qt.CheckState.Checked)
    assert describe_filters(proxy.query, proxy.result, labels) == (
        "Filters — side effects: " + proxy.query.mode.label.lower() + " Hallucinations."
    )


@needs_pdftotext
def test_export_pdf_of_the_monograph_with_patient_flags(window, tmp_path):
    window.tools.patient_panel.boxes[F.SEROTONERGIC_MAOI].click()
    assert window.open_agent("renalol")
    path = tmp_path / "renalol.pdf"
    pages = window.tools.export_page_pdf(path)
    text = pdf_text(path)
    assert "Renalol" in text
    assert "For this patient: Contraindicated" in text
    assert "With MAOIs: Serotonin syndrome. Do not combine." in text
    assert text.count("Data version test-1 (2026-01-01)") == pages
    assert "Last reviewed 2026-02-01" in text
    assert "Test fixture data. Not clinical content." in text


@needs_pdftotext
def test_export_pdf_of_the_overview(window, tmp_path):
    window.show_overview()
    path = tmp_path / "overview.pdf"
    window.tools.export_page_pdf(path)
    assert "Class overview · Data version test-1" in pdf_text(path)


def test_about_and_keyboard_reference_open_their_dialogs(window, monkeypatch):
    shown = []
    monkeypatch.setattr(TextDialog, "exec", lambda self: shown.append(self) or 0)
    action(window, "actionAbout").trigger()
    action(window, "actionShortcuts").trigger()
    assert [d.objectName() for d in shown] == ["aboutDialog", "shortcutsDialog"]
    assert "Data version test-1" in shown[0].browser.toPlainText()
    keys = shown[1].browser.toPlainText()
    assert "Class comparison matrix" in keys
    assert "Find agent" in keys


@pytest.mark.qt_log_ignore("This plugin does not support raise\\(\\)")
def test_a_closed_matrix_is_brought_up_to_date_when_shown_again(window, qtbot):
    view = window.tools.show_matrix()
    qtbot.addWidget(view)
    view.close()
    window.search.setText("gammadol")
    qtbot.wait(window.tools._matrix_timer.interval() + 50)
    assert view.model.columnCount() == 5  # not rebuilt while closed
    action(window, "actionMatrix").trigger()
    assert view.model.columnCount() == 1


def test_no_shortcut_is_bound_twice(window):
    seen: dict[str, str] = {}
    for found in window.findChildren(QAction):
        for key in found.shortcuts():
            text = key.toString()
            assert text not in seen, f"{text}: {seen.get(text)} and {found.objectName()}"
            seen[text] = found.objectName()
    assert {"Ctrl+M", "Ctrl+P", "Ctrl+D", "Ctrl+1", "Ctrl+9", "F1"} <= set(seen)


def test_the_list_repaints_with_the_badge(window, qtbot):
    """The list draws rows from a cache; a new patient badge must still reach the screen."""
    row_rect = window.agent_list.visualRect(window.proxy.index(window.proxy.row_of("renalol"), 0))
    before = window.agent_list.viewport().grab(row_rect).toImage()
    window.tools.patient_panel.boxes[F.RENAL_FAILURE].click()
    qtbot.waitUntil(
        lambda: window.agent_list.viewport().grab(row_rect).toImage() != before, timeout=2000
    )
    window.tools.patient_panel.clear_button.click()
    qtbot.waitUntil(
        lambda: window.agent_list.viewport().grab(row_rect).toImage() == before, timeout=2000
    )


@pytest.mark.qt_log_ignore("This plugin does not support raise\\(\\)")
def test_matrix_columns_carry_the_patient_verdict(window, qtbot):
    view = window.tools.show_matrix()
    qtbot.addWidget(view)
    model = view.model
    column = next(c for c in range(model.columnCount()) if model.matrix.agents[c].id == "renalol")

    def header(role=Qt.ItemDataRole.DisplayRole):
        return model.headerData(column, Qt.Orientation.Horizontal, role)

    assert header() == "Renalol"
    window.tools.patient_panel.boxes[F.RENAL_FAILURE].click()
    assert header() == f"{BADGE_CONTRAINDICATED}\nRenalol"
    assert view.caption.text().endswith(
        "Patient factors ticked: Renal failure (CrCl <15 mL/min or dialysis)."
    )
    assert header(Qt.ItemDataRole.AccessibleTextRole) == f"Renalol, {BADGE_CONTRAINDICATED}"
    width = view.table.horizontalHeader().sectionSize(column)
    assert width >= view.table.horizontalHeader().fontMetrics().horizontalAdvance(
        BADGE_CONTRAINDICATED
    )
    window.tools.patient_panel.clear_button.click()
    assert header() == "Renalol"
