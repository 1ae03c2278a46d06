"""One monograph (or the class overview) -> a self-contained HTML document. Pure: no Qt.

The HTML targets Qt's rich-text engine (QTextBrowser: HTML 4 + a CSS 2.1 subset), so it uses
tables for boxes and grids, `<a name>` anchors for in-page links and inline styles for every
colour that carries meaning (Qt's support for class selectors is partial, and a colour that
silently fails to apply must never hide a contraindication). Meaning never rests on colour
alone: every box and mark also carries a text marker.

Safety: every piece of data text passes through `escape_html` (as html.escape, quote=True);
links are only ever built from http(s) URLs, DOIs and PMIDs, and are escaped as well.
Palette colours are checked to be plain hex colours before they reach a style attribute.

Citations are numbered per page in order of first use; the references list at the bottom
carries the anchors `ref-<id>` that the superscript numbers link to.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, fields
from urllib.parse import quote, urlsplit

from app.catalog.model import (
    Agent,
    Catalog,
    FactorStatement,
    FrequencyBand,
    Reference,
    Severity,
    SideEffect,
    Statement,
)
from app.catalog.query import lists_effect
from app.catalog.report import BUNDLED

#: What an empty section says. Never let a missing section read as "no problem".
NO_INFORMATION = "No information in this reference — check the product label."
HIGHLIGHT_MARKER = "◆ matches filter"
CONTRAINDICATION_MARKER = "✖"
CAUTION_MARKER = "⚠"
SERIOUS_MARKER = "serious"

#: (anchor, contents-bar title) in the fixed clinical order of a monograph.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("sec-summary", "Summary"),
    ("sec-status", "Status"),
    ("sec-mechanism", "Mechanism"),
    ("sec-pain-uses", "Pain uses"),
    ("sec-dosing", "Dosing"),
    ("sec-adverse-effects", "Adverse effects"),
    ("sec-contraindications", "Contraindications & cautions"),
    ("sec-interactions", "Interactions"),
    ("sec-monitoring", "Monitoring"),
    ("sec-special-populations", "Special populations"),
    ("sec-pharmacokinetics", "Pharmacokinetics"),
    ("sec-evidence", "Evidence"),
    ("sec-source-conflicts", "Source conflicts"),
    ("sec-references", "References"),
)
_SECTION_TITLES = dict(SECTIONS)

#: Table width. Qt adds collapsed borders on top of a 100% width and then scrolls sideways
#: by two pixels; 99% leaves room for them.
_FULL = "99%"
_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


@dataclass(frozen=True)
class RenderPalette:
    """The colours a page is drawn with; the window may derive them from the system palette.

    Every field must be a hex colour ("#rgb" or "#rrggbb"): they are written into style
    attributes, so anything else is refused rather than escaped into a broken style.
    """

    text: str
    background: str
    muted: str
    link: str
    border: str
    header_background: str
    contraindication_background: str
    contraindication_border: str
    caution_background: str
    caution_border: str
    highlight_background: str
    highlight_text: str
    badge_off_label_background: str
    badge_off_label_text: str
    badge_investigational_background: str
    badge_investigational_text: str
    badge_local_background: str
    badge_local_text: str
    serious_text: str

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if not isinstance(value, str) or not _HEX_COLOUR.match(value):
                raise ValueError(
                    f"palette colour {field.name} must be '#rgb' or '#rrggbb', not {value!r}"
                )

    @classmethod
    def light(cls) -> RenderPalette:
        return cls(
            text="#1a1a1a",
            background="#ffffff",
            muted="#5c5c5c",
            link="#0b57d0",
            border="#c4c4c4",
            header_background="#eef1f5",
            contraindication_background="#fde8e8",
            contraindication_border="#b3261e",
            caution_background="#fff4d6",
            caution_border="#8a5700",
            highlight_background="#fff176",
            highlight_text="#000000",
            badge_off_label_background="#e8def8",
            badge_off_label_text="#3b1e6e",
            badge_investigational_background="#ffdad6",
            badge_investigational_text="#7a1010",
            badge_local_background="#d3ecd5",
            badge_local_text="#124a18",
            serious_text="#b3261e",
        )

    @classmethod
    def dark(cls) -> RenderPalette:
        return cls(
            text="#e6e6e6",
            background="#1e1f22",
            muted="#a8a8a8",
            link="#8ab4f8",
            border="#4a4d52",
            header_background="#2b2d31",
            contraindication_background="#4a1c1c",
            contraindication_border="#f28b82",
            caution_background="#42350f",
            caution_border="#fdd663",
            highlight_background="#6b5d00",
            highlight_text="#ffffff",
            badge_off_label_background="#4a3a6b",
            badge_off_label_text="#eaddff",
            badge_investigational_background="#6b2a24",
            badge_investigational_text="#ffdad6",
            badge_local_background="#1f4a24",
            badge_local_text="#c8f0cb",
            serious_text="#f28b82",
        )


#: What html.escape(quote=True) replaces, and with what: one pass with str.translate. The
#: stdlib `html` package imports html.entities (a 2,000-entry table, 0.6 MiB and 2 ms) for
#: unescaping, which the window never does; its first paint needs only this.
_HTML_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
)


def escape_html(text: object) -> str:
    """`str(text)` made safe for HTML text and attribute values, exactly as html.escape."""
    return str(text).translate(_HTML_ESCAPES)


_esc = escape_html


# Qt's text layout may break a line at a slash or a space, and a dose could then read
# "0.35 mg/" | "kg" (misread as 0.35 mg) or, in a dosing cell, "100" | "mg". A word joiner after
# a unit's slash (everywhere) and a no-break space between a number and its unit (in dosing
# cells) keep them whole; the monograph pane strips the joiners again from copied text.
WORD_JOINER = "\u2060"
# Each branch starts with its literal character (lookbehinds after it), so the regex engine
# skips ahead to the next "<", "/" or space: this runs over every statement of a monograph.
_TAG = r"(<[^>]*>)"
_SLASH = r"/(?<=[A-Za-zµ]/)(?=[A-Za-zµ0-9])"  # mg/kg, kg/h, mg/24 h
_NUMBER_SPACE = (
    r" (?<=\d )(?=(?:mg|mcg|µg|g|kg|mL|ml|L|mmol|mEq|units?|IU|h|hours?|min|minutes|days?)\b)"
)
_UNIT_SLASHES = re.compile(f"{_TAG}|{_SLASH}")
_DOSE_BREAKS = re.compile(f"{_TAG}|{_SLASH}|{_NUMBER_SPACE}")


def _unit_join(match: re.Match[str]) -> str:
    if match.group(1):
        return match.group(1)
    return "/" + WORD_JOINER if match.group(0) == "/" else "&nbsp;"


def keep_units_whole(text_html: str, dose_cell: bool = False) -> str:
    """`text_html` with its units' slashes unbreakable, and in a dosing cell also the space
    between a number and its unit (see above); tags are left alone."""
    return (_DOSE_BREAKS if dose_cell else _UNIT_SLASHES).sub(_unit_join, text_html)


def safe_href(url: str) -> str | None:
    """An escaped href for an http(s) URL with a host, or None for anything else."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    if any(c.isspace() or ord(c) < 32 for c in url.strip()):
        return None
    return _esc(url.strip())


def _link(url: str, text: str | None = None) -> str:
    """A link for a safe URL; otherwise the escaped text alone (never a dangerous href)."""
    href = safe_href(url)
    label = _esc(text if text is not None else url)
    return f'<a href="{href}">{label}</a>' if href else label


def doi_url(doi: str) -> str:
    return "https://doi.org/" + quote(doi, safe="/:;()._-")


def _sentence(text: str) -> str:
    """Text ending in a full stop, without doubling one already there ("Inc." or "?")."""
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _number(value: float) -> str:
    """7.0 -> '7', 0.25 -> '0.25' (percentages read as written on the label)."""
    return f"{value:g}"


class _Citations:
    """Numbers references in order of first use on one page."""

    def __init__(self, references: Iterable[Reference]):
        self._by_id = {r.id: r for r in references}
        self._order: dict[str, int] = {}

    def cite(self, refs: Sequence[str]) -> str:
        if not refs:
            return ""
        links = []
        for ref_id in dict.fromkeys(refs):
            number = self._order.setdefault(ref_id, len(self._order) + 1)
            links.append(f'<a href="#ref-{_esc(ref_id)}">{number}</a>')
        return f'<sup class="cite">[{",".join(links)}]</sup>'

    def used(self) -> list[tuple[int, str, Reference | None]]:
        return [(n, ref_id, self._by_id.get(ref_id)) for ref_id, n in self._order.items()]


class _Page:
    """Shared building blocks for one HTML page: palette, citations, escaping helpers."""

    def __init__(self, catalog: Catalog, palette: RenderPalette):
        self.catalog = catalog
        self.p = palette
        self.citations = _Citations(catalog.references)
        self.out: list[str] = []

    # -- small pieces --------------------------------------------------------------------

    def cite(self, refs: Sequence[str]) -> str:
        return self.citations.cite(refs)

    def statement(self, statement: Statement) -> str:
        return f"{keep_units_whole(_esc(statement.text))}{self.cite(statement.refs)}"

    def muted(self, text_html: str) -> str:
        return f'<span class="muted" style="color:{self.p.muted}">{text_html}</span>'

    def empty(self) -> str:
        return f'<p class="empty" style="color:{self.p.muted}"><i>{_esc(NO_INFORMATION)}</i></p>'

    def badge(self, css_class: str, text: str, background: str, colour: str) -> str:
        return (
            f'<span class="badge {css_class}" style="background-color:{background};'
            f'color:{colour};font-weight:bold">&nbsp;{_esc(text)}&nbsp;</span>'
        )

    def section(self, anchor: str, title: str | None = None) -> None:
        title = title or _SECTION_TITLES[anchor]
        self.out.append(f'<h2><a name="{anchor}"></a>{_esc(title)}</h2>')

    def subheading(self, title: str) -> None:
        self.out.append(f"<h3>{_esc(title)}</h3>")

    def statements(self, items: Sequence[Statement]) -> None:
        if not items:
            self.out.append(self.empty())
            return
        self.out.append("<ul>")
        self.out.extend(f"<li>{self.statement(s)}</li>" for s in items)
        self.out.append("</ul>")

    def table_open(self, headers: Sequence[tuple[str, int]], css_class: str) -> None:
        """`headers`: (title, percent of the table's width) per column. Qt otherwise splits
        the width evenly, and a short "Severity" column got as much as the long text beside it.
        """
        self.out.append(
            f'<table class="{css_class}" border="1" cellspacing="0" cellpadding="4" width="{_FULL}"'
            f' style="border-color:{self.p.border};border-style:solid;border-collapse:collapse">'
        )
        cells = "".join(
            f'<th align="left" width="{percent}%"'
            f' style="background-color:{self.p.header_background}">{_esc(title)}</th>'
            for title, percent in headers
        )
        self.out.append(f"<tr>{cells}</tr>")

    def box(self, css_class: str, background: str, border: str, inner: str) -> str:
        """A coloured, bordered box: a one-cell table, the only bordered block Qt draws.

        The colour goes on the cell: with collapsed borders Qt ignores a table's own background.
        """
        return (
            f'<table class="{css_class}" border="2" cellspacing="0" cellpadding="6" width="{_FULL}"'
            f' style="border-color:{border};border-style:solid;border-collapse:collapse;'
            f'margin-top:6px;margin-bottom:6px">'
            f'<tr><td bgcolor="{background}" style="background-color:{background}">{inner}</td>'
            "</tr></table>"
        )

    # -- whole page ----------------------------------------------------------------------

    def document(self, title: str, body: str) -> str:
        p = self.p
        style = (
            f"body {{ color:{p.text}; background-color:{p.background}; }}\n"
            f"a {{ color:{p.link}; }}\n"
            "h1 { margin-bottom:2px; }\n"
            "h2 { margin-top:18px; margin-bottom:4px; }\n"
            "h3 { margin-top:10px; margin-bottom:2px; }\n"
        )
        return (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{_esc(title)}</title><style>\n{style}</style></head>"
            f'<body style="color:{p.text};background-color:{p.background}">\n{body}\n</body></html>'
        )

    def references(self, anchor: str = "sec-references") -> None:
        self.section(anchor, "References")
        used = self.citations.used()
        if not used:
            self.out.append(self.empty())
            return
        self.out.append(
            f'<table class="references" cellspacing="0" cellpadding="3" width="{_FULL}">'
        )
        for number, ref_id, ref in used:
            self.out.append(
                f'<tr><td valign="top" align="right" nowrap><a name="ref-{_esc(ref_id)}"></a>'
                f"[{number}]</td>"
                f'<td valign="top">{self.reference(ref_id, ref)}</td></tr>'
            )
        self.out.append("</table>")

    def reference(self, ref_id: str, ref: Reference | None) -> str:
        if ref is None:
            return self.muted(f"Reference '{_esc(ref_id)}' is missing from the reference list.")
        where = f"{ref.year_text};{ref.volume_pages}" if ref.volume_pages else ref.year_text
        parts = [
            f"{_esc(_sentence(ref.authors))} <i>{_esc(_sentence(ref.title))}</i> "
            f"{_esc(_sentence(ref.source))} {_esc(_sentence(where))}"
        ]
        if ref.doi:
            url = doi_url(ref.doi)
            parts.append(f"DOI: {_link(url)}")
        if ref.pmid:
            parts.append(f"PMID: {_link(f'https://pubmed.ncbi.nlm.nih.gov/{ref.pmid}/', ref.pmid)}")
        if ref.url:
            parts.append(_link(ref.url))
        if ref.accessed:
            parts.append(f"Accessed {ref.accessed.isoformat()}.")
        text = " ".join(parts)
        if ref.as_printed:
            text += "<br>" + self.muted(f"As printed in the source article: {_esc(ref.as_printed)}")
        if ref.note:
            text += "<br>" + self.muted(f"Note: {_esc(ref.note)}")
        if ref.id == self.catalog.manifest.source_article:
            text += "<br>" + self.muted("The source article this reference draws on.")
        return text

    def footer(self, *, disclaimer: bool = True) -> None:
        m = self.catalog.manifest
        self.out.append(f'<hr><p class="footer" style="color:{self.p.muted}">')
        if disclaimer:
            self.out.append(
                f'<b>Disclaimer.</b> <span class="disclaimer">{_esc(m.disclaimer)}</span><br>'
            )
        self.out.append(
            f"Data version {_esc(m.data_version)}, dated {m.data_date.isoformat()}.</p>"
        )


# --- Monograph ----------------------------------------------------------------------------


def render_monograph(
    agent: Agent,
    catalog: Catalog,
    *,
    highlight: frozenset[str] = frozenset(),
    band: FrequencyBand | None = None,
    palette: RenderPalette | None = None,
) -> str:
    """The full HTML document for one agent.

    `highlight` holds side-effect ids the reader filtered on; those entries are marked, and
    the adverse-effects section says which of them this agent lists at `band` or above
    (None: at any frequency; "not known" counts at every band, as in query.py).
    """
    page = _Page(catalog, palette or RenderPalette.light())
    effects = {e.id: e for e in catalog.vocabulary.side_effects}
    _header(page, agent)
    _contents(page)
    _summary(page, agent)
    _status(page, agent)
    _mechanism(page, agent)
    _pain_uses(page, agent)
    _dosing(page, agent)
    _adverse_effects(page, agent, effects, highlight, band)
    _contraindications(page, agent)
    _interactions(page, agent)
    page.section("sec-monitoring")
    page.statements(agent.monitoring)
    _special_populations(page, agent)
    _pharmacokinetics(page, agent)
    page.section("sec-evidence")
    page.statements(agent.key_evidence)
    page.section("sec-source-conflicts")
    page.statements(agent.source_conflicts)
    page.references()
    page.footer()
    return page.document(agent.name, "\n".join(page.out))


def _status_badges(page: _Page, agent: Agent, *, off_label: str, local_detail: bool) -> list[str]:
    """Investigational / off-label / local badges, in words (never colour alone)."""
    p = page.p
    badges = []
    if agent.is_investigational:
        badges.append(
            page.badge(
                "investigational",
                "INVESTIGATIONAL",
                p.badge_investigational_background,
                p.badge_investigational_text,
            )
        )
    if agent.is_off_label:
        badges.append(
            page.badge("off-label", off_label, p.badge_off_label_background, p.badge_off_label_text)
        )
    if agent.origin and agent.origin != BUNDLED:
        local = "LOCAL"
        if local_detail:
            local = f"LOCAL FORMULARY: {agent.origin}"
            if agent.replaces == BUNDLED:
                local += " — replaces the bundled entry"
            elif agent.replaces:
                local += f" — replaces the entry from {agent.replaces}"
        badges.append(page.badge("local", local, p.badge_local_background, p.badge_local_text))
    return badges


def _header(page: _Page, agent: Agent) -> None:
    p = page.p
    out = page.out
    out.append(f'<h1><a name="top"></a>{_esc(agent.name)}</h1>')
    out.append(f'<p style="margin-top:0">{page.muted(_esc(agent.drug_class))}</p>')
    badges = _status_badges(page, agent, off_label="OFF-LABEL in pain", local_detail=True)
    # Kept on one line: beside the badges in a narrow pane it would otherwise break as
    # "Last" / "reviewed 2026-...".
    reviewed = f"Last reviewed {agent.last_reviewed.isoformat()}".replace(" ", "&nbsp;")
    out.append(f'<p class="badges">{" ".join([*badges, f"<b>{reviewed}</b>"])}</p>')

    rows = []
    if agent.brand_names:
        brands = []
        for brand in agent.brand_names:
            markets = f" ({_esc(', '.join(brand.markets))})" if brand.markets else ""
            brands.append(f"{_esc(brand.name)}{markets}")
        rows.append(("Brand names", "; ".join(brands)))
    if agent.synonyms:
        rows.append(("Synonyms", _esc(", ".join(agent.synonyms))))
    rows.append(("ATC", _esc(", ".join(agent.atc_codes)) if agent.atc_codes else "none listed"))
    rows.append(("Routes", _esc(", ".join(r.label for r in agent.routes))))
    out.append('<table class="identity" cellspacing="0" cellpadding="1">')
    out.extend(
        f'<tr><td valign="top" style="color:{p.muted}">{_esc(label)}:&nbsp;</td>'
        f"<td>{value}</td></tr>"
        for label, value in rows
    )
    out.append("</table>")


def _contents(page: _Page) -> None:
    links = " · ".join(f'<a href="#{anchor}">{_esc(title)}</a>' for anchor, title in SECTIONS)
    page.out.append(f'<p class="contents">{links}</p>')


def _summary(page: _Page, agent: Agent) -> None:
    page.section("sec-summary")
    if agent.summary is None:
        page.out.append(page.empty())
    else:
        page.out.append(f"<p>{page.statement(agent.summary)}</p>")


def _status(page: _Page, agent: Agent) -> None:
    status = agent.status
    page.section("sec-status")
    out = page.out
    out.append("<p>")
    lines = []
    if status.investigational:
        lines.append(
            "<b>Investigational:</b> listed for information only; nothing here recommends its "
            "use outside a clinical trial."
        )
    if status.off_label_pain:
        lines.append("<b>Pain use is off-label</b> (not a licensed indication).")
    elif not status.investigational:
        # Only say "licensed" when the data says so; investigational agents never get it.
        lines.append(
            "Pain use falls within a licensed indication (check the label for the product "
            "and country in use)."
        )
    out.append("<br>".join(lines))
    out.append("</p>")
    page.subheading("Licensed indications")
    if status.licensed_indications:
        page.statements(status.licensed_indications)
    else:
        out.append(f"<p>{page.muted('None listed in this reference.')}</p>")
    if status.controlled_drug:
        out.append(f"<p><b>Controlled drug:</b> {page.statement(status.controlled_drug)}</p>")
    if status.note:
        out.append(f"<p>{page.statement(status.note)}</p>")


def _mechanism(page: _Page, agent: Agent) -> None:
    m = agent.mechanism
    page.section("sec-mechanism")
    rows = [("NMDA site", m.nmda_site), ("Block", m.block)]
    if m.relative_affinity:
        rows.append(("Relative affinity", m.relative_affinity))
    if m.other_targets:
        rows.append(("Other targets", m.other_targets))
    page.out.append("<p>")
    page.out.append("<br>".join(f"<b>{_esc(k)}:</b> {_esc(v)}" for k, v in rows))
    page.out.append(f"{page.cite(m.refs)}</p>")


def _pain_uses(page: _Page, agent: Agent) -> None:
    page.section("sec-pain-uses")
    if not agent.pain_uses:
        page.out.append(page.empty())
        return
    page.table_open((("Context", 24), ("Evidence", 16), ("Summary", 60)), "pain-uses")
    for use in agent.pain_uses:
        page.out.append(
            f"<tr><td>{_esc(use.context.label)}</td><td>{_esc(use.evidence.label)}</td>"
            f"<td>{_esc(use.summary)}{page.cite(use.refs)}</td></tr>"
        )
    page.out.append("</table>")


#: Four columns, not nine: a detail pane is often narrow, and with many columns Qt breaks
#: words mid-way ("Intravenou|s"). Kind and frequency sit with the amount they qualify; the
#: salt/base and note go on a full-width row under the dose.
_DOSE_HEADERS = (("Route", 22), ("Population", 24), ("Dose", 29), ("Maximum", 25))


def _dosing(page: _Page, agent: Agent) -> None:
    page.section("sec-dosing")
    if not agent.dosing:
        page.out.append(page.empty())
        return
    page.table_open(_DOSE_HEADERS, "dosing")
    span = len(_DOSE_HEADERS)
    # Grouped by pain context (first appearance order) so a reader scans one context at a time;
    # doses of a non-pain licence come last under their own heading, never among pain doses.
    headings = list(dict.fromkeys(d.heading for d in agent.dosing if d.context is not None))
    headings += list(dict.fromkeys(d.heading for d in agent.dosing if d.context is None))
    for heading in headings:
        page.out.append(
            f'<tr><td colspan="{span}" style="background-color:'
            f'{page.p.header_background}"><b>{_esc(heading)}</b></td></tr>'
        )
        for dose in (d for d in agent.dosing if d.heading == heading):
            amount = (
                f"{_esc(dose.kind.capitalize())}: <b>{_esc(dose.amount)}&nbsp;{_esc(dose.unit)}</b>"
                f"{page.cite(dose.refs)}"
            )
            if dose.frequency:
                amount += f"<br>{_esc(dose.frequency)}"
            cells = (
                _esc(dose.route.label),
                _esc(dose.population),
                amount,
                # "not stated", never a dash: a blank maximum must not read as "no limit".
                _esc(dose.maximum) if dose.maximum else page.muted("not stated"),
            )
            row = "".join(f'<td valign="top">{c}</td>' for c in cells)
            page.out.append(f"<tr>{keep_units_whole(row, dose_cell=True)}</tr>")
            notes = []
            if dose.salt_or_base:
                salt_or_base = keep_units_whole(_esc(dose.salt_or_base), dose_cell=True)
                notes.append(f"<i>Salt/base:</i> {salt_or_base}")
            if dose.note:
                # Full text colour: a dose note is often a safety instruction.
                notes.append(f"<i>Note:</i> {keep_units_whole(_esc(dose.note), dose_cell=True)}")
            if notes:
                page.out.append(
                    f'<tr><td colspan="{span}" class="dose-note">{" · ".join(notes)}</td></tr>'
                )
    page.out.append("</table>")


def _incidence(incidence: float | None, placebo: float | None) -> str:
    """'7% vs 1% placebo', '7%', 'placebo 1%' or ''."""
    if incidence is not None and placebo is not None:
        return f"{_number(incidence)}% vs {_number(placebo)}% placebo"
    if incidence is not None:
        return f"{_number(incidence)}%"
    if placebo is not None:
        return f"placebo {_number(placebo)}%"
    return ""


def _band_name(band: FrequencyBand) -> str:
    """'Common (≥1/100 to <1/10)' -> 'common'; the numbers are shown where the band heads a list."""
    if band is FrequencyBand.NOT_KNOWN:
        return "frequency not known"
    return band.label.split(" (")[0].lower()


def _filter_summary(
    agent: Agent,
    highlight: frozenset[str],
    band: FrequencyBand | None,
    label_of: Callable[[str], str],
) -> str:
    """One line per outcome: which selected effects this agent lists at the band, which not."""
    listed_as = {a.effect: a.frequency for a in agent.adverse_effects}
    selected = sorted(highlight, key=lambda e: label_of(e).casefold())
    listed, not_listed = [], []
    for effect_id in selected:
        frequency = listed_as.get(effect_id)
        if frequency is not None and lists_effect(agent, effect_id, band):
            detail = (
                "frequency not known, so possibly at this band"
                if frequency is FrequencyBand.NOT_KNOWN and band is not None
                else _band_name(frequency)
            )
            listed.append(f"{label_of(effect_id)} ({detail})")
        elif frequency is not None:
            listed_below = f"listed only as {_band_name(frequency)}"
            not_listed.append(f"{label_of(effect_id)} ({listed_below})")
        else:
            not_listed.append(f"{label_of(effect_id)} (not listed)")
    when = "at any frequency" if band is None else f"at {band.label} or more often"
    lines = [f"<b>Selected effects, {_esc(when)}:</b>"]
    if listed:
        lines.append(f"Lists: {_esc('; '.join(listed))} — marked {_esc(HIGHLIGHT_MARKER)} below.")
    if not_listed:
        lines.append(
            f"Does not list: {_esc('; '.join(not_listed))}. "
            "Not listed here does not mean it cannot occur."
        )
    return f'<p class="filter-summary">{"<br>".join(lines)}</p>'


def _adverse_effects(
    page: _Page,
    agent: Agent,
    effects: dict[str, SideEffect],
    highlight: frozenset[str],
    band: FrequencyBand | None,
) -> None:
    p = page.p
    out = page.out
    page.section("sec-adverse-effects")

    def label_of(effect_id: str) -> str:
        effect = effects.get(effect_id)
        return effect.label if effect else effect_id

    if highlight:
        out.append(_filter_summary(agent, highlight, band, label_of))

    if not agent.adverse_effects:
        out.append(page.empty())
        return

    systems = {s.id: s.label for s in page.catalog.vocabulary.body_systems}
    order = {e.id: i for i, e in enumerate(page.catalog.vocabulary.side_effects)}
    system_order = {sid: i for i, sid in enumerate(systems)}
    band_order = {b: i for i, b in enumerate(FrequencyBand)}

    def system_of(effect_id: str) -> str:
        effect = effects.get(effect_id)
        return effect.system if effect else ""

    entries = sorted(
        agent.adverse_effects,
        key=lambda a: (
            system_order.get(system_of(a.effect), len(system_order)),
            band_order[a.frequency],
            order.get(a.effect, len(order)),
        ),
    )
    current_system: str | None = None
    current_band: FrequencyBand | None = None
    for adverse in entries:
        system = system_of(adverse.effect)
        if system != current_system:
            if current_system is not None:
                out.append("</ul>")
            current_system, current_band = system, None
            page.subheading(systems.get(system, "Other"))
        if adverse.frequency is not current_band:
            if current_band is not None:
                out.append("</ul>")
            current_band = adverse.frequency
            out.append(
                f'<p class="band" style="margin-bottom:0"><b>{_esc(current_band.label)}</b></p>'
            )
            out.append('<ul style="margin-top:0">')
        effect = effects.get(adverse.effect)
        marked = adverse.effect in highlight and lists_effect(agent, adverse.effect, band)
        text = _esc(label_of(adverse.effect))
        if effect is not None and effect.serious:
            # Inside a highlight the marker takes the highlight's text colour: the word
            # "serious" carries the meaning, and red on the highlight would be unreadable.
            colour = p.highlight_text if marked else p.serious_text
            text += (
                f' <span class="serious" style="color:{colour};font-weight:bold">'
                f"[{SERIOUS_MARKER}]</span>"
            )
        figures = _incidence(adverse.incidence, adverse.placebo)
        if figures:
            text += f" — {_esc(figures)}"
        if adverse.note:
            text += f" — {keep_units_whole(_esc(adverse.note))}"
        if marked:
            text = (
                f'<span class="highlight" style="background-color:{p.highlight_background};'
                f'color:{p.highlight_text};font-weight:bold">{_esc(HIGHLIGHT_MARKER)}'
                f"&nbsp;{text}</span>"
            )
        # The citation stays outside the highlight, on the page background its link colour suits.
        text += page.cite(adverse.refs)
        if adverse.effect in highlight and not marked:
            text += " " + page.muted("(selected, but below the chosen frequency band)")
        out.append(f"<li>{text}</li>")
    out.append("</ul>")


def _factor_list(page: _Page, item: FactorStatement) -> str:
    if not item.factors:
        return ""
    labels = ", ".join(f.label for f in item.factors)
    return "<br>" + page.muted(f"Concerns: {_esc(labels)}")


def _contraindications(page: _Page, agent: Agent) -> None:
    p = page.p
    page.section("sec-contraindications")

    def items(entries: Sequence[FactorStatement]) -> str:
        if not entries:
            return page.empty()
        rows = "".join(f"<li>{page.statement(e)}{_factor_list(page, e)}</li>" for e in entries)
        return f"<ul>{rows}</ul>"

    page.out.append(
        page.box(
            "contraindications",
            p.contraindication_background,
            p.contraindication_border,
            f'<p style="color:{p.contraindication_border}"><b>{CONTRAINDICATION_MARKER} '
            "Contraindications — do not use</b></p>" + items(agent.contraindications),
        )
    )
    page.out.append(
        page.box(
            "cautions",
            p.caution_background,
            p.caution_border,
            f'<p style="color:{p.caution_border}"><b>{CAUTION_MARKER} '
            "Cautions — use with care</b></p>" + items(agent.cautions),
        )
    )


_SEVERITY_ORDER = {s: i for i, s in enumerate(Severity)}


def _interactions(page: _Page, agent: Agent) -> None:
    p = page.p
    page.section("sec-interactions")
    if not agent.interactions:
        page.out.append(page.empty())
        never_safe = "An interaction missing from this list never means a combination is safe."
        page.out.append(f"<p>{page.muted(never_safe)}</p>")
        return
    # Three columns: with five, Qt broke "Contraindicated" mid-word in a narrow pane.
    page.table_open(
        (("Severity", 20), ("With", 24), ("Effect, mechanism and management", 56)), "interactions"
    )
    for item in sorted(agent.interactions, key=lambda i: _SEVERITY_ORDER[i.severity]):
        if item.severity is Severity.CONTRAINDICATED:
            colour = f' style="background-color:{p.contraindication_background}"'
            marker = f"{CONTRAINDICATION_MARKER} "
        elif item.severity is Severity.AVOID:
            colour = f' style="background-color:{p.caution_background}"'
            marker = f"{CAUTION_MARKER} "
        else:
            colour, marker = "", ""
        details = [
            f"{keep_units_whole(_esc(item.effect))}{page.cite(item.refs)}",
            f"<i>Mechanism:</i> {_esc(item.mechanism)}",
            f"<i>Management:</i> {keep_units_whole(_esc(item.management))}"
            if item.management
            else "",
        ]
        if item.factors:
            details.append(
                page.muted("Concerns: " + _esc(", ".join(f.label for f in item.factors)))
            )
        cells = (
            f'<td class="severity-{item.severity.value}"{colour}>'
            f"<b>{marker}{_esc(item.severity.label)}</b></td>",
            f"<td><b>{_esc(item.with_)}</b></td>",
            f"<td>{'<br>'.join(d for d in details if d)}</td>",
        )
        page.out.append('<tr valign="top">' + "".join(cells) + "</tr>")
    page.out.append("</table>")
    page.out.append(
        f"<p>{page.muted('An interaction not listed here may still exist: check the label.')}</p>"
    )


_POPULATIONS = (
    ("renal", "Renal impairment"),
    ("hepatic", "Hepatic impairment"),
    ("pregnancy", "Pregnancy"),
    ("lactation", "Breastfeeding"),
    ("older_adults", "Older adults"),
    ("children", "Children"),
)
_PK_FIELDS = (
    ("bioavailability", "Bioavailability"),
    ("onset", "Onset"),
    ("duration", "Duration"),
    ("half_life", "Half-life"),
    ("metabolism", "Metabolism"),
    ("elimination", "Elimination"),
)


def _labelled_rows(page: _Page, css_class: str, rows: Sequence[tuple[str, str]]) -> None:
    """A two-column table: a heading cell per row, then its content (or the empty message)."""
    page.out.append(
        f'<table class="{css_class}" border="1" cellspacing="0" cellpadding="4" width="{_FULL}"'
        f' style="border-color:{page.p.border};border-style:solid;border-collapse:collapse">'
    )
    for title, content in rows:
        page.out.append(
            f'<tr><th align="left" valign="top" width="22%"'
            f' style="background-color:{page.p.header_background}">{_esc(title)}</th>'
            f'<td valign="top">{content}</td></tr>'
        )
    page.out.append("</table>")


def _empty_cell(page: _Page) -> str:
    return f'<span class="empty" style="color:{page.p.muted}"><i>{_esc(NO_INFORMATION)}</i></span>'


def _special_populations(page: _Page, agent: Agent) -> None:
    page.section("sec-special-populations")
    rows = []
    for name, title in _POPULATIONS:
        items = getattr(agent.special_populations, name)
        content = "<br>".join(page.statement(s) for s in items) if items else _empty_cell(page)
        rows.append((title, content))
    _labelled_rows(page, "special-populations", rows)


def _pharmacokinetics(page: _Page, agent: Agent) -> None:
    page.section("sec-pharmacokinetics")
    rows = []
    for name, title in _PK_FIELDS:
        value = getattr(agent.pharmacokinetics, name)
        rows.append((title, _empty_cell(page) if value is None else page.statement(value)))
    _labelled_rows(page, "pharmacokinetics", rows)


# --- Overview -----------------------------------------------------------------------------

_TOPIC_KINDS = (
    ("mechanism", "Mechanism"),
    ("context", "Clinical contexts"),
    ("safety", "Safety"),
    ("research", "Research"),
)


#: The overview tables at most this many agents: a large local formulary would otherwise
#: make the first page a multi-second layout job in Qt (measured: ~4 s at 5,000 agents).
OVERVIEW_AGENT_ROWS = 100


def render_overview(catalog: Catalog, *, palette: RenderPalette | None = None) -> str:
    """The class overview shown when no agent is selected."""
    page = _Page(catalog, palette or RenderPalette.light())
    p = page.p
    out = page.out
    overview = catalog.overview
    title = overview.title if overview else "NMDA-receptor antagonists in pain"
    out.append(f'<h1><a name="top"></a>{_esc(title)}</h1>')
    # The start page is where a hurried reader looks first: the disclaimer goes at the top.
    out.append(
        page.box(
            "disclaimer-box",
            p.caution_background,
            p.caution_border,
            f"<b>{CAUTION_MARKER} Before you use this reference:</b> "
            f'<span class="disclaimer">{_esc(catalog.manifest.disclaimer)}</span>',
        )
    )
    kinds = [
        (kind, heading)
        for kind, heading in _TOPIC_KINDS
        if overview is not None and any(t.kind == kind for t in overview.topics)
    ]
    contents = [
        ("ov-agents", "Agents"),
        *((f"ov-{kind}", heading) for kind, heading in kinds),
        ("sec-references", "References"),
        ("ov-source", "Source and licence"),
    ]
    links = " · ".join(f'<a href="#{anchor}">{_esc(text)}</a>' for anchor, text in contents)
    out.append(f'<p class="contents">{links}</p>')
    if overview is not None:
        out.append(f"<p>{page.statement(overview.summary)}</p>")

    out.append('<h2><a name="ov-agents"></a>Agents in this reference</h2>')
    if not catalog.agents:
        out.append(page.empty())
    else:
        # One short paragraph per agent, not a table: a four-column table broke words in a
        # narrow pane ("Amantadin" / "e"), and a full layout of the page took 3-5 ms longer.
        for agent in catalog.agents[:OVERVIEW_AGENT_ROWS]:
            status = _status_badges(page, agent, off_label="OFF-LABEL", local_detail=False)
            routes = ", ".join(r.label for r in agent.routes)
            out.append(
                f'<p class="agent-row" style="margin-top:6px;margin-bottom:0">'
                f"<b>{_esc(agent.name)}</b> {' '.join(status)}"
                f" {page.muted('· ' + _esc(routes))}<br>"
                f"{page.muted(_esc(agent.drug_class))}</p>"
            )
        hidden = len(catalog.agents) - OVERVIEW_AGENT_ROWS
        if hidden > 0:
            out.append(
                f"<p><i>…and {hidden:,} more agents from local formularies; "
                "search the agent list to find them.</i></p>"
            )

    if overview is None:
        out.append(f"<p>{page.muted('No class overview in this data.')}</p>")
    else:
        for kind, heading in kinds:
            topics = [t for t in overview.topics if t.kind == kind]
            out.append(f'<h2><a name="ov-{kind}"></a>{_esc(heading)}</h2>')
            for topic in topics:
                out.append(
                    f'<h3><a name="topic-{_esc(topic.id)}"></a>{_esc(topic.title)}</h3>'
                    f"<p>{_esc(topic.text)}{page.cite(topic.refs)}</p>"
                )
    page.references()
    m = catalog.manifest
    out.append('<h2><a name="ov-source"></a>Source and licence</h2>')
    out.append(f"<p>{_esc(m.attribution)}</p>")
    out.append(f"<p>{page.muted(_esc(m.licence))}</p>")
    page.footer(disclaimer=False)
    return page.document(title, "\n".join(out))
