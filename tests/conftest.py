"""Test-wide isolation: never touch the user's real home, settings or display."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Set before anything imports Qt: offscreen rendering, and a throwaway home so QSettings,
# QStandardPaths and log folders can only ever point into a temporary directory.
_HOME = Path(tempfile.mkdtemp(prefix="nmda-ref-test-home-"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["HOME"] = str(_HOME)
for _name, _sub in (
    ("XDG_CONFIG_HOME", ".config"),
    ("XDG_DATA_HOME", ".local/share"),
    ("XDG_CACHE_HOME", ".cache"),
    ("XDG_STATE_HOME", ".local/state"),
):
    os.environ[_name] = str(_HOME / _sub)
os.environ.pop("NMDA_REF_DATA_DIRS", None)

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def good_dir() -> Path:
    return FIXTURES / "good"


@pytest.fixture(scope="session")
def fake_home() -> Path:
    return _HOME
