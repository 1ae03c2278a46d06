"""The agent list: a read-only list model over the catalog and a proxy driven by the core query.

The proxy never decides anything per row itself. Each typed setter builds a `Query`, runs the
core `CatalogIndex` once, and keeps the answer as a table "source row -> position in the
result". `filterAcceptsRow` and `lessThan` then only look rows up in that table, so a
keystroke costs one core query plus a table lookup per row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from app.catalog.model import Agent, FrequencyBand, PainContext, Route
from app.catalog.query import CatalogIndex, FilterMode, Query, QueryResult
from app.catalog.report import BUNDLED

ID_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
CLASS_ROLE = Qt.ItemDataRole.UserRole + 3
BADGES_ROLE = Qt.ItemDataRole.UserRole + 4
AGENT_ROLE = Qt.ItemDataRole.UserRole + 5

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
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

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


class AgentFilterProxy(QSortFilterProxyModel):
    """Filters and orders the agent list exactly as the core query does."""

    #: Emitted with the new QueryResult after every change of the query.
    result_changed = Signal(object)

    def __init__(self, index: CatalogIndex, parent=None):
        super().__init__(parent)
        self._index = index
        self._query = Query()
        self._result = index.run(self._query)
        self._position: dict[int, int] = {}
        self._row_of_id: dict[str, int] = {}
        self._row_of_object: dict[int, int] = {}
        self.setDynamicSortFilter(False)

    # -- wiring -------------------------------------------------------------------------

    def setSourceModel(self, model) -> None:
        super().setSourceModel(model)
        # The catalog is immutable, but a source placed in between (the patient badges
        # proxy) could still be reset; then the row table is read again.
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.layoutChanged,
        ):
            signal.connect(self._read_rows)
        self._read_rows()

    def _read_rows(self, *_args) -> None:
        # Read each row's id once through its role; afterwards the result table is by row,
        # so filterAcceptsRow and lessThan are one dictionary lookup each (reading the role
        # per row would cost 5,000 Python model calls per keystroke).
        model = self.sourceModel()
        self._row_of_id = {
            model.index(row, 0).data(ID_ROLE): row for row in range(model.rowCount())
        }
        agents = {agent.id: agent for agent in self._index.agents}
        self._row_of_object = {
            id(agents[i]): row for i, row in self._row_of_id.items() if i in agents
        }
        self._apply(self._query)

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

    def _apply(self, query: Query) -> None:
        self._query = query
        self._result = self._index.run(query)
        # Keyed by object identity: the result holds the catalog's own Agent objects, and
        # id() is several times cheaper than reading a field of 5,000 pydantic models.
        row_of_object = self._row_of_object
        rows = [
            row_of_object[id(agent)] for agent in self._result.agents if id(agent) in row_of_object
        ]
        self._position = dict(zip(rows, range(len(rows)), strict=True))
        # Sort only when the core's order is not the list's own order (ranked text matches):
        # Python lessThan calls are the expensive part of a re-filter.
        if rows == sorted(rows):
            if self.sortColumn() != -1:
                self.sort(-1)
            self.invalidate()
        else:
            self.invalidate()
            self.sort(0, Qt.SortOrder.AscendingOrder)
        self.result_changed.emit(self._result)

    # -- the per-row hooks: table lookups only -------------------------------------------

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        return source_row in self._position

    def lessThan(self, left, right) -> bool:
        last = len(self._position)
        return self._position.get(left.row(), last) < self._position.get(right.row(), last)

    # -- helpers for the window -----------------------------------------------------------

    def agent_at(self, proxy_row: int) -> Agent | None:
        index = self.index(proxy_row, 0)
        return index.data(AGENT_ROLE) if index.isValid() else None

    def row_of(self, agent_id: str) -> int:
        """The proxy row showing `agent_id`, or -1 when it is filtered out."""
        source_row = self._row_of_id.get(agent_id)
        if source_row is None:
            return -1
        proxy = self.mapFromSource(self.sourceModel().index(source_row, 0))
        return proxy.row() if proxy.isValid() else -1

    def shown_ids(self) -> tuple[str, ...]:
        return tuple(self.index(r, 0).data(ID_ROLE) for r in range(self.rowCount()))
