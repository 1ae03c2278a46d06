"""Before QApplication exists: can Qt's X11 platform plugin load on this machine?

On a minimal Linux the xcb plugin's system libraries (libxcb-cursor0 and friends) are often
missing; Qt then prints "Could not load the Qt platform plugin "xcb"" and aborts with a core
dump, which a clinician who double-clicked an icon never sees explained. This check loads the
plugin the way Qt will (dlopen, same library search path) and, when that fails, returns a
message naming the missing library and the packages to install. It never blocks a start that
Qt could manage: it only speaks when the platform would certainly be xcb and certainly fail.

Usage, in app/ui/launch.py before the QApplication is created:

    problem = platform_problem()
    if problem:
        report_problem(problem)
        return 1

A clinician who double-clicked the icon has no terminal to read stderr in, so when stderr is
not a terminal the message also goes to a desktop dialog tool if one is installed (zenity,
kdialog, xmessage — none of which need Qt), or to a desktop notification.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TextIO

#: What a Debian/Ubuntu desktop needs for Qt's xcb plugin (from `ldd libqxcb.so`, the
#: libraries a minimal install lacks; libc, libstdc++, glib and friends are always there).
DEBIAN_XCB_PACKAGES = (
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libxcb-image0",
    "libxcb-render-util0",
    "libxkbcommon-x11-0",
)
#: The same set on Fedora/RHEL.
FEDORA_XCB_PACKAGES = (
    "xcb-util-cursor",
    "xcb-util-wm",
    "xcb-util-keysyms",
    "xcb-util-image",
    "xcb-util-renderutil",
    "libxkbcommon-x11",
)
#: Shared library -> Debian package, for the library dlopen names as missing.
DEBIAN_PACKAGE_OF = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3",
}

_MISSING = re.compile(r"^(?P<lib>[^\s:/]+\.so[.\d]*): cannot open shared object file")


def _target_platform(env: Mapping[str, str]) -> str | None:
    """The platform Qt will certainly try first, or None when it might pick another."""
    requested = env.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        return requested.split(";")[0].split(":")[0]
    if env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland":
        return None  # Qt prefers Wayland here and falls back to xcb by itself
    return "xcb"


def find_platform_plugin(name: str = "qxcb") -> Path | None:
    """Where Qt will look for a platform plugin: QT_PLUGIN_PATH, then Qt's own plugin folder."""
    folders = [Path(p) for p in os.environ.get("QT_PLUGIN_PATH", "").split(os.pathsep) if p]
    try:
        from PySide6.QtCore import QLibraryInfo

        folders.append(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)))
    except ImportError:
        pass
    for folder in folders:
        candidate = folder / "platforms" / f"lib{name}.so"
        if candidate.is_file():
            return candidate
    return None


def load_error(path: Path) -> str | None:
    """dlopen the library as Qt does (lazy binding); the loader's complaint, or None."""
    import ctypes

    try:
        ctypes.CDLL(str(path), mode=os.RTLD_LAZY | os.RTLD_LOCAL)
    except OSError as exc:
        return str(exc)
    return None


def xcb_message(error: str) -> str:
    """What to tell the user when the xcb plugin cannot load, given dlopen's complaint."""
    match = _MISSING.match(error)
    packages = list(DEBIAN_XCB_PACKAGES)
    if match:
        library = match.group("lib")
        cause = f"the system library {library} is not installed"
        package = DEBIAN_PACKAGE_OF.get(library)
        if package and package not in packages:
            packages.append(package)
    else:
        cause = f"it failed to load ({error})"
    return (
        "NMDA Pain Reference cannot open its window: Qt's X11 platform plugin (xcb) needs "
        f"libraries this computer lacks — {cause}.\n"
        "Install the X11 libraries Qt needs, then start the app again:\n"
        f"  Debian/Ubuntu: sudo apt-get install {' '.join(packages)}\n"
        f"  Fedora/RHEL:   sudo dnf install {' '.join(FEDORA_XCB_PACKAGES)}\n"
        "On a Wayland desktop, QT_QPA_PLATFORM=wayland avoids X11 altogether."
    )


NO_DISPLAY_MESSAGE = (
    "NMDA Pain Reference cannot open its window: no graphical display was found "
    "(neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
    "Start it from a desktop session. To check an installation without a display, run "
    "'nmda-ref --self-test' (it draws offscreen) or 'nmda-ref validate'."
)


def platform_problem(
    env: Mapping[str, str] | None = None,
    plugin: Callable[[], Path | None] = find_platform_plugin,
    load: Callable[[Path], str | None] = load_error,
) -> str | None:
    """A message for the user when Qt certainly cannot open a window here; None otherwise."""
    if not sys.platform.startswith("linux"):
        return None
    env = os.environ if env is None else env
    if _target_platform(env) != "xcb":
        return None
    if not env.get("DISPLAY"):
        return NO_DISPLAY_MESSAGE
    path = plugin()
    if path is None:
        return None  # an unusual layout: let Qt search and report for itself
    error = load(path)
    return None if error is None else xcb_message(error)


TITLE = "NMDA Pain Reference cannot start"


def _pango_escaped(message: str) -> str:
    import html  # only when a start fails: not on every start

    return html.escape(message)


#: Dialog tools tried in order when nobody can see stderr: (program, argv for a message).
DIALOG_TOOLS: tuple[tuple[str, Callable[[str], list[str]]], ...] = (
    ("zenity", lambda m: ["zenity", "--error", "--no-wrap", f"--title={TITLE}",
                          f"--text={_pango_escaped(m)}"]),  # --text is Pango markup
    ("kdialog", lambda m: ["kdialog", "--title", TITLE, "--error", m]),
    ("xmessage", lambda m: ["xmessage", "-center", m]),
    ("notify-send", lambda m: ["notify-send", "--urgency=critical", TITLE, m]),
)


def report_problem(
    message: str,
    stream: TextIO | None = None,
    which: Callable[[str], str | None] | None = None,
    spawn: Callable[[list[str]], object] | None = None,
) -> list[str] | None:
    """Print the message; if stderr is no terminal, also show it with the first dialog tool
    found. Returns the dialog command started, or None."""
    import shutil
    import subprocess

    which = which or shutil.which
    stream = sys.stderr if stream is None else stream
    if stream is not None:  # None in a windowed Windows build
        print(message, file=stream, flush=True)
        if stream.isatty():
            return None
    spawn = spawn or (lambda argv: subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,  # outlives the app, which exits now
    ))
    for program, argv in DIALOG_TOOLS:
        if which(program):
            command = argv(message)
            try:
                spawn(command)
            except OSError:
                continue
            return command
    return None
