"""Small pieces around the agent list: the search box, the chips bar, the empty state."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.catalog.model import FrequencyBand
from app.catalog.query import FilterMode
from app.ui.side_effect_filter import band_choice_text


class SearchBox(QLineEdit):
    """Filters as you type; Up/Down move through the list, Enter opens, Esc clears."""

    move_requested = Signal(int)  # -1 up, +1 down
    open_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setPlaceholderText("Search name, brand, class, ATC (Ctrl+F)")
        self.setClearButtonEnabled(True)
        self.setAccessibleName("Search agents")
        self.setAccessibleDescription(
            "Filters the agent list as you type by name, brand, synonym, class or ATC code. "
            "Up and Down move through the list, Enter opens the agent, Escape clears."
        )

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.move_requested.emit(1 if key == Qt.Key.Key_Down else -1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_requested.emit()
        elif key == Qt.Key.Key_Escape and self.text():
            self.clear()
        else:
            super().keyPressEvent(event)


class ChipsBar(QWidget):
    """The active side-effect selection as removable chips, with the mode and band in words."""

    remove_requested = Signal(str)  # effect id

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("filterChips")
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self._layout.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)
        self.summary = QLabel(self)
        self.summary.setObjectName("filterSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self._chip_row = QWidget(self)
        self._chip_layout = _FlowRow(self._chip_row)
        outer = QVBoxLayout()
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        outer.addWidget(self.summary)
        outer.addWidget(self._chip_row)
        self._layout.addLayout(outer, 1)
        self.chips: dict[str, QToolButton] = {}
        self.setVisible(False)

    def show_selection(
        self, labels: dict[str, str], mode: FilterMode, band: FrequencyBand | None
    ) -> None:
        """`labels`: effect id -> label, in display order."""
        for chip in self.chips.values():
            chip.deleteLater()
        self.chips = {}
        self._chip_layout.clear()
        if not labels:
            self.setVisible(False)
            return
        where = "at any frequency" if band is None else f"at {band_choice_text(band)}"
        self.summary.setText(f"Each agent {mode.label} these {where}:")
        for eid, label in labels.items():
            chip = QToolButton(self._chip_row)
            chip.setObjectName(f"chip:{eid}")
            chip.setText(f"{label}  ✕")
            chip.setAutoRaise(False)
            chip.setToolTip(f"Remove '{label}' from the side-effect filter")
            chip.setAccessibleName(f"Remove filter: {label}")
            chip.setAccessibleDescription("Unticks this side effect in the side-effect filter")
            chip.clicked.connect(lambda _=False, e=eid: self.remove_requested.emit(e))
            self._chip_layout.add(chip)
            self.chips[eid] = chip
        self.setVisible(True)


class _FlowRow:
    """A row of chips that wraps onto further rows (a few chips; a plain grid of rows)."""

    def __init__(self, host: QWidget):
        self._host = host
        self._layout = QVBoxLayout(host)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(3)
        self._rows: list[QHBoxLayout] = []
        self._count = 0

    def clear(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item.layout() is not None:
                item.layout().deleteLater()
        self._rows = []
        self._count = 0

    def add(self, widget: QWidget) -> None:
        per_row = 3
        if self._count % per_row == 0:
            row = QHBoxLayout()
            row.setSpacing(4)
            row.addStretch(1)
            self._layout.addLayout(row)
            self._rows.append(row)
        row = self._rows[-1]
        row.insertWidget(row.count() - 1, widget)
        self._count += 1


class EmptyState(QWidget):
    """Shown instead of the list when nothing matches: says so, and offers one way out."""

    clear_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("emptyState")
        self.message = QLabel("No agents match the search and filters.", self)
        self.message.setObjectName("emptyStateMessage")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message.setWordWrap(True)
        self.detail = QLabel(self)
        self.detail.setObjectName("emptyStateDetail")
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton("Clear all filters", self)
        self.button.setObjectName("clearAllFiltersButton")
        self.button.setAccessibleName("Clear all filters")
        self.button.setAccessibleDescription(
            "Clears the search, the side-effect filter, pain context and route"
        )
        self.button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.button.clicked.connect(self.clear_requested)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.message)
        layout.addWidget(self.detail)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        font = self.message.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.message.setFont(font)

    def set_detail(self, text: str) -> None:
        self.detail.setText(text)
