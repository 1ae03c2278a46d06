"""The pure HTML renderer: escaping, citations, highlights, bands, boxes, empty sections."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.catalog.loader import load_catalog
from app.catalog.model import Agent, Catalog, FrequencyBand
from app.catalog.render import (
    HIGHLIGHT_MARKER,
    NO_INFORMATION,
    SECTIONS,
    WORD_JOINER,
    RenderPalette,
    escape_html,
    render_monograph,
    render_overview,
    safe_href,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    result = load_catalog(FIXTURES / "good")
    assert result.ok, result.problems
    return result.catalog


def agent(catalog: Catalog, agent_id: str) -> Agent:
    return next(a for a in catalog.agents if a.id == agent_id)


def full_agent(catalog: Catalog) -> Agent:
    """Every optional field filled, so every branch of the renderer has something to show."""
    cite = ["label-alpha"]
    statement = {"text": "Stated.", "refs": cite}
    data = {
        "id": "fullamine",
        "name": "Fullamine",
        "last_reviewed": "2026-11-01",
        "brand_names": [{"name": "Fullar", "markets": ["UK"]}, {"name": "Fullix"}],
        "synonyms": ["FLM", "full-amine"],
        "drug_class": "Test class",
        "summary": {"text": "A summary sentence.", "refs": ["trial-beta"]},
        "mechanism": {
            "nmda_site": "Pore",
            "block": "Trapping block",
            "relative_affinity": "Ki 0.5 µM",
            "other_targets": "D2 receptors",
            "refs": cite,
        },
        "status": {
            "licensed_indications": [statement],
            "off_label_pain": False,
            "note": {"text": "Status note.", "refs": cite},
            "controlled_drug": {"text": "Schedule III (US).", "refs": cite},
        },
        "atc_codes": ["N01AX03", "N01AX14"],
        "routes": ["iv", "oral"],
        "pain_uses": [
            {"context": "neuropathic", "evidence": "very_low", "summary": "S.", "refs": cite}
        ],
        "dosing": [
            {
                "context": "acute_postoperative",
                "route": "iv",
                "population": "Adults",
                "kind": "infusion",
                "amount": "0.1–0.2",
                "unit": "mg/kg/h",
                "frequency": "continuous",
                "maximum": "0.5 mg/kg/h",
                "salt_or_base": "as hydrochloride",
                "note": "Stop if dissociative.",
                "refs": ["trial-beta"],
            },
            {
                "context": "neuropathic",
                "route": "oral",
                "population": "Adults",
                "kind": "titration",
                "amount": "5",
                "unit": "mg",
                "refs": cite,
            },
        ],
        "adverse_effects": [
            {"effect": "nausea_vomiting", "frequency": "common", "incidence": 12.5, "refs": cite},
            {"effect": "hallucinations", "frequency": "uncommon", "placebo": 0.5, "refs": cite},
            {
                "effect": "sedation",
                "frequency": "very_common",
                "note": "Dose-related.",
                "refs": cite,
            },
        ],
        "contraindications": [{"text": "Contra.", "refs": cite, "factors": ["pregnancy"]}],
        "cautions": [{"text": "Caution.", "refs": cite}],
        "interactions": [
            {
                "with": "Drug X",
                "severity": "contraindicated",
                "mechanism": "Additive.",
                "effect": "Coma.",
                "management": "Do not combine.",
                "factors": ["qt_risk"],
                "refs": cite,
            }
        ],
        "monitoring": [statement],
        "special_populations": {
            key: [{"text": f"{key} statement.", "refs": cite}]
            for key in ("renal", "hepatic", "pregnancy", "lactation", "older_adults", "children")
        },
        "pharmacokinetics": {
            key: {"text": f"{key} value.", "refs": cite}
            for key in ("bioavailability", "onset", "duration", "half_life", "metabolism")
        },
        "key_evidence": [{"text": "An RCT.", "refs": ["trial-beta"]}],
        "source_conflicts": [{"text": "Label and review differ.", "refs": cite}],
    }
    return Agent.model_validate(data)


class _Collector(HTMLParser):
    """Collects tags, attributes and visible text, to assert on structure rather than bytes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._stack: list[tuple[str, dict[str, str | None]]] = []
        #: (class of the innermost element with a class, text) pairs.
        self.classed_text: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("br", "hr", "meta"):
            self._stack.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        self.text.append(data)
        classes = [a.get("class") for _, a in self._stack if a.get("class")]
        if classes:
            self.classed_text.append((classes[-1], data))

    def visible(self) -> str:
        return "".join(self.text)

    def anchors(self) -> list[str]:
        return [a["name"] for t, a in self.tags if t == "a" and a.get("name")]

    def hrefs(self) -> list[str]:
        return [a["href"] for t, a in self.tags if t == "a" and a.get("href")]


def parse(page: str) -> _Collector:
    collector = _Collector()
    collector.feed(page)
    collector.close()
    return collector


def section_html(page: str, anchor: str) -> str:
    """The HTML from one section heading to the next."""
    start = page.index(f'<a name="{anchor}">')
    following = [page.find('<h2><a name="', start + 1)]
    end = min(i for i in [*following, len(page)] if i > start)
    return page[start:end]


# --- Escaping ---------------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


def hostile(catalog: Catalog) -> Agent:
    base = agent(catalog, "alphamine")
    first_dose = base.dosing[0].model_copy(update={"note": f"Dose note {SCRIPT}"})
    return base.model_copy(
        update={
            "name": f"Evil {SCRIPT}",
            "drug_class": f"Class {IMG}",
            "synonyms": [IMG],
            "monitoring": [base.monitoring[0].model_copy(update={"text": f"Watch {SCRIPT} {IMG}"})],
            "dosing": [first_dose],
            "origin": f"/tmp/{IMG}",
        }
    )


def test_hostile_data_is_shown_as_text_and_never_as_markup(catalog):
    page = render_monograph(hostile(catalog), catalog)
    lowered = page.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "onerror=" not in lowered.replace("onerror=&quot;", "")
    text = parse(page).visible()
    assert f"Evil {SCRIPT}" in text
    assert f"Class {IMG}" in text
    assert f"Watch {SCRIPT} {IMG}" in text
    assert f"Dose note {SCRIPT}" in text
    assert f"LOCAL FORMULARY: /tmp/{IMG}" in text


def test_attribute_quotes_in_data_are_escaped(catalog):
    base = agent(catalog, "alphamine")
    page = render_monograph(base.model_copy(update={"name": 'A" onclick="x'}), catalog)
    assert 'onclick="x' not in page
    assert "A&quot; onclick=&quot;x" in page


@given(st.text(alphabet=st.sampled_from("&<>\"'a;#x\u00e9\u2265 "), max_size=40) | st.text())
def test_escape_html_is_exactly_the_stdlib_escape(text):
    # The renderer escapes without importing `html` at start-up; the output must not differ.
    assert escape_html(text) == html.escape(text, quote=True)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/a?b=1&c=2", "https://example.org/a?b=1&amp;c=2"),
        ("http://example.org", "http://example.org"),
        ("javascript:alert(1)", None),
        ("JAVASCRIPT://example.org/%0aalert(1)", None),
        ("data:text/html,<script>", None),
        ("file:///etc/passwd", None),
        ("https:///no-host", None),
        ('https://example.org/"><script>', "https://example.org/&quot;&gt;&lt;script&gt;"),
        ("https://example.org/a b", None),
    ],
)
def test_safe_href_allows_only_escaped_http_urls(url, expected):
    assert safe_href(url) == expected


def test_reference_with_hostile_url_is_not_a_link(catalog):
    refs = tuple(
        r.model_copy(update={"url": "javascript:alert(1)"}) if r.id == "label-alpha" else r
        for r in catalog.references
    )
    tampered = catalog.model_copy(update={"references": refs})
    page = render_monograph(agent(tampered, "alphamine"), tampered)
    assert "javascript:alert(1)" in parse(page).visible()
    assert all(h.startswith(("#", "https://", "http://")) for h in parse(page).hrefs())


# --- Citations --------------------------------------------------------------------------


def test_citations_are_numbered_in_order_of_first_use_and_link_to_anchors(catalog):
    page = render_monograph(agent(catalog, "alphamine"), catalog)
    cites = re.findall(r'<a href="#ref-([a-z0-9-]+)">(\d+)</a>', page)
    # The first citation on the page is the licensed indication (label-alpha), then the
    # pain use (trial-beta); every later citation reuses those numbers.
    assert cites[0] == ("label-alpha", "1")
    assert ("trial-beta", "2") in cites
    assert {ref: n for ref, n in cites} == {"label-alpha": "1", "trial-beta": "2"}
    anchors = parse(page).anchors()
    assert "ref-label-alpha" in anchors
    assert "ref-trial-beta" in anchors
    refs = section_html(page, "sec-references")
    assert refs.index("ref-label-alpha") < refs.index("ref-trial-beta")
    assert "[1]" in refs and "[2]" in refs


def test_references_list_the_full_citation(catalog):
    page = render_monograph(agent(catalog, "betamine"), catalog)
    refs = parse(section_html(page, "sec-references")).visible()
    assert "Doe J, Roe R. A trial of betamine. J Example. 2020;1(2):3-4." in refs
    assert "DOI: https://doi.org/10.1000/example.1" in refs
    assert "PMID: 12345" in refs
    assert "https://doi.org/10.1000/example.1" in parse(page).hrefs()
    # Only cited references are listed: betamine never cites the alphamine label.
    assert "ref-label-alpha" not in page


def test_an_undated_reference_is_cited_n_d_with_its_access_date(catalog):
    import datetime as dt

    refs = tuple(
        r.model_copy(update={"year": None, "accessed": dt.date(2026, 11, 27)})
        if r.id == "label-alpha"
        else r
        for r in catalog.references
    )
    tampered = catalog.model_copy(update={"references": refs})
    page = render_monograph(agent(tampered, "alphamine"), tampered)
    refs_text = parse(section_html(page, "sec-references")).visible()
    assert "Example Pharma. Alphamine prescribing information. Example regulator. n.d." in refs_text
    assert "Accessed 2026-11-27." in refs_text


def test_as_printed_text_is_shown_for_the_seed_article_references(catalog):
    refs = tuple(
        r.model_copy(update={"as_printed": "Doe, John. A trial. J Ex 1 (2020)."})
        if r.id == "trial-beta"
        else r
        for r in catalog.references
    )
    tampered = catalog.model_copy(update={"references": refs})
    page = render_monograph(agent(tampered, "betamine"), tampered)
    assert "As printed in the source article: Doe, John. A trial. J Ex 1 (2020)." in (
        parse(page).visible()
    )


# --- Adverse effects --------------------------------------------------------------------


def highlighted(page: str) -> list[str]:
    return [text for cls, text in parse(page).classed_text if cls == "highlight"]


def test_highlight_marks_exactly_the_selected_effects(catalog):
    page = render_monograph(
        agent(catalog, "alphamine"), catalog, highlight=frozenset({"hallucinations"})
    )
    marked = "".join(highlighted(page))
    assert HIGHLIGHT_MARKER in marked
    assert "Hallucinations" in marked
    assert "Hypertension" not in marked
    assert "QT prolongation" not in marked
    assert page.count(HIGHLIGHT_MARKER) == 2  # the summary line and the one entry


def test_no_highlight_without_a_selection(catalog):
    page = render_monograph(agent(catalog, "alphamine"), catalog)
    assert highlighted(page) == []
    assert 'class="filter-summary"' not in page


def filter_summary(page: str) -> str:
    return "".join(t for c, t in parse(page).classed_text if c == "filter-summary")


def test_filter_summary_says_which_selected_effects_are_listed_at_the_band(catalog):
    page = render_monograph(
        agent(catalog, "betamine"),
        catalog,
        highlight=frozenset({"dizziness", "hallucinations", "qt_prolongation"}),
        band=FrequencyBand.COMMON,
    )
    assert filter_summary(page) == (
        "Selected effects, at Common (≥1/100 to <1/10) or more often:"
        "Lists: Dizziness (common) — marked ◆ matches filter below."
        "Does not list: Hallucinations (listed only as uncommon); QT prolongation (not listed)."
        " Not listed here does not mean it cannot occur."
    )
    # Hallucinations are listed, but only as uncommon: not highlighted, and said so.
    assert "Hallucinations" not in "".join(highlighted(page))
    assert "selected, but below the chosen frequency band" in parse(page).visible()


def test_not_known_frequency_counts_as_possibly_at_the_band(catalog):
    page = render_monograph(
        agent(catalog, "alphamine"),
        catalog,
        highlight=frozenset({"qt_prolongation"}),
        band=FrequencyBand.VERY_COMMON,
    )
    assert "QT prolongation (frequency not known, so possibly at this band)" in filter_summary(page)
    assert "QT prolongation" in "".join(highlighted(page))


def test_filter_summary_without_a_band_says_any_frequency(catalog):
    page = render_monograph(
        agent(catalog, "gammadol"), catalog, highlight=frozenset({"dissociation", "no_such_id"})
    )
    assert filter_summary(page) == (
        "Selected effects, at any frequency:"
        "Lists: Dissociation (frequency not known) — marked ◆ matches filter below."
        "Does not list: no_such_id (not listed). Not listed here does not mean it cannot occur."
    )


def test_effects_are_grouped_by_system_then_band_with_numbers(catalog):
    page = render_monograph(agent(catalog, "alphamine"), catalog)
    text = parse(section_html(page, "sec-adverse-effects")).visible()
    order = [
        "Psychiatric disorders",
        "Common (≥1/100 to <1/10)",
        "Hallucinations",
        "Cardiac disorders",
        "Not known (cannot be estimated from the available data)",
        "QT prolongation",
        "Vascular disorders",
        "Very common (≥1/10)",
        "Hypertension",
    ]
    positions = [text.index(item) for item in order]
    assert positions == sorted(positions)


def test_incidence_versus_placebo_and_serious_mark(catalog):
    page = render_monograph(agent(catalog, "alphamine"), catalog)
    text = parse(section_html(page, "sec-adverse-effects")).visible()
    assert "Hallucinations — 7% vs 1% placebo" in text
    serious = [t for c, t in parse(page).classed_text if c == "serious"]
    assert serious == ["[serious]"]  # QT prolongation only


# --- Contraindications, interactions, dosing --------------------------------------------


def test_contraindications_and_cautions_are_distinct_boxes_with_text_markers(catalog):
    palette = RenderPalette.light()
    page = render_monograph(agent(catalog, "alphamine"), catalog, palette=palette)
    section = section_html(page, "sec-contraindications")
    contra = section[section.index('class="contraindications"') : section.index('class="cautions"')]
    caution = section[section.index('class="cautions"') :]
    assert palette.contraindication_background in contra
    assert palette.caution_background in caution
    assert palette.contraindication_background != palette.caution_background
    assert "✖ Contraindications — do not use" in parse(contra).visible()
    assert "Severe uncontrolled hypertension." in parse(contra).visible()
    assert "⚠ Cautions — use with care" in parse(caution).visible()
    assert "History of psychosis." in parse(caution).visible()
    assert "Severe uncontrolled" not in caution


def test_interactions_are_sorted_by_severity(catalog):
    from app.catalog.model import Interaction, Severity

    base = agent(catalog, "alphamine")

    def make(name: str, severity: Severity) -> Interaction:
        return Interaction.model_validate(
            {"with": name, "severity": severity, "mechanism": "m", "effect": "e", "refs": ["x"]}
        )

    shuffled = [
        make("Minor drug", Severity.MINOR),
        make("Banned drug", Severity.CONTRAINDICATED),
        make("Watch drug", Severity.MONITOR),
        make("Avoid drug", Severity.AVOID),
    ]
    page = render_monograph(base.model_copy(update={"interactions": shuffled}), catalog)
    text = parse(section_html(page, "sec-interactions")).visible()
    positions = [text.index(n) for n in ("Banned", "Avoid drug", "Watch", "Minor drug")]
    assert positions == sorted(positions)
    # The two gravest grades carry the box colours and a text marker, not colour alone.
    palette = RenderPalette.light()
    assert (
        f'<td class="severity-contraindicated" style="background-color:'
        f'{palette.contraindication_background}"><b>✖ Contraindicated</b>' in page
    )
    assert (
        f'<td class="severity-avoid" style="background-color:{palette.caution_background}">'
        "<b>⚠ Avoid or use only with specialist advice</b>" in page
    )
    assert '<td class="severity-minor"><b>Minor</b>' in page
    assert "Reference 'x' is missing from the reference list." in parse(page).visible()


def test_dose_row_shows_every_field_and_cites(catalog):
    page = render_monograph(agent(catalog, "alphamine"), catalog)
    section = section_html(page, "sec-dosing")
    text = parse(section).visible()
    # The amount and its unit never break across lines: a non-breaking space joins them, and a
    # word joiner follows the unit's slash.
    for expected in (
        "Acute / postoperative pain",
        "Intravenous",
        "Adults",
        "Bolus: 0.1–0.35\xa0mg/\u2060kg",
        "0.35\xa0mg/\u2060kg",
    ):
        assert expected in text
    assert 'href="#ref-label-alpha"' in section


# --- Empty sections, badges, header -----------------------------------------------------


def test_empty_sections_say_so_instead_of_vanishing(catalog):
    page = render_monograph(agent(catalog, "gammadol"), catalog)
    for anchor in (
        "sec-summary",
        "sec-pain-uses",
        "sec-dosing",
        "sec-interactions",
        "sec-monitoring",
        "sec-evidence",
        "sec-source-conflicts",
    ):
        assert NO_INFORMATION in parse(section_html(page, anchor)).visible(), anchor
    contra = parse(section_html(page, "sec-contraindications")).visible()
    assert contra.count(NO_INFORMATION) == 2
    populations = parse(section_html(page, "sec-special-populations")).visible()
    assert populations.count(NO_INFORMATION) == 6
    assert "Pregnancy" in populations
    kinetics = parse(section_html(page, "sec-pharmacokinetics")).visible()
    assert kinetics.count(NO_INFORMATION) == 6


def test_every_section_is_in_the_contents_bar_and_in_clinical_order(catalog):
    page = render_monograph(agent(catalog, "alphamine"), catalog)
    collector = parse(page)
    for anchor, _title in SECTIONS:
        assert f"#{anchor}" in collector.hrefs()
    section_anchors = [a for a in collector.anchors() if a.startswith("sec-")]
    assert section_anchors == [anchor for anchor, _ in SECTIONS]


def badges(page: str) -> list[str]:
    return [c for c, _ in parse(page).classed_text if c.startswith("badge ")]


def test_investigational_and_off_label_badges(catalog):
    assert badges(render_monograph(agent(catalog, "gammadol"), catalog)) == [
        "badge investigational"
    ]
    assert badges(render_monograph(agent(catalog, "alphamine"), catalog)) == ["badge off-label"]


def test_header_shows_identity_and_review_date(catalog):
    text = parse(render_monograph(agent(catalog, "alphamine"), catalog)).visible()
    for expected in (
        "Last\xa0reviewed\xa02026-01-01",  # kept on one line
        "Alphalar (US, UK)",
        "ALM",
        "N01AX03",
        "Intravenous, Intramuscular",
    ):
        assert expected in text


@pytest.mark.parametrize(
    ("replaces", "expected"),
    [
        ("bundled", "LOCAL FORMULARY: /srv/formulary — replaces the bundled entry"),
        (None, "LOCAL FORMULARY: /srv/formulary"),
    ],
)
def test_local_formulary_origin_is_visible(catalog, replaces, expected):
    local = agent(catalog, "betamine").model_copy(
        update={"origin": "/srv/formulary", "replaces": replaces}
    )
    page = render_monograph(local, catalog)
    texts = [t for c, t in parse(page).classed_text if c == "badge local"]
    assert [t.strip("\xa0") for t in texts] == [expected]


def test_footer_has_disclaimer_and_data_version(catalog):
    text = parse(render_monograph(agent(catalog, "betamine"), catalog)).visible()
    assert "Test fixture data. Not clinical content." in text
    assert "Data version test-1, dated 2026-01-01." in text


# --- Overview and palette ---------------------------------------------------------------


def test_overview_has_agents_topics_disclaimer_version_and_attribution(catalog):
    page = render_overview(catalog)
    text = parse(page).visible()
    for expected in (
        "Fixture overview",
        "Alphamine",
        "Betamine",
        "Gammadol",
        "Central sensitization",
        "Wind-up is reduced.",
        "Test fixture data. Not clinical content.",
        "Data version test-1, dated 2026-01-01.",
        "Fixture.",
    ):
        assert expected in text
    assert '<a href="#ref-trial-beta">1</a>' in page
    assert "ref-trial-beta" in parse(page).anchors()


@pytest.mark.parametrize("factory", [RenderPalette.light, RenderPalette.dark])
def test_palette_colours_reach_the_page(catalog, factory):
    palette = factory()
    page = render_monograph(agent(catalog, "alphamine"), catalog, palette=palette)
    assert f"color:{palette.text}" in page
    assert f"background-color:{palette.background}" in page


def test_palette_refuses_anything_but_hex_colours():
    with pytest.raises(ValueError, match="palette colour text must be '#rgb' or '#rrggbb'"):
        RenderPalette.light().__class__(**{**RenderPalette.light().__dict__, "text": "red;x:y"})


def test_every_field_of_a_full_agent_is_shown(catalog):
    page = render_monograph(full_agent(catalog), catalog)
    text = parse(page).visible()
    for expected in (
        "Fullar (UK); Fullix",
        "FLM, full-amine",
        "N01AX03, N01AX14",
        "Intravenous, Oral",
        "Last\xa0reviewed\xa02026-11-01",
        "A summary sentence.",
        "Pain use falls within a licensed indication",
        "Controlled drug: Schedule III (US).",
        "Status note.",
        "Relative affinity: Ki 0.5 µM",
        "Other targets: D2 receptors",
        "Neuropathic pain",
        "Very low",
        "Infusion: 0.1–0.2\xa0mg/\u2060kg/\u2060h[1]continuous",
        "0.5\xa0mg/\u2060kg/\u2060h",
        "Salt/base: as hydrochloride · Note: Stop if dissociative.",
        "Nausea and vomiting — 12.5%",
        "Hallucinations — placebo 0.5%",
        "Sedation — Dose-related.",
        "Concerns: Pregnancy",
        "✖ ContraindicatedDrug XComa.[2]Mechanism: Additive.Management: Do not combine.",
        "Concerns: QT prolongation or QT-prolonging drugs",
        "older_adults statement.",
        "half_life value.",
        "An RCT.",
        "Label and review differ.",
    ):
        assert expected in text, expected
    kinetics = parse(section_html(page, "sec-pharmacokinetics")).visible()
    assert kinetics.count(NO_INFORMATION) == 1  # elimination only
    assert NO_INFORMATION not in parse(section_html(page, "sec-special-populations")).visible()
    assert badges(page) == []


def test_dose_rows_are_grouped_under_their_context(catalog):
    page = render_monograph(full_agent(catalog), catalog)
    text = parse(section_html(page, "sec-dosing")).visible()
    assert text.index("Acute / postoperative pain") < text.index("0.1–0.2")
    assert text.index("0.1–0.2") < text.index("Neuropathic pain") < text.index("Titration: 5\xa0mg")
    # Both dose rows cite, each with its own reference number.
    assert section_html(page, "sec-dosing").count('<sup class="cite">') == 2


ALLOWED_TAGS = {
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "h1",
    "h2",
    "h3",
    "p",
    "br",
    "hr",
    "a",
    "b",
    "i",
    "span",
    "sup",
    "ul",
    "li",
    "table",
    "tr",
    "th",
    "td",
}


def assert_only_renderer_markup(page: str) -> None:
    collector = parse(page)
    assert {tag for tag, _ in collector.tags} <= ALLOWED_TAGS
    for tag, attrs in collector.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        href = attrs.get("href")
        if href is not None:
            assert href.startswith(("#", "http://", "https://")), href


def test_hostile_data_adds_no_markup(catalog):
    assert_only_renderer_markup(render_monograph(hostile(catalog), catalog))


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=40))
def test_any_text_in_data_comes_back_as_exactly_that_text(catalog, text):
    base = agent(catalog, "alphamine")
    changed = base.model_copy(
        update={
            "name": text,
            "synonyms": [text],
            "monitoring": [base.monitoring[0].model_copy(update={"text": text})],
        }
    )
    page = render_monograph(changed, catalog)
    assert_only_renderer_markup(page)
    section = section_html(page, "sec-monitoring")
    item = section[section.index("<li>") : section.index("</li>")]
    # Word joiners (after a unit's slash, app.catalog.render.keep_units_whole) are invisible and
    # dropped again on copying; every other character comes back as written.
    shown = parse(item).visible().replace(WORD_JOINER, "")
    assert shown == f"{text.replace(WORD_JOINER, '')}[1]"
    assert f'<h1><a name="top"></a>{html.escape(text, quote=True)}</h1>' in page


def _luminance(colour: str) -> float:
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(c * 2 for c in hex_digits)
    channels = (int(hex_digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio."""
    high, low = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("factory", [RenderPalette.light, RenderPalette.dark])
def test_every_colour_pair_the_page_uses_is_readable(factory):
    """WCAG AA (4.5:1) for each foreground/background pair the renderer actually combines."""
    p = factory()
    pairs = {
        "text": (p.text, p.background),
        "muted": (p.muted, p.background),
        "link": (p.link, p.background),
        "serious": (p.serious_text, p.background),
        "table header": (p.text, p.header_background),
        "highlight": (p.highlight_text, p.highlight_background),
        "contraindication text": (p.text, p.contraindication_background),
        "contraindication note": (p.muted, p.contraindication_background),
        "contraindication heading": (p.contraindication_border, p.contraindication_background),
        "contraindication cite": (p.link, p.contraindication_background),
        "caution text": (p.text, p.caution_background),
        "caution note": (p.muted, p.caution_background),
        "caution heading": (p.caution_border, p.caution_background),
        "caution cite": (p.link, p.caution_background),
        "off-label badge": (p.badge_off_label_text, p.badge_off_label_background),
        "investigational badge": (
            p.badge_investigational_text,
            p.badge_investigational_background,
        ),
        "local badge": (p.badge_local_text, p.badge_local_background),
    }
    poor = {
        name: round(contrast(*pair), 2) for name, pair in pairs.items() if contrast(*pair) < 4.5
    }
    assert poor == {}


def test_citations_and_serious_mark_stay_readable_inside_a_highlight(catalog):
    palette = RenderPalette.dark()
    page = render_monograph(
        agent(catalog, "alphamine"),
        catalog,
        highlight=frozenset({"qt_prolongation"}),
        palette=palette,
    )
    entry = page[page.index('<span class="highlight"') :]
    entry = entry[: entry.index("</li>")]
    assert f'class="serious" style="color:{palette.highlight_text};' in entry
    highlight_span_end = entry.index("</span></span>") + len("</span></span>")
    assert '<sup class="cite">' in entry[highlight_span_end:]


def test_overview_contents_bar_links_to_its_parts(catalog):
    page = render_overview(catalog)
    hrefs = parse(page).hrefs()
    for anchor in ("ov-agents", "ov-mechanism", "sec-references", "ov-source"):
        assert f"#{anchor}" in hrefs
        assert anchor in parse(page).anchors()
    # Topic kinds with no topics get neither a heading nor a link.
    assert "#ov-research" not in hrefs


def test_overview_without_an_overview_file_still_lists_agents_and_disclaimer(catalog):
    page = render_overview(catalog.model_copy(update={"overview": None}))
    text = parse(page).visible()
    assert "No class overview in this data." in text
    assert "Alphamine" in text
    assert "Test fixture data. Not clinical content." in text
    assert NO_INFORMATION in parse(section_html(page, "sec-references")).visible()


def test_the_source_article_is_named_in_the_references(catalog):
    manifest = catalog.manifest.model_copy(update={"source_article": "trial-beta"})
    page = render_monograph(
        agent(catalog, "betamine"), catalog.model_copy(update={"manifest": manifest})
    )
    assert "The source article this reference draws on." in parse(page).visible()
    assert (
        "The source article"
        not in parse(render_monograph(agent(catalog, "betamine"), catalog)).visible()
    )


def test_missing_atc_code_is_said_not_hidden(catalog):
    assert (
        "ATC:\xa0none listed"
        in parse(render_monograph(agent(catalog, "gammadol"), catalog)).visible()
    )


def test_missing_maximum_reads_not_stated(catalog):
    page = render_monograph(full_agent(catalog), catalog)
    text = parse(section_html(page, "sec-dosing")).visible()
    assert "Titration: 5\xa0mg[2]not stated" in text


def test_reference_punctuation_is_not_doubled(catalog):
    refs = tuple(
        r.model_copy(update={"authors": "Example Pharma Inc.", "title": "Does it work?"})
        if r.id == "label-alpha"
        else r
        for r in catalog.references
    )
    tampered = catalog.model_copy(update={"references": refs})
    page = render_monograph(agent(tampered, "alphamine"), tampered)
    assert (
        "Example Pharma Inc. Does it work? Example regulator. 2024. https://example.org/alphamine"
        in parse(section_html(page, "sec-references")).visible()
    )


def test_every_in_page_link_has_its_anchor(catalog):
    pages = [render_monograph(a, catalog) for a in catalog.agents]
    pages += [render_monograph(full_agent(catalog), catalog), render_overview(catalog)]
    for page in pages:
        collector = parse(page)
        anchors = collector.anchors()
        assert len(anchors) == len(set(anchors))
        targets = {h[1:] for h in collector.hrefs() if h.startswith("#")}
        assert targets - set(anchors) == set()


def test_hostile_catalog_text_outside_the_agent_is_escaped_too(catalog):
    """References, vocabulary, overview and manifest are data as well."""
    refs = tuple(r.model_copy(update={"title": f"T {SCRIPT}"}) for r in catalog.references)
    effects = [
        e.model_copy(update={"label": f"H {IMG}"}) if e.id == "hallucinations" else e
        for e in catalog.vocabulary.side_effects
    ]
    systems = [
        s.model_copy(update={"label": f"S {SCRIPT}"}) for s in catalog.vocabulary.body_systems
    ]
    overview = catalog.overview.model_copy(
        update={
            "title": f"O {SCRIPT}",
            "topics": [t.model_copy(update={"text": f"X {IMG}"}) for t in catalog.overview.topics],
        }
    )
    manifest = catalog.manifest.model_copy(
        update={"disclaimer": f"D {SCRIPT}", "attribution": f"A {IMG}", "data_version": IMG}
    )
    tampered = catalog.model_copy(
        update={
            "references": refs,
            "vocabulary": catalog.vocabulary.model_copy(
                update={"side_effects": effects, "body_systems": systems}
            ),
            "overview": overview,
            "manifest": manifest,
        }
    )
    monograph = render_monograph(
        agent(tampered, "alphamine"), tampered, highlight=frozenset({"hallucinations"})
    )
    overview_page = render_overview(tampered)
    for page in (monograph, overview_page):
        assert "<script" not in page.lower()
        assert "<img" not in page.lower()
        assert_only_renderer_markup(page)
    text = parse(monograph).visible()
    for expected in (f"T {SCRIPT}", f"H {IMG}", f"S {SCRIPT}", f"D {SCRIPT}", IMG):
        assert expected in text
    text = parse(overview_page).visible()
    for expected in (f"O {SCRIPT}", f"X {IMG}", f"A {IMG}", f"D {SCRIPT}"):
        assert expected in text


def test_overview_lists_a_bounded_number_of_agents(good_dir, tmp_path):
    import yaml

    from app.catalog.render import OVERVIEW_AGENT_ROWS

    agents = tmp_path / "agents"
    agents.mkdir()
    source = yaml.safe_load((good_dir / "agents" / "betamine.yaml").read_text())
    for i in range(OVERVIEW_AGENT_ROWS + 5):
        (agents / f"b{i}.yaml").write_text(yaml.safe_dump({**source, "id": f"b{i}"}))
    catalog = load_catalog(good_dir, [tmp_path]).catalog
    page = render_overview(catalog)
    assert page.count('class="agent-row"') == OVERVIEW_AGENT_ROWS
    assert "…and 8 more agents from local formularies" in page


def test_overview_names_each_agent_with_its_status_routes_and_class(catalog):
    import re

    rows = re.findall(r'<p class="agent-row".*?</p>', render_overview(catalog), re.S)
    assert len(rows) == len(catalog.agents)
    for agent_, row in zip(catalog.agents, rows, strict=True):
        text = parse(row).visible()
        routes = ", ".join(r.label for r in agent_.routes)
        assert text.startswith(agent_.name)
        assert f"· {routes}" in text
        assert text.endswith(agent_.drug_class)
        assert ("OFF-LABEL" in text) == agent_.status.off_label_pain
        assert ("INVESTIGATIONAL" in text) == agent_.status.investigational


def test_dose_units_are_kept_whole_but_fractions_and_links_are_not_touched():
    from app.catalog.render import keep_units_whole

    assert keep_units_whole("0.35 mg/kg/h") == "0.35 mg/\u2060kg/\u2060h"
    assert keep_units_whole("0.35 mg/kg/h", dose_cell=True) == "0.35&nbsp;mg/\u2060kg/\u2060h"
    assert keep_units_whole("100 mg/24 h", dose_cell=True) == "100&nbsp;mg/\u206024&nbsp;h"
    assert keep_units_whole("at most 100 mg per 4-hour session", dose_cell=True) == (
        "at most 100&nbsp;mg per 4-hour session"
    )
    assert keep_units_whole("1/2 tablet") == "1/2 tablet"
    assert (
        keep_units_whole('<a href="https://x.org/a/b">x</a>') == '<a href="https://x.org/a/b">x</a>'
    )


def test_the_dosing_table_keeps_each_unit_on_one_line(catalog):
    page = section_html(render_monograph(agent(catalog, "alphamine"), catalog), "sec-dosing")
    assert "mg/\u2060kg" in page
    assert re.search(r"\b(?:mg|kg|mL|mmol)/(?!\u2060)", parse(page).visible()) is None
