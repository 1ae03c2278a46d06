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
        """`labels`: effect id -> label, in display order.

        Updated in place: chips still selected are kept (a tick adds or removes one chip
        instead of rebuilding all of them), and texts and the layout are touched only where
        they change, so a tick does not re-lay out the bar when nothing in it moved.
        """
        for eid in [e for e in self.chips if e not in labels]:
            chip = self.chips.pop(eid)
            self._chip_layout.remove(chip)
            chip.hide()
            chip.deleteLater()
        if not labels:
            self._chip_layout.arrange([])
            if self.isVisible():
                self.setVisible(False)
            return
        where = "at any frequency" if band is None else f"at {band_choice_text(band)}"
        summary = f"Each agent {mode.label} these {where}:"
        if self.summary.text() != summary:
            self.summary.setText(summary)
        for eid, label in labels.items():
            chip = self.chips.get(eid)
            if chip is None:
                chip = self._make_chip(eid)
                self.chips[eid] = chip
            text = f"{label}  ✕"
            if chip.text() != text:
                chip.setText(text)
                chip.setToolTip(f"Remove '{label}' from the side-effect filter")
                chip.setAccessibleName(f"Remove filter: {label}")
        self._chip_layout.arrange([self.chips[eid] for eid in labels])
        if not self.isVisible():
            self.setVisible(True)

    def _make_chip(self, eid: str) -> QToolButton:
        chip = QToolButton(self._chip_row)
        chip.setObjectName(f"chip:{eid}")
        chip.setAutoRaise(False)
        chip.setAccessibleDescription("Unticks this side effect in the side-effect filter")
        chip.clicked.connect(lambda _=False, e=eid: self.remove_requested.emit(e))
        return chip


class _FlowRow:
    """A row of chips that wraps onto further rows (a few chips; a plain grid of rows)."""

    PER_ROW = 3

    def __init__(self, host: QWidget):
        self._host = host
        self._layout = QVBoxLayout(host)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(3)
        self._rows: list[QHBoxLayout] = []
        self._order: list[QWidget] = []

    def remove(self, widget: QWidget) -> None:
        """Take `widget` out; those after it leave too, and arrange() puts them back."""
        if widget in self._order:
            self._truncate(self._order.index(widget))

    def _truncate(self, keep: int) -> None:
        for widget in self._order[keep:]:
            for row in self._rows:
                row.removeWidget(widget)
        self._order = self._order[:keep]

    def arrange(self, widgets: list[QWidget]) -> None:
        """Lay `widgets` out in this order; widgets already in place stay where they are."""
        if widgets != self._order:
            # The first place where the order differs; everything before it keeps its place.
            keep = 0
            while keep < min(len(widgets), len(self._order)) and widgets[keep] is self._order[keep]:
                keep += 1
            self._truncate(keep)
            for widget in widgets[keep:]:
                self._add(widget)
        # Drop emptied rows at the end (a row holds its stretch when empty).
        needed = -(-len(self._order) // self.PER_ROW)
        while len(self._rows) > needed:
            row = self._rows.pop()
            self._layout.removeItem(row)
            row.deleteLater()

    def _add(self, widget: QWidget) -> None:
        position = len(self._order)
        if position // self.PER_ROW >= len(self._rows):
            row = QHBoxLayout()
            row.setSpacing(4)
            row.addStretch(1)
            self._layout.addLayout(row)
            self._rows.append(row)
        row = self._rows[position // self.PER_ROW]
        row.insertWidget(row.count() - 1, widget)
        widget.show()
        self._order.append(widget)


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
