"""What the window remembers between runs, read defensively from an injected QSettings.

The window never creates its own QSettings: launch.py passes the user's, tests and the
self-test pass one backed by a temporary INI file. Any value that is missing, of the wrong
type, or names something the data no longer has falls back to the default without complaint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from app.catalog.model import FrequencyBand, PainContext, Route
from app.catalog.query import FilterMode

ZOOM_MIN, ZOOM_MAX = -4, 12

_GEOMETRY = "window/geometry"
_STATE = "window/state"
_SPLITTER = "window/splitter"
_ZOOM = "view/zoom"
_AGENT = "view/last_agent"
_EFFECTS = "filter/effects"
_MODE = "filter/mode"
_BAND = "filter/min_band"
_CONTEXT = "filter/context"
_ROUTE = "filter/route"


@dataclass
class FilterState:
    effects: frozenset[str] = frozenset()
    mode: FilterMode = FilterMode.ANY
    min_band: FrequencyBand | None = None
    context: PainContext | None = None
    route: Route | None = None


@dataclass
class WindowState:
    geometry: QByteArray | None = None
    state: QByteArray | None = None
    splitter: QByteArray | None = None
    zoom: int = 0
    last_agent: str | None = None
    filters: FilterState = field(default_factory=FilterState)


def _bytes(settings: QSettings, key: str) -> QByteArray | None:
    value = settings.value(key)
    return value if isinstance(value, QByteArray) and not value.isEmpty() else None


def _text(settings: QSettings, key: str) -> str | None:
    value = settings.value(key)
    return value if isinstance(value, str) and value else None


def _enum(settings: QSettings, key: str, kind):
    value = _text(settings, key)
    try:
        return kind(value) if value is not None else None
    except ValueError:
        return None


def read_state(settings: QSettings) -> WindowState:
    zoom_value = settings.value(_ZOOM)
    try:
        zoom = min(ZOOM_MAX, max(ZOOM_MIN, int(zoom_value))) if zoom_value is not None else 0
    except (TypeError, ValueError):
        zoom = 0
    effects_text = _text(settings, _EFFECTS) or ""
    return WindowState(
        geometry=_bytes(settings, _GEOMETRY),
        state=_bytes(settings, _STATE),
        splitter=_bytes(settings, _SPLITTER),
        zoom=zoom,
        last_agent=_text(settings, _AGENT),
        filters=FilterState(
            effects=frozenset(e for e in effects_text.split(",") if e.strip()),
            mode=_enum(settings, _MODE, FilterMode) or FilterMode.ANY,
            min_band=_enum(settings, _BAND, FrequencyBand),
            context=_enum(settings, _CONTEXT, PainContext),
            route=_enum(settings, _ROUTE, Route),
        ),
    )


def write_state(settings: QSettings, state: WindowState) -> None:
    for key, value in (
        (_GEOMETRY, state.geometry),
        (_STATE, state.state),
        (_SPLITTER, state.splitter),
    ):
        if value is not None:
            settings.setValue(key, value)
    settings.setValue(_ZOOM, state.zoom)
    settings.setValue(_AGENT, state.last_agent or "")
    f = state.filters
    settings.setValue(_EFFECTS, ",".join(sorted(f.effects)))
    settings.setValue(_MODE, f.mode.value)
    settings.setValue(_BAND, f.min_band.value if f.min_band else "")
    settings.setValue(_CONTEXT, f.context.value if f.context else "")
    settings.setValue(_ROUTE, f.route.value if f.route else "")
    settings.sync()


#: The local formulary folders chosen in Preferences (preferences.py edits the list).
LOCAL_DIRS_KEY = "data/local_folders"


def preferred_local_dirs(settings: QSettings) -> list[Path]:
    """The saved folders, in order, without repeats; anything malformed reads as none."""
    value = settings.value(LOCAL_DIRS_KEY)
    if isinstance(value, str):
        items = [value] if value else []
    elif isinstance(value, list):
        items = [v for v in value if isinstance(v, str) and v]
    else:
        items = []
    return [Path(p) for p in dict.fromkeys(items)]


def save_local_dirs(settings: QSettings, folders: Iterable[Path]) -> None:
    settings.setValue(LOCAL_DIRS_KEY, [str(p) for p in dict.fromkeys(folders)])
    settings.sync()
