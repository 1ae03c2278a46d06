"""A non-modal bar at the top of the window listing data problems found at start.

Everything that loaded stays usable; the bar says exactly which file and line to fix
(`path:line:column: message`) and what was left out because of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout

if TYPE_CHECKING:
    from PySide6.QtWidgets import QPlainTextEdit


class WarningBar(QFrame):
    """Hidden, and without contents, until there is a problem to show: most starts have
    none, and the text box and button cost start-up time and memory (about 4 MiB)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("warningBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Data problems")
        self.setVisible(False)
        self.title: QLabel | None = None
        self.details: QPlainTextEdit | None = None
        self.dismiss: QPushButton | None = None

    def _build(self) -> None:
        from PySide6.QtWidgets import QPlainTextEdit  # here: most starts show no bar

        self.title = QLabel(self)
        self.title.setObjectName("warningBarTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        # Read-only plain text: paths and messages come from files and are never markup,
        # and the reader can select and copy them into a ticket.
        self.details = QPlainTextEdit(self)
        self.details.setObjectName("warningBarDetails")
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setAccessibleName("Data problem details")
        self.details.setAccessibleDescription(
            "Each problem as path:line:column: message, then the files or entries skipped"
        )
        self.dismiss = QPushButton("Dismiss", self)
        self.dismiss.setObjectName("warningBarDismiss")
        self.dismiss.setAccessibleName("Dismiss data problems")
        self.dismiss.setAccessibleDescription("Hides this bar; the problems stay in the data")
        self.dismiss.clicked.connect(self.hide)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.dismiss, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(self.details)

    def set_colours(self, background: str, border: str, text: str) -> None:
        """Caution colours from the monograph palette (the ⚠ and the words carry the meaning;
        the tint only helps the bar stand out)."""
        self.setStyleSheet(
            f"QFrame#warningBar {{ background: {background}; border: 1px solid {border}; }}"
            f"QLabel#warningBarTitle {{ color: {text}; }}"
        )

    def show_problems(self, problems: Sequence[object], skipped: Sequence[str]) -> None:
        if not problems and not skipped:
            self.setVisible(False)
            return
        if self.details is None:
            self._build()
        assert self.title is not None and self.details is not None
        n = len(problems)
        self.title.setText(
            f"⚠ {n} data problem{'s' * (n != 1)} — {len(skipped)} file"
            f"{'s' * (len(skipped) != 1)} or entr{'ies' if len(skipped) != 1 else 'y'} skipped. "
            "Everything else loaded and can be used. Fix the files below, then restart."
        )
        lines = [str(p) for p in problems]
        if skipped:
            lines += ["", "Skipped:", *(f"  {s}" for s in skipped)]
        self.details.setPlainText("\n".join(lines))
        metrics = self.details.fontMetrics()
        visible_lines = min(len(lines), 6)
        self.details.setFixedHeight(metrics.lineSpacing() * visible_lines + 16)
        self.setVisible(True)

    def text(self) -> str:
        return "" if self.details is None else self.details.toPlainText()
