"""The bundled clinical content obeys the content rules mechanically (issue 3).

Each rule here is one a reviewer would otherwise have to check by eye: every agent present,
every claim and dose cited, every reference used, one consistent side-effect vocabulary.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator

import pytest

from app.catalog.loader import load_catalog
from app.catalog.model import Agent, Dose, FrequencyBand, PatientFactor, Record, ReferenceKind
from app.paths import DATA_DIR

RESULT = load_catalog(DATA_DIR)
CATALOG = RESULT.catalog
AGENTS = {a.id: a for a in CATALOG.agents}
REFERENCES = {r.id: r for r in CATALOG.references}

LICENSED_OR_OFF_LABEL = [
    "ketamine",
    "esketamine",
    "memantine",
    "amantadine",
    "dextromethorphan",
    "dextromethorphan-quinidine",
    "methadone",
    "magnesium-sulfate",
    "nitrous-oxide",
    "levorphanol",
]
INVESTIGATIONAL = ["esmethadone", "traxoprodil", "ifenprodil"]
#: Licensed for a pain indication; pain use of OFF_LABEL agents is off-label everywhere.
#: Ketamine and esketamine are in neither: analgesia licences differ by country (the
#: monographs say which), so their flag is the authors' documented call.
LICENSED_FOR_PAIN = {"methadone", "levorphanol", "nitrous-oxide"}
OFF_LABEL = {
    "memantine",
    "amantadine",
    "dextromethorphan",
    "dextromethorphan-quinidine",
    "magnesium-sulfate",
}
ARTICLE_REFERENCES = [
    "elsayed-2025",
    "tsuruoka-2022",
    "ragab-2021",
    "rowbotham-2020",
    "li-2023",
    "madan-2020",
    "el-tahan-2022",
    "wang-2023",
    "shaban-2021",
    "abo-el-fetouh-2022",
    "rasti-2023",
]
OVERVIEW_TOPICS = [
    "central_sensitization",
    "wind_up",
    "calcium_influx",
    "hyperalgesia_allodynia",
    "glial_activation",
    "descending_pathways",
    "glutamatergic_transmission",
    "excitotoxicity",
    "opioid_induced_hyperalgesia",
    "opioid_sparing_anaesthesia",
    "chronic_postsurgical_pain",
    "postoperative_pain",
    "crps",
    "neuropathic_pain",
    "inflammatory_pain",
    "selective_antagonists",
]
ARTICLE_SIDE_EFFECT_TERMS = [
    "psychotomimetic_effects",
    "hallucinations",
    "cognitive_impairment",
    "cardiovascular_instability",
    "hypertension",
    "tachycardia",
]


def refs_in(value: object) -> Iterator[str]:
    if isinstance(value, Record):
        for name in (f.name for f in dataclasses.fields(value)):
            child = getattr(value, name)
            if name == "refs":
                yield from child
            else:
                yield from refs_in(child)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from refs_in(item)


def test_bundled_data_validates_without_a_single_problem():
    assert [str(p) for p in RESULT.problems] == []
    assert RESULT.skipped == ()


@pytest.mark.parametrize("agent_id", LICENSED_OR_OFF_LABEL + INVESTIGATIONAL)
def test_every_agent_is_present(agent_id):
    assert agent_id in AGENTS


def test_agent_files_are_named_by_id():
    names = sorted(p.stem for p in (DATA_DIR / "agents").glob("*.yaml"))
    assert names == sorted(AGENTS)


@pytest.mark.parametrize("agent_id", INVESTIGATIONAL)
def test_investigational_agents_are_marked(agent_id):
    status = AGENTS[agent_id].status
    assert status.investigational
    assert status.note is not None and "investigational" in status.note.text.lower()


@pytest.mark.parametrize("agent_id", LICENSED_OR_OFF_LABEL)
def test_off_label_flag_matches_licensing(agent_id):
    agent = AGENTS[agent_id]
    assert not agent.status.investigational
    if agent_id in LICENSED_FOR_PAIN:
        assert agent.status.off_label_pain is False
    if agent_id in OFF_LABEL:
        assert agent.status.off_label_pain is True
    assert agent.status.licensed_indications, "licensed agents list what they are licensed for"


@pytest.mark.parametrize("agent_id", LICENSED_OR_OFF_LABEL + INVESTIGATIONAL)
def test_monograph_is_complete_enough_to_be_useful(agent_id):
    agent = AGENTS[agent_id]
    assert agent.adverse_effects, "side effects drive the filter"
    assert agent.brand_names or agent.status.investigational
    assert agent.pain_uses
    if not agent.status.investigational:
        # WHO has assigned levorphanol no ATC code (N02AF holds only butorphanol, nalbuphine).
        assert agent.atc_codes or agent_id == "levorphanol"
        assert agent.contraindications or agent.cautions
        assert agent.interactions
        populations = agent.special_populations
        assert populations.renal and populations.hepatic and populations.pregnancy


@pytest.mark.parametrize("agent", CATALOG.agents, ids=lambda a: a.id)
def test_last_reviewed_date_is_present_and_plausible(agent: Agent):
    assert dt.date(2025, 1, 1) <= agent.last_reviewed <= dt.date.today()


def test_every_article_reference_is_present_with_its_printed_citation():
    for ref_id in ARTICLE_REFERENCES[1:]:
        assert ref_id in REFERENCES
        assert REFERENCES[ref_id].as_printed
    article = REFERENCES["elsayed-2025"]
    assert article.doi == "10.37421/2684-5997.2025.8.296"


def test_every_reference_is_cited_at_least_once():
    cited = set(refs_in(list(CATALOG.agents))) | set(refs_in(CATALOG.overview))
    assert sorted(set(REFERENCES) - cited) == []


def test_every_dose_cites_a_label_or_guideline():
    for agent in CATALOG.agents:
        for dose in agent.dosing:
            kinds = {REFERENCES[r].kind for r in dose.refs}
            assert kinds & {ReferenceKind.LABEL, ReferenceKind.GUIDELINE}, (agent.id, dose)


def test_doses_carry_population_and_explicit_units():
    for agent in CATALOG.agents:
        for dose in agent.dosing:
            assert isinstance(dose, Dose)
            assert dose.population.strip()
            assert dose.unit


def test_no_unused_side_effect_terms():
    used = {ae.effect for a in CATALOG.agents for ae in a.adverse_effects}
    assert sorted({e.id for e in CATALOG.vocabulary.side_effects} - used) == []


def test_article_side_effect_terms_are_in_the_vocabulary_and_used():
    used = {ae.effect for a in CATALOG.agents for ae in a.adverse_effects}
    for term in ARTICLE_SIDE_EFFECT_TERMS:
        assert term in used


def test_side_effect_labels_and_synonyms_are_unambiguous():
    seen: dict[str, str] = {}
    for effect in CATALOG.vocabulary.side_effects:
        for term in (effect.label, *effect.synonyms):
            key = term.casefold()
            assert seen.setdefault(key, effect.id) == effect.id, f"'{term}' names two effects"


def test_overview_covers_every_mechanism_and_context_of_the_article():
    assert CATALOG.overview is not None
    topics = {t.id for t in CATALOG.overview.topics}
    assert sorted(set(OVERVIEW_TOPICS) - topics) == []


def test_manifest_carries_disclaimer_version_and_attribution():
    manifest = CATALOG.manifest
    assert "label" in manifest.disclaimer.lower()
    assert manifest.data_version
    assert "10.37421/2684-5997.2025.8.296" in manifest.attribution
    assert manifest.source_article == "elsayed-2025"


def _prose_and_field_names(value: object, prose: list[str], names: set[str]) -> None:
    if isinstance(value, Record):
        for name in (f.name for f in dataclasses.fields(value)):
            names.add(name)
            _prose_and_field_names(getattr(value, name), prose, names)
    elif isinstance(value, list | tuple):
        for item in value:
            _prose_and_field_names(item, prose, names)
    elif isinstance(value, str) and " " in value:
        prose.append(value)


def test_prose_never_shows_the_data_files_field_names_or_ids():
    """A clinician reads "see Source conflicts", not the YAML key "see source_conflicts"."""
    prose: list[str] = []
    names: set[str] = set()
    for part in (CATALOG.agents, CATALOG.references, CATALOG.vocabulary, CATALOG.overview):
        _prose_and_field_names(part, prose, names)
    internal = {n for n in names if "_" in n}
    internal |= {term.id for term in CATALOG.vocabulary.side_effects if "_" in term.id}
    internal |= {factor.value for factor in PatientFactor if "_" in factor.value}
    leaks = sorted(
        {
            (word, text[:60])
            for text in prose
            for word in re.findall(r"\b\w+\b", text)
            if word in internal
        }
    )
    assert leaks == []
    assert [text[:60] for text in prose if "`" in text] == []  # Markdown code marks show as-is


def test_no_reference_carries_a_guessed_year():
    """An undated label is cited "n.d.": a placeholder or estimated year would read as fact."""
    guessed = re.compile(
        r"placeholder|year\s+approximate|access\s+period|year\s+accessed|estimated?\s+year|year\s+(?:is\s+)?(?:an\s+)?estimate",
        re.I,
    )
    assert [
        r.id for r in CATALOG.references if r.year is not None and guessed.search(r.note or "")
    ] == []


#: The lowest incidence (%) of each measured band (EU SmPC / CIOMS).
_BAND_FLOORS = (
    (FrequencyBand.VERY_COMMON, 10.0),
    (FrequencyBand.COMMON, 1.0),
    (FrequencyBand.UNCOMMON, 0.1),
    (FrequencyBand.RARE, 0.01),
    (FrequencyBand.VERY_RARE, 0.0),
)


def _band_of(incidence: float) -> FrequencyBand:
    return next(band for band, floor in _BAND_FLOORS if incidence >= floor)


def test_an_incidence_falls_in_the_band_shown_beside_it():
    """13% shown as "Common (≥1/100 to <1/10)" contradicts itself. A percentage printed on a
    band's floor (a label's rounded "10%" for 22 of 227) may sit one band lower, when the note
    gives the count that puts it there."""
    wrong = []
    for agent in CATALOG.agents:
        for effect in agent.adverse_effects:
            if effect.incidence is None or effect.frequency is FrequencyBand.NOT_KNOWN:
                continue
            expected = _band_of(effect.incidence)
            on_floor = effect.incidence in dict(_BAND_FLOORS).values()
            one_lower = effect.frequency.rank == expected.rank - 1
            counted = bool(re.search(r"\b\d+ of \d+\b", effect.note or ""))
            if effect.frequency is not expected and not (on_floor and one_lower and counted):
                wrong.append((agent.id, effect.effect, effect.incidence, str(effect.frequency)))
    assert wrong == []
