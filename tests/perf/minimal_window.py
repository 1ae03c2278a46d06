"""A second floor for tests/perf/harness.py: the least window that still shows this catalog.

    python tests/perf/minimal_window.py

Starts as the app does (its QApplication set-up, the bundled catalog from the validated
snapshot), then shows a search box and the agents' names in a list beside the catalog's title
in a text pane, split as the app splits its window: no filter dock, no badges, no class
overview, no menus or status bar. What it costs above the bare window is what any useful
window of this product pays before its own features (the records, the snapshot, a model,
a splitter, which brings PySide's whole `Qt` namespace), a floor under the app's ratio that
the app's code cannot go below. Timed with the same first-paint probe as the app.
"""

from __future__ import annotations

import sys
from html import escape

from PySide6.QtCore import QStringListModel
from PySide6.QtWidgets import (
    QLineEdit,
    QListView,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.catalog.snapshot import load_catalog
from app.paths import DATA_DIR, SHIPPED_SNAPSHOT, user_cache_dir
from app.ui.first_paint import install_if_requested
from app.ui.launch import _application


def main() -> int:
    app = _application()
    load = load_catalog(DATA_DIR, [], cache_dir=user_cache_dir(), shipped=SHIPPED_SNAPSHOT)
    catalog = load.catalog
    window = QMainWindow()
    window.setWindowTitle("minimal window")
    left = QWidget()
    layout = QVBoxLayout(left)
    layout.addWidget(QLineEdit())
    names = QListView()
    names.setModel(QStringListModel([agent.name for agent in catalog.agents], names))
    layout.addWidget(names)
    splitter = QSplitter()
    splitter.addWidget(left)
    text = QTextBrowser()
    text.setHtml(f"<h1>{escape(catalog.overview.title)}</h1>")
    splitter.addWidget(text)
    window.setCentralWidget(splitter)
    window.resize(1280, 800)
    window.show()
    install_if_requested(window)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
