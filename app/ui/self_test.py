"""The tour behind `nmda-ref --self-test`: drive the real window, check it against the core.

Each step works the widgets the way a reader would (typing, ticking, choosing from combos,
clicking buttons) and then compares what the list shows with `CatalogIndex.run` on the same
Query. No dialogs, no event loop: every step is synchronous, so it cannot hang.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import Qt

from app.catalog.model import FrequencyBand
from app.catalog.query import FilterMode, Query
from app.ui.main_window import MainWindow


@dataclass
class TourReport:
    checks: int = 0
    failures: list[str] = field(default_factory=list)

    def fail(self, message: str) -> None:
        self.failures.append(message)


def _select_combo(combo, value) -> None:
    combo.setCurrentIndex(0 if value is None else combo.findData(value))


def _compare(window: MainWindow, query: Query, step: str, report: TourReport) -> None:
    report.checks += 1
    window.finish_pending_updates()
    expected = window.index.run(query)
    shown = window.shown_ids()
    if shown != expected.ids:
        report.fail(f"{step}: list shows {list(shown)}, core says {list(expected.ids)}")
    want = f"{len(expected.agents)} of {expected.total} agents"
    got = window.result_count.text()
    if got != want:
        report.fail(f"{step}: status line says '{got}', expected '{want}'")
    empty_shown = window.list_stack.currentWidget() is window.empty_state
    if empty_shown != (not expected.agents):
        report.fail(f"{step}: empty state {'shown' if empty_shown else 'hidden'} wrongly")
    for eid, count in expected.counts.items():
        item = window.filter_panel.model.item_for(eid)
        if item is not None and not item.text().endswith(f"({count})"):
            report.fail(f"{step}: filter shows '{item.text()}', core count is {count}")
            break


def run_tour(window: MainWindow) -> TourReport:
    report = TourReport()
    catalog = window.catalog
    if not catalog.agents:
        report.fail("the catalog has no agents")
        return report

    # 1. Open every agent.
    report.checks += 1
    for agent in catalog.agents:
        if not window.open_agent(agent.id):
            report.fail(f"open {agent.id}: not in the list")
            continue
        if window.detail.shown_agent != agent.id or agent.name not in window.detail.toPlainText():
            report.fail(f"open {agent.id}: the monograph of {agent.name} is not shown")
    window.show_overview()

    # 2. A search, typed into the search box.
    text = catalog.agents[0].name[:4]
    window.search.setText(text)
    _compare(window, Query(text=text), f"search '{text}'", report)
    window.search.clear()

    # 3. "Lists any of" the most widely listed effect, at least common.
    listed = Counter(a.effect for agent in catalog.agents for a in agent.adverse_effects)
    effect = listed.most_common(1)[0][0] if listed else next(iter(window.index.effects))
    band = FrequencyBand.COMMON
    panel = window.filter_panel
    item = panel.model.item_for(effect)
    if item is None:
        report.fail(f"side effect '{effect}' is not in the filter tree")
        return report
    item.setCheckState(Qt.CheckState.Checked)
    _select_combo(panel.mode, FilterMode.ANY)
    _select_combo(panel.band, band)
    _compare(
        window,
        Query(effects=frozenset({effect}), mode=FilterMode.ANY, min_band=band),
        f"lists any of {effect}, at least {band.value}",
        report,
    )

    # 4. "Lists none of" the same effect and band.
    _select_combo(panel.mode, FilterMode.NONE)
    query = Query(effects=frozenset({effect}), mode=FilterMode.NONE, min_band=band)
    _compare(window, query, f"lists none of {effect}, at least {band.value}", report)
    if window.current_agent() is None and window.shown_ids():
        window.open_agent(window.shown_ids()[0])

    # 5. Clear the side-effect filter with its button.
    panel.clear_button.click()
    _compare(window, Query(mode=FilterMode.NONE, min_band=band), "clear side effects", report)

    # 6. A search that matches nothing shows the empty state; its button clears everything.
    window.search.setText("zzqxw no such agent")
    _compare(
        window,
        Query(text="zzqxw no such agent", mode=FilterMode.NONE, min_band=band),
        "search with no match",
        report,
    )
    window.empty_state.button.click()
    _compare(window, Query(mode=FilterMode.NONE, min_band=band), "clear all filters", report)

    # 7. Export the first agent's monograph as PDF: proves the print stack (QtPrintSupport,
    #    fonts, the PDF writer) survived freezing and trimming.
    _check_pdf_export(window, catalog.agents[0].id, report)
    return report


def _check_pdf_export(window: MainWindow, agent_id: str, report: TourReport) -> None:
    from app.ui.printing import export_pdf

    report.checks += 1
    window.open_agent(agent_id)
    with tempfile.TemporaryDirectory(prefix="nmda-ref-self-test-") as folder:
        path = Path(folder) / "monograph.pdf"
        pages = export_pdf(window.tools.page_job(), path)
        head = path.read_bytes()[:5] if path.exists() else b""
        if pages < 1 or head != b"%PDF-":
            report.fail(f"PDF export of {agent_id}: {pages} pages, file starts {head!r}")
    window.show_overview()
