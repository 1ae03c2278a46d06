"""The one place that knows where the bundled data/ and resources/ live.

Decided once, at import:
- PyInstaller bundle: beside the frozen app, under sys._MEIPASS (build.spec keeps the
  source layout, so `data/` and `resources/` sit at the bundle root).
- Installed wheel: inside the package (`app/data`, `app/resources`; see pyproject.toml).
- Source checkout or editable install: the repository root, one level above `app/`.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
FROZEN = bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def _bundle_root() -> Path:
    if FROZEN:
        return Path(sys._MEIPASS)  # type: ignore[attr-defined]
    if (_PACKAGE_DIR / "data").is_dir():
        return _PACKAGE_DIR
    return _PACKAGE_DIR.parent


BUNDLE_ROOT = _bundle_root()
DATA_DIR = BUNDLE_ROOT / "data"
RESOURCES_DIR = BUNDLE_ROOT / "resources"
#: The validated snapshot of DATA_DIR that a frozen build (build.spec) or a wheel
#: (tools/hatch_snapshot.py) ships at its root; a source checkout has none and makes its own
#: in the user's cache (app/catalog/snapshot.py).
SHIPPED_SNAPSHOT_NAME = "bundled-snapshot.pickle"
SHIPPED_SNAPSHOT = BUNDLE_ROOT / SHIPPED_SNAPSHOT_NAME

#: Environment variable a deployment can set to layer local formulary folders (os.pathsep list).
LOCAL_DATA_ENV = "NMDA_REF_DATA_DIRS"


def resource(name: str) -> Path:
    return RESOURCES_DIR / name


def user_cache_dir() -> Path:
    """The per-user cache folder (XDG on Linux, LOCALAPPDATA on Windows, Caches on macOS)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "nmda-ref"
