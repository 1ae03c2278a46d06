from __future__ import annotations

import dataclasses
import pickle

import pytest
from pydantic import ValidationError

from app.catalog.loader import load_catalog
from app.catalog.model import (
    DOSE_UNITS,
    BodySystem,
    BrandName,
    Dose,
    FrequencyBand,
    SpecialPopulations,
    Statement,
)
from app.catalog.render import render_monograph

DOSE = {
    "route": "oral",
    "population": "Adults",
    "kind": "titration",
    "amount": "5",
    "unit": "mg",
    "refs": ["label-alpha"],
}


def test_bands_are_ordered_and_labelled_with_their_numbers():
    ranks = [b.rank for b in FrequencyBand]
    assert ranks == sorted(ranks, reverse=True)
    assert FrequencyBand.COMMON.label == "Common (≥1/100 to <1/10)"


def test_dose_units_are_listed_once_and_explicit():
    assert "mg/kg" in DOSE_UNITS and "mg/kg/h" in DOSE_UNITS
    assert len(set(DOSE_UNITS)) == len(DOSE_UNITS)


@pytest.mark.parametrize(
    "extra",
    [{}, {"context": "neuropathic", "licensed_indication": "Alzheimer's dementia"}],
)
def test_a_dose_names_a_pain_context_or_a_licensed_indication_never_both(extra):
    with pytest.raises(ValidationError, match="give exactly one of 'context'"):
        Dose.model_validate({**DOSE, **extra})


def test_licensed_non_pain_doses_are_headed_as_such_and_listed_after_pain_doses(good_dir):
    catalog = load_catalog(good_dir).catalog
    alpha = catalog.agents[0]
    reference = Dose.model_validate({**DOSE, "licensed_indication": "dementia"})
    agent = alpha.model_copy(update={"dosing": [reference, *alpha.dosing]})
    page = render_monograph(agent, catalog)
    heading = "Licensed for dementia — NOT a pain dose (for reference)"
    assert heading in page
    assert page.index("Acute / postoperative pain") < page.index(heading)


# --- The record machinery written once in Record (not generated per class) ---------------


def test_records_cannot_be_changed_after_they_are_made(good_dir):
    agent = load_catalog(good_dir).catalog.agents[0]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot assign to field 'name'"):
        agent.name = "Other"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError, match="cannot delete field 'name'"):
        del agent.name  # type: ignore[misc]


def test_records_made_in_code_check_their_fields_and_run_their_own_checks():
    with pytest.raises(TypeError, match=r"^Statement\(\) missing required field 'refs'$"):
        Statement(text="x")
    with pytest.raises(TypeError, match=r"^Statement\(\) got unexpected field 'ref'$"):
        Statement(text="x", refs=["a"], ref=["a"])
    with pytest.raises(ValueError, match="give exactly one of 'context'"):
        Dose(**{**DOSE, "context": None})  # __post_init__ runs for records made in code too
    first, second = SpecialPopulations(), SpecialPopulations()
    assert first.renal == [] and first.renal is not second.renal  # a fresh list each
    assert Statement(text="x", refs=["a"]) == Statement(text="x", refs=["a"])
    assert hash(BodySystem(id="cns", label="CNS")) == hash(BodySystem(id="cns", label="CNS"))
    assert BodySystem(id="cns", label="CNS") != BodySystem(id="cns", label="Nervous system")
    assert repr(BrandName(name="Ketalar")) == "BrandName(name='Ketalar', markets=[])"


def test_a_catalog_survives_a_pickle_round_trip_unchanged(good_dir):
    catalog = load_catalog(good_dir).catalog
    copy = pickle.loads(pickle.dumps(catalog, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy == catalog and copy is not catalog
    assert copy.agents[0].dosing == catalog.agents[0].dosing
    with pytest.raises(dataclasses.FrozenInstanceError):
        copy.agents[0].name = "Other"  # type: ignore[misc]
