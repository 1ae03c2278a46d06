"""Preferences: local formulary folders kept in settings, checked exactly as loading would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox

from app.catalog.loader import load_catalog
from app.ui.preferences import (
    LOCAL_DIRS_KEY,
    RESTART_NOTE,
    PreferencesDialog,
    check_folders,
    preferred_local_dirs,
    save_local_dirs,
)
from tests.conftest import FIXTURES

GOOD = FIXTURES / "good"
PATIENT = FIXTURES / "patient"
MALFORMED = FIXTURES / "malformed"


@pytest.fixture
def ini(tmp_path):
    return QSettings(str(tmp_path / "p.ini"), QSettings.Format.IniFormat)


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        (None, []),
        ("", []),
        ("/srv/formulary", [Path("/srv/formulary")]),
        (["/a", "/b", "/a", 3, ""], [Path("/a"), Path("/b")]),
        (7, []),
    ],
)
def test_saved_folders_are_read_defensively(qapp, ini, stored, expected):
    if stored is not None:
        ini.setValue(LOCAL_DIRS_KEY, stored)
    assert preferred_local_dirs(ini) == expected


def test_save_and_read_back(qapp, ini, tmp_path):
    save_local_dirs(ini, [tmp_path / "one", tmp_path / "two", tmp_path / "one"])
    again = QSettings(ini.fileName(), QSettings.Format.IniFormat)
    assert preferred_local_dirs(again) == [tmp_path / "one", tmp_path / "two"]


def test_check_a_clean_folder(qapp):
    assert check_folders(GOOD, [PATIENT]) == [
        f"{PATIENT}: no problems; 2 agent(s), 0 replacing bundled ones."
    ]


def test_check_a_missing_folder(qapp, tmp_path):
    missing = tmp_path / "not-there"
    assert check_folders(GOOD, [missing]) == [
        f"{missing}: 1 problem(s):",
        f"  {missing}:1:1: data folder not found or not a folder",
    ]


def test_check_a_malformed_folder_lists_each_located_problem(qapp):
    expected = load_catalog(GOOD, [MALFORMED]).problems
    lines = check_folders(GOOD, [MALFORMED])
    assert lines[0] == f"{MALFORMED}: {len(expected)} problem(s):"
    assert lines[1:] == [f"  {p}" for p in expected]
    assert any("bad_band.yaml:14:16: adverse_effects[0].frequency" in line for line in lines)


def test_dialog_add_remove_check_and_save(qtbot, ini):
    save_local_dirs(ini, [PATIENT])
    dialog = PreferencesDialog(ini, GOOD)
    qtbot.addWidget(dialog)
    assert dialog.folders() == [PATIENT]
    assert not dialog.add_folder(PATIENT)  # no duplicates
    assert dialog.add_folder(MALFORMED)
    dialog.view.setCurrentIndex(dialog.model.index(1, 0))
    dialog.remove_selected()
    assert dialog.folders() == [PATIENT]
    dialog.check_button.click()
    assert dialog.report.toPlainText() == (
        f"{PATIENT}: no problems; 2 agent(s), 0 replacing bundled ones."
    )
    dialog.model.setStringList([])
    assert dialog.check() == ["No local folders listed."]
    dialog.add_folder(MALFORMED)
    dialog.accept()
    assert preferred_local_dirs(ini) == [MALFORMED]
    assert RESTART_NOTE in [label.text() for label in dialog.findChildren(QLabel)]


def test_folders_given_elsewhere_are_shown_but_not_editable_here(qtbot, ini, tmp_path):
    save_local_dirs(ini, [PATIENT])
    given = tmp_path / "given"
    dialog = PreferencesDialog(ini, GOOD, read_at_start=[given, PATIENT])
    qtbot.addWidget(dialog)
    assert not dialog.given_elsewhere.isHidden()
    assert dialog.given_elsewhere.text() == (
        "Read at this start before the folders below, because they were given with "
        "--data-dir or the NMDA_REF_DATA_DIRS environment variable (change them where they "
        f"are set):\n{given}"
    )
    assert dialog.folders() == [PATIENT]
    plain = PreferencesDialog(ini, GOOD, read_at_start=[PATIENT])
    qtbot.addWidget(plain)
    assert plain.given_elsewhere.isHidden()


def test_the_load_names_the_local_folders_it_layered(tmp_path):
    result = load_catalog(GOOD, [PATIENT, tmp_path / "away"])
    assert result.folders == (str(PATIENT), str(tmp_path / "away"))
    assert load_catalog(GOOD).folders == ()


def test_folders_move_up_and_down_and_stay_selected(qtbot, ini, tmp_path):
    first, second, third = (tmp_path / n for n in ("first", "second", "third"))
    save_local_dirs(ini, [first, second, third])
    dialog = PreferencesDialog(ini, GOOD)
    qtbot.addWidget(dialog)
    dialog.view.setCurrentIndex(dialog.model.index(2, 0))
    dialog.up_button.click()
    assert dialog.folders() == [first, third, second]
    dialog.up_button.click()
    dialog.up_button.click()  # already first: nothing moves
    assert dialog.folders() == [third, first, second]
    dialog.down_button.click()
    assert dialog.folders() == [first, third, second]
    assert dialog.view.currentIndex().row() == 1
    dialog.accept()
    assert preferred_local_dirs(ini) == [first, third, second]


def test_cancel_keeps_the_saved_list(qtbot, ini):
    save_local_dirs(ini, [PATIENT])
    dialog = PreferencesDialog(ini, GOOD)
    qtbot.addWidget(dialog)
    dialog.add_folder(MALFORMED)
    dialog.reject()
    assert preferred_local_dirs(ini) == [PATIENT]


def test_preferences_in_the_window(window, settings):
    action = window.findChild(QAction, "actionPreferences")
    assert action.shortcut() == QKeySequence("Ctrl+,")
    assert action in window.menus["tools"].actions()
    window.tools.bundled_dir = GOOD
    dialog = window.tools.preferences_dialog()
    dialog.add_folder(PATIENT)
    dialog.accept()
    assert preferred_local_dirs(settings) == [PATIENT]


def test_start_up_layers_saved_folders_after_given_ones(monkeypatch, qapp, ini, tmp_path):
    import sys

    from app.catalog.report import FatalDataError
    from app.ui import launch

    save_local_dirs(ini, [PATIENT, tmp_path / "given"])
    seen = []

    def fake_load(bundled, local, **_options):
        seen.append(list(local))
        raise FatalDataError("stop here")

    monkeypatch.setattr(launch, "_user_settings", lambda: ini)
    monkeypatch.setattr(launch, "load_from_snapshot", fake_load)
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: 0)
    before = sys.excepthook
    try:
        assert launch.run_gui([tmp_path / "given"]) == 1
    finally:
        sys.excepthook = before
    assert seen == [[tmp_path / "given", PATIENT]]
