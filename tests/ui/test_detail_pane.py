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
