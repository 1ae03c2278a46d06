"""app/ui/pyside_source_scan.py: PySide's per-import source check, answered from the bytes."""

from __future__ import annotations

import sys
from types import ModuleType

import app.ui  # noqa: F401  (installs the check)
from app.ui import pyside_source_scan

feature = sys.modules["shibokensupport.feature"]


def test_importing_the_shell_installs_the_check_once() -> None:
    installed = feature._mod_uses_pyside
    assert hasattr(installed, "upstream"), "this PySide no longer has the check: look again"
    assert pyside_source_scan.install() is True
    assert feature._mod_uses_pyside is installed  # not wrapped twice
    assert not hasattr(installed.upstream, "upstream")


def test_every_loaded_module_gets_the_answer_pyside_would_give() -> None:
    ours, theirs = feature._mod_uses_pyside, feature._mod_uses_pyside.upstream
    modules = [m for m in list(sys.modules.values()) if isinstance(m, ModuleType)]
    assert len(modules) > 300
    differing = [m.__name__ for m in modules if ours(m) != theirs(m)]
    assert differing == []
    # Both answers occur: the check is not trivially one-sided.
    assert ours(sys.modules["app.ui.pyside_source_scan"]) is True
    assert ours(sys.modules["app.catalog.model"]) is False


def test_modules_without_a_readable_py_file_go_to_pyside(tmp_path) -> None:
    asked: list[str] = []

    def upstream(module: ModuleType) -> bool:
        asked.append(module.__name__)
        return False

    check = pyside_source_scan._reads_bytes_first(upstream)
    missing = ModuleType("missing")
    missing.__file__ = str(tmp_path / "gone.py")
    compiled = ModuleType("compiled")
    compiled.__file__ = str(tmp_path / "ext.so")
    builtin = ModuleType("builtin")
    readable = ModuleType("readable")
    (tmp_path / "readable.py").write_text("from PySide6.QtCore import Qt\n", encoding="utf-8")
    readable.__file__ = str(tmp_path / "readable.py")

    assert [check(m) for m in (missing, compiled, builtin, readable)] == [False, False, False, True]
    assert asked == ["missing", "compiled", "builtin"]
