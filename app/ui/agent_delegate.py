"""Draws one agent row: the name, the drug class under it, and status badges.

Badges are words in an outlined box ("Off-label", "Investigational", "Local"), so they never
rely on colour alone. Their colours are the monograph renderer's badge colours (one source for
both places), taken from a RenderPalette the window derives from the system palette, so they
read in light and dark mode.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from app.catalog.render import RenderPalette
from app.ui.agent_list import (
    BADGE_INVESTIGATIONAL,
    BADGE_LOCAL,
    BADGE_OFF_LABEL,
    BADGES_ROLE,
    CLASS_ROLE,
    ID_ROLE,
    NAME_ROLE,
)

_PADDING = 8
_LINE_GAP = 3
_BADGE_GAP = 6
_BADGE_PAD_X = 6
_BADGE_PAD_Y = 1
#: Rows kept drawn; a screenful is about 20, so this covers scrolling and filtering back.
_PIXMAP_CACHE_SIZE = 2000

_ACTIVE = QPalette.ColorGroup.Active
_INACTIVE = QPalette.ColorGroup.Inactive
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText
_BASE = QPalette.ColorRole.Base
_HIGHLIGHT = QPalette.ColorRole.Highlight
_ELIDE_RIGHT = Qt.TextElideMode.ElideRight
_LEFT_CENTRED = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class RowLayout:
    """Where one row's words and badges are drawn (AgentDelegate.layout_row)."""

    __slots__ = ("badges", "class_rect", "drug_class", "name", "name_rect")

    def __init__(
        self,
        name: str,
        name_rect: QRect,
        drug_class: str,
        class_rect: QRect,
        badges: list[tuple[str, QRect]],
    ) -> None:
        self.name = name
        self.name_rect = name_rect
        self.drug_class = drug_class
        self.class_rect = class_rect
        self.badges = badges


def badge_colours(palette: RenderPalette) -> dict[str, tuple[QColor, QColor]]:
    """badge -> (background, text) from the renderer's palette."""
    return {
        BADGE_OFF_LABEL: (
            QColor(palette.badge_off_label_background),
            QColor(palette.badge_off_label_text),
        ),
        BADGE_INVESTIGATIONAL: (
            QColor(palette.badge_investigational_background),
            QColor(palette.badge_investigational_text),
        ),
        BADGE_LOCAL: (QColor(palette.badge_local_background), QColor(palette.badge_local_text)),
    }


def _mix(a: QColor, b: QColor, amount: float) -> QColor:
    """`amount` of b over a."""
    return QColor(
        round(a.red() + (b.red() - a.red()) * amount),
        round(a.green() + (b.green() - a.green()) * amount),
        round(a.blue() + (b.blue() - a.blue()) * amount),
    )


class AgentDelegate(QStyledItemDelegate):
    def __init__(self, parent=None, palette: RenderPalette | None = None):
        super().__init__(parent)
        self._badges = badge_colours(palette or RenderPalette.light())
        self._font_cache: dict[str, tuple] = {}
        self._pixmaps: dict[tuple, QPixmap] = {}
        self._drawn_once: set[tuple] = set()
        self._palette_serial = 0

    def set_palette(self, palette: RenderPalette) -> None:
        self._badges = badge_colours(palette)
        self._palette_serial += 1
        self._pixmaps.clear()
        self._drawn_once.clear()

    def _fonts(self, option: QStyleOptionViewItem):
        """(name, class, badge) fonts and their metrics, cached per base font."""
        key = option.font.key()
        cached = self._font_cache.get(key)
        if cached is None:
            name_font = QFont(option.font)
            name_font.setBold(True)
            name_font.setPointSizeF(option.font.pointSizeF() * 1.1)
            class_font = QFont(option.font)
            badge_font = QFont(option.font)
            badge_font.setPointSizeF(option.font.pointSizeF() * 0.85)
            fonts = (name_font, class_font, badge_font)
            cached = (fonts, tuple(QFontMetrics(f) for f in fonts))
            self._font_cache = {key: cached}
        return cached

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        _, (name_metrics, class_metrics, _) = self._fonts(option)
        height = name_metrics.height() + _LINE_GAP + class_metrics.height() + 2 * _PADDING
        return QSize(200, height)

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        # The view's own drawing (paint() below calls the base class) gets no text: the
        # words are drawn on top of it, in their own fonts.
        super().initStyleOption(option, index)
        option.text = ""

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:
        # Runs for every visible row on every repaint, so it does the least Python it can.
        # Qt draws the background, selection and focus frame in the platform's style (the
        # base class, with the text blanked above); from Python the row asks the view, not
        # the option's state flags, whether it is selected: reading those flags would make
        # PySide create QStyle's Python enums (about 3 ms) before the first paint.
        super().paint(painter, option, index)
        opt = option
        widget = opt.widget
        selected = widget is not None and widget.selectionModel().isSelected(index)
        group = _ACTIVE if widget is None or widget.isActiveWindow() else _INACTIVE
        palette = opt.palette
        text_colour = palette.color(group, _HIGHLIGHTED_TEXT if selected else _TEXT)
        base = palette.color(group, _HIGHLIGHT if selected else _BASE)

        # The words and badges of a row are drawn once into a pixmap and reused while
        # nothing they depend on changes: repainting the list after a keystroke then costs
        # one pixmap copy per visible row instead of a dozen text layouts.
        badges = tuple(index.data(BADGES_ROLE) or ())
        ratio = widget.devicePixelRatioF() if widget else 1.0
        rect = opt.rect
        width, height = rect.width(), rect.height()
        key = (
            index.data(ID_ROLE),
            badges,
            width,
            height,
            text_colour.rgba(),
            base.rgba(),
            opt.font.key(),
            ratio,
            self._palette_serial,
        )

        def draw_words(target) -> None:
            self._paint_words(
                target,
                opt,
                index,
                badges,
                text_colour,
                base,
                _mix(base, text_colour, 0.72),
                QRect(0, 0, width, height),
            )

        pixmap = self._pixmaps.get(key)
        if pixmap is None and key not in self._drawn_once:
            # A row's first drawing goes straight to the view: the window's first paint then
            # makes no pixmaps (0.7 MiB and a copy per row), and only rows drawn again, as
            # while filtering, are kept.
            if len(self._drawn_once) > _PIXMAP_CACHE_SIZE:
                self._drawn_once.clear()
            self._drawn_once.add(key)
            painter.save()
            painter.translate(rect.topLeft())
            try:
                draw_words(painter)
            finally:
                painter.restore()
            return
        if pixmap is None:
            if len(self._pixmaps) > _PIXMAP_CACHE_SIZE:
                self._pixmaps.clear()
            pixmap = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            canvas = QPainter(pixmap)
            try:
                draw_words(canvas)
            finally:
                canvas.end()
            self._pixmaps[key] = pixmap
        painter.drawPixmap(rect.topLeft(), pixmap)

    def layout_row(
        self,
        option: QStyleOptionViewItem,
        area: QRect,
        name: str,
        drug_class: str,
        badges: tuple[str, ...],
    ) -> RowLayout:
        """Where a row's words and badges go in `area`. The badges sit right-aligned on the name
        line, unless the name would not fit beside them (a narrow list, two badges): then they
        move to the drug-class line, so a drug's name is never cut short for its badges."""
        _, (name_metrics, class_metrics, badge_metrics) = self._fonts(option)
        rect = area.adjusted(_PADDING + 2, _PADDING, -_PADDING, -_PADDING)
        class_top = rect.top() + name_metrics.height() + _LINE_GAP
        widths = [badge_metrics.horizontalAdvance(b) + 2 * _BADGE_PAD_X for b in badges]
        room_beside = rect.width() - sum(widths) - _BADGE_GAP * len(widths)
        on_name_line = not badges or name_metrics.horizontalAdvance(name) <= room_beside
        line_top, line_height = (
            (rect.top(), name_metrics.height())
            if on_name_line
            else (class_top, class_metrics.height())
        )
        badge_height = badge_metrics.height() + 2 * _BADGE_PAD_Y
        badge_top = line_top + (line_height - badge_height) // 2
        boxes = []
        right = rect.right()
        for badge, width in zip(reversed(badges), reversed(widths), strict=True):
            boxes.append((badge, QRect(right - width, badge_top, width, badge_height)))
            right -= width + _BADGE_GAP
        name_width = max(0, room_beside if on_name_line else rect.width())
        class_width = max(0, rect.width() if on_name_line else room_beside)
        return RowLayout(
            name=name_metrics.elidedText(name, _ELIDE_RIGHT, name_width),
            name_rect=QRect(rect.left(), rect.top(), name_width, name_metrics.height()),
            drug_class=class_metrics.elidedText(drug_class, _ELIDE_RIGHT, class_width),
            class_rect=QRect(rect.left(), class_top, class_width, class_metrics.height()),
            badges=boxes,
        )

    def _paint_words(self, painter, opt, index, badges, text_colour, base, muted, area) -> None:
        (name_font, class_font, badge_font), _ = self._fonts(opt)
        row = self.layout_row(
            opt, area, index.data(NAME_ROLE) or "", index.data(CLASS_ROLE) or "", badges
        )
        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing, True)
        painter.setFont(badge_font)
        for badge, box in row.badges:
            fill, ink = self._badges.get(badge, (base, text_colour))
            painter.setPen(QPen(ink, 1))
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 4, 4)
            painter.setPen(ink)
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge)
        painter.setFont(name_font)
        painter.setPen(text_colour)
        painter.drawText(row.name_rect, _LEFT_CENTRED, row.name)
        painter.setFont(class_font)
        painter.setPen(muted)
        painter.drawText(row.class_rect, _LEFT_CENTRED, row.drug_class)
        painter.restore()
