"""About and keyboard-reference dialogs.

About says which app and data this is, what it is not (the disclaimer), whose work it draws
on (the CC BY source article, from catalog.manifest), and the licences of what ships inside
it: Qt and PySide6 are LGPLv3, and their source is named with where to get it.
The keyboard reference is read from the window's own actions, so it cannot drift from them.
"""

from __future__ import annotations

import html
import importlib
import sys
from collections.abc import Iterable, Sequence

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMenu, QTextBrowser, QVBoxLayout

from app import __version__
from app.catalog.model import Catalog

APP_NAME = "NMDA Pain Reference"
QT_SOURCE_URLS = ("https://code.qt.io", "https://download.qt.io")

#: Keys that are not menu actions (they work in the search box and the list).
EXTRA_KEYS: tuple[tuple[str, str], ...] = (
    ("Ctrl+1 … Ctrl+9", "Open one of the last nine agents (View > Recent agents)"),
    ("Down / Up (in the search box)", "Move through the agent list"),
    ("Enter (in the search box or list)", "Open the monograph and move to it"),
    ("Tab / Shift+Tab", "Move between the filter, the search, the list and the monograph"),
    ("Escape (in a dialog)", "Close it"),
)


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _link(url: str) -> str:
    return f'<a href="{_esc(url)}">{_esc(url)}</a>'


def _version_of(module_name: str, attribute: str = "__version__") -> str:
    """From the module itself: a frozen build may not carry the packages' dist-info."""
    try:
        return str(getattr(importlib.import_module(module_name), attribute))
    except (ImportError, AttributeError):
        return "unknown version"


def components() -> list[tuple[str, str, str]]:
    """(component, version, licence and where its source is) for everything bundled."""
    qt_source = " and ".join(_link(u) for u in QT_SOURCE_URLS)
    return [
        (
            "Qt",
            qVersion(),
            "GNU Lesser General Public License v3 (LGPLv3). The source of Qt is available at "
            f"{qt_source}. You may replace the Qt libraries in this app with your own build.",
        ),
        (
            "PySide6 (Qt for Python)",
            pyside_version,
            f"GNU Lesser General Public License v3 (LGPLv3). Source at {qt_source} (pyside-setup).",
        ),
        ("pydantic", _version_of("pydantic", "VERSION"), "MIT licence."),
        ("pydantic-core", _version_of("pydantic_core"), "MIT licence."),
        ("PyYAML", _version_of("yaml"), "MIT licence."),
        (
            "Python",
            sys.version.split()[0],
            "Python Software Foundation License (PSF-2.0).",
        ),
    ]


def about_html(catalog: Catalog) -> str:
    manifest = catalog.manifest
    parts = [
        f"<h2>{_esc(APP_NAME)} {_esc(__version__)}</h2>",
        f"<p><b>Data version {_esc(manifest.data_version)}</b>, dated "
        f"{manifest.data_date.isoformat()}; {len(catalog.agents)} agents.</p>",
        f"<h3>Disclaimer</h3><p>{_esc(manifest.disclaimer)}</p>",
        f"<h3>Content licence</h3><p>{_esc(manifest.licence)}</p>",
        f"<h3>Attribution</h3><p>{_esc(manifest.attribution)}</p>",
    ]
    source = next((r for r in catalog.references if r.id == manifest.source_article), None)
    if source is not None:
        citation = f"{source.authors}. {source.title}. {source.source}. {source.year_text}"
        if source.volume_pages:
            citation += f";{source.volume_pages}"
        link = ""
        if source.doi:
            link = " " + _link(f"https://doi.org/{source.doi}")
        elif source.url:
            link = " " + _link(source.url)
        parts.append(
            f"<p>Source article (CC BY): {_esc(citation)}.{link} "
            "Changes: its statements were checked against the labels, guidelines and trials "
            "cited beside them and corrected where they differ.</p>"
        )
    parts.append("<h3>Bundled components</h3><ul>")
    for name, version, licence in components():
        parts.append(f"<li><b>{_esc(name)}</b> {_esc(version)} — {licence}</li>")
    parts.append("</ul>")
    return "\n".join(parts)


def shortcut_rows(menus: Iterable[QMenu]) -> list[tuple[str, str, str]]:
    """(menu, action, keys) for every action with a shortcut, submenus included."""
    rows = []

    def walk(menu: QMenu, title: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), title)
                continue
            keys = [
                s.toString(QKeySequence.SequenceFormat.NativeText)
                for s in action.shortcuts()
                if not s.isEmpty()
            ]
            # The numbered recent-agent keys change with use: EXTRA_KEYS describes them once.
            if keys and action.isVisible() and not action.objectName().startswith("actionRecent"):
                rows.append((title, _plain(action), " or ".join(keys)))

    for menu in menus:
        walk(menu, menu.title().replace("&", ""))
    return rows


def _plain(action: QAction) -> str:
    return action.text().replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…. ")


def shortcuts_html(menus: Sequence[QMenu]) -> str:
    rows = "".join(
        f"<tr><td>{_esc(keys)}</td><td>{_esc(action)}</td><td>{_esc(menu)}</td></tr>"
        for menu, action, keys in shortcut_rows(menus)
    )
    extra = "".join(
        f"<tr><td>{_esc(k)}</td><td>{_esc(w)}</td><td></td></tr>" for k, w in EXTRA_KEYS
    )
    return (
        "<h2>Keyboard reference</h2>"
        '<table cellspacing="0" cellpadding="4" border="1" style="border-collapse:collapse">'
        "<tr><th align=left>Keys</th><th align=left>Does</th><th align=left>Menu</th></tr>"
        f"{rows}{extra}</table>"
    )


class TextDialog(QDialog):
    """A dialog showing one HTML page, with a Close button."""

    def __init__(self, title: str, page: str, object_name: str, parent=None):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(page)
        self.browser.setAccessibleName(title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(640, 560)


def about_dialog(catalog: Catalog, parent=None) -> TextDialog:
    return TextDialog(f"About {APP_NAME}", about_html(catalog), "aboutDialog", parent)


def shortcuts_dialog(menus: Sequence[QMenu], parent=None) -> TextDialog:
    return TextDialog("Keyboard reference", shortcuts_html(menus), "shortcutsDialog", parent)
