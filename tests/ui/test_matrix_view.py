"""The comparison matrix widget: model contract, roles, rows, clicks, palette and exports."""

from __future__ import annotations

import csv
import io

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from app.catalog.loader import load_catalog
from app.catalog.matrix import MatrixPalette, build_matrix, describe_cell, references_by_id
from app.catalog.model import FrequencyBand as B
from app.ui.matrix_view import (
    AGENT_ID_ROLE,
    BAND_ROLE,
    EFFECT_ID_ROLE,
    HATCH_ROLE,
    NOT_LISTED_MARK,
    MatrixModel,
    MatrixView,
    RowLimit,
)
from app.ui.palette import dark_palette
from tests.conftest import FIXTURES
from tests.ui.pdftext import needs_pdftotext, pdf_text


@pytest.fixture
def catalog():
    return load_catalog(FIXTURES / "good").catalog


@pytest.fixture
def view(qtbot, catalog):
    widget = MatrixView(catalog)
    qtbot.addWidget(widget)
    widget.set_agents(catalog.agents, frozenset({"hallucinations"}), "No filters: every agent.")
    widget.resize(900, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def headers(model, orientation=Qt.Orientation.Vertical):
    count = model.rowCount() if orientation == Qt.Orientation.Vertical else model.columnCount()
    return [model.headerData(i, orientation).strip() for i in range(count)]


def test_model_contract(qtmodeltester, catalog):
    model = MatrixModel(catalog)
    model.set_matrix(build_matrix(catalog, catalog.agents, listed_only=False))
    qtmodeltester.check(model)
    model.set_matrix(build_matrix(catalog, []))
    qtmodeltester.check(model)


def test_rows_are_headings_then_effects_and_columns_are_agents(view):
    model = view.model
    assert headers(model, Qt.Orientation.Horizontal) == ["Alphamine", "Betamine", "Gammadol"]
    assert headers(model) == [
        "Psychiatric disorders",
        "Hallucinations",
        "Dissociation",
        "Nervous system disorders",
        "Dizziness",
        "Cardiac disorders",
        "QT prolongation [serious]",
        "Vascular disorders",
        "Hypertension",
    ]
    # Heading rows span the table and cannot be selected.
    assert view.table.columnSpan(0, 0) == 3
    assert not model.flags(model.index(0, 1)) & Qt.ItemFlag.ItemIsSelectable
    assert model.flags(model.index(1, 1)) & Qt.ItemFlag.ItemIsSelectable
    assert view.caption.text() == (
        "3 agents shown (as filtered in the list) × 5 side effects. No filters: every agent."
    )


def test_cell_roles(view, catalog):
    model = view.model
    light = MatrixPalette.light()
    cell = model.index(1, 0)  # Alphamine, hallucinations: common, 7% vs 1%
    assert cell.data() == "Common"
    assert cell.data(BAND_ROLE) == "common"
    assert cell.data(AGENT_ID_ROLE) == "alphamine"
    assert cell.data(EFFECT_ID_ROLE) == "hallucinations"
    expected = describe_cell(model.matrix, 0, 0, references_by_id(catalog.references))
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == expected
    assert cell.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "Alphamine — Hallucinations: Common (≥1/100 to <1/10); 7% vs 1% placebo. "
        "Source: Example Pharma 2024."
    )
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == QColor(light.swatch(B.COMMON).background)
    assert cell.data(HATCH_ROLE) is None
    not_listed = model.index(1, 2)
    assert not_listed.data() == NOT_LISTED_MARK
    assert "Not listed in this reference" in not_listed.data(Qt.ItemDataRole.ToolTipRole)
    not_known = model.index(2, 2)  # Gammadol, dissociation
    assert not_known.data() == "Not known"
    assert not_known.data(HATCH_ROLE) == QColor(light.swatch(B.NOT_KNOWN).hatch)


@pytest.mark.parametrize(
    ("limit", "selected", "rows", "empty"),
    [
        (
            RowLimit.SERIOUS,
            {"hallucinations"},
            ["Cardiac disorders", "QT prolongation [serious]"],
            "",
        ),
        (
            RowLimit.SELECTED,
            {"hallucinations", "seizures"},
            [
                "Psychiatric disorders",
                "Hallucinations",
                "Nervous system disorders",
                "Seizures [serious]",
            ],
            "",
        ),
        (RowLimit.SELECTED, set(), [], "No side effects are selected in the side-effect filter."),
    ],
)
def test_row_limits(view, catalog, limit, selected, rows, empty):
    view.set_agents(catalog.agents, frozenset(selected))
    view.set_row_limit(limit)
    assert headers(view.model) == rows
    assert view.empty_note.text() == empty
    assert view.table.isVisible() is bool(rows)
    assert view.empty_note.isVisible() is not bool(rows)


def test_follows_the_shown_agents(view, catalog):
    betamine = [a for a in catalog.agents if a.id == "betamine"]
    view.set_agents(betamine)
    assert headers(view.model, Qt.Orientation.Horizontal) == ["Betamine"]
    assert headers(view.model) == [
        "Psychiatric disorders",
        "Hallucinations",
        "Nervous system disorders",
        "Dizziness",
    ]
    view.set_agents([])
    assert view.empty_note.text() == (
        "No agents are shown in the list: clear some filters to compare agents."
    )
    assert not view.export_csv_button.isEnabled()


def test_clicking_a_cell_says_which_agent_and_effect(view, qtbot):
    rect = view.table.visualRect(view.model.index(4, 1))  # Betamine, dizziness
    with qtbot.waitSignal(view.cell_activated) as signal:
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["betamine", "dizziness"]


def test_clicking_a_heading_does_nothing(view, qtbot):
    rect = view.table.visualRect(view.model.index(0, 0))
    with qtbot.assertNotEmitted(view.cell_activated):
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_select_cell(view):
    assert view.select_cell("gammadol", "dissociation")
    assert view.table.currentIndex().data(EFFECT_ID_ROLE) == "dissociation"
    assert not view.select_cell("gammadol", "seizures")


def test_dark_palette_switches_cell_and_legend_colours(view, qtbot):
    view.setPalette(dark_palette())
    dark = MatrixPalette.for_dark()
    cell = view.model.index(1, 0)
    assert cell.data(Qt.ItemDataRole.BackgroundRole) == QColor(dark.swatch(B.COMMON).background)
    assert view.legend.boxes[1].swatch == dark.swatch(B.COMMON)


def test_legend_shows_the_numbers(view):
    texts = [label.text() for label in view.legend.labels]
    assert texts[0] == "Very common (≥1/10)"
    assert texts[-1] == "— Not listed in this reference — that does not mean it cannot occur."


def test_export_csv(view, tmp_path):
    path = tmp_path / "m.csv"
    view.export_csv(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM so spreadsheets read the ≥ signs
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["Body system", "Side effect", "Serious", "Alphamine", "Betamine", "Gammadol"]
    assert rows[1][3:] == [
        "Common (≥1/100 to <1/10)",
        "Uncommon (≥1/1,000 to <1/100)",
        "Not listed",
    ]


def test_export_png(view, tmp_path):
    path = tmp_path / "m.png"
    size = view.export_png(path)
    image = QImage(str(path))
    assert image.size() == size
    assert size.width() == 2400 and size.height() > 600


@needs_pdftotext
def test_export_pdf_reads_back(view, tmp_path):
    path = tmp_path / "m.pdf"
    assert view.export_pdf(path) == 1
    text = pdf_text(path)
    for expected in (
        "Class comparison: side effects",
        "Alphamine",
        "Hallucinations",
        "Data version test-1 (2026-01-01)",
        "Test fixture data. Not clinical content.",
        "Page 1 of 1",
    ):
        assert expected in text


def test_printed_page_carries_the_column_marks(view):
    view.set_column_marks({"betamine": "⚠ Caution"})
    assert "<th>⚠ Caution<br>Betamine</th>" in view.page_html()
    assert view.model.headerData(1, Qt.Orientation.Horizontal) == "⚠ Caution\nBetamine"
