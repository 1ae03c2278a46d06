"""A patient-context Assessment -> an HTML block for the top of a monograph. Pure: no Qt.

The block is a fragment in render.py's style (escaped text, colour on the cell, a text marker
beside every colour). `with_patient_block` puts it at the top of a rendered monograph, so the
window can show it without the monograph renderer knowing about patient factors.

Citations here are short author–year links to the monograph's own reference anchors
(`#ref-<id>`): every flagged statement comes from that monograph, so its reference is in the
list at the bottom of the same page.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from app.catalog.matrix import short_citation
from app.catalog.model import PatientFactor, Reference
from app.catalog.patient import NO_FLAG_TEXT, Assessment, ReasonKind, Verdict
from app.catalog.render import CAUTION_MARKER, CONTRAINDICATION_MARKER, RenderPalette
from app.catalog.render import escape_html as _esc

NO_FLAG_MARKER = "○"
_BODY_OPEN = re.compile(r"<body[^>]*>\n?", re.IGNORECASE)




def _cite(refs: Collection[str], references: Mapping[str, Reference]) -> str:
    links = [
        f'<a href="#ref-{_esc(r)}">{_esc(short_citation(r, references))}</a>'
        for r in dict.fromkeys(refs)
    ]
    return f" <small>[{'; '.join(links)}]</small>" if links else ""


def render_patient_block(
    assessment: Assessment,
    ticked: Collection[PatientFactor],
    references: Mapping[str, Reference],
    palette: RenderPalette | None = None,
) -> str:
    """The verdict, the ticked factors and each reason with its citation, as one boxed block."""
    p = palette or RenderPalette.light()
    if assessment.verdict is Verdict.CONTRAINDICATED:
        background, border, marker = (
            p.contraindication_background,
            p.contraindication_border,
            CONTRAINDICATION_MARKER,
        )
    elif assessment.verdict is Verdict.CAUTION:
        background, border, marker = p.caution_background, p.caution_border, CAUTION_MARKER
    else:
        background, border, marker = p.header_background, p.border, NO_FLAG_MARKER
    # Unflagged gets a neutral heading: "no flag" must never read as "safe".
    title = (
        f"{marker} For this patient: {assessment.verdict.label}"
        if assessment.flagged
        else f"{marker} Patient context"
    )
    factors = ", ".join(f.label for f in PatientFactor if f in set(ticked))
    inner = [
        f'<p style="color:{border if assessment.flagged else p.text}"><b>{_esc(title)}</b></p>',
        f'<p style="color:{p.muted}">Patient factors ticked: {_esc(factors or "none")}</p>',
    ]
    if assessment.flagged:
        items = []
        for reason in assessment.reasons:
            kind = reason.kind.label
            if reason.kind is ReasonKind.INTERACTION and reason.severity is not None:
                kind = f"Interaction ({reason.severity.label.lower()})"
            reason_marker = (
                CONTRAINDICATION_MARKER
                if reason.level is Verdict.CONTRAINDICATED
                else CAUTION_MARKER
            )
            concerns = ", ".join(f.label for f in reason.factors)
            items.append(
                f"<li><b>{_esc(reason_marker)} {_esc(kind)}:</b> {_esc(reason.text)}"
                f"{_cite(reason.refs, references)}"
                f'<br><span style="color:{p.muted}">Concerns: {_esc(concerns)}</span></li>'
            )
        inner.append("<ul>" + "".join(items) + "</ul>")
        inner.append(
            f'<p style="color:{p.muted}">Only statements this reference tags with the ticked '
            "factors are flagged. Check the product label.</p>"
        )
    else:
        inner.append(f"<p>{_esc(NO_FLAG_TEXT)}</p>")
    return (
        f'<table class="patient-flags" border="2" cellspacing="0" cellpadding="6" width="99%"'
        f' style="border-color:{border};border-style:solid;border-collapse:collapse;'
        f'margin-bottom:8px">'
        f'<tr><td bgcolor="{background}" style="background-color:{background}">'
        + "".join(inner)
        + "</td></tr></table>"
    )


def with_patient_block(document: str, block: str) -> str:
    """`document` (a full page from render.py) with `block` first inside its body."""
    match = _BODY_OPEN.search(document)
    if match is None:
        return block + document
    return document[: match.end()] + block + "\n" + document[match.end() :]
