"""The pre-QApplication check that explains a missing xcb dependency instead of Qt's abort."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.ui.platform_check import (
    NO_DISPLAY_MESSAGE,
    find_platform_plugin,
    load_error,
    platform_problem,
    report_problem,
    xcb_message,
)

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="xcb is Linux-only")
FAKE_PLUGIN = Path("/nowhere/platforms/libqxcb.so")
MISSING_CURSOR = "libxcb-cursor.so.0: cannot open shared object file: No such file or directory"


def _never_load(_path):
    raise AssertionError("the plugin must not be loaded in this case")


@linux_only
@pytest.mark.parametrize(
    "env",
    [
        {"QT_QPA_PLATFORM": "offscreen"},
        {"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"},
        {"WAYLAND_DISPLAY": "wayland-0"},
        {"XDG_SESSION_TYPE": "wayland", "DISPLAY": ":0"},
    ],
)
def test_silent_when_qt_may_use_another_platform(env):
    assert platform_problem(env, plugin=lambda: FAKE_PLUGIN, load=_never_load) is None


@linux_only
def test_no_display_is_explained():
    assert platform_problem({}, plugin=lambda: FAKE_PLUGIN, load=_never_load) == (
        NO_DISPLAY_MESSAGE
    )
    assert NO_DISPLAY_MESSAGE.startswith(
        "NMDA Pain Reference cannot open its window: no graphical display was found "
        "(neither DISPLAY nor WAYLAND_DISPLAY is set)."
    )


@linux_only
@pytest.mark.parametrize("env", [{"DISPLAY": ":0"}, {"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":0"}])
def test_missing_library_names_it_and_the_packages(env):
    message = platform_problem(env, plugin=lambda: FAKE_PLUGIN, load=lambda _p: MISSING_CURSOR)
    assert message == (
        "NMDA Pain Reference cannot open its window: Qt's X11 platform plugin (xcb) needs "
        "libraries this computer lacks — the system library libxcb-cursor.so.0 is not "
        "installed.\n"
        "Install the X11 libraries Qt needs, then start the app again:\n"
        "  Debian/Ubuntu: sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 "
        "libxcb-image0 libxcb-render-util0 libxkbcommon-x11-0\n"
        "  Fedora/RHEL:   sudo dnf install xcb-util-cursor xcb-util-wm xcb-util-keysyms "
        "xcb-util-image xcb-util-renderutil libxkbcommon-x11\n"
        "On a Wayland desktop, QT_QPA_PLATFORM=wayland avoids X11 altogether."
    )


def test_a_library_outside_the_usual_set_is_added_to_the_install_line():
    message = xcb_message("libxcb-randr.so.0: cannot open shared object file: No such file")
    assert "library libxcb-randr.so.0 is not installed" in message
    assert "libxkbcommon-x11-0 libxcb-randr0\n" in message


def test_other_load_failures_are_quoted():
    message = xcb_message("/x/libqxcb.so: invalid ELF header")
    assert "lacks — it failed to load (/x/libqxcb.so: invalid ELF header)." in message


@linux_only
def test_plugin_present_and_loadable_means_no_message():
    assert platform_problem({"DISPLAY": ":0"}, plugin=lambda: FAKE_PLUGIN,
                            load=lambda _p: None) is None


@linux_only
@pytest.mark.skipif(shutil.which("ldd") is None, reason="needs ldd to know the truth")
def test_real_plugin_check_agrees_with_ldd():
    plugin = find_platform_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    ldd = subprocess.run(["ldd", str(plugin)], capture_output=True, text=True, check=True)
    missing = {line.split()[0] for line in ldd.stdout.splitlines() if "not found" in line}
    error = load_error(plugin)
    if missing:
        assert error is not None and error.split(":")[0] in missing
    else:
        assert error is None


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return self.tty


def test_report_in_a_terminal_only_prints():
    stream, spawned = _Stream(tty=True), []
    assert report_problem("x & <y>", stream, which=lambda p: f"/usr/bin/{p}",
                          spawn=spawned.append) is None
    assert stream.text == "x & <y>\n"
    assert spawned == []


def test_report_without_a_terminal_opens_the_first_dialog_tool_found():
    stream, spawned = _Stream(tty=False), []
    available = {"kdialog", "xmessage"}
    command = report_problem("x & <y>", stream, which=lambda p: p if p in available else None,
                             spawn=spawned.append)
    assert command == ["kdialog", "--title", "NMDA Pain Reference cannot start", "--error",
                       "x & <y>"]
    assert spawned == [command]
    assert stream.text == "x & <y>\n"


def test_zenity_text_is_escaped_for_pango_markup():
    spawned = []
    report_problem("x & <y>", _Stream(tty=False), which=lambda p: p, spawn=spawned.append)
    assert spawned[0][-1] == "--text=x &amp; &lt;y&gt;"


def test_report_with_no_tool_still_prints():
    stream = _Stream(tty=False)
    assert report_problem("m", stream, which=lambda p: None, spawn=None) is None
    assert stream.text == "m\n"
