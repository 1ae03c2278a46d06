"""The app's window icon, from the PNG sizes tools/make_icons.py renders into resources/icons/.

PNGs rather than the SVG: Qt reads PNG without any plugin, so the icon shows even where the
SVG icon engine is missing. The title bar, the taskbar and the Alt-Tab switcher pick a size.

Up to 128 px only. On X11 Qt decodes every size the icon has and sends them all to the
window manager as the window is shown; the 256 and 512 px images were three quarters of
those pixels and cost ~5 ms of the first paint (Xvfb, interleaved A/B). Larger icons reach
the desktop from the hicolor theme the desktop entry installs (app/desktop.py), and Windows
and macOS take theirs from the executable's .ico and the bundle's .icns.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

from app.paths import resource

SIZES = (16, 24, 32, 48, 64, 128)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in SIZES:
        # With its size given, Qt reads a file only when that size is drawn.
        icon.addFile(str(resource(f"icons/nmda-ref-{size}.png")), QSize(size, size))
    return icon
