from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.catalog.loader import load_catalog
from app.catalog.model import DOSE_UNITS, Dose, FrequencyBand
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
