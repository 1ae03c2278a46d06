"""The window icon comes in every size a window manager draws, all loadable without plugins."""

from __future__ import annotations

from app.desktop import ICON_SIZES
from app.ui.app_icon import SIZES, app_icon


def test_icon_has_every_size(qapp):
    icon = app_icon()
    assert not icon.isNull()
    assert sorted(size.width() for size in icon.availableSizes()) == sorted(SIZES)
    for size in SIZES:
        pixmap = icon.pixmap(size, size)
        assert not pixmap.isNull()
        assert (pixmap.width(), pixmap.height()) == (size, size)


def test_the_larger_sizes_reach_the_desktop_through_the_installed_theme_icons():
    assert max(SIZES) == 128
    assert set(SIZES) < set(ICON_SIZES)
    assert {256, 512} <= set(ICON_SIZES)
