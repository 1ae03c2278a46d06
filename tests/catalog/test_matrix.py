"""Class comparison matrix: rows, cells, words, CSV and palette, as tables over the fixtures."""

from __future__ import annotations

import csv
import io
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.catalog.loader import load_catalog
from app.catalog.matrix import (
    NOT_LISTED,
    SCALE,
    MatrixPalette,
    build_matrix,
    contrast_ratio,
    describe_cell,
    references_by_id,
    relative_luminance,
    to_csv,
)
from app.catalog.model import AdverseEffect
from app.catalog.model import FrequencyBand as B
from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def catalog():
    result = load_catalog(FIXTURES / "good")
    assert result.ok, result.problems
    return result.catalog


@pytest.fixture(scope="module")
def by_id(catalog):
    return {a.id: a for a in catalog.agents}


def shape(matrix):
    """Rows as (system id, effect id, short words per column)."""
    return [(r.system.id, r.effect.id, [c.short for c in r.cells]) for r in matrix.rows]


ALL3 = ("alphamine", "betamine", "gammadol")

# (agent ids in column order, options, expected rows)
ROWS = [
    (
        ALL3,
        {},
        [
            ("psychiatric", "hallucinations", ["Common", "Uncommon", NOT_LISTED]),
            ("psychiatric", "dissociation", [NOT_LISTED, NOT_LISTED, "Not known"]),
            ("nervous", "dizziness", [NOT_LISTED, "Common", NOT_LISTED]),
            ("cardiac", "qt_prolongation", ["Not known", NOT_LISTED, NOT_LISTED]),
            ("vascular", "hypertension", ["Very common", NOT_LISTED, NOT_LISTED]),
        ],
    ),
    # Columns follow the order given (the list's order), not the catalog's.
    (
        ("gammadol", "betamine"),
        {},
        [
            ("psychiatric", "hallucinations", [NOT_LISTED, "Uncommon"]),
            ("psychiatric", "dissociation", ["Not known", NOT_LISTED]),
            ("nervous", "dizziness", [NOT_LISTED, "Common"]),
        ],
    ),
    # Serious only: QT prolongation is the one serious effect any of them lists.
    (ALL3, {"serious_only": True}, [("cardiac", "qt_prolongation", ["Not known", "", ""])]),
    # Selected effects keep the vocabulary order, whatever order they were given in.
    (
        ALL3,
        {"effects": ["hypertension", "hallucinations", "seizures"]},
        [
            ("psychiatric", "hallucinations", ["Common", "Uncommon", NOT_LISTED]),
            ("vascular", "hypertension", ["Very common", NOT_LISTED, NOT_LISTED]),
        ],
    ),
    # Selected and not listed_only: an effect nobody lists still gets its row.
    (
        ("betamine",),
        {"effects": {"seizures", "dizziness"}, "listed_only": False},
        [("nervous", "dizziness", ["Common"]), ("nervous", "seizures", [NOT_LISTED])],
    ),
    # Limits combine: selected AND serious.
    (ALL3, {"effects": {"hallucinations", "hypertension"}, "serious_only": True}, []),
    # No agents shown: nothing is listed, so no rows.
    ((), {}, []),
]


@pytest.mark.parametrize(("ids", "options", "expected"), ROWS)
def test_rows(catalog, by_id, ids, options, expected):
    matrix = build_matrix(catalog, [by_id[i] for i in ids], **options)
    expected = [(s, e, [w or NOT_LISTED for w in words]) for s, e, words in expected]
    assert shape(matrix) == expected
    assert [a.id for a in matrix.agents] == list(ids)


def test_all_rows_when_not_limited(catalog, by_id):
    matrix = build_matrix(catalog, [by_id["betamine"]], listed_only=False)
    assert len(matrix.rows) == len(catalog.vocabulary.side_effects)
    # Grouped by system in the vocabulary's system order ...
    systems = [g.system.id for g in matrix.groups]
    assert systems == [s.id for s in catalog.vocabulary.body_systems]
    # ... so injection-site reaction (written among the skin terms, system "general") sits
    # with the general disorders, not under skin.
    general = next(g for g in matrix.groups if g.system.id == "general")
    assert "injection_site_reaction" in [r.effect.id for r in general.rows]
    skin = next(g for g in matrix.groups if g.system.id == "skin")
    assert "injection_site_reaction" not in [r.effect.id for r in skin.rows]


def test_cell_carries_band_figures_refs_and_note(catalog, by_id):
    alpha = by_id["alphamine"].model_copy(
        update={
            "adverse_effects": [
                AdverseEffect(
                    effect="hallucinations",
                    frequency=B.COMMON,
                    incidence=7.0,
                    placebo=1.5,
                    note="Dose-related.",
                    refs=["label-alpha", "trial-beta"],
                ),
                AdverseEffect(effect="dizziness", frequency=B.RARE, placebo=2, refs=["x"]),
                AdverseEffect(effect="sedation", frequency=B.RARE, incidence=3, refs=["x"]),
            ]
        }
    )
    matrix = build_matrix(catalog, [alpha])
    cell = matrix.cell(0, 0)
    assert (cell.band, cell.incidence, cell.placebo, cell.refs, cell.note) == (
        B.COMMON,
        7.0,
        1.5,
        ("label-alpha", "trial-beta"),
        "Dose-related.",
    )
    assert cell.listed
    assert cell.text == "Common (≥1/100 to <1/10)"
    assert cell.figures == "7% vs 1.5% placebo"
    assert matrix.cell(1, 0).figures == "placebo 2%"
    assert matrix.cell(2, 0).figures == "3%"


def test_describe_cell_in_words(catalog, by_id):
    matrix = build_matrix(catalog, [by_id["alphamine"], by_id["betamine"]])
    refs = references_by_id(catalog.references)
    assert describe_cell(matrix, 0, 0, refs) == (
        "Alphamine — Hallucinations: Common (≥1/100 to <1/10); 7% vs 1% placebo. "
        "Source: Example Pharma 2024."
    )
    assert describe_cell(matrix, 1, 0, refs) == (
        "Alphamine — Dizziness: Not listed in this reference — that does not mean it cannot occur."
    )
    qt_row = [r.effect.id for r in matrix.rows].index("qt_prolongation")
    assert describe_cell(matrix, qt_row, 0, refs) == (
        "Alphamine — QT prolongation (serious): Not known (cannot be estimated from the "
        "available data). Source: Example Pharma 2024."
    )
    assert describe_cell(matrix, 0, 1, {}) == (
        "Betamine — Hallucinations: Uncommon (≥1/1,000 to <1/100). Source: trial-beta."
    )


def test_csv(catalog, by_id):
    matrix = build_matrix(catalog, [by_id[i] for i in ALL3])
    assert to_csv(matrix) == (
        "Body system,Side effect,Serious,Alphamine,Betamine,Gammadol\r\n"
        "Psychiatric disorders,Hallucinations,no,Common (≥1/100 to <1/10),"
        '"Uncommon (≥1/1,000 to <1/100)",Not listed\r\n'
        "Psychiatric disorders,Dissociation,no,Not listed,Not listed,"
        "Not known (cannot be estimated from the available data)\r\n"
        "Nervous system disorders,Dizziness,no,Not listed,Common (≥1/100 to <1/10),Not listed\r\n"
        "Cardiac disorders,QT prolongation,yes,"
        "Not known (cannot be estimated from the available data),Not listed,Not listed\r\n"
        "Vascular disorders,Hypertension,no,Very common (≥1/10),Not listed,Not listed\r\n"
    )


def test_csv_round_trips_and_never_has_a_blank_cell(catalog, by_id):
    matrix = build_matrix(catalog, [by_id[i] for i in ALL3], listed_only=False)
    rows = list(csv.reader(io.StringIO(to_csv(matrix))))
    assert len(rows) == 1 + len(matrix.rows)
    assert all(cell for row in rows for cell in row)


def test_csv_defuses_spreadsheet_formulas(catalog, by_id):
    evil = by_id["betamine"].model_copy(update={"name": '=HYPERLINK("x")'})
    header = next(csv.reader(io.StringIO(to_csv(build_matrix(catalog, [evil])))))
    assert header[-1] == '\'=HYPERLINK("x")'


@given(
    ids=st.lists(st.sampled_from(ALL3), unique=True),
    serious=st.booleans(),
    listed=st.booleans(),
    effects=st.none() | st.sets(st.sampled_from(["hallucinations", "seizures", "dizziness"])),
)
def test_properties(catalog, by_id, ids, serious, listed, effects):
    agents = [by_id[i] for i in ids]
    matrix = build_matrix(
        catalog, agents, effects=effects, serious_only=serious, listed_only=listed
    )
    order = {e.id: i for i, e in enumerate(catalog.vocabulary.side_effects)}
    system_order = {s.id: i for i, s in enumerate(catalog.vocabulary.body_systems)}
    keys = [(system_order[r.system.id], order[r.effect.id]) for r in matrix.rows]
    assert keys == sorted(keys)
    for row in matrix.rows:
        assert len(row.cells) == len(agents)
        assert not serious or row.effect.serious
        assert effects is None or row.effect.id in effects
        assert not listed or any(c.listed for c in row.cells)
        for agent, cell in zip(agents, row.cells, strict=True):
            listing = {a.effect: a.frequency for a in agent.adverse_effects}
            assert cell.band == listing.get(row.effect.id)
    assert all(g.rows for g in matrix.groups)


# --- Palette --------------------------------------------------------------------------------

PALETTES = [
    pytest.param(MatrixPalette.light(), id="light"),
    pytest.param(MatrixPalette.for_dark(), id="dark"),
]


def _lab_lightness(colour: str) -> float:
    y = relative_luminance(colour)
    return 116 * (y ** (1 / 3) if y > 0.008856 else 7.787 * y + 16 / 116) - 16


# Machado et al. (2009) full-severity simulation matrices, applied in linear RGB.
_CVD = {
    "protan": (
        (0.152286, 1.052583, -0.204868),
        (0.114503, 0.786281, 0.099216),
        (-0.003882, -0.048116, 1.051998),
    ),
    "deutan": (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    ),
    "tritan": (
        (1.255528, -0.076749, -0.178779),
        (-0.078411, 0.930809, 0.147602),
        (0.004733, 0.691367, 0.303900),
    ),
}


def _linear(colour: str) -> tuple[float, float, float]:
    def ch(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return tuple(ch(int(colour[i : i + 2], 16)) for i in (1, 3, 5))


def _simulated_luminance(colour: str, kind: str) -> float:
    rgb = _linear(colour)
    r, g, b = (
        max(0.0, min(1.0, sum(m * c for m, c in zip(row, rgb, strict=True)))) for row in _CVD[kind]
    )
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("palette", PALETTES)
def test_scale_is_sequential_in_lightness_with_clear_steps(palette):
    lightness = [_lab_lightness(palette.swatch(b).background) for b in SCALE]
    steps = [b - a for a, b in itertools.pairwise(lightness)]
    # Light: more frequent is darker; dark: more frequent is brighter.
    direction = 1 if palette.dark else -1
    assert all(step * direction >= 8 for step in steps), lightness


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("kind", sorted(_CVD))
def test_order_survives_colour_vision_deficiency(palette, kind):
    simulated = [_simulated_luminance(palette.swatch(b).background, kind) for b in SCALE]
    ordered = simulated if palette.dark else simulated[::-1]
    assert ordered == sorted(ordered), (kind, simulated)
    assert len({round(v, 2) for v in simulated}) == len(simulated)


@pytest.mark.parametrize("palette", PALETTES)
def test_every_cell_text_is_readable(palette):
    for band, swatch, _label in palette.legend():
        assert contrast_ratio(swatch.background, swatch.text) >= 4.5, band


@pytest.mark.parametrize("palette", PALETTES)
def test_not_known_is_hatched_and_only_it(palette):
    hatched = [band for band, swatch, _ in palette.legend() if swatch.hatch]
    assert hatched == [B.NOT_KNOWN]
    backgrounds = [s.background for _, s, _ in palette.legend()]
    assert len(set(backgrounds)) == len(backgrounds)


def test_legend_order_and_numbers():
    labels = [label for _, _, label in MatrixPalette.light().legend()]
    assert labels == [
        "Very common (≥1/10)",
        "Common (≥1/100 to <1/10)",
        "Uncommon (≥1/1,000 to <1/100)",
        "Rare (≥1/10,000 to <1/1,000)",
        "Very rare (<1/10,000)",
        "Not known (cannot be estimated from the available data)",
        "Not listed in this reference — that does not mean it cannot occur.",
    ]


def test_light_and_dark_differ():
    light, dark = MatrixPalette.light(), MatrixPalette.for_dark()
    assert all(light.swatch(b) != dark.swatch(b) for b in (*SCALE, B.NOT_KNOWN, None))

