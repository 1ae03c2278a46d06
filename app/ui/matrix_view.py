"""The class comparison matrix: shown agents (columns) x side effects (rows), cells by band.

Thin over the core: `app.catalog.matrix` builds the rows and cells, words each cell and owns
the palettes; `app.catalog.matrix_render` makes the printable page. This file shows them:
a table model (one row per body-system heading and per effect), a delegate that paints the
band colour (and the hatching for "not known") under the band's word, a legend with the
numbers, a choice of rows, and exports (CSV, PNG, PDF).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from PySide6.QtCore import (
    QAbstractTableModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.catalog.matrix import (
    NOT_LISTED,
    Matrix,
    MatrixPalette,
    Swatch,
    build_matrix,
    describe_cell,
    references_by_id,
    to_csv,
)
from app.catalog.matrix_render import render_matrix
from app.catalog.model import Agent, Catalog
from app.ui.printing import PrintJob, export_pdf, footer_lines, print_job, render_png

AGENT_ID_ROLE = Qt.ItemDataRole.UserRole + 40
EFFECT_ID_ROLE = Qt.ItemDataRole.UserRole + 41
BAND_ROLE = Qt.ItemDataRole.UserRole + 42
HATCH_ROLE = Qt.ItemDataRole.UserRole + 43
IS_GROUP_ROLE = Qt.ItemDataRole.UserRole + 44

#: What an empty "not listed" cell shows; the tooltip and the legend say what it means.
NOT_LISTED_MARK = "—"
SERIOUS_SUFFIX = " [serious]"
MIN_COLUMN_WIDTH = 104
HEADER_LINE_CHARS = 14
EFFECT_LINE_CHARS = 38


class RowLimit(StrEnum):
    LISTED = "listed"
    SELECTED = "selected"
    SERIOUS = "serious"

    @property
    def label(self) -> str:
        return {
            "listed": "Side effects any shown agent lists",
            "selected": "Only the side effects selected in the filter",
            "serious": "Only serious side effects",
        }[self.value]


def header_lines(name: str, width: int = HEADER_LINE_CHARS) -> str:
    """An agent's name broken at spaces onto short lines, so ten columns fit without hiding
    any of a long name ("Nitrous oxide (50% nitrous oxide / 50% oxygen)")."""
    return "\n".join(textwrap.wrap(name, width, break_long_words=False)) or name


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


class MatrixModel(QAbstractTableModel):
    """Rows: a heading row per body system, then its effects. Columns: the shown agents."""

    def __init__(self, catalog: Catalog, parent=None):
        super().__init__(parent)
        self._references = references_by_id(catalog.references)
        self._matrix = Matrix((), ())
        self._palette = MatrixPalette.light()
        #: agent id -> a word above its name (the patient-context verdict).
        self._column_marks: dict[str, str] = {}
        # (group index, effect row index in matrix.rows or -1 for the heading)
        self._lines: list[tuple[int, int]] = []

    # -- content ------------------------------------------------------------------------

    @property
    def matrix(self) -> Matrix:
        return self._matrix

    def set_matrix(self, matrix: Matrix) -> None:
        self.beginResetModel()
        self._matrix = matrix
        self._lines = []
        flat = 0
        for g, group in enumerate(matrix.groups):
            self._lines.append((g, -1))
            for _ in group.rows:
                self._lines.append((g, flat))
                flat += 1
        self.endResetModel()

    @property
    def column_marks(self) -> dict[str, str]:
        return dict(self._column_marks)

    def set_column_marks(self, marks: dict[str, str]) -> None:
        self._column_marks = dict(marks)
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)

    def set_palette(self, palette: MatrixPalette) -> None:
        self._palette = palette
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(self.rowCount() - 1, self.columnCount() - 1),
                [
                    Qt.ItemDataRole.BackgroundRole,
                    Qt.ItemDataRole.ForegroundRole,
                    HATCH_ROLE,
                ],
            )

    @property
    def palette(self) -> MatrixPalette:
        return self._palette

    def is_group(self, row: int) -> bool:
        return self._lines[row][1] < 0

    def matrix_row(self, row: int) -> int:
        """The index into matrix.rows for a table row, or -1 for a heading row."""
        return self._lines[row][1]

    def table_row_of(self, effect_id: str) -> int:
        for row, (_, flat) in enumerate(self._lines):
            if flat >= 0 and self._matrix.rows[flat].effect.id == effect_id:
                return row
        return -1

    # -- the model interface --------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._matrix.agents)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemNeverHasChildren
        if not self.is_group(index.row()):
            flags |= Qt.ItemFlag.ItemIsSelectable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.parent().isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < len(self._lines) and 0 <= column < len(self._matrix.agents)):
            return None
        group_index, flat = self._lines[row]
        if flat < 0:
            return self._group_data(group_index, column, role)
        the_row = self._matrix.rows[flat]
        cell = the_row.cells[column]
        swatch = self._palette.swatch(cell.band)
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.short if cell.listed else NOT_LISTED_MARK
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return describe_cell(self._matrix, flat, column, self._references)
        if role == Qt.ItemDataRole.BackgroundRole:
            return QColor(swatch.background)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(swatch.text)
        if role == HATCH_ROLE:
            return QColor(swatch.hatch) if swatch.hatch else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == AGENT_ID_ROLE:
            return self._matrix.agents[column].id
        if role == EFFECT_ID_ROLE:
            return the_row.effect.id
        if role == BAND_ROLE:
            return cell.band.value if cell.band is not None else None
        if role == IS_GROUP_ROLE:
            return False
        return None

    def _group_data(self, group_index: int, column: int, role):
        system = self._matrix.groups[group_index].system
        if role == IS_GROUP_ROLE:
            return True
        # The heading's words sit in the row header; the spanned cell only carries them for
        # screen readers, so they are not shown twice.
        if column == 0 and role in (
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return system.label
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._matrix.agents):
                return None
            agent = self._matrix.agents[section]
            mark = self._column_marks.get(agent.id)
            if role == Qt.ItemDataRole.DisplayRole:
                name = header_lines(agent.name)
                return f"{mark}\n{name}" if mark else name
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return f"{agent.name}, {mark}" if mark else agent.name
            if role == Qt.ItemDataRole.ToolTipRole:
                tip = f"{agent.name} — {agent.drug_class}"
                return f"{tip}\nFor this patient: {mark}" if mark else tip
            return None
        if not 0 <= section < len(self._lines):
            return None
        group_index, flat = self._lines[section]
        if flat < 0:
            label = self._matrix.groups[group_index].system.label
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return label
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            return None
        effect = self._matrix.rows[flat].effect
        label = effect.label + (SERIOUS_SUFFIX if effect.serious else "")
        if role == Qt.ItemDataRole.DisplayRole:
            # Indented under its system heading; a long name wraps rather than widening
            # the header column for every row.
            lines = header_lines(label, EFFECT_LINE_CHARS).split("\n")
            return "\n".join("    " + line for line in lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return label
        if role == Qt.ItemDataRole.ToolTipRole:
            synonyms = ", ".join(effect.synonyms)
            return effect.label + (f" (also: {synonyms})" if synonyms else "")
        return None


class MatrixDelegate(QStyledItemDelegate):
    """Band colour, hatching for "not known", then the band's word; never colour alone."""

    def paint(self, painter: QPainter, option, index) -> None:
        if index.data(IS_GROUP_ROLE):
            super().paint(painter, option, index)
            return
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        text_colour = index.data(Qt.ItemDataRole.ForegroundRole)
        hatch = index.data(HATCH_ROLE)
        rect: QRect = option.rect
        painter.save()
        painter.fillRect(rect, background)
        if hatch is not None:
            painter.fillRect(rect, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
        text = index.data(Qt.ItemDataRole.DisplayRole) or ""
        painter.setPen(text_colour)
        metrics = option.fontMetrics
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 6)
        if hatch is not None:
            # A plate behind the words so the hatching never strikes through them.
            plate = metrics.boundingRect(elided).adjusted(-3, -1, 3, 1)
            plate.moveCenter(rect.center())
            painter.fillRect(plate, background)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, elided)
        if option.state & QStyle.StateFlag.State_Selected:
            pen = QPen(option.palette.color(QPalette.ColorRole.Highlight), 3)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        if option.state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(option.palette.color(QPalette.ColorRole.Text), 1, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(3, 3, -4, -4))
        painter.restore()


class SwatchBox(QWidget):
    """One legend colour, drawn exactly as the cells are (hatching included)."""

    def __init__(self, swatch: Swatch, parent=None):
        super().__init__(parent)
        self.swatch = swatch
        self.setFixedSize(QSize(28, 18))

    def set_swatch(self, swatch: Swatch) -> None:
        self.swatch = swatch
        self.update()

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        rect = self.rect().adjusted(0, 0, -1, -1)
        painter.fillRect(rect, QColor(self.swatch.background))
        if self.swatch.hatch:
            painter.fillRect(rect, QBrush(QColor(self.swatch.hatch), Qt.BrushStyle.BDiagPattern))
        painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
        painter.drawRect(rect)
        painter.end()


class Legend(QWidget):
    """Each band's colour with its words and numbers; "not known" and "not listed" too."""

    def __init__(self, palette: MatrixPalette, parent=None):
        super().__init__(parent)
        self.setObjectName("matrixLegend")
        self.setAccessibleName("Legend")
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(4)
        self.boxes: list[SwatchBox] = []
        self.labels: list[QLabel] = []
        for i, (band, swatch, label) in enumerate(palette.legend()):
            box = SwatchBox(swatch, self)
            text = f"{NOT_LISTED_MARK} {label}" if band is None else label
            words = QLabel(text, self)
            words.setWordWrap(True)
            row, column = divmod(i, 4)
            layout.addWidget(box, row, 2 * column)
            layout.addWidget(words, row, 2 * column + 1)
            self.boxes.append(box)
            self.labels.append(words)
        for column in range(4):
            layout.setColumnStretch(2 * column + 1, 1)
        self.setAccessibleDescription("; ".join(label.text() for label in self.labels))

    def set_palette(self, palette: MatrixPalette) -> None:
        for box, (_, swatch, _) in zip(self.boxes, palette.legend(), strict=True):
            box.set_swatch(swatch)


class MatrixView(QWidget):
    """The matrix window's contents. The main window feeds it the shown agents and selection."""

    #: (agent id, side-effect id) the reader clicked or pressed Enter on.
    cell_activated = Signal(str, str)

    def __init__(self, catalog: Catalog, parent=None):
        super().__init__(parent)
        self.setObjectName("matrixView")
        self.setWindowTitle("Class comparison")
        self.catalog = catalog
        self._agents: tuple[Agent, ...] = ()
        self._selected: frozenset[str] = frozenset()
        self._description = ""

        self.caption = QLabel(self)
        self.caption.setObjectName("matrixCaption")
        self.caption.setWordWrap(True)

        self.rows_choice = QComboBox(self)
        self.rows_choice.setObjectName("matrixRows")
        self.rows_choice.setAccessibleName("Rows")
        self.rows_choice.setAccessibleDescription("Which side effects the matrix shows as rows")
        for limit in RowLimit:
            self.rows_choice.addItem(limit.label, limit.value)

        self.export_csv_button = QPushButton("Export &CSV…", self)
        self.export_png_button = QPushButton("Export P&NG…", self)
        self.export_pdf_button = QPushButton("Export &PDF…", self)
        self.print_button = QPushButton("P&rint…", self)
        for button, what in (
            (self.export_csv_button, "Save the matrix as a CSV table"),
            (self.export_png_button, "Save the matrix with its legend as a PNG image"),
            (self.export_pdf_button, "Save the matrix with legend and sources as a PDF"),
            (self.print_button, "Print the matrix with legend and sources"),
        ):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.setAccessibleDescription(what)

        self.model = MatrixModel(catalog, self)
        self.table = QTableView(self)
        self.table.setObjectName("matrixTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(MatrixDelegate(self.table))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAccessibleName("Comparison matrix")
        self.table.setAccessibleDescription(
            "Side effects in rows, shown agents in columns; each cell gives the frequency band"
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

        self.empty_note = QLabel(self)
        self.empty_note.setObjectName("matrixEmpty")
        self.empty_note.setWordWrap(True)
        self.empty_note.hide()

        self.legend = Legend(self.model.palette, self)

        top = QHBoxLayout()
        top.addWidget(QLabel("Rows:", self))
        top.addWidget(self.rows_choice, 1)
        for button in (
            self.export_csv_button,
            self.export_png_button,
            self.export_pdf_button,
            self.print_button,
        ):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_note)
        layout.addWidget(self.legend)

        self.rows_choice.currentIndexChanged.connect(lambda _: self._rebuild())
        self.table.clicked.connect(self._activate)
        self.table.activated.connect(self._activate)
        self.export_csv_button.clicked.connect(lambda: self._ask_and_export("csv"))
        self.export_png_button.clicked.connect(lambda: self._ask_and_export("png"))
        self.export_pdf_button.clicked.connect(lambda: self._ask_and_export("pdf"))
        self.print_button.clicked.connect(lambda: print_job(self.print_job(), self))
        self._apply_palette()
        self._rebuild()

    # -- what to show -------------------------------------------------------------------

    def set_agents(
        self, agents: Sequence[Agent], selected: frozenset[str] = frozenset(), description=""
    ) -> None:
        """The shown agents in list order, the effects ticked in the filter, and a sentence
        saying what limited them (printed under the title)."""
        self._agents = tuple(agents)
        self._selected = frozenset(selected)
        self._description = description
        self._rebuild()

    def set_column_marks(self, marks: dict[str, str]) -> None:
        """Words shown above agent names, e.g. the patient verdict ("✖ Contraindicated")."""
        self.model.set_column_marks(marks)
        self._fit_columns()

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        for column in range(self.model.columnCount()):
            # Wide enough for the header's longest line: a clipped name is a misread column.
            text = self.model.headerData(column, Qt.Orientation.Horizontal) or ""
            widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
            header.resizeSection(column, max(MIN_COLUMN_WIDTH, widest + 24))

    def row_limit(self) -> RowLimit:
        return RowLimit(self.rows_choice.currentData())

    def set_row_limit(self, limit: RowLimit) -> None:
        self.rows_choice.setCurrentIndex(self.rows_choice.findData(RowLimit(limit).value))

    def build(self) -> Matrix:
        limit = self.row_limit()
        if limit is RowLimit.SELECTED:
            return build_matrix(
                self.catalog, self._agents, effects=self._selected, listed_only=False
            )
        return build_matrix(self.catalog, self._agents, serious_only=limit is RowLimit.SERIOUS)

    def _rebuild(self) -> None:
        matrix = self.build()
        self.model.set_matrix(matrix)
        self.table.clearSpans()
        columns = self.model.columnCount()
        for row in range(self.model.rowCount()):
            if self.model.is_group(row) and columns > 1:
                self.table.setSpan(row, 0, 1, columns)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._fit_columns()
        count = len(self._agents)
        noun = "agent" if count == 1 else "agents"
        effects = len(matrix.rows)
        caption = f"{count} {noun} shown (as filtered in the list) × {effects} side effects."
        if self._description:
            caption += f" {self._description}"
        self.caption.setText(caption)
        self.caption.setAccessibleName(caption)
        self.empty_note.setText(self._empty_reason(matrix))
        self.empty_note.setVisible(not matrix.rows)
        self.table.setVisible(bool(matrix.rows))
        has_rows = bool(matrix.rows)
        for button in (self.export_csv_button, self.export_png_button):
            button.setEnabled(has_rows)

    def _empty_reason(self, matrix: Matrix) -> str:
        if matrix.rows:
            return ""
        if not self._agents:
            return "No agents are shown in the list: clear some filters to compare agents."
        limit = self.row_limit()
        if limit is RowLimit.SELECTED and not self._selected:
            return "No side effects are selected in the side-effect filter."
        if limit is RowLimit.SERIOUS:
            return "None of the shown agents lists a serious side effect in this reference."
        return "None of the shown agents lists a side effect in this reference."

    # -- reading it -----------------------------------------------------------------------

    def _activate(self, index) -> None:
        if not index.isValid() or self.model.is_group(index.row()):
            return
        self.cell_activated.emit(index.data(AGENT_ID_ROLE), index.data(EFFECT_ID_ROLE))

    def select_cell(self, agent_id: str, effect_id: str) -> bool:
        row = self.model.table_row_of(effect_id)
        column = next((i for i, a in enumerate(self._agents) if a.id == agent_id), -1)
        if row < 0 or column < 0:
            return False
        self.table.setCurrentIndex(self.model.index(row, column))
        return True

    # -- palette --------------------------------------------------------------------------

    def _apply_palette(self) -> None:
        palette = MatrixPalette.for_dark() if is_dark(self.palette()) else MatrixPalette.light()
        self.model.set_palette(palette)
        self.legend.set_palette(palette)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_palette()
        super().changeEvent(event)

    # -- exports --------------------------------------------------------------------------

    def page_html(self) -> str:
        """The printable page: always the light palette (paper is white)."""
        return render_matrix(
            self.build(),
            self.catalog.manifest,
            references_by_id(self.catalog.references),
            filters=self.caption.text(),
            column_marks=self.model.column_marks,
        )

    def print_job(self) -> PrintJob:
        return PrintJob(
            "Class comparison",
            self.page_html(),
            footer_lines(self.catalog, subject="Class comparison matrix"),
        )

    def export_csv(self, path: Path) -> None:
        # utf-8-sig: spreadsheet programs then read "≥" and "–" correctly.
        Path(path).write_text(to_csv(self.build()), encoding="utf-8-sig", newline="")

    def export_png(self, path: Path) -> QSize:
        return render_png(self.page_html(), Path(path))

    def export_pdf(self, path: Path) -> int:
        return export_pdf(self.print_job(), Path(path))

    def _ask_and_export(self, kind: str) -> None:
        filters = {"csv": "CSV (*.csv)", "png": "PNG image (*.png)", "pdf": "PDF (*.pdf)"}
        name, _ = QFileDialog.getSaveFileName(
            self, f"Export matrix as {kind.upper()}", f"nmda-class-comparison.{kind}", filters[kind]
        )
        if not name:
            return
        try:
            {"csv": self.export_csv, "png": self.export_png, "pdf": self.export_pdf}[kind](
                Path(name)
            )
        except OSError as exc:
            QMessageBox.warning(self, "Export failed", f"Could not write {name}:\n{exc}")


__all__ = ["NOT_LISTED", "MatrixModel", "MatrixView", "RowLimit"]
