"""What the frozen app leaves out of PySide6, shared by build.spec and the bare-window benchmark.

PyInstaller's Qt hooks collect every plugin of each Qt module the app imports, plus all of
Qt's translations. The app needs few of them. This module decides, by the path a file will
have inside the bundle, what to drop; then (on Linux) it drops every bundled shared library
that no kept file links against — a library nothing loads. The frozen `--self-test`, the ldd
check and the Xvfb start in .ci/run prove that nothing the window needs was cut.

Kept plugins and why:
- platforms: xcb (X11 desktops), wayland (Wayland desktops), offscreen (self-test, CI).
- platformthemes: xdgdesktopportal — portal file dialogs and the desktop's light/dark colour
  scheme. Not gtk3: it would drag in the build machine's cairo/pango/gdk-pixbuf, which can
  clash with the GTK of the machine the app runs on (a classic frozen-app crash); without it
  Qt draws its own widgets, which the app styles anyway.
- platforminputcontexts: compose and ibus — dead keys and input methods in the search box.
- xcbglintegrations, wayland-*-client, wayland-shell-integration: loaded by the xcb and
  wayland platform plugins themselves.
- iconengines/svg and imageformats svg, ico, icns, png is built in: the app's icons.
- printsupport: printing and the print dialog (the app prints and exports PDF).
- styles: whatever the platform ships (Windows, macOS).
Dropped: eglfs/linuxfb/vnc/minimal platforms and their evdev input plugins, networking
(tls, networkinformation), SQL drivers, QML tooling and linting, Designer, the virtual
keyboard, Wayland compositor (server) plugins, and raster formats the app never reads.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable

#: plugin folder -> stems that stay ("*" keeps the whole folder). Folders not listed go.
KEEP_PLUGINS: dict[str, set[str]] = {
    "platforms": {"qxcb", "qwayland", "qoffscreen", "qwindows", "qcocoa", "qdirect2d"},
    "platformthemes": {"qxdgdesktopportal"},
    "platforminputcontexts": {
        "composeplatforminputcontextplugin",
        "ibusplatforminputcontextplugin",
    },
    "xcbglintegrations": {"*"},
    "wayland-decoration-client": {"*"},
    "wayland-graphics-integration-client": {"*"},
    "wayland-shell-integration": {"*"},
    "iconengines": {"qsvgicon"},
    "imageformats": {"qsvg", "qico", "qicns"},
    "printsupport": {"*"},
    "styles": {"*"},
}

# PySide6 wheels keep Qt under PySide6/Qt/ on Linux and macOS, directly under PySide6/ on Windows.
_PLUGIN = re.compile(r"^PySide6/(?:Qt/)?plugins/([^/]+)/(?:lib)?([^/.]+)\.[^/]+$")
_TRANSLATION = re.compile(r"^PySide6/(?:Qt/)?translations/")


def _dest(entry) -> str:
    return entry[0].replace("\\", "/")


def keep_plugin(dest: str) -> bool:
    """False for a Qt plugin the app does not need; True for anything that is not a plugin."""
    match = _PLUGIN.search(dest)
    if not match:
        return True
    folder, stem = match.groups()
    kept = KEEP_PLUGINS.get(folder, set())
    return "*" in kept or stem in kept


def trim_datas(datas: Iterable) -> list:
    """Qt's own translations: the app is English-only and installs no QTranslator."""
    return [entry for entry in datas if not _TRANSLATION.search(_dest(entry))]


def drop_dangling_symlinks(toc: Iterable, kept_binaries: Iterable) -> list:
    """PyInstaller links each shared library into the bundle root (typecode SYMLINK, listed in
    binaries or datas); drop the links whose target was trimmed, or they would dangle."""
    present = {_dest(entry) for entry in kept_binaries}
    result = []
    for entry in toc:
        if entry[2] == "SYMLINK":
            target = os.path.normpath(
                os.path.join(os.path.dirname(_dest(entry)), entry[1])
            ).replace("\\", "/")
            if target not in present:
                continue
        result.append(entry)
    return result


def _needed_names(path: str) -> set[str]:
    from PyInstaller.depend.bindepend import get_imports

    return {os.path.basename(name) for name, _resolved in get_imports(path)}


def _is_dependency_library(entry) -> bool:
    """A shared library bundled because something links to it (not a root of the app).

    Roots are Python extension modules, Qt plugins (Qt dlopens them) and libpython (the
    bootloader dlopens it); everything else of typecode BINARY is there for DT_NEEDED only.
    """
    dest = _dest(entry)
    return (
        entry[2] == "BINARY"
        and not _PLUGIN.search(dest)
        and not os.path.basename(dest).startswith("libpython")
    )


def trim_binaries(binaries: Iterable, log=print) -> list:
    """Drop unneeded plugins, then every bundled library that no remaining file links to.

    PyInstaller bundles a shared library only because a collected file names it in DT_NEEDED,
    so once plugins are dropped, a library no kept file reaches is one nothing loads. Linux
    only for the library pass (ELF, read by PyInstaller's own dependency reader); elsewhere
    only plugins are dropped.
    """
    kept = [entry for entry in binaries if keep_plugin(_dest(entry))]
    if not sys.platform.startswith("linux"):
        return kept
    libraries = {os.path.basename(_dest(e)): e for e in kept if _is_dependency_library(e)}
    queue = [e[1] for e in kept if e[2] != "SYMLINK" and not _is_dependency_library(e)]
    needed: set[str] = set()
    seen: set[str] = set()
    while queue:
        path = queue.pop()
        if path in seen or not os.path.exists(path):
            continue
        seen.add(path)
        for name in _needed_names(path):
            if name in libraries and name not in needed:
                needed.add(name)
                queue.append(libraries[name][1])
    unused = set(libraries) - needed
    if unused:
        log(f"freeze_trim: dropping libraries nothing links to: {', '.join(sorted(unused))}")
    return [e for e in kept if not (_is_dependency_library(e)
                                    and os.path.basename(_dest(e)) in unused)]


#: Python modules the app never imports: other Qt bindings, Tk, and PySide6 modules outside
#: what the app uses (QtCore, QtGui, QtWidgets, QtPrintSupport, QtSvg).
EXCLUDES = [
    "PyQt5", "PyQt6", "PySide2", "qtpy",
    "tkinter", "_tkinter",
    # test tools: pydantic.v1's optional hypothesis plugin would otherwise drag in hypothesis,
    # unittest and multiprocessing
    "hypothesis", "pytest", "_pytest", "pytestqt",
    # the app never opens a connection; TLS would add libssl/libcrypto's network half
    "ssl", "_ssl",
    # typing_extensions names asyncio inside one function (a deprecated coroutine) the app
    # never reaches; asyncio brings concurrent.futures and multiprocessing, and with it
    # PyInstaller's multiprocessing and pkgutil runtime hooks, which import multiprocessing,
    # pickle, socket, subprocess and pkgutil before the app's first line: ~11 ms of every
    # frozen start (measured with -X importtime in the frozen app)
    "asyncio", "concurrent", "multiprocessing",
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2", "PySide6.QtQuickTest", "PySide6.QtSql", "PySide6.QtTest",
    "PySide6.QtDesigner", "PySide6.QtHelp", "PySide6.QtUiTools", "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets", "PySide6.QtConcurrent", "PySide6.QtDBus", "PySide6.QtXml",
    "PySide6.QtSvgWidgets",
]


def strip_symbols(debug: bool = False) -> bool:
    """Whether a build strips debug symbols: on Linux only, where libpython, lib-dynload and
    _yaml ship with them (about 24 MiB measured) and nothing needs them; not on macOS
    (stripping breaks code signatures) nor Windows (nothing to strip); not in a debug build."""
    return sys.platform.startswith("linux") and not debug


#: The app's own modules as .pyc files beside the archive rather than inside it: Python's own
#: importer reads them faster than PyInstaller's archive reader, which decompresses each one in
#: Python. About 25 load before the first paint: -6 ms (-9 ms CPU) to it, for +0.35 MiB
#: (interleaved, 25 rounds).
MODULE_COLLECTION_MODE = {"app": "pyc"}
