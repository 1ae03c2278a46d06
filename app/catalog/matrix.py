"""The class comparison matrix as pure data: shown agents (columns) x side effects (rows). No Qt.

Rows are grouped by body system in the vocabulary's order of systems, and within a system
follow the order of the side-effect vocabulary. Each cell is what one agent's monograph says
about one effect: band (None when the agent does not list it), incidence vs placebo, refs,
note. "Not listed" is never "does not occur": every text form says "Not listed", not blank.

Also here, so the Qt view stays thin: the words for a cell (short, full and for a screen
reader or tooltip), the CSV export, and the band palette (colour-blind safe, one for light
and one for dark backgrounds) as plain hex data.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from app.catalog.model import (
    Agent,
    BodySystem,
    Catalog,
    FrequencyBand,
    Reference,
    SideEffect,
)

NOT_LISTED = "Not listed"
#: What a "not listed" cell means, for tooltips and legends.
NOT_LISTED_MEANING = "Not listed in this reference — that does not mean it cannot occur."

#: Short cell words; the legend carries the numbers (verbal labels alone mislead readers).
BAND_SHORT: Mapping[FrequencyBand, str] = {
    FrequencyBand.VERY_COMMON: "Very common",
    FrequencyBand.COMMON: "Common",
    FrequencyBand.UNCOMMON: "Uncommon",
    FrequencyBand.RARE: "Rare",
    FrequencyBand.VERY_RARE: "Very rare",
    FrequencyBand.NOT_KNOWN: "Not known",
}


def _number(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Cell:
    band: FrequencyBand | None
    incidence: float | None = None
    placebo: float | None = None
    refs: tuple[str, ...] = ()
    note: str | None = None

    @property
    def listed(self) -> bool:
        return self.band is not None

    @property
    def short(self) -> str:
        """The word shown in the cell."""
        return BAND_SHORT[self.band] if self.band is not None else NOT_LISTED

    @property
    def text(self) -> str:
        """The band with its numbers, e.g. 'Common (≥1/100 to <1/10)', or 'Not listed'."""
        return self.band.label if self.band is not None else NOT_LISTED

    @property
    def figures(self) -> str | None:
        """'7% vs 1% placebo', '7%', 'placebo 1%' or None."""
        if self.incidence is not None and self.placebo is not None:
            return f"{_number(self.incidence)}% vs {_number(self.placebo)}% placebo"
        if self.incidence is not None:
            return f"{_number(self.incidence)}%"
        if self.placebo is not None:
            return f"placebo {_number(self.placebo)}%"
        return None


EMPTY = Cell(None)


@dataclass(frozen=True)
class Row:
    effect: SideEffect
    system: BodySystem
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Group:
    system: BodySystem
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Matrix:
    agents: tuple[Agent, ...]
    groups: tuple[Group, ...]

    @property
    def rows(self) -> tuple[Row, ...]:
        """All rows, group after group."""
        return tuple(row for group in self.groups for row in group.rows)

    def cell(self, row: int, column: int) -> Cell:
        return self.rows[row].cells[column]


def build_matrix(
    catalog: Catalog,
    agents: Sequence[Agent],
    *,
    effects: Collection[str] | None = None,
    serious_only: bool = False,
    listed_only: bool = True,
) -> Matrix:
    """The matrix for `agents` (in the order given: the list's current order).

    Row limits combine (all must hold): `effects` keeps only those ids; `serious_only` keeps
    effects the vocabulary marks serious; `listed_only` keeps effects at least one shown
    agent lists (at any band, "not known" included). Systems left with no rows are dropped.
    """
    wanted = None if effects is None else frozenset(effects)
    systems = {s.id: s for s in catalog.vocabulary.body_systems}
    listed_by = [{a.effect: a for a in agent.adverse_effects} for agent in agents]
    by_system: dict[str, list[Row]] = {}
    for effect in catalog.vocabulary.side_effects:
        if wanted is not None and effect.id not in wanted:
            continue
        if serious_only and not effect.serious:
            continue
        cells = []
        for listed in listed_by:
            adverse = listed.get(effect.id)
            cells.append(
                EMPTY
                if adverse is None
                else Cell(
                    adverse.frequency,
                    adverse.incidence,
                    adverse.placebo,
                    tuple(adverse.refs),
                    adverse.note,
                )
            )
        if listed_only and not any(c.listed for c in cells):
            continue
        system = systems.get(effect.system) or BodySystem(id=effect.system, label=effect.system)
        by_system.setdefault(effect.system, []).append(Row(effect, system, tuple(cells)))
    groups = tuple(
        Group(system, tuple(by_system[system.id]))
        for system in catalog.vocabulary.body_systems
        if system.id in by_system
    )
    return Matrix(tuple(agents), groups)


# --- Words for one cell -----------------------------------------------------------------------


def short_citation(ref_id: str, references: Mapping[str, Reference]) -> str:
    """'Doe J, Roe R 2020' — enough to find it in the references list; the id if unknown."""
    ref = references.get(ref_id)
    if ref is None:
        return ref_id
    return f"{ref.authors} {ref.year_text}"


def describe_cell(
    matrix: Matrix, row: int, column: int, references: Mapping[str, Reference]
) -> str:
    """The whole cell in words, for tooltips and screen readers (colour never carries it alone).

    'Alphamine — Hallucinations: Common (≥1/100 to <1/10); 7% vs 1% placebo.
     Source: Example Pharma 2024.'
    """
    the_row = matrix.rows[row]
    cell = the_row.cells[column]
    agent = matrix.agents[column]
    head = f"{agent.name} — {the_row.effect.label}"
    if the_row.effect.serious:
        head += " (serious)"
    if not cell.listed:
        return f"{head}: {NOT_LISTED_MEANING}"
    parts = [f"{head}: {cell.text}"]
    if cell.figures:
        parts.append(cell.figures)
    text = "; ".join(parts) + "."
    if cell.note:
        text += f" {cell.note}"
    if cell.refs:
        text += " Source: " + "; ".join(short_citation(r, references) for r in cell.refs) + "."
    return text


# --- CSV ------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_safe(text: str) -> str:
    """Local data could start a cell with '=': spreadsheets would run it as a formula."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(matrix: Matrix) -> str:
    """Header row 'Body system, Side effect, Serious, <agent names>'; band text in the cells,
    'Not listed' where an agent does not list the effect (never blank)."""
    import csv  # here: the window loads this module at every start, and exports rarely
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            _csv_safe(h)
            for h in ("Body system", "Side effect", "Serious", *(a.name for a in matrix.agents))
        ]
    )
    for row in matrix.rows:
        writer.writerow(
            [
                _csv_safe(row.system.label),
                _csv_safe(row.effect.label),
                "yes" if row.effect.serious else "no",
                *(cell.text for cell in row.cells),
            ]
        )
    return out.getvalue()


# --- Palette --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Swatch:
    background: str
    text: str
    #: A hatch line colour: "not known" is drawn hatched, so it never reads as a band.
    hatch: str | None = None


#: The measured bands, least frequent first: the order the lightness runs in.
SCALE = (
    FrequencyBand.VERY_RARE,
    FrequencyBand.RARE,
    FrequencyBand.UNCOMMON,
    FrequencyBand.COMMON,
    FrequencyBand.VERY_COMMON,
)


@dataclass(frozen=True)
class MatrixPalette:
    """Band -> Swatch; the key None is "not listed".

    Sequential in lightness, so order survives every kind of colour-vision deficiency and
    greyscale printing: on light backgrounds more frequent is darker (ColorBrewer YlGnBu,
    lightest class dropped so "very rare" is not mistaken for an empty cell); on dark
    backgrounds more frequent is brighter (viridis, darkest end dropped for the same reason).
    "Not known" is a neutral grey with hatching, outside the scale. Each text colour is the
    one of black/white with the higher contrast on its background.
    """

    swatches: Mapping[FrequencyBand | None, Swatch]
    dark: bool

    def swatch(self, band: FrequencyBand | None) -> Swatch:
        return self.swatches[band]

    def legend(self) -> tuple[tuple[FrequencyBand | None, Swatch, str], ...]:
        """(band, swatch, label with numbers), most frequent first, then not known, not listed."""
        order = (*reversed(SCALE), FrequencyBand.NOT_KNOWN, None)
        return tuple(
            (band, self.swatches[band], band.label if band is not None else NOT_LISTED_MEANING)
            for band in order
        )

    @classmethod
    def light(cls) -> MatrixPalette:
        return cls._make(
            ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494"),
            not_known=("#e0e0e0", "#7a7a7a"),
            not_listed="#ffffff",
            dark=False,
        )

    @classmethod
    def for_dark(cls) -> MatrixPalette:
        return cls._make(
            ("#414487", "#2a788e", "#22a884", "#7ad151", "#fde725"),
            not_known=("#4a4a4a", "#9a9a9a"),
            not_listed="#1e1e1e",
            dark=True,
        )

    @classmethod
    def _make(
        cls,
        scale: tuple[str, ...],
        *,
        not_known: tuple[str, str],
        not_listed: str,
        dark: bool,
    ) -> MatrixPalette:
        swatches: dict[FrequencyBand | None, Swatch] = {
            band: Swatch(colour, readable_text(colour))
            for band, colour in zip(SCALE, scale, strict=True)
        }
        swatches[FrequencyBand.NOT_KNOWN] = Swatch(
            not_known[0], readable_text(not_known[0]), hatch=not_known[1]
        )
        swatches[None] = Swatch(not_listed, readable_text(not_listed))
        return cls(swatches, dark)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of '#rrggbb'."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_text(background: str) -> str:
    return max(("#000000", "#ffffff"), key=lambda text: contrast_ratio(text, background))


def references_by_id(references: Iterable[Reference]) -> dict[str, Reference]:
    return {r.id: r for r in references}
