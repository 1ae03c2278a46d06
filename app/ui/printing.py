"""Print and PDF/PNG export of a rendered page (monograph, overview, matrix).

The core renders the HTML; this module only lays it out on pages with QTextDocument and
paints a footer on every page: app and data version, the last-reviewed date when there is
one, the date printed, page x of n, and the disclaimer. The page body is laid out by Qt's
paginated text layout, which moves a table row that does not fit onto the next page
(tests/ui/test_printing.py checks that no row is cut), and the references are part of the
page's own HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
    QTextFormat,
    QTextFrame,
    QTextTable,
)

from app import __version__
from app.catalog.model import Catalog

APP_NAME = "NMDA Pain Reference"
#: Layout happens in these units per inch (CSS pixels); the painter scales to the device.
LAYOUT_DPI = 96.0
PDF_DPI = 300
MARGIN_MM = 15.0
FOOTER_POINT_SIZE = 7.5
BODY_POINT_SIZE = 10.0


@dataclass(frozen=True)
class PrintJob:
    title: str
    html: str
    #: Lines painted at the foot of every page ("Page x of n" is added to the first).
    footer: tuple[str, ...]


def footer_lines(
    catalog: Catalog,
    *,
    subject: str,
    last_reviewed: dt.date | None = None,
    printed: dt.date | None = None,
) -> tuple[str, ...]:
    """What every printed page says about where it came from and how far to trust it."""
    manifest = catalog.manifest
    printed = printed or dt.date.today()
    facts = [
        f"{APP_NAME} {__version__}",
        subject,
        f"Data version {manifest.data_version} ({manifest.data_date.isoformat()})",
    ]
    if last_reviewed is not None:
        facts.append(f"Last reviewed {last_reviewed.isoformat()}")
    facts.append(f"Printed {printed.isoformat()}")
    return (" · ".join(facts), manifest.disclaimer)


def _document(html: str) -> QTextDocument:
    document = QTextDocument()
    font = QFont()
    font.setPointSizeF(BODY_POINT_SIZE)
    document.setDefaultFont(font)
    document.setHtml(html)
    return document


def _footer_font() -> QFont:
    # A pixel size in layout units: a point size would be resolved against the device's
    # dpi and then scaled again by the painter.
    font = QFont()
    font.setPixelSize(round(FOOTER_POINT_SIZE * LAYOUT_DPI / 72))
    return font


def _footer_height(lines: Sequence[str], width: float) -> float:
    metrics = QFontMetricsF(_footer_font())
    height = 0.0
    page_width = metrics.horizontalAdvance("Page 999 of 999") + 12
    for i, line in enumerate(lines):
        # 10% narrower than drawn: device glyph metrics may wrap a little earlier.
        line_width = 0.9 * (width - page_width if i == 0 else width)
        rect = metrics.boundingRect(
            QRectF(0, 0, line_width, 10_000), int(Qt.TextFlag.TextWordWrap), line
        )
        height += rect.height() + 2
    return height + 10  # a gap and a rule above the footer


def _tables(frame: QTextFrame) -> Iterator[QTextTable]:
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            yield child
        yield from _tables(child)


def _row_extent(document: QTextDocument, table: QTextTable, row: int) -> tuple[float, float]:
    layout = document.documentLayout()
    tops, bottoms = [], []
    for column in range(table.columns()):
        cell = table.cellAt(row, column)
        tops.append(layout.blockBoundingRect(cell.firstCursorPosition().block()).top())
        bottoms.append(layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom())
    return min(tops), max(bottoms)


def split_rows(document: QTextDocument, page_height: float) -> list[tuple[QTextTable, int]]:
    """Table rows that the paginated layout cuts across a page boundary."""
    found = []
    for table in _tables(document.rootFrame()):
        for row in range(table.rows()):
            top, bottom = _row_extent(document, table, row)
            if int(top // page_height) != int((bottom - 0.5) // page_height):
                found.append((table, row))
    return found


def keep_rows_together(document: QTextDocument, page_height: float) -> int:
    """Move each row that would be cut to the top of the next page. Returns how many moved.

    Qt's paginated layout breaks a tall row between lines; a page break before the first block
    of each of the row's cells moves the whole row instead. One row at a time, because moving
    one shifts every row after it. A row taller than a page cannot be kept whole and is left.
    """
    moved: set[tuple[int, int]] = set()
    while True:
        pending = [
            (table, row)
            for table, row in split_rows(document, page_height)
            if (id(table), row) not in moved
        ]
        if not pending:
            return len(moved)
        table, row = pending[0]
        moved.add((id(table), row))
        top, bottom = _row_extent(document, table, row)
        if bottom - top >= page_height:
            continue
        for column in range(table.columns()):
            cursor = table.cellAt(row, column).firstCursorPosition()
            block_format = cursor.blockFormat()
            block_format.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
            cursor.setBlockFormat(block_format)


def paint_pages(job: PrintJob, device: QPagedPaintDevice) -> int:
    """Lay `job` out on `device`'s pages and paint them with the footer. Returns the page count."""
    resolution = device.logicalDpiX()
    scale = resolution / LAYOUT_DPI
    layout = device.pageLayout()
    paint_rect = layout.paintRectPixels(resolution)
    width = paint_rect.width() / scale
    height = paint_rect.height() / scale

    document = _document(job.html)
    document.setDocumentMargin(0)
    footer_height = _footer_height(job.footer, width)
    body_height = height - footer_height
    document.setPageSize(QSizeF(width, body_height))
    keep_rows_together(document, body_height)
    pages = max(1, document.pageCount())

    painter = QPainter()
    if not painter.begin(device):
        raise OSError("could not start painting on the output device")
    try:
        painter.scale(scale, scale)
        for page in range(pages):
            if page:
                device.newPage()
            painter.save()
            painter.setClipRect(QRectF(0, 0, width, body_height))
            painter.translate(0, -page * body_height)
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = QRectF(0, page * body_height, width, body_height)
            context.palette.setColor(context.palette.ColorRole.Text, QColor("#000000"))
            document.documentLayout().draw(painter, context)
            painter.restore()
            _paint_footer(painter, job.footer, page + 1, pages, width, body_height, height)
    finally:
        painter.end()
    return pages


def _paint_footer(
    painter: QPainter,
    lines: Sequence[str],
    page: int,
    pages: int,
    width: float,
    top: float,
    bottom: float,
) -> None:
    painter.save()
    painter.setPen(QColor("#444444"))
    painter.drawLine(0, round(top + 4), round(width), round(top + 4))
    painter.setFont(_footer_font())
    metrics = QFontMetricsF(painter.font())
    y = top + 8
    page_text = f"Page {page} of {pages}"
    page_width = metrics.horizontalAdvance("Page 999 of 999") + 12
    painter.drawText(
        QRectF(width - page_width, y, page_width, metrics.height() + 2),
        int(Qt.AlignmentFlag.AlignRight),
        page_text,
    )
    flags = int(Qt.TextFlag.TextWordWrap)
    for i, line in enumerate(lines):
        line_width = width - page_width if i == 0 else width
        # The painter's own measure: glyph metrics on the output device differ from the screen's.
        rect = painter.boundingRect(QRectF(0, y, line_width, bottom - y), flags, line)
        painter.drawText(QRectF(0, y, line_width, bottom - y), flags, line)
        y += rect.height() + 2
    painter.restore()


def _set_page(device: QPagedPaintDevice) -> None:
    device.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )


def export_pdf(job: PrintJob, path: Path) -> int:
    """Write `job` as an A4 PDF. Returns the page count."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_DPI)
    writer.setTitle(job.title)
    writer.setCreator(f"{APP_NAME} {__version__}")
    _set_page(writer)
    return paint_pages(job, writer)


def print_job(job: PrintJob, parent=None) -> bool:
    """Ask for a printer and print. False when the reader cancels."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(job.title)
    _set_page(printer)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print — {job.title}")
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    paint_pages(job, printer)
    return True


def render_png(html: str, path: Path, width: int = 1200, scale: float = 2.0) -> QSize:
    """The whole page as one image `width` CSS pixels wide (at `scale` for sharp text)."""
    document = _document(html)
    document.setTextWidth(width)
    size = document.size().toSize()
    image = QImage(
        QSize(round(size.width() * scale), round(size.height() * scale)),
        QImage.Format.Format_ARGB32,
    )
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    try:
        painter.scale(scale, scale)
        document.drawContents(painter)
    finally:
        painter.end()
    if not image.save(str(path), "PNG"):
        raise OSError(f"{path}: could not write the image")
    return image.size()
