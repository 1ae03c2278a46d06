"""The agent list: a read-only list model over the catalog and a proxy driven by the core query.

The proxy never decides anything per row itself. Each typed setter builds a `Query`, runs the
core `CatalogIndex` once, and keeps the answer as the list "shown row -> source row", in the
core's display order. Nothing is filtered or sorted row by row in Python (a
QSortFilterProxyModel would call filterAcceptsRow per agent and lessThan n log n times per
keystroke); when the rows shown did not change (a tick that adds no agent), the view is not
told anything at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import suppress
from dataclasses import replace

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QStandardItemModel

from app.catalog.model import Agent, FrequencyBand, PainContext, Route
from app.catalog.query import CatalogIndex, FilterMode, Query, QueryResult
from app.catalog.report import BUNDLED

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
CLASS_ROLE = Qt.ItemDataRole.UserRole + 3
BADGES_ROLE = Qt.ItemDataRole.UserRole + 4
AGENT_ROLE = Qt.ItemDataRole.UserRole + 5

#: Read-only, selectable rows.
AGENT_ROW_FLAGS = (
    Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
)

BADGE_OFF_LABEL = "Off-label"
BADGE_INVESTIGATIONAL = "Investigational"
BADGE_LOCAL = "Local"

_BADGE_EXPLANATIONS = {
    BADGE_OFF_LABEL: "use in pain is off-label",
    BADGE_INVESTIGATIONAL: "investigational, not licensed for pain",
    BADGE_LOCAL: "from a local formulary folder",
}


def badges_for(agent: Agent) -> tuple[str, ...]:
    """The status badges shown beside an agent's name, most important first."""
    badges = []
    if agent.is_investigational:
        badges.append(BADGE_INVESTIGATIONAL)
    if agent.is_off_label:
        badges.append(BADGE_OFF_LABEL)
    if agent.origin and agent.origin != BUNDLED:
        badges.append(BADGE_LOCAL)
    return tuple(badges)


class AgentListModel(QAbstractListModel):
    """One row per catalog agent, in catalog order. Read-only; the catalog is immutable."""

    def __init__(self, agents: Iterable[Agent], parent=None):
        super().__init__(parent)
        self._agents = tuple(agents)
        self._badges = [badges_for(a) for a in self._agents]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._agents)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.parent().isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._agents) or index.column() != 0:
            return None
        agent = self._agents[row]
        if role in (Qt.ItemDataRole.DisplayRole, NAME_ROLE):
            return agent.name
        if role == ID_ROLE:
            return agent.id
        if role == CLASS_ROLE:
            return agent.drug_class
        if role == BADGES_ROLE:
            return list(self._badges[row])
        if role == AGENT_ROLE:
            return agent
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._describe(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._describe(row)
        return None

    def _describe(self, row: int) -> str:
        agent = self._agents[row]
        parts = [agent.name, agent.drug_class]
        parts += [_BADGE_EXPLANATIONS[b] for b in self._badges[row]]
        if agent.origin and agent.origin != BUNDLED:
            parts.append(f"read from {agent.origin}")
        return "; ".join(parts)

    def flags(self, index):
        return AGENT_ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def roleNames(self):
        names = super().roleNames()
        for role, name in (
            (ID_ROLE, b"agentId"),
            (NAME_ROLE, b"name"),
            (CLASS_ROLE, b"drugClass"),
            (BADGES_ROLE, b"badges"),
            (AGENT_ROLE, b"agent"),
        ):
            names[role] = name
        return names

    def agent_at(self, row: int) -> Agent:
        return self._agents[row]


class AgentFilterProxy(QStandardItemModel):
    """The agents the core query returns, in the core's order: row r shows source row
    `self._rows[r]` of the source model (set with setSourceModel, as on a proxy).

    Why a QStandardItemModel with no items: after every change the list view lays out all
    rows and asks the model for each row's index. Here index() and rowCount() stay in C++
    (the rows are empty item slots), so that pass costs no Python call per row; data() and
    flags(), asked only for the rows being painted, read the source row. A new query
    changes the row count with ordinary row insert/remove signals at the end and moves the
    agents with one layout change, so persistent indexes (the view's current row and
    selection) follow their agents or become invalid when the agent is filtered out.
    Items are never stored: setData and the item API are not for this model.
    """

    #: Emitted with the new QueryResult after every change of the query.
    result_changed = Signal(object)

    def __init__(self, index: CatalogIndex, parent=None):
        super().__init__(0, 1, parent)
        self._index = index
        self._query = Query()
        self._result = index.run(self._query)
        self._source = None
        self._rows: list[int] = []  # shown row -> source row
        self._position: dict[int, int] | None = {}  # source row -> shown row; None: stale
        self._row_of_id: dict[str, int] = {}
        self._row_of_object: dict[int, int] = {}
        self._source_connections: list = []
        self._answers: dict[tuple[int, int], object] = {}  # (source row, role) -> data

    # -- the source -----------------------------------------------------------------------

    def sourceModel(self):
        return self._source

    def setSourceModel(self, model) -> None:
        for signal, slot in self._source_connections:
            with suppress(RuntimeError, TypeError):  # the old source may be gone already
                signal.disconnect(slot)
        self._source_connections = []
        self._source = model
        if model is not None:
            # The catalog is immutable, but a source placed in between (the patient badges
            # proxy) could still change shape; then the rows are read again inside a reset.
            for signal, slot in (
                (model.dataChanged, self._on_source_data_changed),
                (model.modelAboutToBeReset, self._on_source_about_to_change),
                (model.modelReset, self._on_source_changed),
                (model.rowsAboutToBeInserted, self._on_source_about_to_change),
                (model.rowsInserted, self._on_source_changed),
                (model.rowsAboutToBeRemoved, self._on_source_about_to_change),
                (model.rowsRemoved, self._on_source_changed),
                (model.rowsAboutToBeMoved, self._on_source_about_to_change),
                (model.rowsMoved, self._on_source_changed),
                (model.layoutAboutToBeChanged, self._on_source_about_to_change),
                (model.layoutChanged, self._on_source_changed),
            ):
                signal.connect(slot)
                self._source_connections.append((signal, slot))
        self.beginResetModel()
        self._reread()

    def _on_source_about_to_change(self, *_args) -> None:
        self.beginResetModel()

    def _on_source_changed(self, *_args) -> None:
        self._reread()

    def _reread(self) -> None:
        """Read the source's rows again and run the query over them; ends a reset."""
        self._answers = {}
        self._read_rows()
        self._rows = self._run(self._query)
        self._position = None
        # Inside the reset the views re-read everything anyway; the row count needs no
        # insert/remove signals of its own.
        blocked = self.blockSignals(True)
        try:
            self.setRowCount(len(self._rows))
        finally:
            self.blockSignals(blocked)
        self.endResetModel()
        self.result_changed.emit(self._result)

    def _read_rows(self) -> None:
        # Read each row's id once through its role; afterwards a query's agents map to
        # rows by object identity, without asking the model anything per row.
        model = self._source
        if model is None:
            self._row_of_id, self._row_of_object = {}, {}
            return
        self._row_of_id = {
            model.index(row, 0).data(ID_ROLE): row for row in range(model.rowCount())
        }
        agents = {agent.id: agent for agent in self._index.agents}
        self._row_of_object = {
            id(agents[i]): row for i, row in self._row_of_id.items() if i in agents
        }

    def _on_source_data_changed(self, top_left, bottom_right, roles=()) -> None:
        # Rows keep their places; tell the view about the shown rows among those changed
        # (the patient badges change every row at once).
        self._answers = {}
        if not self._rows or not top_left.isValid():
            return
        top, bottom = top_left.row(), bottom_right.row()
        if top <= 0 and bottom >= self._source.rowCount() - 1:
            first, last = 0, len(self._rows) - 1
        else:
            position = self._positions()
            shown = [position[r] for r in range(top, bottom + 1) if r in position]
            if not shown:
                return
            first, last = min(shown), max(shown)
        self.dataChanged.emit(self.index(first, 0), self.index(last, 0), list(roles))

    # -- typed setters ------------------------------------------------------------------

    @property
    def query(self) -> Query:
        return self._query

    @property
    def result(self) -> QueryResult:
        return self._result

    @property
    def catalog_index(self) -> CatalogIndex:
        return self._index

    def set_text(self, text: str) -> None:
        self._change(text=text)

    def set_effects(self, effects: Iterable[str]) -> None:
        self._change(effects=frozenset(effects))

    def set_mode(self, mode: FilterMode) -> None:
        self._change(mode=FilterMode(mode))

    def set_min_band(self, band: FrequencyBand | None) -> None:
        self._change(min_band=None if band is None else FrequencyBand(band))

    def set_context(self, context: PainContext | None) -> None:
        self._change(context=None if context is None else PainContext(context))

    def set_route(self, route: Route | None) -> None:
        self._change(route=None if route is None else Route(route))

    def set_query(self, query: Query) -> None:
        """Replace the whole query at once (restoring settings, clearing filters)."""
        if query != self._query:
            self._apply(query)

    def _change(self, **fields) -> None:
        query = replace(self._query, **fields)
        if query != self._query:
            self._apply(query)

    def _run(self, query: Query) -> list[int]:
        """Run `query`; the source rows it shows, in display order (not yet shown)."""
        self._query = query
        self._result = self._index.run(query)
        if self._source is None:
            return []
        # Keyed by object identity: the result holds the catalog's own Agent objects, and
        # id() is several times cheaper than reading a field of each; map() stays in C.
        row_of_object = self._row_of_object
        try:
            return list(map(row_of_object.__getitem__, map(id, self._result.agents)))
        except KeyError:  # an agent the source does not show (a source beneath filters)
            return [row_of_object[id(a)] for a in self._result.agents if id(a) in row_of_object]

    def _apply(self, query: Query) -> None:
        rows = self._run(query)
        if rows != self._rows:
            self._show_rows(rows)
        self.result_changed.emit(self._result)

    def _show_rows(self, rows: list[int]) -> None:
        # More rows: add empty ones at the end first (they show nothing until the layout
        # change below fills them). Fewer: move the agents first, then drop the tail, so
        # that a persistent index on an agent still shown is moved, never removed.
        if len(rows) > len(self._rows):
            self.setRowCount(len(rows))
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        old_rows = self._rows
        sources = [old_rows[i.row()] if 0 <= i.row() < len(old_rows) else -1 for i in persistent]
        self._rows = rows
        self._position = None
        if persistent:
            position = self._positions()
            moved = [
                self.index(position[source], old.column()) if source in position else QModelIndex()
                for old, source in zip(persistent, sources, strict=True)
            ]
            self.changePersistentIndexList(persistent, moved)
        self.layoutChanged.emit()
        if self.rowCount() > len(rows):
            self.setRowCount(len(rows))

    def _positions(self) -> dict[int, int]:
        # Built when first needed after a change: a keystroke with no selection never asks.
        if self._position is None:
            self._position = dict(zip(self._rows, range(len(self._rows)), strict=True))
        return self._position

    # -- the cells: read from the source row ---------------------------------------------

    def mapToSource(self, index) -> QModelIndex:
        if self._source is None or not index.isValid() or index.parent().isValid():
            return QModelIndex()
        row = index.row()
        if not 0 <= row < len(self._rows):
            return QModelIndex()
        return self._source.index(self._rows[row], index.column())

    def mapFromSource(self, source_index) -> QModelIndex:
        if not source_index.isValid() or source_index.parent().isValid():
            return QModelIndex()
        row = self._positions().get(source_index.row())
        return QModelIndex() if row is None else self.index(row, source_index.column())

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        # Asked several times per painted row on every repaint. Answers are kept per source
        # row and role until the source says a row changed (dataChanged, reset): the chain
        # beneath (patient badges proxy, list model) is Python, three calls per question.
        row = index.row()
        rows = self._rows
        if not 0 <= row < len(rows) or index.column() or self._source is None:
            return None
        key = (rows[row], role)
        try:
            return self._answers[key]
        except KeyError:
            value = self._answers[key] = self._source.index(rows[row], 0).data(role)
            return value

    def itemData(self, index) -> dict:
        source = self.mapToSource(index)
        return self._source.itemData(source) if source.isValid() else {}

    def flags(self, index):
        # The view asks per painted row; every agent row has the same flags.
        if 0 <= index.row() < len(self._rows) and not index.column():
            return AGENT_ROW_FLAGS
        return Qt.ItemFlag.NoItemFlags

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        return False  # read-only: the catalog is immutable

    def roleNames(self):
        return self._source.roleNames() if self._source is not None else super().roleNames()

    # -- helpers for the window -----------------------------------------------------------

    def agent_at(self, row: int) -> Agent | None:
        index = self.index(row, 0)
        return index.data(AGENT_ROLE) if index.isValid() else None

    def row_of(self, agent_id: str) -> int:
        """The row showing `agent_id`, or -1 when it is filtered out."""
        source_row = self._row_of_id.get(agent_id)
        if source_row is None:
            return -1
        return self._positions().get(source_row, -1)

    def shown_ids(self) -> tuple[str, ...]:
        return tuple(self.index(r, 0).data(ID_ROLE) for r in range(self.rowCount()))
