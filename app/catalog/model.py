"""What the clinical data is: immutable records, validated by pydantic when read from YAML.

The records are plain frozen dataclasses, so the window can start from a validated snapshot
(snapshot.py) without importing pydantic at all. Their field types carry the validation
rules as `Annotated` markers that pydantic reads through its documented
`__get_pydantic_core_schema__` hook; pydantic itself is imported only by validation.py, when
data is actually validated.

Every clinical statement carries `refs` (ids into the references). Cross-file checks
(unknown side-effect or reference ids) need the whole catalog and live in loader.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from enum import StrEnum
from operator import attrgetter
from typing import Annotated, Any, ClassVar, Literal, Self, TypeVar, get_args


class Limits:
    """Validation limits for the annotated type: pydantic core-schema keys such as `pattern`,
    `min_length`, `max_length`, `strip_whitespace`, `ge`, `le`."""

    __slots__ = ("limits",)

    def __init__(self, **limits: Any):
        self.limits = limits

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        return {**handler(source), **self.limits}


class Check:
    """A validation function for the annotated value: returns it, or raises ValueError with
    the message a data author sees (reported at that value's line and column)."""

    __slots__ = ("function",)

    def __init__(self, function: Callable[[Any], Any]):
        self.function = function

    def __get_pydantic_core_schema__(self, source: Any, handler: Callable[[Any], Any]) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.function, handler(source))


Slug = Annotated[str, Limits(pattern=r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, Limits(strip_whitespace=True, min_length=1, max_length=4000)]
ShortText = Annotated[str, Limits(strip_whitespace=True, min_length=1, max_length=300)]
AtcCode = Annotated[str, Limits(pattern=r"^[A-Z]\d{2}[A-Z]{2}\d{2}$")]
Refs = Annotated[list[Slug], Limits(min_length=1)]
Percent = Annotated[float, Limits(ge=0, le=100)]

#: The pydantic config of every record: unknown keys are errors, text is stripped.
RECORD_CONFIG = {"extra": "forbid", "str_strip_whitespace": True}

R = TypeVar("R")


def record(cls: type[R]) -> type[R]:
    """Makes a record class: immutable, compact, fields named at construction.

    A dataclass for pydantic and `dataclasses.fields`, but without the methods dataclasses
    compile per class (__init__, and __setattr__/__delattr__ for frozen ones; repr, == and
    hash too): Record writes each of them once. The window imports this module before its
    first paint, and compiling those methods was two thirds of its import time.
    """
    cls.__doc__ = cls.__doc__ or f"A {cls.__name__} record."  # else dataclass inspects a signature
    made = dataclasses.dataclass(
        init=False, repr=False, eq=False, slots=True, kw_only=True  # frozen: see Record
    )(cls)
    fields = dataclasses.fields(made)
    made._plan = tuple((f.name, f.default, f.default_factory) for f in fields)  # type: ignore[attr-defined]
    # The field values as a tuple, read in C: ==, hash, repr and pickling all start here
    # (writing the snapshot of 5,000 agents reads about 430,000 records).
    names = [f.name for f in fields]
    made._read_values = (  # type: ignore[attr-defined]
        attrgetter(*names) if len(names) > 1 else lambda record: (getattr(record, names[0]),)
    )
    # Each field's slot writer, for unpickling a snapshot (about 1,100 records per start).
    made._slot_setters = tuple(  # type: ignore[attr-defined]
        getattr(made, f.name).__set__ for f in fields
    )
    return made


def listed() -> Any:
    """An empty-list default (a fresh list per record; dataclasses forbid a shared `[]`)."""
    return dataclasses.field(default_factory=list)


_MISSING = dataclasses.MISSING


class Record:
    """Base of every record: construction, immutability, repr, == and hash written once, and
    the few pydantic-style methods the app and tests use.

    pydantic builds records without calling __init__ (it sets each slot, then calls
    __post_init__), so these are for records made in code: the loader's copies, and tests.
    """

    __slots__ = ()
    __pydantic_config__: ClassVar[dict[str, Any]] = RECORD_CONFIG
    #: (name, default, default_factory) of each field, in order; set by @record.
    _plan: ClassVar[tuple[tuple[str, Any, Any], ...]] = ()
    _slot_setters: ClassVar[tuple[Callable[[Any, Any], None], ...]] = ()
    _read_values: ClassVar[Callable[[Any], tuple[Any, ...]]]

    def __init__(self, **values: Any) -> None:
        for name, default, factory in self._plan:
            if name in values:
                value = values.pop(name)
            elif default is not _MISSING:
                value = default
            elif factory is not _MISSING:
                value = factory()
            else:
                raise TypeError(f"{type(self).__name__}() missing required field {name!r}")
            object.__setattr__(self, name, value)
        if values:
            raise TypeError(f"{type(self).__name__}() got unexpected field {next(iter(values))!r}")
        post_init = getattr(self, "__post_init__", None)
        if post_init is not None:
            post_init()

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __getstate__(self) -> tuple[Any, ...]:
        return self._values()

    def __setstate__(self, state: tuple[Any, ...]) -> None:
        for set_slot, value in zip(self._slot_setters, state, strict=True):
            set_slot(self, value)

    def _values(self) -> tuple[Any, ...]:
        return type(self)._read_values(self)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name, _, _ in self._plan)
        return f"{type(self).__name__}({shown})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self), self._values()))

    @classmethod
    def model_validate(cls, data: Any) -> Self:
        """Validate plain data (as read from YAML) into this record; raises ValidationError."""
        from app.catalog.validation import validate

        return validate(cls, data)

    def model_copy(self, *, update: dict[str, Any] | None = None) -> Self:
        """A copy with some fields replaced (not re-validated, as in pydantic)."""
        return dataclasses.replace(self, **(update or {}))

    def model_dump(self, **options: Any) -> Any:
        """Plain data, as pydantic's `dump_python` gives it (e.g. mode="json", by_alias=True)."""
        from app.catalog.validation import dump

        return dump(self, **options)


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


def _amount_is_a_number_or_range(value: str) -> str:
    if not _AMOUNT.match(value):
        raise ValueError(
            "amount must be a number or range such as '0.5', '0.1–0.5' or 'up to 1' "
            "(the unit goes in 'unit')"
        )
    return value


Amount = Annotated[ShortText, Check(_amount_is_a_number_or_range)]


# --- Building blocks --------------------------------------------------------------------


@record
class Statement(Record):
    """One cited clinical statement."""

    text: Text
    refs: Refs


@record
class FactorStatement(Statement):
    """A contraindication or caution, tagged with the patient factors it concerns."""

    factors: list[PatientFactor] = listed()


@record
class BrandName(Record):
    name: ShortText
    markets: list[ShortText] = listed()


@record
class Mechanism(Record):
    nmda_site: Text
    block: Text
    relative_affinity: Text | None = None
    other_targets: Text | None = None
    refs: Refs


@record
class RegulatoryStatus(Record):
    licensed_indications: list[Statement] = listed()
    off_label_pain: bool
    investigational: bool = False
    note: Statement | None = None
    controlled_drug: Statement | None = None


@record
class PainUse(Record):
    context: PainContext
    evidence: Evidence
    summary: Text
    refs: Refs


@record
class Dose(Record):
    """One dose. Pain doses name their `context`; a label's dose for a non-pain licence (shown
    for reference, because pain trials borrowed it) names `licensed_indication` instead."""

    context: PainContext | None = None
    licensed_indication: ShortText | None = None
    route: Route
    population: ShortText
    kind: Literal["bolus", "loading", "infusion", "maintenance", "titration", "single", "other"]
    amount: Amount
    unit: DoseUnit
    frequency: ShortText | None = None
    maximum: ShortText | None = None
    salt_or_base: ShortText | None = None
    note: Text | None = None
    refs: Refs

    def __post_init__(self) -> None:
        if (self.context is None) == (self.licensed_indication is None):
            raise ValueError(
                "give exactly one of 'context' (a pain dose) or 'licensed_indication' "
                "(a licensed non-pain dose shown for reference)"
            )

    @property
    def heading(self) -> str:
        if self.context is not None:
            return self.context.label
        return f"Licensed for {self.licensed_indication} — NOT a pain dose (for reference)"


@record
class AdverseEffect(Record):
    effect: Slug
    frequency: FrequencyBand
    incidence: Percent | None = None
    placebo: Percent | None = None
    note: Text | None = None
    refs: Refs


@record
class Interaction(Record):
    #: Written `with:` in the data (a Python keyword, hence the underscore here).
    with_: ShortText
    severity: Severity
    mechanism: Text
    effect: Text
    management: Text | None = None
    factors: list[PatientFactor] = listed()
    refs: Refs

    __pydantic_config__: ClassVar[dict[str, Any]] = {
        **RECORD_CONFIG,
        "alias_generator": lambda name: "with" if name == "with_" else name,
    }


@record
class SpecialPopulations(Record):
    renal: list[Statement] = listed()
    hepatic: list[Statement] = listed()
    pregnancy: list[Statement] = listed()
    lactation: list[Statement] = listed()
    older_adults: list[Statement] = listed()
    children: list[Statement] = listed()


@record
class Pharmacokinetics(Record):
    bioavailability: Statement | None = None
    onset: Statement | None = None
    duration: Statement | None = None
    half_life: Statement | None = None
    metabolism: Statement | None = None
    elimination: Statement | None = None


# --- Top-level documents ----------------------------------------------------------------


@record
class Agent(Record):
    id: Slug
    name: ShortText
    last_reviewed: dt.date
    brand_names: list[BrandName] = listed()
    synonyms: list[ShortText] = listed()
    drug_class: ShortText
    summary: Statement | None = None
    mechanism: Mechanism
    status: RegulatoryStatus
    atc_codes: list[AtcCode] = listed()
    routes: Annotated[list[Route], Limits(min_length=1)]
    pain_uses: list[PainUse] = listed()
    dosing: list[Dose] = listed()
    adverse_effects: list[AdverseEffect] = listed()
    contraindications: list[FactorStatement] = listed()
    cautions: list[FactorStatement] = listed()
    interactions: list[Interaction] = listed()
    monitoring: list[Statement] = listed()
    special_populations: SpecialPopulations = dataclasses.field(default_factory=SpecialPopulations)
    pharmacokinetics: Pharmacokinetics = dataclasses.field(default_factory=Pharmacokinetics)
    key_evidence: list[Statement] = listed()
    source_conflicts: list[Statement] = listed()
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


@record
class BodySystem(Record):
    id: Slug
    label: ShortText


@record
class SideEffect(Record):
    id: Slug
    label: ShortText
    system: Slug
    synonyms: list[ShortText] = listed()
    serious: bool = False


@record
class Vocabulary(Record):
    body_systems: Annotated[list[BodySystem], Limits(min_length=1)]
    side_effects: Annotated[list[SideEffect], Limits(min_length=1)]


class ReferenceKind(StrEnum):
    REVIEW = "review"
    GUIDELINE = "guideline"
    LABEL = "label"
    TRIAL = "trial"
    META_ANALYSIS = "meta_analysis"
    TEXTBOOK = "textbook"
    OTHER = "other"


@record
class Reference(Record):
    id: Slug
    kind: ReferenceKind
    authors: ShortText
    title: Text
    source: ShortText  # journal, publisher or regulator
    #: None for an undated source (many label copies show no revision date): cited "n.d.",
    #: never a guessed year.
    year: Annotated[int, Limits(ge=1900, le=2100)] | None = None
    volume_pages: ShortText | None = None
    doi: Annotated[str, Limits(pattern=r"^10\.\d{4,9}/\S+$")] | None = None
    pmid: Annotated[str, Limits(pattern=r"^\d{1,9}$")] | None = None
    url: Annotated[str, Limits(pattern=r"^https?://\S+$")] | None = None
    #: For the seed article's references: the citation exactly as printed there.
    as_printed: Text | None = None
    note: Text | None = None
    #: Date a label or web source was accessed (labels change).
    accessed: dt.date | None = None

    @property
    def year_text(self) -> str:
        """The year as cited: "n.d." (no date) for an undated source."""
        return "n.d." if self.year is None else str(self.year)


@record
class ReferenceList(Record):
    references: list[Reference]


@record
class OverviewTopic(Record):
    id: Slug
    kind: Literal["mechanism", "context", "safety", "research"]
    title: ShortText
    text: Text
    refs: Refs


@record
class Overview(Record):
    title: ShortText
    summary: Statement
    topics: list[OverviewTopic]


@record
class Manifest(Record):
    data_version: ShortText
    data_date: dt.date
    disclaimer: Text
    licence: Text
    attribution: Text
    source_article: Slug | None = None


@record
class Catalog(Record):
    """The validated whole: everything the app shows. Immutable."""

    manifest: Manifest
    agents: tuple[Agent, ...]
    vocabulary: Vocabulary
    references: tuple[Reference, ...]
    overview: Overview | None = None
