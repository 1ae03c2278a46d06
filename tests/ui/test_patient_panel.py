"""Patient panel, context and list badges, over the fixture data with the patient layer."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.catalog.loader import load_catalog
from app.catalog.model import PatientFactor as F
from app.catalog.patient import NO_FLAG_TEXT, Verdict
from app.ui.agent_list import BADGES_ROLE, ID_ROLE, AgentListModel
from app.ui.patient_panel import (
    BADGE_CAUTION,
    BADGE_CONTRAINDICATED,
    VERDICT_ROLE,
    PatientBadgeProxy,
    PatientContext,
    PatientPanel,
    make_patient_dock,
)
from tests.conftest import FIXTURES


@pytest.fixture
def catalog():
    result = load_catalog(FIXTURES / "good", [FIXTURES / "patient"])
    assert result.ok
    return result.catalog


@pytest.fixture
def context(qapp, catalog):
    return PatientContext(catalog)


@pytest.fixture
def badges(context, catalog):
    source = AgentListModel(catalog.agents)
    proxy = PatientBadgeProxy(context)
    proxy.setSourceModel(source)
    proxy._source = source  # keep the source alive as long as the proxy
    return proxy


def row_of(model, agent_id):
    return next(
        model.index(r, 0)
        for r in range(model.rowCount())
        if model.index(r, 0).data(ID_ROLE) == agent_id
    )


def test_panel_has_a_checkbox_per_factor_labelled_from_the_enum(qtbot):
    panel = PatientPanel()
    qtbot.addWidget(panel)
    assert set(panel.boxes) == set(F)
    for factor, box in panel.boxes.items():
        assert panel.labels[factor].text() == factor.label
        assert panel.labels[factor].wordWrap()
        assert box.accessibleName() == factor.label
    assert panel.summary.text() == "No patient factors ticked."


def test_clicking_the_words_toggles_the_box(qtbot):
    panel = PatientPanel()
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    label = panel.labels[F.PREGNANCY]
    with qtbot.waitSignal(panel.factors_changed) as signal:
        qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert signal.args == [frozenset({F.PREGNANCY})]
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert not panel.boxes[F.PREGNANCY].isChecked()


def test_ticking_emits_the_ticked_set(qtbot):
    panel = PatientPanel()
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.factors_changed) as signal:
        panel.boxes[F.RENAL_SEVERE].click()
    assert signal.args == [frozenset({F.RENAL_SEVERE})]
    with qtbot.waitSignal(panel.factors_changed) as signal:
        panel.clear_button.click()
    assert signal.args == [frozenset()]
    assert not panel.boxes[F.RENAL_SEVERE].isChecked()


def test_context_assesses_every_agent_and_counts(context):
    assert context.assessment("renalol") is None  # nothing ticked: nothing said
    with_signal = []
    context.changed.connect(with_signal.append)
    context.set_ticked({F.RENAL_FAILURE, F.PSYCHOSIS_HISTORY})
    assert with_signal == [frozenset({F.RENAL_FAILURE, F.PSYCHOSIS_HISTORY})]
    assert context.assessment("renalol").verdict is Verdict.CONTRAINDICATED
    assert context.assessment("alphamine").verdict is Verdict.CAUTION
    assert context.counts() == {
        Verdict.CONTRAINDICATED: 1,
        Verdict.CAUTION: 1,
        Verdict.NO_FLAG: 3,
    }
    context.set_ticked({F.RENAL_FAILURE, F.PSYCHOSIS_HISTORY})  # same set: no signal
    assert len(with_signal) == 1


@pytest.mark.parametrize(
    ("ticked", "agent_id", "expected_badges", "verdict"),
    [
        (set(), "renalol", ["Off-label", "Local"], None),
        (
            {F.RENAL_FAILURE},
            "renalol",
            [BADGE_CONTRAINDICATED, "Off-label", "Local"],
            "contraindicated",
        ),
        ({F.RENAL_MODERATE}, "renalol", [BADGE_CAUTION, "Off-label", "Local"], "caution"),
        ({F.RENAL_MILD}, "alphamine", ["Off-label"], "no_flag"),
        (
            {F.HYPERTENSION_CVD},
            "alphamine",
            [BADGE_CONTRAINDICATED, "Off-label"],
            "contraindicated",
        ),
        ({F.PSYCHOSIS_HISTORY}, "alphamine", [BADGE_CAUTION, "Off-label"], "caution"),
        (set(F), "plainol", ["Off-label", "Local"], "no_flag"),
    ],
)
def test_badge_table(context, badges, ticked, agent_id, expected_badges, verdict):
    context.set_ticked(ticked)
    index = row_of(badges, agent_id)
    assert index.data(BADGES_ROLE) == expected_badges
    assert index.data(VERDICT_ROLE) == verdict


def test_list_badges_follow_the_ticked_factors(context, badges, qtbot):
    index = row_of(badges, "renalol")
    base_badges = index.data(BADGES_ROLE)
    assert BADGE_CONTRAINDICATED not in base_badges
    with qtbot.waitSignal(badges.dataChanged):
        context.set_ticked({F.RENAL_FAILURE})
    assert index.data(BADGES_ROLE) == [BADGE_CONTRAINDICATED, *base_badges]
    assert index.data(VERDICT_ROLE) == "contraindicated"
    assert "patient context: Contraindicated: Contraindicated when CrCl < 15 mL/min" in index.data(
        Qt.ItemDataRole.ToolTipRole
    )
    context.set_ticked({F.RENAL_MODERATE})
    assert index.data(BADGES_ROLE) == [BADGE_CAUTION, *base_badges]
    context.set_ticked({F.RENAL_MILD})
    assert index.data(BADGES_ROLE)[0] == BADGE_CAUTION
    plain = row_of(badges, "betamine")
    assert plain.data(BADGES_ROLE) == ["Off-label"]
    assert plain.data(VERDICT_ROLE) == "no_flag"
    assert plain.data(Qt.ItemDataRole.AccessibleTextRole).endswith(
        f"patient context: {NO_FLAG_TEXT}"
    )
    context.set_ticked(())
    assert index.data(BADGES_ROLE) == base_badges
    assert index.data(VERDICT_ROLE) is None


def test_badge_proxy_contract(qtmodeltester, context, badges):
    context.set_ticked({F.RENAL_FAILURE, F.HYPERTENSION_CVD})
    qtmodeltester.check(badges)


def test_decorate_puts_the_reasons_on_top_of_a_monograph(context, catalog):
    renalol = next(a for a in catalog.agents if a.id == "renalol")
    page = "<html><body>\n<h1>Renalol</h1></body></html>"
    assert context.decorate(renalol, page, None) == page  # nothing ticked
    context.set_ticked({F.RENAL_FAILURE})
    decorated = context.decorate(renalol, page, None)
    assert decorated.index("Contraindicated when CrCl &lt; 15") < decorated.index("<h1>Renalol")
    assert context.decorate(None, page, None) == page  # the overview is never decorated


def test_summary_counts(qtbot, context):
    panel = PatientPanel()
    qtbot.addWidget(panel)
    panel.boxes[F.RENAL_FAILURE].setChecked(True)
    context.set_ticked(panel.ticked())
    panel.set_summary(context.counts())
    assert panel.summary.text() == (
        "All agents: 1 contraindicated, 0 caution, 4 with no flagged contraindication."
    )


def test_dock(qtbot):
    panel = PatientPanel()
    dock = make_patient_dock(panel)
    qtbot.addWidget(dock)
    assert dock.objectName() == "patientContext"
    assert dock.windowTitle() == "Patient context"
    assert dock.widget().widget() is panel
