"""Recent agents (Ctrl+1..9) and favourites, remembered in the window's QSettings.

The lists hold agent ids. Reading is defensive, as in settings.py: a missing or malformed
value is an empty list. Ids the data does not have at this start are not shown, but they are
kept: a local formulary on a share that is unreachable today must not cost the reader the
favourites and recent agents it holds (they come back with the share).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

RECENT_KEY = "history/recent"
FAVOURITES_KEY = "history/favourites"
MAX_RECENT = 9
#: Recent ids kept, shown or not: room for those of a folder that is away today.
MAX_RECENT_KEPT = 30


def _read_ids(settings: QSettings, key: str) -> list[str]:
    value = settings.value(key)
    if isinstance(value, str):
        items = value.split(",")
    elif isinstance(value, list):
        items = [v for v in value if isinstance(v, str)]
    else:
        return []
    return list(dict.fromkeys(i.strip() for i in items if i.strip()))


class History(QObject):
    """Recent agents, most recent first, and favourites in the order they were added."""

    changed = Signal()

    def __init__(self, settings: QSettings | None, known_ids: Iterable[str], parent=None):
        """`settings` None keeps the lists for this session only."""
        super().__init__(parent)
        self._settings = settings
        self._known = frozenset(known_ids)
        #: Every remembered id, including those the data lacks at this start.
        self._all_recent: list[str] = []
        self._all_favourites: list[str] = []
        if settings is not None:
            self._all_recent = _read_ids(settings, RECENT_KEY)[:MAX_RECENT_KEPT]
            self._all_favourites = _read_ids(settings, FAVOURITES_KEY)

    @property
    def recent(self) -> list[str]:
        return [i for i in self._all_recent if i in self._known][:MAX_RECENT]

    @property
    def favourites(self) -> list[str]:
        return [i for i in self._all_favourites if i in self._known]

    def visit(self, agent_id: str) -> None:
        if agent_id not in self._known or (self.recent and self.recent[0] == agent_id):
            return
        others = (i for i in self._all_recent if i != agent_id)
        self._all_recent = [agent_id, *others][:MAX_RECENT_KEPT]
        self._save()

    def is_favourite(self, agent_id: str) -> bool:
        return agent_id in self.favourites

    def toggle_favourite(self, agent_id: str) -> bool:
        """Add or remove; returns whether it is now a favourite."""
        if agent_id in self.favourites:
            self._all_favourites.remove(agent_id)
        elif agent_id in self._known:
            self._all_favourites.append(agent_id)
        else:
            return False
        self._save()
        return agent_id in self.favourites

    def _save(self) -> None:
        if self._settings is not None:
            self._settings.setValue(RECENT_KEY, ",".join(self._all_recent))
            self._settings.setValue(FAVOURITES_KEY, ",".join(self._all_favourites))
        self.changed.emit()


class HistoryMenus(QObject):
    """The "Recent agents" and "Favourites" menus and the favourite toggle, kept in step."""

    def __init__(
        self,
        history: History,
        names: dict[str, str],
        open_agent: Callable[[str], object],
        current_id: Callable[[], str | None],
        parent_widget,
    ):
        super().__init__(parent_widget)
        self._history = history
        self._names = names
        self._open = open_agent
        self._current_id = current_id
        self.recent_menu = QMenu("&Recent agents", parent_widget)
        self.recent_menu.setObjectName("menuRecent")
        self.favourites_menu = QMenu("F&avourites", parent_widget)
        self.favourites_menu.setObjectName("menuFavourites")
        # Nine fixed actions with fixed shortcuts; their text and target follow the list.
        self.recent_actions: list[QAction] = []
        for n in range(1, MAX_RECENT + 1):
            action = QAction(parent_widget)
            action.setObjectName(f"actionRecent{n}")
            action.setShortcut(QKeySequence(f"Ctrl+{n}"))
            action.triggered.connect(lambda _=False, n=n: self.open_recent(n))
            self.recent_actions.append(action)
        self.toggle_action = QAction("Add to &favourites", parent_widget)
        self.toggle_action.setObjectName("actionToggleFavourite")
        self.toggle_action.setShortcut(QKeySequence("Ctrl+D"))
        self.toggle_action.triggered.connect(self.toggle_current)
        history.changed.connect(self.refresh)
        self.refresh()

    def open_recent(self, n: int) -> bool:
        if n > len(self._history.recent):
            return False
        return bool(self._open(self._history.recent[n - 1]))

    def toggle_current(self) -> None:
        agent_id = self._current_id()
        if agent_id is not None:
            self._history.toggle_favourite(agent_id)

    def refresh(self) -> None:
        self.recent_menu.clear()
        recent = self._history.recent
        for n, action in enumerate(self.recent_actions, start=1):
            if n <= len(recent):
                name = self._names.get(recent[n - 1], recent[n - 1]).replace("&", "&&")
                action.setText(f"&{n} {name}")
                action.setEnabled(True)
                action.setVisible(True)
                self.recent_menu.addAction(action)
            else:
                # Still in the window (so its key is live) but hidden and doing nothing.
                action.setText(f"&{n}")
                action.setEnabled(False)
                action.setVisible(False)
        if not recent:
            empty = self.recent_menu.addAction("No agents opened yet")
            empty.setEnabled(False)

        self.favourites_menu.clear()
        self.favourites_menu.addAction(self.toggle_action)
        self.favourites_menu.addSeparator()
        for agent_id in self._history.favourites:
            name = self._names.get(agent_id, agent_id).replace("&", "&&")
            action = self.favourites_menu.addAction(name)
            action.triggered.connect(lambda _=False, a=agent_id: self._open(a))
        if not self._history.favourites:
            empty = self.favourites_menu.addAction(
                "No favourites yet (Ctrl+D adds the agent shown)"
            )
            empty.setEnabled(False)
        self.update_toggle()

    def update_toggle(self) -> None:
        agent_id = self._current_id()
        self.toggle_action.setEnabled(agent_id is not None)
        favourite = agent_id is not None and self._history.is_favourite(agent_id)
        self.toggle_action.setText("Remove from &favourites" if favourite else "Add to &favourites")
