"""Recent agents and favourites: the lists, their settings, the menus and keys in the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction

from app.ui.history import FAVOURITES_KEY, MAX_RECENT, RECENT_KEY, History

KNOWN = [f"agent{i}" for i in range(12)]


@pytest.fixture
def ini(tmp_path):
    return QSettings(str(tmp_path / "h.ini"), QSettings.Format.IniFormat)


def test_recent_is_most_recent_first_without_repeats_and_capped(qapp, ini):
    history = History(ini, KNOWN)
    for agent_id in ["agent1", "agent2", "agent1", *KNOWN]:
        history.visit(agent_id)
    assert history.recent == [f"agent{i}" for i in range(11, 11 - MAX_RECENT, -1)]
    history.visit("nope")  # unknown ids are never recorded
    assert "nope" not in history.recent


def test_lists_survive_a_restart(qapp, ini):
    history = History(ini, KNOWN)
    history.visit("agent3")
    history.visit("agent5")
    assert history.toggle_favourite("agent3") is True
    assert history.toggle_favourite("agent7") is True
    assert history.toggle_favourite("agent3") is False
    assert history.toggle_favourite("gone") is False
    again = History(ini, KNOWN)
    assert again.recent == ["agent5", "agent3"]
    assert again.favourites == ["agent7"]


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ("agent1,agent2", ["agent1", "agent2"]),
        ("agent1,,removed-from-data, agent2,agent1", ["agent1", "agent2"]),
        (12, []),
        (None, []),
    ],
)
def test_stored_values_are_read_defensively(qapp, ini, stored, expected):
    if stored is not None:
        ini.setValue(RECENT_KEY, stored)
        ini.setValue(FAVOURITES_KEY, stored)
    history = History(ini, KNOWN)
    assert history.recent == expected
    assert history.favourites == expected


def test_without_settings_lists_last_the_session(qapp):
    history = History(None, KNOWN)
    history.visit("agent1")
    assert history.recent == ["agent1"]


def test_ids_of_a_folder_away_today_are_kept_not_lost(qapp, ini):
    with_share = [*KNOWN, "local-ketamine-protocol"]
    history = History(ini, with_share)
    history.visit("local-ketamine-protocol")
    history.toggle_favourite("local-ketamine-protocol")
    # The share is unreachable at the next start: its agent is not shown, nor forgotten.
    away = History(ini, KNOWN)
    assert "local-ketamine-protocol" not in away.recent + away.favourites
    away.visit("agent1")
    away.toggle_favourite("agent2")
    assert away.toggle_favourite("local-ketamine-protocol") is False  # cannot touch what is away
    back = History(ini, with_share)
    assert back.recent[:2] == ["agent1", "local-ketamine-protocol"]
    assert back.favourites == ["local-ketamine-protocol", "agent2"]


# -- in the window ------------------------------------------------------------------------


def test_opening_agents_fills_recent_and_ctrl_n_reopens(window, qtbot, settings):
    window.open_agent("gammadol")
    window.open_agent("alphamine")
    tools = window.tools
    assert tools.history.recent[:2] == ["alphamine", "gammadol"]
    texts = [a.text() for a in tools.history_menus.recent_menu.actions()]
    assert texts[:2] == ["&1 Alphamine", "&2 Gammadol"]
    second = window.findChild(QAction, "actionRecent2")
    assert second.shortcut().toString() == "Ctrl+2"
    second.trigger()
    assert window.detail.shown_agent == "gammadol"
    assert settings.value(RECENT_KEY).startswith("gammadol,alphamine")
    # A key with no agent behind it does nothing.
    window.findChild(QAction, "actionRecent9").trigger()
    assert window.detail.shown_agent == "gammadol"


def test_ctrl_d_toggles_the_agent_shown_as_favourite(window, settings):
    toggle = window.findChild(QAction, "actionToggleFavourite")
    assert toggle.shortcut().toString() == "Ctrl+D"
    window.show_overview()
    assert not toggle.isEnabled()
    window.open_agent("betamine")
    assert toggle.isEnabled() and toggle.text() == "Add to &favourites"
    toggle.trigger()
    assert toggle.text() == "Remove from &favourites"
    assert settings.value(FAVOURITES_KEY) == "betamine"
    menu = [a.text() for a in window.tools.history_menus.favourites_menu.actions()]
    assert "Betamine" in menu
    favourite = next(
        a for a in window.tools.history_menus.favourites_menu.actions() if a.text() == "Betamine"
    )
    window.show_overview()
    favourite.trigger()
    assert window.detail.shown_agent == "betamine"
    toggle.trigger()
    assert settings.value(FAVOURITES_KEY) == ""


def test_the_monograph_says_when_it_is_a_favourite(window, monkeypatch):
    mark = "★ In your favourites (Ctrl+D removes it)"
    toggle = window.findChild(QAction, "actionToggleFavourite")
    window.open_agent("betamine")
    assert mark not in window.detail.toPlainText()
    toggle.trigger()
    assert window.detail.toPlainText().startswith(mark)
    renders = []
    show_html = window.detail.show_html
    monkeypatch.setattr(
        window.detail,
        "show_html",
        lambda html, agent: (renders.append(agent), show_html(html, agent)),
    )
    window.open_agent("alphamine")  # a visit changes the history, but draws the page once
    assert renders == ["alphamine"] and mark not in window.detail.toPlainText()
    window.open_agent("betamine")
    assert window.detail.toPlainText().startswith(mark)
    toggle.trigger()
    assert mark not in window.detail.toPlainText()


def test_history_is_restored_in_a_new_window(make_window, load, settings):
    first = make_window(load)
    first.open_agent("betamine")
    first.tools.history_menus.toggle_current()
    first.close()
    second = make_window(load, settings)
    assert second.tools.history.favourites == ["betamine"]
    assert second.tools.history.recent[0] == "betamine"
    # Reopened at start, before the tools came, and still marked as a favourite.
    assert second.detail.shown_agent == "betamine"
    assert second.detail.toPlainText().startswith("★ In your favourites")
