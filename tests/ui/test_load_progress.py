"""The progress window of a long full load (a large local formulary, new or changed)."""

from __future__ import annotations

from app.catalog.loader import load_catalog
from app.ui.load_progress import LoadProgress
from tests.catalog.test_loader import MALFORMED


def agent_files(folder) -> int:
    return len([p for p in (folder / "agents").iterdir() if p.suffix in (".yaml", ".yml")])


def test_the_loader_reports_every_agent_file_in_order_bad_ones_included(good_dir):
    calls = []
    load_catalog(good_dir, [MALFORMED], progress=lambda done, total: calls.append((done, total)))
    total = agent_files(good_dir) + agent_files(MALFORMED)
    assert calls == [(n, total) for n in range(1, total + 1)]


def test_a_long_load_shows_its_progress_and_closes_it(qtbot, good_dir):
    progress = LoadProgress("Starting", show_from=3)
    seen = []

    def watch(done, total):
        progress(done, total)
        seen.append((progress.dialog.isVisible(), progress.dialog.value()))

    load_catalog(good_dir, [MALFORMED], progress=watch)
    dialog = progress.dialog
    total = agent_files(good_dir) + agent_files(MALFORMED)
    assert dialog.maximum() == total and dialog.value() == total
    assert all(visible for visible, _ in seen)
    assert dialog.windowTitle() == "Starting"
    assert f"Checking {total:,} agent files" in dialog.labelText()
    progress.close()
    assert progress.dialog is None and not dialog.isVisible()


def test_a_short_load_shows_nothing(qtbot, good_dir):
    progress = LoadProgress("Starting")
    load_catalog(good_dir, progress=progress)
    assert progress.dialog is None
