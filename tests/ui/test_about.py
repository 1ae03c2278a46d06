"""About and keyboard reference: what they must say."""

from __future__ import annotations

import pytest
from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from app import __version__
from app.catalog.loader import load_catalog
from app.paths import DATA_DIR
from app.ui.about import (
    about_dialog,
    about_html,
    shortcut_rows,
    shortcuts_dialog,
    shortcuts_html,
)
from tests.conftest import FIXTURES


@pytest.fixture
def catalog():
    return load_catalog(FIXTURES / "good").catalog


def test_about_names_versions_data_disclaimer_and_lgpl_components(qapp, catalog):
    page = about_html(catalog)
    assert f"NMDA Pain Reference {__version__}" in page
    assert "Data version test-1</b>, dated 2026-01-01; 3 agents." in page
    assert "Test fixture data. Not clinical content." in page
    assert "Test data, CC0." in page
    assert f"<b>Qt</b> {qVersion()}" in page
    assert f"<b>PySide6 (Qt for Python)</b> {pyside_version}" in page
    assert page.count("GNU Lesser General Public License v3 (LGPLv3)") == 2
    assert '<a href="https://code.qt.io">https://code.qt.io</a>' in page
    assert '<a href="https://download.qt.io">https://download.qt.io</a>' in page


def test_about_attributes_the_cc_by_source_article_of_the_real_data(qapp):
    catalog = load_catalog(DATA_DIR).catalog
    manifest = catalog.manifest
    assert manifest.source_article
    page = about_html(catalog)
    assert "Attribution</h3>" in page
    assert "Source article (CC BY):" in page
    article = next(r for r in catalog.references if r.id == manifest.source_article)
    assert article.title.replace("'", "&#x27;").replace('"', "&quot;") in page


def test_about_escapes_data(qapp, catalog):
    evil = catalog.model_copy(
        update={"manifest": catalog.manifest.model_copy(update={"disclaimer": "<b>x</b>"})}
    )
    assert "&lt;b&gt;x&lt;/b&gt;" in about_html(evil)


def test_about_dialog_shows_the_page(qtbot, catalog):
    dialog = about_dialog(catalog)
    qtbot.addWidget(dialog)
    assert dialog.objectName() == "aboutDialog"
    assert "LGPLv3" in dialog.browser.toPlainText()


def test_keyboard_reference_lists_every_shortcut_from_the_menus(qtbot):
    menu = QMenu("&View")
    qtbot.addWidget(menu)
    for text, keys in (("Class &comparison matrix", "Ctrl+M"), ("&Print…", "Ctrl+P")):
        action = QAction(text, menu)
        action.setShortcut(QKeySequence(keys))
        menu.addAction(action)
    menu.addAction(QAction("No shortcut", menu))
    zoom = QAction("Zoom &in", menu)
    zoom.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
    menu.addAction(zoom)
    native = QKeySequence.SequenceFormat.NativeText
    assert shortcut_rows([menu]) == [
        ("View", "Class comparison matrix", QKeySequence("Ctrl+M").toString(native)),
        ("View", "Print", QKeySequence("Ctrl+P").toString(native)),
        (
            "View",
            "Zoom in",
            " or ".join(QKeySequence(k).toString(native) for k in ("Ctrl+=", "Ctrl++")),
        ),
    ]
    dialog = shortcuts_dialog([menu])
    qtbot.addWidget(dialog)
    text = dialog.browser.toPlainText()
    assert "Class comparison matrix" in text
    assert "Down / Up (in the search box)" in text
    assert "No shortcut" not in text


def test_numbered_recent_keys_are_described_once(window):
    window.open_agent("alphamine")
    rows = shortcut_rows(window.menus.values())
    assert not any(action.endswith("Alphamine") for _, action, _ in rows)
    text = shortcuts_html(list(window.menus.values()))
    assert "Ctrl+1 … Ctrl+9" in text


def test_component_versions_come_from_the_modules(qapp):
    import pydantic
    import pydantic_core
    import yaml

    from app.ui.about import components

    versions = {name: version for name, version, _ in components()}
    assert versions["pydantic"] == pydantic.VERSION
    assert versions["pydantic-core"] == pydantic_core.__version__
    assert versions["PyYAML"] == yaml.__version__
