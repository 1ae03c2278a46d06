"""Small pieces around the agent list: the search box, the chips bar, the empty state."""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.catalog.model import FrequencyBand
from app.catalog.query import FilterMode
from app.ui.clear_button import clear_button_once_typed
from app.ui.side_effect_filter import band_choice_text


class SearchBox(QLineEdit):
    """Filters as you type; Up/Down move through the list, Enter opens, Esc clears."""

    move_requested = Signal(int)  # -1 up, +1 down
    open_requested = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setPlaceholderText("Search name, brand, class, ATC (Ctrl+F)")
        clear_button_once_typed(self)
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
    """The active side-effect selection as removable chips, with the mode and band in words.

    The bar places its summary and chips itself, wrapping the chips onto as many rows as its
    width needs, instead of nesting layouts: any change inside a layout re-lays out every
    layout above it, up to the whole window (splitter, docks, status bar), so every tick
    did. Here a tick moves only the chips; the window is asked to lay out again only when
    the bar needs another height (a row more or less). The chips never make the list panel
    wider: a chip longer than the bar is as wide as the bar, its label shortened with "…"
    (the tooltip and accessible name keep it whole). Chips taken away are hidden and reused
    for the next effect ticked.
    """

    remove_requested = Signal(str)  # effect id

    CHIP_SPACING = 4  # between chips in a row
    ROW_SPACING = 3  # between rows of chips
    SUMMARY_GAP = 2  # between the summary and the first row
    REMOVE_MARK = "  ✕"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("filterChips")
        policy = self.sizePolicy()
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.summary = QLabel(self)
        self.summary.setObjectName("filterSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        #: effect id -> its chip, for the effects shown
        self.chips: dict[str, QToolButton] = {}
        self._order: list[QToolButton] = []  # the chips shown, in display order
        self._spare: list[QToolButton] = []  # hidden chips, reused before making new ones
        self._labels: dict[QToolButton, str] = {}  # chip -> its effect's whole label
        self._texts: dict[QToolButton, str] = {}  # chip -> the text it shows (maybe shortened)
        self._linked: set[tuple[QToolButton, QToolButton]] = set()  # tab order already set
        # Kept from one placing to the next, as each costs a text layout or a call per chip:
        self._sizes: list[tuple[int, int]] | None = []  # chips' sizes, whole labels; None: stale
        self._heights: dict[int, int] = {}  # width -> the bar's height there
        self._summary_heights: dict[tuple[str, int], int] = {}  # (text, width) -> height
        self.setVisible(False)

    def show_selection(
        self, labels: dict[str, str], mode: FilterMode, band: FrequencyBand | None
    ) -> None:
        """`labels`: effect id -> label, in display order.

        Updated in place: chips still selected are kept, texts are set only where they
        change, and the window hears of it only when the bar's height changes.
        """
        for eid in [e for e in self.chips if e not in labels]:
            chip = self.chips.pop(eid)
            chip.hide()
            self._spare.append(chip)
        if not labels:
            self._order = []
            if self.isVisible():
                self.setVisible(False)
            return
        where = "at any frequency" if band is None else f"at {band_choice_text(band)}"
        summary = f"Each agent {mode.label} these {where}"
        if mode is FilterMode.NONE:
            # The answer to "which do not cause X?" is only "which do not list X here".
            summary += " — not listed does not mean it cannot occur"
        summary += ":"
        if self.summary.text() != summary:
            self.summary.setText(summary)
            self._heights = {}
        for eid, label in labels.items():
            chip = self.chips.get(eid)
            if chip is None:
                chip = self._spare.pop() if self._spare else self._make_chip()
                chip.setObjectName(f"chip:{eid}")
                self.chips[eid] = chip
            if self._labels.get(chip) != label:
                self._labels[chip] = label
                self._show_text(chip, label + self.REMOVE_MARK)
                chip.setToolTip(f"Remove '{label}' from the side-effect filter")
                chip.setAccessibleName(f"Remove filter: {label}")
        order = [self.chips[eid] for eid in labels]
        if order != self._order:
            self._order = order
            # Tab reaches the chips in the order they are read.
            for pair in pairwise(order):
                if pair not in self._linked:
                    QWidget.setTabOrder(*pair)
            self._linked = set(pairwise(order))
        self._measure()
        self._place()
        for chip in order:
            if chip.isHidden():
                chip.show()
        if not self.isVisible():
            self.setVisible(True)

    def _make_chip(self) -> QToolButton:
        chip = QToolButton(self)
        chip.setAutoRaise(False)
        chip.setAccessibleDescription("Unticks this side effect in the side-effect filter")
        chip.clicked.connect(lambda _=False, c=chip: self._on_chip_clicked(c))
        return chip

    def _on_chip_clicked(self, chip: QToolButton) -> None:
        for eid, shown in self.chips.items():
            if shown is chip:
                self.remove_requested.emit(eid)
                return

    def _show_text(self, chip: QToolButton, text: str) -> None:
        if self._texts.get(chip) != text:
            self._texts[chip] = text
            chip.setText(text)

    # -- placing the summary and the chips ------------------------------------------------

    def event(self, event) -> bool:
        # A chip or the summary changed its size hint (a new text, font or style): the bar
        # has no layout to hear it, so it measures its children again itself, and places
        # them when a size changed.
        if event.type() == QEvent.Type.LayoutRequest and self._measure():
            self._place()
        return super().event(event)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._summary_heights, self._heights = {}, {}
            self._sizes = None  # measured again, and placed, at the layout request that follows
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        self._place()
        super().resizeEvent(event)

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = self._heights[width] = self._flow(width, place=False)
        return height

    def sizeHint(self) -> QSize:
        return QSize(self.width(), self.heightForWidth(self.width()))

    def minimumSizeHint(self) -> QSize:
        return QSize(0, self.heightForWidth(self.width()))

    def _measure(self) -> bool:
        """Each chip's size with its whole label (a chip may show a shortened one); True
        when a size changed since the last time."""
        sizes = []
        for chip in self._order:
            hint = chip.sizeHint()
            width, text = hint.width(), self._texts[chip]
            whole = self._labels[chip] + self.REMOVE_MARK
            if text != whole:
                metrics = chip.fontMetrics()
                width += metrics.horizontalAdvance(whole) - metrics.horizontalAdvance(text)
            sizes.append((width, hint.height()))
        if sizes == self._sizes:
            return False
        self._sizes = sizes
        self._heights = {}
        return True

    def _place(self) -> None:
        """Place the summary and the chips in the bar's width; tell the layout above only
        when the bar now needs another height."""
        width = self.width()
        height = self._heights[width] = self._flow(width, place=True)
        if self.isVisible() and height != self.height():
            self.updateGeometry()

    def _flow(self, width: int, place: bool) -> int:
        """The bar's height at `width`; with `place`, also move the children there."""
        if self._sizes is None:
            self._measure()
        key = (self.summary.text(), width)
        summary_height = self._summary_heights.get(key)
        if summary_height is None:
            summary_height = self.summary.heightForWidth(width)
            if summary_height < 0:
                summary_height = self.summary.sizeHint().height()
            self._summary_heights[key] = summary_height
        if place:
            self.summary.setGeometry(0, 0, width, summary_height)
        if not self._order:
            return summary_height
        mirrored = place and self.layoutDirection() == Qt.LayoutDirection.RightToLeft
        x, y, line = 0, summary_height + self.SUMMARY_GAP, 0
        for chip, (chip_width, chip_height) in zip(self._order, self._sizes, strict=True):
            if x and x + chip_width > width:  # wrap onto the next row
                x, y, line = 0, y + line + self.ROW_SPACING, 0
            if place:
                shown_width = self._fit(chip, chip_width, width)
                left = width - x - shown_width if mirrored else x
                chip.setGeometry(left, y, shown_width, chip_height)
            x += chip_width + self.CHIP_SPACING
            line = max(line, chip_height)
        return y + line

    def _fit(self, chip: QToolButton, whole_width: int, width: int) -> int:
        """Show the chip's whole label, or one shortened to fit `width`; the chip's width."""
        label = self._labels[chip]
        if whole_width <= width:
            self._show_text(chip, label + self.REMOVE_MARK)
            return whole_width
        metrics = chip.fontMetrics()
        room = metrics.horizontalAdvance(label) - (whole_width - width)
        elided = metrics.elidedText(label, Qt.TextElideMode.ElideRight, room)
        self._show_text(chip, elided + self.REMOVE_MARK)
        return width


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
