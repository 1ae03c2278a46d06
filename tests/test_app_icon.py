"""The window icon comes in every size the desktop may ask for, all loadable without plugins."""

from __future__ import annotations

from app.ui.app_icon import SIZES, app_icon


def test_icon_has_every_size(qapp):
    icon = app_icon()
    assert not icon.isNull()
    assert sorted(size.width() for size in icon.availableSizes()) == sorted(SIZES)
    for size in SIZES:
        assert not icon.pixmap(size, size).isNull()
