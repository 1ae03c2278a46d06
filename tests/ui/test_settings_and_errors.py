"""Settings (isolated, restored, corrupt values ignored), error handling and the self-test."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtWidgets import QMessageBox

import app.ui.launch as launch
from app.catalog.model import FrequencyBand, Route
from app.catalog.query import FilterMode
from app.ui import errors
from app.ui.settings import read_state
from tests.conftest import FIXTURES


def test_state_is_saved_and_restored(make_window, load, settings):
    window = make_window(load)
    window.filter_panel.model.item_for("hallucinations").setCheckState(Qt.CheckState.Checked)
    window.filter_panel.set_mode(FilterMode.NONE)
    window.filter_panel.set_band(FrequencyBand.COMMON)
    window.route_filter.setCurrentIndex(window.route_filter.findData(Route.IV))
    window.set_zoom(3)
    window.open_agent("gammadol")
    window.close()

    again = make_window(load, settings)
    query = again.proxy.query
    assert query.effects == frozenset({"hallucinations"})
    assert query.mode is FilterMode.NONE
    assert query.min_band is FrequencyBand.COMMON
    assert query.route is Route.IV
    assert again.detail.zoom == 3
    assert again.detail.shown_agent == "gammadol"
    assert again.shown_ids() == again.index.run(query).ids


def test_corrupt_or_stale_settings_fall_back_to_defaults(make_window, load, settings):
    for key, value in {
        "window/geometry": "not a geometry",
        "window/state": QByteArray(b"\x00garbage"),
        "window/splitter": 42,
        "view/zoom": "banana",
        "view/last_agent": "no-such-agent",
        "filter/effects": "no_such_effect,hallucinations",
        "filter/mode": "sideways",
        "filter/min_band": "often",
        "filter/context": "unknown_context",
        "filter/route": "teleport",
    }.items():
        settings.setValue(key, value)
    settings.sync()
    window = make_window(load, settings)
    query = window.proxy.query
    assert query.effects == frozenset({"hallucinations"})  # the known one survives
    assert query.mode is FilterMode.ANY
    assert query.min_band is None
    assert query.context is None and query.route is None
    assert window.detail.zoom == 0
    assert window.detail.shown_agent is None
    assert window.shown_ids() == ("alphamine", "betamine")


def test_out_of_range_zoom_is_clamped(settings):
    settings.setValue("view/zoom", 999)
    assert read_state(settings).zoom == 12


def test_tests_never_write_the_users_settings(window, fake_home):
    window.close()
    user = QSettings(
        QSettings.Format.IniFormat,
        QSettings.Scope.UserScope,
        launch.ORGANISATION,
        launch.APPLICATION,
    )
    assert not Path(user.fileName()).exists()
    assert str(fake_home) in user.fileName()  # and if anything did, it would be a temp home


def test_unexpected_exception_is_logged_and_shown(fake_home):
    shown = []
    restore = errors.install_excepthook(lambda summary, path: shown.append((summary, path)))
    try:
        try:
            raise RuntimeError("boom in a slot")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        restore()
    assert sys.excepthook is not None
    [(summary, path)] = shown
    assert summary == "RuntimeError: boom in a slot"
    assert path is not None and path.name == "nmda-ref.log"
    assert str(fake_home) in str(path)
    assert "RuntimeError: boom in a slot" in path.read_text(encoding="utf-8")


def test_fatal_data_error_shows_one_dialog_and_exits_1(monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(launch, "DATA_DIR", tmp_path / "missing")
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[1:]) or 0)
    before = sys.excepthook
    try:
        assert launch.run_gui([]) == 1
    finally:
        sys.excepthook = before
    [(title, text)] = shown
    assert title == "NMDA Pain Reference cannot start"
    assert f"{tmp_path / 'missing'}: data folder not found or not a folder" in text


def test_self_test_passes_on_the_fixtures(capsys):
    assert launch.run_self_test([], bundled_dir=FIXTURES / "good") == 0
    assert capsys.readouterr().out == "self-test: OK — 3 agents, 8 checks\n"


def test_self_test_fails_on_data_problems(capsys, tmp_path):
    malformed = tmp_path / "malformed"
    shutil.copytree(FIXTURES / "malformed", malformed)
    assert launch.run_self_test([malformed], bundled_dir=FIXTURES / "good") == 1
    out = capsys.readouterr().out
    assert (
        f"self-test: FAIL: data problem: {malformed}/agents/unknown_field.yaml:12:1: "
        "unknown field 'colour'\n"
    ) in out
    assert out.splitlines()[-1].startswith("self-test: FAILED — ")


def test_self_test_fails_on_a_fatal_data_error(capsys, tmp_path):
    assert launch.run_self_test([], bundled_dir=tmp_path / "missing") == 1
    assert capsys.readouterr().out == (
        "self-test: FAILED — fatal data error:\n"
        f"{tmp_path / 'missing'}: data folder not found or not a folder\n"
    )


def test_self_test_catches_a_list_that_disagrees_with_the_core(capsys, monkeypatch):
    from app.ui.agent_list import AgentFilterProxy

    run = AgentFilterProxy._run

    def shows_every_row(self, query):  # a proxy that keeps every row whatever the core says
        run(self, query)
        return list(range(self.sourceModel().rowCount()))

    monkeypatch.setattr(AgentFilterProxy, "_run", shows_every_row)
    assert launch.run_self_test([], bundled_dir=FIXTURES / "good") == 1
    out = capsys.readouterr().out
    assert (
        "self-test: FAIL: search 'Alph': list shows ['alphamine', 'betamine', 'gammadol'], "
        "core says ['alphamine']\n"
    ) in out
