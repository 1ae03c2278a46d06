"""The comparison matrix -> a self-contained HTML page for printing, PDF and PNG. Pure: no Qt.

Same conventions as render.py: every data text escaped, colours on the cells (Qt's rich text
ignores backgrounds on collapsed tables), and meaning never on colour alone: each cell also
says its band in words, and a legend gives the numbers. Rich text cannot hatch, so "not
known" prints as its own grey with the words "Not known".
"""

from __future__ import annotations

from collections.abc import Mapping

from app.catalog.matrix import NOT_LISTED, Matrix, MatrixPalette, short_citation
from app.catalog.model import Manifest, Reference
from app.catalog.render import escape_html as _esc

#: What the printed matrix says about itself, under the title.
SCOPE_NOTE = (
    "Frequency bands as listed in each agent's monograph in this reference (EU SmPC / CIOMS "
    "bands). Not listed does not mean it cannot occur. Figures are incidence vs placebo where "
    "the source gives them."
)




def render_matrix(
    matrix: Matrix,
    manifest: Manifest,
    references: Mapping[str, Reference],
    *,
    palette: MatrixPalette | None = None,
    title: str = "Class comparison: side effects",
    filters: str = "",
    column_marks: Mapping[str, str] | None = None,
) -> str:
    """`filters` describes what limited the agents and rows (shown under the title);
    `column_marks` puts words above agent names (the patient verdict)."""
    palette = palette or MatrixPalette.light()
    page_text = "#ffffff" if palette.dark else "#000000"
    page_background = palette.swatch(None).background
    out = [f"<h1>{_esc(title)}</h1>"]
    if filters:
        out.append(f"<p><b>Shown:</b> {_esc(filters)}</p>")
    out.append(f"<p>{_esc(SCOPE_NOTE)}</p>")
    out.append(_legend(palette))
    if not matrix.agents or not matrix.rows:
        out.append("<p><i>No agents or side effects to compare with the current filters.</i></p>")
    else:
        out.append(_table(matrix, palette, column_marks or {}))
        out.append(_sources(matrix, references))
    out.append(
        f"<p><small>Data version {_esc(manifest.data_version)}, dated "
        f"{manifest.data_date.isoformat()}. {_esc(manifest.disclaimer)}</small></p>"
    )
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
        f"<title>{_esc(title)}</title></head>"
        f'<body style="color:{page_text};background-color:{page_background}">\n'
        + "\n".join(out)
        + "\n</body></html>"
    )


def _cell_td(background: str, text_colour: str, inner: str, *, align: str = "center") -> str:
    return (
        f'<td align="{align}" bgcolor="{background}" '
        f'style="background-color:{background};color:{text_colour}">{inner}</td>'
    )


def _legend(palette: MatrixPalette) -> str:
    cells = []
    for band, swatch, label in palette.legend():
        word = NOT_LISTED if band is None else label.split(" (")[0]
        numbers = "" if band is None else label[len(word) :].strip()
        inner = f"<b>{_esc(word)}</b>"
        if numbers:
            inner += f"<br><small>{_esc(numbers)}</small>"
        cells.append(_cell_td(swatch.background, swatch.text, inner))
    return (
        '<table class="legend" border="1" cellspacing="0" cellpadding="3" '
        'style="border-collapse:collapse"><tr>' + "".join(cells) + "</tr></table>"
    )


def _table(matrix: Matrix, palette: MatrixPalette, marks: Mapping[str, str]) -> str:
    empty = palette.swatch(None)
    head = "".join(
        f"<th>{_esc(marks[a.id]) + '<br>' if a.id in marks else ''}{_esc(a.name)}</th>"
        for a in matrix.agents
    )
    rows = [
        '<table class="matrix" border="1" cellspacing="0" cellpadding="3" width="99%" '
        'style="border-collapse:collapse">',
        f'<thead><tr><th align="left">Side effect</th>{head}</tr></thead>',
    ]
    columns = len(matrix.agents) + 1
    for group in matrix.groups:
        rows.append(f'<tr><td colspan="{columns}"><b>{_esc(group.system.label)}</b></td></tr>')
        for row in group.rows:
            label = _esc(row.effect.label)
            if row.effect.serious:
                label += " <b>[serious]</b>"
            cells = [_cell_td(empty.background, empty.text, label, align="left")]
            for cell in row.cells:
                swatch = palette.swatch(cell.band)
                inner = _esc(cell.short if cell.listed else "—")
                if cell.figures:
                    inner += f"<br><small>{_esc(cell.figures)}</small>"
                cells.append(_cell_td(swatch.background, swatch.text, inner))
            rows.append("<tr>" + "".join(cells) + "</tr>")
    rows.append("</table>")
    return "\n".join(rows)


def reference_text(ref_id: str, references: Mapping[str, Reference]) -> str:
    """A plain full citation: authors. title. source. year;volume. DOI/URL."""
    ref = references.get(ref_id)
    if ref is None:
        return f"{ref_id} (missing from the reference list)"
    text = f"{ref.authors}. {ref.title}. {ref.source}. {ref.year_text}"
    if ref.volume_pages:
        text += f";{ref.volume_pages}"
    text += "."
    if ref.doi:
        text += f" doi:{ref.doi}"
    elif ref.url:
        text += f" {ref.url}"
    return text


def _sources(matrix: Matrix, references: Mapping[str, Reference]) -> str:
    """Who cites what for the cells shown, then each reference in full, so a page can be checked."""
    per_agent = []
    every: dict[str, None] = {}
    for column, agent in enumerate(matrix.agents):
        refs = dict.fromkeys(ref for row in matrix.rows for ref in row.cells[column].refs)
        every.update(refs)
        if refs:
            cited = "; ".join(_esc(short_citation(r, references)) for r in refs)
            reviewed = agent.last_reviewed.isoformat()
            per_agent.append(
                f"<li><b>{_esc(agent.name)}</b> (monograph last reviewed {reviewed}): {cited}</li>"
            )
    if not every:
        return ""
    full = "".join(f"<li>{_esc(reference_text(r, references))}</li>" for r in every)
    return (
        "<h2>Sources</h2><ul>" + "".join(per_agent) + "</ul>"
        "<h2>References</h2><ol>" + full + "</ol>"
    )
