"""The monograph pane: shows the HTML it is given (rendered and escaped by the core).

It renders nothing itself. It owns only the text zoom, which it applies as a base font size
so that the HTML's relative sizes scale with it.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTextBrowser

from app.catalog.render import WORD_JOINER
from app.ui.settings import ZOOM_MAX, ZOOM_MIN


class DetailPane(QTextBrowser):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("detailPane")
        self.setOpenLinks(True)
        # Citation numbers jump to anchors inside the page; DOI/PMID links open a browser.
        self.setOpenExternalLinks(True)
        self.setAccessibleName("Monograph")
        self.setAccessibleDescription(
            "The selected agent's monograph, or the class overview when no agent is selected"
        )
        self._base_point_size = QFont(self.font()).pointSizeF()
        self._zoom = 0
        self.shown_agent: str | None = None
        self._shown_html: str | None = None

    def createMimeDataFromSelection(self):
        # Copied doses read as typed: without the word joiners that keep units whole on screen.
        mime = super().createMimeDataFromSelection()
        if mime.hasHtml():
            mime.setHtml(mime.html().replace(WORD_JOINER, ""))
        mime.setText(mime.text().replace(WORD_JOINER, ""))
        return mime

    def show_html(self, html: str, agent_id: str | None) -> None:
        if agent_id == self.shown_agent and html == self._shown_html:
            # The same page again (a tick of an effect this agent does not list changes no
            # highlight): setHtml would re-lay out the whole monograph, about 35 ms for a
            # long one, and lose the reader's text selection, for nothing.
            return
        keep_position = agent_id is not None and agent_id == self.shown_agent
        position = self.verticalScrollBar().value()
        self.setHtml(html)
        self._shown_html = html
        self.shown_agent = agent_id
        if keep_position:  # re-render of the same page (palette, highlight): stay put
            self.verticalScrollBar().setValue(position)

    @property
    def zoom(self) -> int:
        return self._zoom

    def set_zoom(self, steps: int) -> None:
        self._zoom = min(ZOOM_MAX, max(ZOOM_MIN, steps))
        font = QFont(self.font())
        font.setPointSizeF(max(6.0, self._base_point_size * (1 + 0.1 * self._zoom)))
        self.document().setDefaultFont(font)
        self.setFont(font)
