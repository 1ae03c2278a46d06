"""Fixtures for window tests: fixture data, a temporary settings file, a built window."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from app.catalog.loader import LoadResult, load_catalog
from tests.conftest import FIXTURES


@pytest.fixture
def load() -> LoadResult:
    return load_catalog(FIXTURES / "good")


@pytest.fixture
def settings_path(tmp_path: Path) -> Path:
    return tmp_path / "settings.ini"


@pytest.fixture
def settings(settings_path: Path) -> QSettings:
    return QSettings(str(settings_path), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings):
    from app.ui.main_window import MainWindow

    def make(load_result: LoadResult, settings_object: QSettings | None = None) -> MainWindow:
        window = MainWindow(load_result, settings_object or settings)
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        # As a reader would: the tools arrive in the pass after the first paint.
        qtbot.waitUntil(lambda: window.started)
        return window

    return make


@pytest.fixture
def window(make_window, load):
    return make_window(load)
