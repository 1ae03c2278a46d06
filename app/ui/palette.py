"""The system palette -> the colours the core's HTML renderer uses, and a dark palette.

The renderer's own light or dark set supplies the clinical colours (contraindication, caution,
highlight, badges), which were chosen for contrast; the page text, background and link follow
the system so the monograph sits in the window like the rest of it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QColor, QPalette

from app.catalog.render import RenderPalette

#: WCAG AA contrast for body text.
MIN_CONTRAST = 4.5


def _luminance(colour: QColor) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red())
        + 0.7152 * channel(colour.green())
        + 0.0722 * channel(colour.blue())
    )


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def render_palette_for(palette: QPalette) -> RenderPalette:
    base = RenderPalette.dark() if is_dark(palette) else RenderPalette.light()
    background = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    if contrast(text, background) < MIN_CONTRAST:
        return base  # an unreadable system palette: keep the renderer's own set
    overrides = {"text": text.name(), "background": background.name()}
    for field, role in (
        ("link", QPalette.ColorRole.Link),
        ("muted", QPalette.ColorRole.PlaceholderText),
    ):
        colour = palette.color(role)
        if contrast(colour, background) >= MIN_CONTRAST:
            overrides[field] = colour.name()
    return replace(base, **overrides)


def dark_palette() -> QPalette:
    """A plain dark palette (for screenshots and tests; the app itself follows the system)."""
    p = QPalette()
    window, base, text = QColor("#2b2d31"), QColor("#1e1f22"), QColor("#e6e6e6")
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor("#26282c")),
        (QPalette.ColorRole.ToolTipBase, window),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, QColor("#a8a8a8")),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor("#34363b")),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor("#ffffff")),
        (QPalette.ColorRole.Light, QColor("#45484e")),
        (QPalette.ColorRole.Midlight, QColor("#3a3d42")),
        (QPalette.ColorRole.Mid, QColor("#2f3136")),
        (QPalette.ColorRole.Dark, QColor("#151618")),
        (QPalette.ColorRole.Shadow, QColor("#000000")),
        (QPalette.ColorRole.Highlight, QColor("#3d6fb4")),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.Link, QColor("#8ab4f8")),
        (QPalette.ColorRole.LinkVisited, QColor("#c58af9")),
    ):
        p.setColor(role, colour)
    disabled = QColor("#7a7d83")
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p
