"""Local formulary folders, end to end, as a pharmacy and a user meet them.

Each test starts the app through `nmda-ref`'s own entry point (app.cli.main -> launch.run_gui)
with the fixture data as the bundled folder, a temporary settings file and the event loop
replaced by "return at once", then looks at the window that start-up built: the list badges,
the warning bar and the monograph. Preferences are driven through the dialog's own buttons.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog

from app.paths import LOCAL_DATA_ENV
from app.ui.agent_list import BADGE_LOCAL, BADGES_ROLE, ID_ROLE
from app.ui.preferences import preferred_local_dirs
from tests.conftest import FIXTURES

GOOD = FIXTURES / "good"
MALFORMED = FIXTURES / "malformed"
PATIENT = FIXTURES / "patient"  # two new, valid agents: plainol and renalol

BROKEN_YAML = "id: broken\nname: [unclosed\n"


def malformed_lines(folder: Path) -> list[str]:
    """The malformed fixture's messages, sorted (the order files are read in is not fixed)."""
    text = (MALFORMED / "expected.txt").read_text(encoding="utf-8")
    return sorted(line.replace("{dir}", str(folder)) for line in text.splitlines() if line)


def make_share(root: Path, alphamine_name: str, *, broken: bool = False) -> Path:
    """A formulary folder: Alphamine renamed (replacing the bundled one), maybe a broken file."""
    (root / "agents").mkdir(parents=True)
    text = (GOOD / "agents" / "alphamine.yaml").read_text(encoding="utf-8")
    assert "\nname: Alphamine\n" in text
    text = text.replace("\nname: Alphamine\n", f"\nname: {alphamine_name}\n")
    (root / "agents" / "alphamine.yaml").write_text(text, encoding="utf-8")
    if broken:
        (root / "agents" / "broken.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    return root


@pytest.fixture
def ini(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "user-settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def start(monkeypatch, qtbot, qapp, ini):
    """start(argv, env_dirs) -> the MainWindow `nmda-ref argv` built, as it would be shown."""
    from app import cli
    from app.ui import launch, main_window

    built = []

    class Recorded(main_window.MainWindow):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            qtbot.addWidget(self)
            built.append(self)

    class NoEventLoop:
        @staticmethod
        def exec() -> int:
            return 0

    monkeypatch.setattr(main_window, "MainWindow", Recorded)
    monkeypatch.setattr(launch, "DATA_DIR", GOOD)
    monkeypatch.setattr(launch, "_user_settings", lambda: ini)
    monkeypatch.setattr(launch, "_application", lambda: NoEventLoop)

    def run(argv: list[str], env_dirs: list[Path] = ()):
        if env_dirs:
            monkeypatch.setenv(LOCAL_DATA_ENV, os.pathsep.join(str(d) for d in env_dirs))
        else:
            monkeypatch.delenv(LOCAL_DATA_ENV, raising=False)
        hook = sys.excepthook
        try:
            assert cli.main(argv) == 0
        finally:
            sys.excepthook = hook  # run_gui installs the app's crash dialog
        window = built[-1]
        window.resize(1280, 800)
        qtbot.waitExposed(window)
        window.tools.bundled_dir = GOOD  # what Preferences checks folders against
        return window

    return run


def listed(window) -> dict[str, tuple[str, ...]]:
    """Agent id -> badges, for every row the list shows."""
    proxy = window.proxy
    return {
        proxy.index(r, 0).data(ID_ROLE): tuple(proxy.index(r, 0).data(BADGES_ROLE))
        for r in range(proxy.rowCount())
    }


def local_badged(window) -> set[str]:
    return {i for i, badges in listed(window).items() if BADGE_LOCAL in badges}


def bar_lines(window) -> list[str]:
    text = window.warning_bar.details.toPlainText()
    return text.split("\n\nSkipped:\n")[0].splitlines()


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_without_local_folders_nothing_is_local_and_no_bar(start):
    window = start([])
    assert set(listed(window)) == {"alphamine", "betamine", "gammadol"}
    assert local_badged(window) == set()
    assert window.warning_bar.isHidden()


def test_a_read_only_share_from_the_environment_with_one_bad_file(start, tmp_path):
    share = make_share(tmp_path / "share", "Alphamine (ward formulary)", broken=True)
    for path in [share, *share.rglob("*")]:
        path.chmod(0o555 if path.is_dir() else 0o444)
    before = snapshot(share)

    window = start([], env_dirs=[share])

    # The bad file costs only itself: the bar names it, everything else is there.
    assert window.warning_bar.isVisible()
    assert window.warning_bar.title.text() == (
        "⚠ 1 data problem — 1 file or entry skipped. Everything else loaded and can be "
        "used. Fix the files below, then restart."
    )
    assert bar_lines(window) == [
        f"{share}/agents/broken.yaml:3:1: YAML syntax error: did not find expected ',' or ']' "
        "(while parsing a flow sequence that started on line 2)"
    ]
    assert window.warning_bar.details.toPlainText().endswith(
        f"Skipped:\n  {share}/agents/broken.yaml"
    )
    assert set(listed(window)) == {"alphamine", "betamine", "gammadol"}
    assert local_badged(window) == {"alphamine"}

    # The local entry replaced the bundled one, and its monograph says so.
    assert window.open_agent("alphamine")
    page = window.detail.toPlainText()
    assert page.startswith("Alphamine (ward formulary)")
    assert f"LOCAL FORMULARY: {share} — replaces the bundled entry" in page
    assert window.open_agent("betamine")
    assert "LOCAL FORMULARY" not in window.detail.toPlainText()

    # A share is read, never written to (no cache, no lock files).
    assert snapshot(share) == before


def test_folder_added_in_preferences_shows_local_badges_and_its_problems_after_restart(
    start, ini, qtbot, monkeypatch
):
    window = start([])
    dialog = window.tools.preferences_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    for folder in (MALFORMED, PATIENT):
        monkeypatch.setattr(
            QFileDialog, "getExistingDirectory", lambda *args, f=folder, **kwargs: str(f)
        )
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.folders() == [MALFORMED, PATIENT]

    # "Check folders" shows the loader's located messages before anything is saved.
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    report = dialog.report.toPlainText().splitlines()
    expected = malformed_lines(MALFORMED)
    assert report[0] == f"{MALFORMED}: {len(expected)} problem(s):"
    assert sorted(report[1 : 1 + len(expected)]) == [f"  {line}" for line in expected]
    assert report[-1] == f"{PATIENT}: no problems; 2 agent(s), 0 replacing bundled ones."
    assert preferred_local_dirs(ini) == []

    buttons = dialog.findChild(QDialogButtonBox)
    save = buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert preferred_local_dirs(ini) == [MALFORMED, PATIENT]
    assert local_badged(window) == set()  # read at the next start, as the dialog says
    window.close()

    again = start([])
    # twin: the first of the malformed folder's two files with that id still loads.
    assert local_badged(again) == {"plainol", "renalol", "twin"}
    assert {"alphamine", "betamine", "gammadol"} <= set(listed(again))
    assert sorted(bar_lines(again)) == expected
    assert again.warning_bar.title.text().startswith(f"⚠ {len(expected)} data problems — ")


def test_environment_then_data_dir_then_preferences_later_replaces_earlier(start, ini, tmp_path):
    env = make_share(tmp_path / "machine", "Alphamine (machine-wide)")
    arg = make_share(tmp_path / "shortcut", "Alphamine (shortcut)")
    pref = make_share(tmp_path / "user", "Alphamine (user)")
    ini.setValue("data/local_folders", [str(pref)])

    window = start(["--data-dir", str(arg)], env_dirs=[env])

    assert window.warning_bar.isHidden()
    window.open_agent("alphamine")
    page = window.detail.toPlainText()
    assert page.startswith("Alphamine (user)")
    assert f"LOCAL FORMULARY: {pref} — replaces the entry from {arg}" in page


def test_one_share_named_three_ways_is_read_once(start, ini, tmp_path, monkeypatch):
    share = make_share(tmp_path / "share", "Alphamine (ward formulary)", broken=True)
    (tmp_path / "x").mkdir()
    env_spelling = tmp_path / "x" / ".." / "share"
    monkeypatch.chdir(tmp_path)
    ini.setValue("data/local_folders", [f"{share}/"])

    window = start(["--data-dir", "share"], env_dirs=[env_spelling])

    # Read twice, the bad file would be reported twice and Alphamine would "replace" itself.
    assert bar_lines(window) == [
        f"{env_spelling}/agents/broken.yaml:3:1: YAML syntax error: did not find expected ',' "
        "or ']' (while parsing a flow sequence that started on line 2)"
    ]
    window.open_agent("alphamine")
    assert f"LOCAL FORMULARY: {env_spelling} — replaces the bundled entry" in (
        window.detail.toPlainText()
    )


def test_a_window_start_pauses_the_garbage_collector_until_the_window_has_started(
    start, monkeypatch
):
    from app.ui import launch

    collecting_while_loading = []
    real_load = launch.load_from_snapshot

    def load(*args, **kwargs):
        collecting_while_loading.append(gc.isenabled())
        return real_load(*args, **kwargs)

    monkeypatch.setattr(launch, "load_from_snapshot", load)
    window = start([])
    assert collecting_while_loading == [False]  # paused from the command line on
    assert gc.isenabled()  # and back on once run_gui has returned

    gc.disable()  # as during a real start, when the window's deferred work is done:
    window.start_up_finished.emit()
    assert gc.isenabled()
