"""HTML for the printed matrix and the patient-context block: content, order, escaping."""

from __future__ import annotations

import html

import pytest

from app.catalog.loader import load_catalog
from app.catalog.matrix import MatrixPalette, build_matrix, references_by_id
from app.catalog.matrix_render import SCOPE_NOTE, reference_text, render_matrix
from app.catalog.model import PatientFactor as F
from app.catalog.patient import NO_FLAG_TEXT, assess
from app.catalog.patient_render import render_patient_block, with_patient_block
from app.catalog.render import RenderPalette, render_monograph
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def catalog():
    result = load_catalog(FIXTURES / "good", [FIXTURES / "patient"])
    assert result.ok, result.problems
    return result.catalog


@pytest.fixture(scope="module")
def by_id(catalog):
    return {a.id: a for a in catalog.agents}


@pytest.fixture(scope="module")
def refs(catalog):
    return references_by_id(catalog.references)


def test_matrix_page_has_title_filters_legend_cells_sources_and_disclaimer(catalog, by_id, refs):
    matrix = build_matrix(catalog, [by_id["alphamine"], by_id["betamine"]])
    page = render_matrix(matrix, catalog.manifest, refs, filters="2 of 5 agents")
    assert "<h1>Class comparison: side effects</h1>" in page
    assert "<b>Shown:</b> 2 of 5 agents" in page
    assert html.escape(SCOPE_NOTE) in page
    # Legend: words and numbers, including not known and not listed.
    for text in ("Very common", "≥1/10", "Not known", "Not listed"):
        assert text in page
    # One row per effect with its system heading; figures beside the band.
    assert "<b>Psychiatric disorders</b>" in page
    assert "Common<br><small>7% vs 1% placebo</small>" in page
    assert "QT prolongation <b>[serious]</b>" in page
    # Cells carry the band colour and its text colour.
    vc = MatrixPalette.light().swatch(by_id["alphamine"].adverse_effects[1].frequency)
    assert (
        f'bgcolor="{vc.background}" style="background-color:{vc.background};color:{vc.text}"'
        in page
    )
    assert (
        "<li><b>Alphamine</b> (monograph last reviewed 2026-01-01): Example Pharma 2024</li>"
        in page
    )
    assert (
        "<li><b>Betamine</b> (monograph last reviewed 2026-01-01): Doe J, Roe R 2020</li>" in page
    )
    assert (
        "<li>Doe J, Roe R. A trial of betamine. J Example. 2020;1(2):3-4. "
        "doi:10.1000/example.1</li>" in page
    )
    assert "Data version test-1, dated 2026-01-01. Test fixture data. Not clinical content." in page


def test_matrix_page_with_nothing_to_show_says_so(catalog, refs):
    page = render_matrix(build_matrix(catalog, []), catalog.manifest, refs)
    assert "No agents or side effects to compare with the current filters." in page
    assert '<table class="matrix"' not in page


def test_matrix_page_escapes_data(catalog, by_id, refs):
    evil = by_id["betamine"].model_copy(update={"name": "<script>x</script>"})
    page = render_matrix(build_matrix(catalog, [evil]), catalog.manifest, refs, filters="<b>")
    assert "<script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "<b>Shown:</b> &lt;b&gt;" in page


def test_reference_text_for_a_missing_reference(refs):
    assert reference_text("nope", refs) == "nope (missing from the reference list)"
    assert reference_text("label-alpha", refs) == (
        "Example Pharma. Alphamine prescribing information. Example regulator. 2024. "
        "https://example.org/alphamine"
    )


def test_patient_block_lists_reasons_with_citations_in_order(by_id, refs):
    ticked = {F.RENAL_SEVERE, F.SEROTONERGIC_MAOI}
    block = render_patient_block(assess(by_id["renalol"], ticked), ticked, refs)
    assert "✖ For this patient: Contraindicated" in block
    assert (
        "Patient factors ticked: Renal impairment, severe (CrCl 15–29 mL/min), "
        "MAOIs or serotonergic drugs"
    ) in block
    order = [
        "<b>✖ Interaction (contraindicated):</b> With MAOIs: Serotonin syndrome. Do not combine.",
        "<b>⚠ Caution:</b> Reduce the dose when CrCl &lt; 50 mL/min.",
        "<b>⚠ Caution:</b> Accumulates when CrCl &lt; 80 mL/min; monitor.",
        "<b>⚠ Caution:</b> Halve the dose when CrCl &lt; 30 mL/min.",
    ]
    positions = [block.index(text) for text in order]
    assert positions == sorted(positions)
    assert '<a href="#ref-label-alpha">Example Pharma 2024</a>' in block
    assert "Concerns: Renal impairment, moderate (CrCl 30–49 mL/min)" in block
    assert RenderPalette.light().contraindication_background in block


def test_patient_block_caution_colours(by_id, refs):
    block = render_patient_block(
        assess(by_id["alphamine"], {F.PSYCHOSIS_HISTORY}), {F.PSYCHOSIS_HISTORY}, refs
    )
    assert "⚠ For this patient: Caution" in block
    assert RenderPalette.light().caution_background in block
    assert RenderPalette.light().contraindication_background not in block


def test_patient_block_without_a_flag_never_says_safe(by_id, refs):
    block = render_patient_block(assess(by_id["betamine"], {F.PREGNANCY}), {F.PREGNANCY}, refs)
    assert NO_FLAG_TEXT in block
    assert "Patient context" in block
    assert "safe" not in block.casefold()
    assert "Contraindicated" not in block


def test_block_goes_first_in_the_monograph_body(catalog, by_id, refs):
    agent = by_id["alphamine"]
    page = render_monograph(agent, catalog)
    block = render_patient_block(assess(agent, {F.HYPERTENSION_CVD}), {F.HYPERTENSION_CVD}, refs)
    combined = with_patient_block(page, block)
    body = combined.index("<body")
    assert body < combined.index("patient-flags") < combined.index("<h1>")
    # The flag's citation anchor exists further down the same page.
    assert 'name="ref-label-alpha"' in combined
    assert with_patient_block("<p>x</p>", "B") == "B<p>x</p>"


def test_matrix_page_column_marks(catalog, by_id, refs):
    matrix = build_matrix(catalog, [by_id["alphamine"], by_id["betamine"]])
    page = render_matrix(matrix, catalog.manifest, refs, column_marks={"alphamine": "✖ <x>"})
    assert "<th>✖ &lt;x&gt;<br>Alphamine</th>" in page
    assert "<th>Betamine</th>" in page
