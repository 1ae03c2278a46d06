"""Printing and PDF export: footer on every page, rows never cut, and the PDF reads back."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSizeF
from PySide6.QtGui import QImage, QTextDocument

from app import __version__
from app.catalog.loader import load_catalog
from app.catalog.render import render_monograph, render_overview
from app.ui.printing import (
    PrintJob,
    export_pdf,
    footer_lines,
    keep_rows_together,
    render_png,
    split_rows,
)
from tests.conftest import FIXTURES
from tests.ui.pdftext import needs_pdftotext, pdf_text


@pytest.fixture
def catalog():
    return load_catalog(FIXTURES / "good").catalog


def test_footer_lines(catalog):
    assert footer_lines(
        catalog,
        subject="Alphamine",
        last_reviewed=dt.date(2026, 1, 1),
        printed=dt.date(2026, 11, 27),
    ) == (
        f"NMDA Pain Reference {__version__} · Alphamine · Data version test-1 (2026-01-01) · "
        "Last reviewed 2026-01-01 · Printed 2026-11-27",
        "Test fixture data. Not clinical content.",
    )
    overview = footer_lines(catalog, subject="Class overview", printed=dt.date(2026, 11, 27))
    assert "Last reviewed" not in overview[0]


@needs_pdftotext
def test_monograph_pdf_reads_back_with_name_version_review_date_and_disclaimer(
    qapp, catalog, tmp_path
):
    agent = catalog.agents[0]
    job = PrintJob(
        agent.name,
        render_monograph(agent, catalog),
        footer_lines(catalog, subject=agent.name, last_reviewed=agent.last_reviewed),
    )
    path = tmp_path / "alphamine.pdf"
    pages = export_pdf(job, path)
    text = pdf_text(path)
    assert "Alphamine" in text
    assert "Arylcyclohexylamine anaesthetic" in text
    # The footer is on every page: once per page for each line.
    assert text.count("Data version test-1 (2026-01-01)") == pages
    assert text.count("Last reviewed 2026-01-01 · Printed") == pages
    assert text.count("Test fixture data. Not clinical content.") >= pages
    assert f"Page {pages} of {pages}" in text
    # The references travel with the page.
    assert "Alphamine prescribing information" in text


@needs_pdftotext
def test_overview_pdf(qapp, catalog, tmp_path):
    job = PrintJob(
        "Overview",
        render_overview(catalog),
        footer_lines(catalog, subject="Class overview"),
    )
    path = tmp_path / "overview.pdf"
    export_pdf(job, path)
    text = pdf_text(path)
    assert "Fixture overview" in text
    assert "Class overview · Data version test-1" in text


def _long_table(rows: int = 120) -> QTextDocument:
    body = "".join(
        f"<tr><td>row {i}</td><td>{'word ' * (i % 7 * 15)}</td></tr>" for i in range(rows)
    )
    document = QTextDocument()
    document.setHtml(f"<table border=1 width=100%>{body}</table>")
    return document


def test_rows_are_never_cut_across_pages(qapp):
    page_height = 700.0
    document = _long_table()
    document.setPageSize(QSizeF(500, page_height))
    assert split_rows(document, page_height), "the test table must need fixing to test it"
    moved = keep_rows_together(document, page_height)
    assert moved > 0
    assert split_rows(document, page_height) == []


def test_a_row_taller_than_a_page_is_left_and_the_loop_ends(qapp):
    page_height = 200.0
    document = QTextDocument()
    document.setHtml(f"<table border=1><tr><td>{'word ' * 2000}</td></tr></table>")
    document.setPageSize(QSizeF(300, page_height))
    keep_rows_together(document, page_height)
    assert len(split_rows(document, page_height)) == 1


def test_png_of_a_page(qapp, catalog, tmp_path):
    path = tmp_path / "page.png"
    size = render_png(render_overview(catalog), path, width=800, scale=1.5)
    assert QImage(str(path)).size() == size
    assert size.width() == 1200


@needs_pdftotext
def test_print_goes_through_the_dialog_to_the_printer(qapp, catalog, tmp_path, monkeypatch):
    from PySide6 import QtPrintSupport

    from app.ui.printing import print_job

    out = tmp_path / "printed.pdf"
    seen = []

    class AcceptingDialog:
        DialogCode = QtPrintSupport.QPrintDialog.DialogCode

        def __init__(self, printer, parent=None):
            # What a reader choosing "Print to file" would leave in the printer.
            printer.setOutputFormat(QtPrintSupport.QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(out))
            seen.append(printer.docName())

        def setWindowTitle(self, title):
            seen.append(title)

        def exec(self):
            return self.DialogCode.Accepted

    monkeypatch.setattr(QtPrintSupport, "QPrintDialog", AcceptingDialog)
    agent = catalog.agents[0]
    job = PrintJob(
        agent.name, render_monograph(agent, catalog), footer_lines(catalog, subject=agent.name)
    )
    assert print_job(job) is True
    assert seen == ["Alphamine", "Print — Alphamine"]
    text = pdf_text(out)
    assert "Alphamine" in text and "Data version test-1" in text


def test_cancelled_print_prints_nothing(qapp, catalog, monkeypatch):
    from PySide6 import QtPrintSupport

    from app.ui.printing import print_job

    class CancellingDialog:
        DialogCode = QtPrintSupport.QPrintDialog.DialogCode

        def __init__(self, printer, parent=None):
            pass

        def setWindowTitle(self, title):
            pass

        def exec(self):
            return self.DialogCode.Rejected

    monkeypatch.setattr(QtPrintSupport, "QPrintDialog", CancellingDialog)
    job = PrintJob("x", "<p>x</p>", ("footer",))
    assert print_job(job) is False
