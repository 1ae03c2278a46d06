"""Re-take the README screenshots from the real window (offscreen, no display needed).

Usage: python docs/screenshots/capture.py [OUT_DIR] [--size 1280x800] [--data DIR]
Writes start, monograph, none-of, empty and dark PNGs named `<state>-<size>.png`.
Settings come from a temporary file, so the user's own window state never shows.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from app.catalog.loader import load_catalog
from app.catalog.model import FrequencyBand
from app.catalog.query import FilterMode
from app.paths import DATA_DIR
from app.ui.main_window import MainWindow
from app.ui.palette import dark_palette


def capture(out: Path, size: str, data: Path) -> list[Path]:
    app = QApplication.instance() or QApplication([])
    width, height = (int(n) for n in size.split("x"))
    load = load_catalog(data)
    written: list[Path] = []
    with tempfile.TemporaryDirectory() as folder:
        settings = QSettings(str(Path(folder) / "s.ini"), QSettings.Format.IniFormat)
        window = MainWindow(load, settings)
        window.resize(width, height)
        window.show()

        def save(name: str) -> None:
            app.processEvents()  # one pass so layout and paint are current before the grab
            path = out / f"{name}-{size}.png"
            window.grab().save(str(path))
            written.append(path)

        save("start")
        first = "ketamine" if window.proxy.row_of("ketamine") >= 0 else load.catalog.agents[0].id
        window.open_agent(first)
        save("monograph")

        panel = window.filter_panel
        panel.model.item_for("hallucinations").setCheckState(Qt.CheckState.Checked)
        panel.set_mode(FilterMode.NONE)
        panel.set_band(FrequencyBand.COMMON)
        if window.shown_ids():
            window.open_agent(window.shown_ids()[0])
            # Show why it matched: the adverse effects, with the filter's verdict on top.
            window.detail.scrollToAnchor("sec-adverse-effects")
        save("none-of")

        window.search.setText("zzzz")
        save("empty")

        window.clear_all_filters()
        panel.set_mode(FilterMode.ANY)
        panel.set_band(None)
        window.open_agent(first)
        app.styleHints().setColorScheme(Qt.ColorScheme.Dark)
        app.setPalette(dark_palette())
        save("dark")
        window.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path, nargs="?", default=Path(__file__).parent)
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--data", type=Path, default=DATA_DIR)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for path in capture(args.out, args.size, args.data):
        print(path)


if __name__ == "__main__":
    main()
