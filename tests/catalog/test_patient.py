"""Patient-context assessment as tables over the fixture agents (good + patient layer)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.catalog.loader import load_catalog
from app.catalog.model import PatientFactor as F
from app.catalog.model import Severity
from app.catalog.patient import (
    NO_FLAG_TEXT,
    RENAL_BANDS,
    Assessment,
    PatientIndex,
    ReasonKind,
    Verdict,
    applicable_mask,
    applies,
    assess,
    assess_all,
)
from tests.conftest import FIXTURES

C, W, N = Verdict.CONTRAINDICATED, Verdict.CAUTION, Verdict.NO_FLAG


@pytest.fixture(scope="module")
def agents():
    result = load_catalog(FIXTURES / "good", [Path(FIXTURES / "patient")])
    assert result.ok, result.problems
    return {a.id: a for a in result.catalog.agents}


def texts(assessment: Assessment) -> list[str]:
    return [r.text for r in assessment.reasons]


# --- The renal rule ------------------------------------------------------------------------

# (statement tag, patient's ticked renal bands, applies?)
RENAL_TABLE = [
    (F.RENAL_MODERATE, {F.RENAL_MILD}, False),
    (F.RENAL_MODERATE, {F.RENAL_MODERATE}, True),
    (F.RENAL_MODERATE, {F.RENAL_SEVERE}, True),
    (F.RENAL_MODERATE, {F.RENAL_FAILURE}, True),
    (F.RENAL_SEVERE, {F.RENAL_MILD}, False),
    (F.RENAL_SEVERE, {F.RENAL_MODERATE}, False),
    (F.RENAL_SEVERE, {F.RENAL_SEVERE}, True),
    (F.RENAL_MILD, {F.RENAL_FAILURE}, True),
    (F.RENAL_FAILURE, {F.RENAL_SEVERE}, False),
    (F.RENAL_FAILURE, {F.RENAL_FAILURE}, True),
    # Several bands ticked count as the worst of them.
    (F.RENAL_SEVERE, {F.RENAL_MILD, F.RENAL_SEVERE}, True),
    (F.RENAL_FAILURE, {F.RENAL_MILD, F.RENAL_SEVERE}, False),
    # Non-renal factors never imply renal ones, nor each other.
    (F.RENAL_MILD, {F.HEPATIC_IMPAIRMENT}, False),
    (F.HEPATIC_IMPAIRMENT, {F.RENAL_FAILURE}, False),
    (F.PREGNANCY, {F.BREASTFEEDING}, False),
    (F.PREGNANCY, {F.PREGNANCY}, True),
    (F.QT_RISK, set(), False),
]


@pytest.mark.parametrize(("tag", "ticked", "expected"), RENAL_TABLE)
def test_applies(tag, ticked, expected):
    assert applies(tag, ticked) is expected


@given(
    tag=st.sampled_from(RENAL_BANDS),
    ticked=st.sets(st.sampled_from(list(F)), max_size=6),
    worse=st.sampled_from(RENAL_BANDS),
)
def test_ticking_a_worse_renal_band_never_unflags(tag, ticked, worse):
    if applies(tag, ticked):
        assert applies(tag, ticked | {worse})


# --- Verdicts and reasons per agent ----------------------------------------------------------

# (agent id, ticked, verdict, reason texts in order)
VERDICTS = [
    # Alphamine (good fixture): one tagged contraindication, one tagged caution.
    ("alphamine", {F.HYPERTENSION_CVD}, C, ["Severe uncontrolled hypertension."]),
    ("alphamine", {F.PSYCHOSIS_HISTORY}, W, ["History of psychosis."]),
    (
        "alphamine",
        {F.PSYCHOSIS_HISTORY, F.HYPERTENSION_CVD},
        C,
        ["Severe uncontrolled hypertension.", "History of psychosis."],
    ),
    ("alphamine", {F.PREGNANCY}, N, []),
    ("alphamine", set(), N, []),
    # Its theophylline interaction has no tags: nothing can flag it.
    ("alphamine", set(F), C, ["Severe uncontrolled hypertension.", "History of psychosis."]),
    # Betamine has no contraindications or cautions at all.
    ("betamine", set(F), N, []),
    # Renalol: renal bands at every level.
    ("renalol", {F.RENAL_MILD}, W, ["Accumulates when CrCl < 80 mL/min; monitor."]),
    (
        "renalol",
        {F.RENAL_MODERATE},
        W,
        ["Reduce the dose when CrCl < 50 mL/min.", "Accumulates when CrCl < 80 mL/min; monitor."],
    ),
    (
        "renalol",
        {F.RENAL_SEVERE},
        W,
        [
            "Reduce the dose when CrCl < 50 mL/min.",
            "Accumulates when CrCl < 80 mL/min; monitor.",
            "Halve the dose when CrCl < 30 mL/min.",
        ],
    ),
    (
        "renalol",
        {F.RENAL_FAILURE},
        C,
        [
            "Contraindicated when CrCl < 15 mL/min or on dialysis.",
            "Reduce the dose when CrCl < 50 mL/min.",
            "Accumulates when CrCl < 80 mL/min; monitor.",
            "Halve the dose when CrCl < 30 mL/min.",
        ],
    ),
    # Interactions: contraindicated severity -> contraindicated verdict.
    (
        "renalol",
        {F.SEROTONERGIC_MAOI},
        C,
        ["With MAOIs: Serotonin syndrome. Do not combine."],
    ),
    # avoid and monitor -> caution; avoid listed before monitor although the data is reversed.
    (
        "renalol",
        {F.QT_RISK},
        W,
        ["With Avoidex: Torsades de pointes.", "With Monitorin: QT prolongation."],
    ),
    ("renalol", {F.CYP2D6_INHIBITORS}, W, ["With Quinidine: Toxicity. Use another agent."]),
    # A minor interaction never flags.
    ("renalol", {F.AGE_65_PLUS}, N, []),
    # A statement with two tags is listed once.
    ("renalol", {F.PREGNANCY, F.BREASTFEEDING}, W, ["Limited data in pregnancy and lactation."]),
    ("renalol", {F.BREASTFEEDING}, W, ["Limited data in pregnancy and lactation."]),
    # Everything ticked: contraindicated-level first (statements, then interactions),
    # then caution-level (statements, then interactions by severity).
    (
        "renalol",
        set(F),
        C,
        [
            "Contraindicated when CrCl < 15 mL/min or on dialysis.",
            "With MAOIs: Serotonin syndrome. Do not combine.",
            "Reduce the dose when CrCl < 50 mL/min.",
            "Accumulates when CrCl < 80 mL/min; monitor.",
            "Limited data in pregnancy and lactation.",
            "Halve the dose when CrCl < 30 mL/min.",
            "With Avoidex: Torsades de pointes.",
            "With Quinidine: Toxicity. Use another agent.",
            "With Monitorin: QT prolongation.",
        ],
    ),
    # Plainol: untagged contraindication, caution and contraindicated interaction never flag.
    ("plainol", set(F), N, []),
]


@pytest.mark.parametrize(("agent_id", "ticked", "verdict", "reasons"), VERDICTS)
def test_verdicts_and_reasons(agents, agent_id, ticked, verdict, reasons):
    assessment = assess(agents[agent_id], ticked)
    assert assessment.agent_id == agent_id
    assert assessment.verdict is verdict
    assert texts(assessment) == reasons
    assert assessment.flagged is (verdict is not N)


def test_reason_carries_refs_kind_level_and_the_tags_that_applied(agents):
    (reason,) = assess(agents["renalol"], {F.RENAL_SEVERE, F.PREGNANCY}).reasons[1:2]
    assert reason.text == "Accumulates when CrCl < 80 mL/min; monitor."
    assert reason.refs == ("label-alpha", "trial-beta")
    assert reason.kind is ReasonKind.CAUTION
    assert reason.level is Verdict.CAUTION
    assert reason.factors == (F.RENAL_MILD,)
    assert reason.severity is None

    both = assess(agents["renalol"], {F.BREASTFEEDING, F.PREGNANCY}).reasons[0]
    assert both.factors == (F.PREGNANCY, F.BREASTFEEDING)

    maoi = assess(agents["renalol"], {F.SEROTONERGIC_MAOI}).reasons[0]
    assert (maoi.kind, maoi.level, maoi.severity) == (
        ReasonKind.INTERACTION,
        Verdict.CONTRAINDICATED,
        Severity.CONTRAINDICATED,
    )
    assert maoi.refs == ("label-alpha",)


def test_unflagged_text_never_says_safe(agents):
    assessment = assess(agents["betamine"], {F.PREGNANCY})
    assert assessment.summary == (
        "No flagged contraindication in this reference — check the product label."
    )
    assert assessment.summary == NO_FLAG_TEXT
    assert "safe" not in NO_FLAG_TEXT.casefold()


def test_flagged_summary_names_the_verdict_and_the_reasons(agents):
    assessment = assess(agents["alphamine"], {F.PSYCHOSIS_HISTORY, F.HYPERTENSION_CVD})
    assert assessment.summary == (
        "Contraindicated: Severe uncontrolled hypertension. History of psychosis."
    )


def test_assess_all_keeps_agent_order(agents):
    ordered = [agents[i] for i in ("renalol", "alphamine", "plainol")]
    result = assess_all(ordered, {F.RENAL_FAILURE, F.PSYCHOSIS_HISTORY})
    assert list(result) == ["renalol", "alphamine", "plainol"]
    assert [a.verdict for a in result.values()] == [C, W, N]


@given(ticked=st.sets(st.sampled_from(list(F))), more=st.sets(st.sampled_from(list(F))))
def test_ticking_more_never_lowers_a_verdict(agents, ticked, more):
    for agent in agents.values():
        before = assess(agent, ticked)
        after = assess(agent, ticked | more)
        assert after.verdict.rank >= before.verdict.rank
        assert set(texts(before)) <= set(texts(after))


@pytest.mark.parametrize(
    ("verdict", "label", "rank"),
    [(C, "Contraindicated", 2), (W, "Caution", 1), (N, "No flag", 0)],
)
def test_verdict_labels(verdict, label, rank):
    assert (verdict.label, verdict.rank) == (label, rank)


# --- The fast whole-list verdicts agree with assess() ------------------------------------------


@given(ticked=st.sets(st.sampled_from(list(F))))
def test_index_verdicts_equal_assess(agents, ticked):
    index = PatientIndex(agents.values())
    verdicts = index.verdicts(ticked)
    assert verdicts == {i: assess(a, ticked).verdict for i, a in agents.items()}


@pytest.mark.parametrize(
    ("ticked", "expected"),
    [
        (set(), set()),
        ({F.PREGNANCY}, {F.PREGNANCY}),
        ({F.RENAL_MODERATE}, {F.RENAL_MILD, F.RENAL_MODERATE}),
        ({F.RENAL_FAILURE, F.QT_RISK}, {*RENAL_BANDS, F.QT_RISK}),
    ],
)
def test_applicable_mask(ticked, expected):
    mask = applicable_mask(ticked)
    assert {f for f in F if mask & (1 << list(F).index(f))} == expected


@pytest.mark.parametrize(
    ("texts", "summary"),
    [
        (["A."], "Caution: A."),
        (["A.", "B"], "Caution: A. B"),
        (["A", "B."], "Caution: A; B."),
        (["  A  ", "B?"], "Caution: A; B?"),
    ],
)
def test_summary_reads_as_prose(texts, summary):
    from app.catalog.patient import Reason

    reasons = tuple(Reason(W, ReasonKind.CAUTION, t, ("r",), (F.PREGNANCY,)) for t in texts)
    assert Assessment("x", W, reasons).summary == summary
