"""What the clinical data is: immutable pydantic models, validated on load.

Every clinical statement carries `refs` (ids into the references). Cross-file checks
(unknown side-effect or reference ids) need the whole catalog and live in loader.py.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
AtcCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]\d{2}[A-Z]{2}\d{2}$")]
Refs = Annotated[list[Slug], Field(min_length=1)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


# --- Controlled vocabularies ------------------------------------------------------------


class FrequencyBand(StrEnum):
    """EU SmPC / CIOMS frequency bands, most frequent first."""

    VERY_COMMON = "very_common"
    COMMON = "common"
    UNCOMMON = "uncommon"
    RARE = "rare"
    VERY_RARE = "very_rare"
    NOT_KNOWN = "not_known"

    @property
    def label(self) -> str:
        return _BAND_LABELS[self]

    @property
    def rank(self) -> int:
        """Higher is more frequent. NOT_KNOWN has no place on the scale (see query.py)."""
        return _BAND_RANKS[self]


_BAND_LABELS = {
    FrequencyBand.VERY_COMMON: "Very common (≥1/10)",
    FrequencyBand.COMMON: "Common (≥1/100 to <1/10)",
    FrequencyBand.UNCOMMON: "Uncommon (≥1/1,000 to <1/100)",
    FrequencyBand.RARE: "Rare (≥1/10,000 to <1/1,000)",
    FrequencyBand.VERY_RARE: "Very rare (<1/10,000)",
    FrequencyBand.NOT_KNOWN: "Not known (cannot be estimated from the available data)",
}
_BAND_RANKS = {
    FrequencyBand.VERY_COMMON: 5,
    FrequencyBand.COMMON: 4,
    FrequencyBand.UNCOMMON: 3,
    FrequencyBand.RARE: 2,
    FrequencyBand.VERY_RARE: 1,
    FrequencyBand.NOT_KNOWN: 0,
}
#: The bands a reader can choose as a minimum, most frequent first.
MEASURED_BANDS = tuple(b for b in FrequencyBand if b is not FrequencyBand.NOT_KNOWN)


class PainContext(StrEnum):
    ACUTE_POSTOPERATIVE = "acute_postoperative"
    ACUTE_EMERGENCY = "acute_emergency"
    PROCEDURAL = "procedural"
    LABOUR = "labour"
    ANAESTHESIA_ADJUNCT = "anaesthesia_adjunct"
    CHRONIC_POSTSURGICAL_PREVENTION = "chronic_postsurgical_prevention"
    OPIOID_TOLERANCE_OIH = "opioid_tolerance_oih"
    NEUROPATHIC = "neuropathic"
    CRPS = "crps"
    CANCER = "cancer"
    INFLAMMATORY = "inflammatory"
    CHRONIC_NONCANCER = "chronic_noncancer"
    HEADACHE = "headache"
    PALLIATIVE = "palliative"
    VENTILATED_ICU = "ventilated_icu"

    @property
    def label(self) -> str:
        return _CONTEXT_LABELS[self]


_CONTEXT_LABELS = {
    PainContext.ACUTE_POSTOPERATIVE: "Acute / postoperative pain",
    PainContext.ACUTE_EMERGENCY: "Acute pain in the emergency department",
    PainContext.PROCEDURAL: "Procedural pain and sedation",
    PainContext.LABOUR: "Labour analgesia",
    PainContext.ANAESTHESIA_ADJUNCT: "Anaesthesia adjunct (opioid-sparing)",
    PainContext.CHRONIC_POSTSURGICAL_PREVENTION: "Prevention of chronic post-surgical pain",
    PainContext.OPIOID_TOLERANCE_OIH: "Opioid tolerance and opioid-induced hyperalgesia",
    PainContext.NEUROPATHIC: "Neuropathic pain",
    PainContext.CRPS: "Complex regional pain syndrome (CRPS)",
    PainContext.CANCER: "Cancer pain",
    PainContext.INFLAMMATORY: "Inflammatory pain",
    PainContext.CHRONIC_NONCANCER: "Chronic non-cancer pain",
    PainContext.HEADACHE: "Headache and migraine",
    PainContext.PALLIATIVE: "Palliative care",
    PainContext.VENTILATED_ICU: "Analgesia in ventilated intensive-care patients",
}


class Route(StrEnum):
    IV = "iv"
    IM = "im"
    SC = "sc"
    ORAL = "oral"
    SUBLINGUAL = "sublingual"
    BUCCAL = "buccal"
    INTRANASAL = "intranasal"
    RECTAL = "rectal"
    INHALED = "inhaled"
    EPIDURAL = "epidural"
    INTRATHECAL = "intrathecal"
    TOPICAL = "topical"
    TRANSDERMAL = "transdermal"

    @property
    def label(self) -> str:
        return _ROUTE_LABELS[self]


_ROUTE_LABELS = {
    Route.IV: "Intravenous",
    Route.IM: "Intramuscular",
    Route.SC: "Subcutaneous",
    Route.ORAL: "Oral",
    Route.SUBLINGUAL: "Sublingual",
    Route.BUCCAL: "Buccal",
    Route.INTRANASAL: "Intranasal",
    Route.RECTAL: "Rectal",
    Route.INHALED: "Inhaled",
    Route.EPIDURAL: "Epidural",
    Route.INTRATHECAL: "Intrathecal",
    Route.TOPICAL: "Topical",
    Route.TRANSDERMAL: "Transdermal",
}


class Evidence(StrEnum):
    """Strength of evidence for a pain use, in the spirit of GRADE."""

    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    VERY_LOW = "very_low"
    CONFLICTING = "conflicting"
    PRECLINICAL = "preclinical"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Severity(StrEnum):
    """Graded interaction severity, most severe first."""

    CONTRAINDICATED = "contraindicated"
    AVOID = "avoid"
    MONITOR = "monitor"
    MINOR = "minor"

    @property
    def label(self) -> str:
        return {
            "contraindicated": "Contraindicated",
            "avoid": "Avoid or use only with specialist advice",
            "monitor": "Monitor / adjust dose",
            "minor": "Minor",
        }[self.value]


class PatientFactor(StrEnum):
    """Patient factors a contraindication, caution or interaction can concern."""

    RENAL_MILD = "renal_mild"
    RENAL_MODERATE = "renal_moderate"
    RENAL_SEVERE = "renal_severe"
    RENAL_FAILURE = "renal_failure"
    HEPATIC_IMPAIRMENT = "hepatic_impairment"
    PREGNANCY = "pregnancy"
    BREASTFEEDING = "breastfeeding"
    AGE_65_PLUS = "age_65_plus"
    PSYCHOSIS_HISTORY = "psychosis_history"
    HYPERTENSION_CVD = "hypertension_cvd"
    RAISED_ICP_IOP = "raised_icp_iop"
    QT_RISK = "qt_risk"
    SEROTONERGIC_MAOI = "serotonergic_maoi"
    CYP2D6_INHIBITORS = "cyp2d6_inhibitors"
    SEIZURE_DISORDER = "seizure_disorder"
    SUBSTANCE_USE_DISORDER = "substance_use_disorder"
    MYASTHENIA_GRAVIS = "myasthenia_gravis"
    RESPIRATORY_DISEASE = "respiratory_disease"

    @property
    def label(self) -> str:
        return _FACTOR_LABELS[self]


_FACTOR_LABELS = {
    PatientFactor.RENAL_MILD: "Renal impairment, mild (CrCl 50–80 mL/min)",
    PatientFactor.RENAL_MODERATE: "Renal impairment, moderate (CrCl 30–49 mL/min)",
    PatientFactor.RENAL_SEVERE: "Renal impairment, severe (CrCl 15–29 mL/min)",
    PatientFactor.RENAL_FAILURE: "Renal failure (CrCl <15 mL/min or dialysis)",
    PatientFactor.HEPATIC_IMPAIRMENT: "Hepatic impairment",
    PatientFactor.PREGNANCY: "Pregnancy",
    PatientFactor.BREASTFEEDING: "Breastfeeding",
    PatientFactor.AGE_65_PLUS: "Age 65 or over",
    PatientFactor.PSYCHOSIS_HISTORY: "History of psychosis",
    PatientFactor.HYPERTENSION_CVD: "Uncontrolled hypertension or cardiovascular disease",
    PatientFactor.RAISED_ICP_IOP: "Raised intracranial or intraocular pressure",
    PatientFactor.QT_RISK: "QT prolongation or QT-prolonging drugs",
    PatientFactor.SEROTONERGIC_MAOI: "MAOIs or serotonergic drugs",
    PatientFactor.CYP2D6_INHIBITORS: "CYP2D6 inhibitors",
    PatientFactor.SEIZURE_DISORDER: "Seizure disorder",
    PatientFactor.SUBSTANCE_USE_DISORDER: "Substance use disorder",
    PatientFactor.MYASTHENIA_GRAVIS: "Myasthenia gravis",
    PatientFactor.RESPIRATORY_DISEASE: "Respiratory disease or respiratory depression",
}


#: Units a dose may be written in. Explicit on purpose: mg/kg, mg/kg/h and mg/h must never blur.
DoseUnit = Literal[
    "mg",
    "mg/kg",
    "mg/kg/h",
    "mg/kg/min",
    "mg/h",
    "mg/day",
    "mg/kg/day",
    "microgram",
    "microgram/kg",
    "microgram/kg/h",
    "microgram/kg/min",
    "g",
    "g/h",
    "mmol",
    "mmol/h",
    "mL/kg",
    "% v/v",
]
DOSE_UNITS: tuple[str, ...] = get_args(DoseUnit)
_AMOUNT = re.compile(r"^(?:up to |≤ ?)?\d+(?:\.\d+)?(?: ?(?:–|to) ?\d+(?:\.\d+)?)?$")


# --- Building blocks --------------------------------------------------------------------


class Statement(Frozen):
    """One cited clinical statement."""

    text: Text
    refs: Refs


class FactorStatement(Statement):
    """A contraindication or caution, tagged with the patient factors it concerns."""

    factors: list[PatientFactor] = []


class BrandName(Frozen):
    name: ShortText
    markets: list[ShortText] = []


class Mechanism(Frozen):
    nmda_site: Text
    block: Text
    relative_affinity: Text | None = None
    other_targets: Text | None = None
    refs: Refs


class RegulatoryStatus(Frozen):
    licensed_indications: list[Statement] = []
    off_label_pain: bool
    investigational: bool = False
    note: Statement | None = None
    controlled_drug: Statement | None = None


class PainUse(Frozen):
    context: PainContext
    evidence: Evidence
    summary: Text
    refs: Refs


class Dose(Frozen):
    """One dose. Pain doses name their `context`; a label's dose for a non-pain licence (shown
    for reference, because pain trials borrowed it) names `licensed_indication` instead."""

    context: PainContext | None = None
    licensed_indication: ShortText | None = None
    route: Route
    population: ShortText
    kind: Literal["bolus", "loading", "infusion", "maintenance", "titration", "single", "other"]
    amount: ShortText
    unit: DoseUnit
    frequency: ShortText | None = None
    maximum: ShortText | None = None
    salt_or_base: ShortText | None = None
    note: Text | None = None
    refs: Refs

    @model_validator(mode="after")
    def _pain_context_or_licensed_indication(self) -> Dose:
        if (self.context is None) == (self.licensed_indication is None):
            raise ValueError(
                "give exactly one of 'context' (a pain dose) or 'licensed_indication' "
                "(a licensed non-pain dose shown for reference)"
            )
        return self

    @property
    def heading(self) -> str:
        if self.context is not None:
            return self.context.label
        return f"Licensed for {self.licensed_indication} — NOT a pain dose (for reference)"

    @field_validator("amount")
    @classmethod
    def _amount_is_a_number_or_range(cls, value: str) -> str:
        if not _AMOUNT.match(value):
            raise ValueError(
                "amount must be a number or range such as '0.5', '0.1–0.5' or 'up to 1' "
                "(the unit goes in 'unit')"
            )
        return value


class AdverseEffect(Frozen):
    effect: Slug
    frequency: FrequencyBand
    incidence: Annotated[float, Field(ge=0, le=100)] | None = None
    placebo: Annotated[float, Field(ge=0, le=100)] | None = None
    note: Text | None = None
    refs: Refs


class Interaction(Frozen):
    with_: Annotated[ShortText, Field(alias="with")]
    severity: Severity
    mechanism: Text
    effect: Text
    management: Text | None = None
    factors: list[PatientFactor] = []
    refs: Refs

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class SpecialPopulations(Frozen):
    renal: list[Statement] = []
    hepatic: list[Statement] = []
    pregnancy: list[Statement] = []
    lactation: list[Statement] = []
    older_adults: list[Statement] = []
    children: list[Statement] = []


class Pharmacokinetics(Frozen):
    bioavailability: Statement | None = None
    onset: Statement | None = None
    duration: Statement | None = None
    half_life: Statement | None = None
    metabolism: Statement | None = None
    elimination: Statement | None = None


# --- Top-level documents ----------------------------------------------------------------


class Agent(Frozen):
    id: Slug
    name: ShortText
    last_reviewed: dt.date
    brand_names: list[BrandName] = []
    synonyms: list[ShortText] = []
    drug_class: ShortText
    summary: Statement | None = None
    mechanism: Mechanism
    status: RegulatoryStatus
    atc_codes: list[AtcCode] = []
    routes: Annotated[list[Route], Field(min_length=1)]
    pain_uses: list[PainUse] = []
    dosing: list[Dose] = []
    adverse_effects: list[AdverseEffect] = []
    contraindications: list[FactorStatement] = []
    cautions: list[FactorStatement] = []
    interactions: list[Interaction] = []
    monitoring: list[Statement] = []
    special_populations: SpecialPopulations = SpecialPopulations()
    pharmacokinetics: Pharmacokinetics = Pharmacokinetics()
    key_evidence: list[Statement] = []
    source_conflicts: list[Statement] = []
    #: Which data folder this agent came from; set by the loader, never by the YAML.
    origin: str = ""
    #: The id of the bundled agent this one replaces (local formularies); set by the loader.
    replaces: str | None = None

    @property
    def is_investigational(self) -> bool:
        return self.status.investigational

    @property
    def is_off_label(self) -> bool:
        return self.status.off_label_pain


class BodySystem(Frozen):
    id: Slug
    label: ShortText


class SideEffect(Frozen):
    id: Slug
    label: ShortText
    system: Slug
    synonyms: list[ShortText] = []
    serious: bool = False


class Vocabulary(Frozen):
    body_systems: Annotated[list[BodySystem], Field(min_length=1)]
    side_effects: Annotated[list[SideEffect], Field(min_length=1)]


class ReferenceKind(StrEnum):
    REVIEW = "review"
    GUIDELINE = "guideline"
    LABEL = "label"
    TRIAL = "trial"
    META_ANALYSIS = "meta_analysis"
    TEXTBOOK = "textbook"
    OTHER = "other"


class Reference(Frozen):
    id: Slug
    kind: ReferenceKind
    authors: ShortText
    title: Text
    source: ShortText  # journal, publisher or regulator
    year: Annotated[int, Field(ge=1900, le=2100)]
    volume_pages: ShortText | None = None
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    pmid: Annotated[str, StringConstraints(pattern=r"^\d{1,9}$")] | None = None
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None
    #: For the seed article's references: the citation exactly as printed there.
    as_printed: Text | None = None
    note: Text | None = None
    #: Date a label or web source was accessed (labels change).
    accessed: dt.date | None = None


class ReferenceList(Frozen):
    references: list[Reference]


class OverviewTopic(Frozen):
    id: Slug
    kind: Literal["mechanism", "context", "safety", "research"]
    title: ShortText
    text: Text
    refs: Refs


class Overview(Frozen):
    title: ShortText
    summary: Statement
    topics: list[OverviewTopic]


class Manifest(Frozen):
    data_version: ShortText
    data_date: dt.date
    disclaimer: Text
    licence: Text
    attribution: Text
    source_article: Slug | None = None


class Catalog(Frozen):
    """The validated whole: everything the app shows. Immutable."""

    manifest: Manifest
    agents: tuple[Agent, ...]
    vocabulary: Vocabulary
    references: tuple[Reference, ...]
    overview: Overview | None = None
