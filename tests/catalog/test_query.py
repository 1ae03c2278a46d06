from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.catalog.loader import load_catalog
from app.catalog.model import FrequencyBand as B
from app.catalog.model import PainContext, Route
from app.catalog.query import CatalogIndex, FilterMode, Query, lists_effect, normalise
from tests.conftest import FIXTURES

INDEX = CatalogIndex(load_catalog(FIXTURES / "good").catalog)
ALL = ("alphamine", "betamine", "gammadol")


def ids(**kwargs) -> tuple[str, ...]:
    if "effects" in kwargs:
        kwargs["effects"] = frozenset(kwargs["effects"])
    return INDEX.run(Query(**kwargs)).ids


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ALL),
        ("alpha", ("alphamine",)),
        ("ALPHAMINE", ("alphamine",)),
        ("álphamine", ("alphamine",)),  # accents ignored
        ("phami", ("alphamine",)),  # substring
        ("alphamin", ("alphamine",)),  # prefix
        ("alpahmine", ("alphamine",)),  # transposition typo in a long word
        ("betamne", ("betamine",)),  # missing letter
        ("alphalar", ("alphamine",)),  # brand name
        ("alm", ("alphamine",)),  # abbreviation
        ("n01ax03", ("alphamine",)),  # ATC code
        ("aminoadamantane", ("betamine",)),  # class
        ("glun2b", ("gammadol",)),
        ("zzz", ()),
        ("bet", ("betamine",)),  # short words need an exact substring
        ("btea", ()),  # no typo tolerance under 5 letters
    ],
)
def test_text_search(text, expected):
    assert ids(text=text) == expected


def test_better_matches_come_first():
    # "am" is inside every name; agents whose names start with the text rank first.
    assert ids(text="beta")[0] == "betamine"


@pytest.mark.parametrize(
    ("effects", "mode", "band", "expected"),
    [
        ({"hallucinations"}, FilterMode.ANY, None, ("alphamine", "betamine")),
        ({"hallucinations"}, FilterMode.NONE, None, ("gammadol",)),
        ({"hallucinations"}, FilterMode.ANY, B.COMMON, ("alphamine",)),
        ({"hallucinations"}, FilterMode.NONE, B.COMMON, ("betamine", "gammadol")),
        ({"hallucinations", "dizziness"}, FilterMode.ALL, None, ("betamine",)),
        ({"hallucinations", "dizziness"}, FilterMode.ANY, None, ("alphamine", "betamine")),
        ({"hallucinations", "dizziness"}, FilterMode.NONE, None, ("gammadol",)),
        # synonyms and labels select the same term
        ({"long QT"}, FilterMode.ANY, None, ("alphamine",)),
        ({"Hallucination"}, FilterMode.ANY, None, ("alphamine", "betamine")),
        # "not known" frequency counts at every band: never looks free of the effect
        ({"qt_prolongation"}, FilterMode.ANY, B.VERY_COMMON, ("alphamine",)),
        ({"qt_prolongation"}, FilterMode.NONE, B.VERY_COMMON, ("betamine", "gammadol")),
        ({"dissociation"}, FilterMode.NONE, B.COMMON, ("alphamine", "betamine")),
    ],
)
def test_side_effect_filter(effects, mode, band, expected):
    assert ids(effects=effects, mode=mode, min_band=band) == expected


def test_unknown_effect_terms_are_reported_not_matched():
    result = INDEX.run(Query(effects=frozenset({"no such thing"})))
    assert result.unknown_effects == ("no such thing",)
    assert result.ids == ALL


def test_context_and_route_filters():
    assert ids(context=PainContext.NEUROPATHIC) == ("betamine",)
    assert ids(route=Route.IV) == ("alphamine", "gammadol")
    assert ids(route=Route.IV, text="gamma") == ("gammadol",)


def test_counts_are_over_shown_agents_at_the_band():
    result = INDEX.run(Query(min_band=B.COMMON))
    assert result.counts["hallucinations"] == 1  # betamine lists it only as uncommon
    assert result.counts["qt_prolongation"] == 1  # not known counts at every band
    assert result.counts["dizziness"] == 1
    narrowed = INDEX.run(Query(text="beta"))
    assert narrowed.counts["hallucinations"] == 1
    assert narrowed.counts["hypertension"] == 0


def test_effects_matching_uses_synonyms():
    assert "qt_prolongation" in INDEX.effects_matching("torsade")
    assert INDEX.effects_matching("") == list(INDEX.effects)


def test_normalise():
    assert normalise("  Ésketamine/REL-1017 ") == "esketamine rel 1017"
    assert normalise("  Esketamine/REL-1017 ") == "esketamine rel 1017"


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_fast_path_of_normalise_agrees_with_the_unicode_path(text):
    from app.catalog.query import _normalise_unicode

    assert normalise(text) == _normalise_unicode(text)


# --- properties --------------------------------------------------------------------

effect_ids = st.sampled_from(sorted(INDEX.effects))
bands = st.sampled_from([None, *[b for b in B if b is not B.NOT_KNOWN]])
texts = st.sampled_from(["", "a", "amine", "beta", "x", "alphamin", "gammdol"])


@settings(max_examples=150, deadline=None)
@given(effect_ids, bands, texts)
def test_any_and_none_partition_the_shown_agents(effect, band, text):
    shown = set(ids(text=text))
    anyof = set(ids(text=text, effects={effect}, mode=FilterMode.ANY, min_band=band))
    noneof = set(ids(text=text, effects={effect}, mode=FilterMode.NONE, min_band=band))
    assert anyof | noneof == shown
    assert not anyof & noneof


@settings(max_examples=150, deadline=None)
@given(st.frozensets(effect_ids, max_size=3), st.sampled_from(list(FilterMode)), bands, texts)
def test_results_are_a_subset_of_the_unfiltered_list(effects, mode, band, text):
    result = INDEX.run(Query(text=text, effects=effects, mode=mode, min_band=band))
    assert set(result.ids) <= set(ALL)
    for agent in result.agents:
        listed = [lists_effect(agent, e, band) for e in effects]
        if effects and mode is FilterMode.ANY:
            assert any(listed)
        if mode is FilterMode.ALL:
            assert all(listed)
        if mode is FilterMode.NONE:
            assert not any(listed)


ordered_bands = [b for b in B if b is not B.NOT_KNOWN][::-1]  # very rare .. very common


@settings(max_examples=100, deadline=None)
@given(st.frozensets(effect_ids, min_size=1, max_size=3), st.integers(0, len(ordered_bands) - 2))
def test_raising_the_band_never_adds_agents_under_any(effects, low):
    lower = set(ids(effects=effects, mode=FilterMode.ANY, min_band=ordered_bands[low]))
    higher = set(ids(effects=effects, mode=FilterMode.ANY, min_band=ordered_bands[low + 1]))
    assert higher <= lower
    assert lower <= set(ids(effects=effects, mode=FilterMode.ANY, min_band=None))
