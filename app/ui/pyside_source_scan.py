"""A cheaper form of PySide's per-import source scan, installed before the window's modules load.

Once PySide6 is loaded, its import hook (shibokensupport.feature, for `from __feature__ import
snake_case`) asks of every module named in an import statement whether its source contains
"PySide6", and it reads that source through `inspect.getsource`: linecache, encoding detection
and a split into lines, for each module, stdlib ones too. A window start names about 60 modules
that way; it cost ~9 ms of the start's CPU from source. Reading the file's bytes answers the
same question in a fraction of the time. Modules with no `.py` file (built-in, frozen into the
executable, from a zip) still go to PySide's own check, so every answer is the one PySide would
give; for the frozen app's modules that check fails fast (under 1 ms for a whole start).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

import PySide6.QtCore  # noqa: F401  (loads shibokensupport.feature, whose check is replaced)

_FEATURE_MODULE = "shibokensupport.feature"
_CHECK = "_mod_uses_pyside"


def _reads_bytes_first(upstream: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def mod_uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return upstream(module)

    mod_uses_pyside.upstream = upstream  # type: ignore[attr-defined]
    return mod_uses_pyside


def install() -> bool:
    """Replace PySide's check with the byte-reading one; False if this PySide has no such check
    (another version: nothing is changed, and tests/ui/test_pyside_source_scan.py says so)."""
    feature = sys.modules.get(_FEATURE_MODULE)
    upstream = getattr(feature, _CHECK, None)
    if upstream is None or hasattr(upstream, "upstream"):
        return upstream is not None
    setattr(feature, _CHECK, _reads_bytes_first(upstream))
    return True
