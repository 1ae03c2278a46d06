"""The monograph pane sets a page only when it differs from the one shown."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor

from app.ui.detail_pane import DetailPane

PAGE = "<h1>Ketamine</h1><p>Hallucinations: common</p>"
HIGHLIGHTED = "<h1>Ketamine</h1><p><b>Hallucinations</b>: common</p>"


@pytest.fixture
def pane(qtbot):
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.show()
    return pane


def test_the_same_page_again_is_not_set_again(pane):
    pane.show_html(PAGE, "ketamine")
    changes = []
    pane.document().contentsChanged.connect(lambda: changes.append(1))
    cursor = pane.textCursor()
    cursor.movePosition(QTextCursor.MoveOperation.NextWord, QTextCursor.MoveMode.KeepAnchor)
    pane.setTextCursor(cursor)
    pane.show_html(PAGE, "ketamine")
    assert changes == []
    assert pane.textCursor().selectedText() == "Ketamine"  # the reader's selection survives


@pytest.mark.parametrize(
    ("html", "agent"),
    [(HIGHLIGHTED, "ketamine"), (PAGE, "esketamine"), (PAGE, None)],
    ids=["new highlight", "other agent", "overview"],
)
def test_a_different_page_or_agent_is_shown(pane, html, agent):
    pane.show_html(PAGE, "ketamine")
    changes = []
    pane.document().contentsChanged.connect(lambda: changes.append(1))
    pane.show_html(html, agent)
    assert changes
    assert pane.shown_agent == agent


def test_a_dose_unit_never_breaks_at_its_slash_and_copies_as_typed(pane, qtbot):
    from PySide6.QtGui import QGuiApplication

    from app.catalog.render import keep_units_whole

    html = f"<p>Bolus: up to <b>{keep_units_whole('0.35&nbsp;mg/kg')}</b></p>"
    pane.document().setTextWidth(150)  # "0.35 mg/" | "kg" with an ordinary slash
    pane.show_html(html, "ketamine")
    block = pane.document().firstBlock()
    pane.document().size()
    layout = block.layout()
    lines = [
        block.text()[layout.lineAt(i).textStart() :][: layout.lineAt(i).textLength()]
        for i in range(layout.lineCount())
    ]
    assert not any(line.rstrip().endswith("mg/") for line in lines), lines
    pane.selectAll()
    pane.copy()
    assert QGuiApplication.clipboard().text() == "Bolus: up to 0.35 mg/kg"
