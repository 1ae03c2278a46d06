"""The app's window icon, from the PNG sizes tools/make_icons.py renders into resources/icons/.

PNGs rather than the SVG: Qt reads PNG without any plugin, so the icon shows even where the
SVG icon engine is missing. The taskbar, the Alt-Tab switcher and the title bar pick a size.
"""

from __future__ import annotations

from PySide6.QtGui import QIcon

from app.paths import resource

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in SIZES:
        icon.addFile(str(resource(f"icons/nmda-ref-{size}.png")))
    return icon
