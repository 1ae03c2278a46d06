"""The baseline for tests/perf/bench_frozen.py: a bare PySide6 QMainWindow with one label.

Frozen by tests/perf/bare_window.spec exactly as build.spec freezes the app (onedir, windowed,
no UPX, the same Qt trimming), and timed with the same first-paint probe.

    python tests/perf/bare_window.py [TYPES_FILE]

With TYPES_FILE (one `QtModule.Class` per line: the PySide classes and namespaces the app's
first paint brings into being; the harness writes it with `--types-child`), the window first
makes each of those Python types. PySide creates a class's Python type, with Python enums for
all its enums, on its first use from Python: a cost any window built from those classes pays,
whatever it does with them. This window pays it and nothing else, a floor under the app's
start-up ratio.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from app.ui.first_paint import install_if_requested


def make_types(types_file: str) -> None:
    import importlib

    with open(types_file, encoding="utf-8") as names:
        for name in names.read().split():
            module, _, attribute = name.partition(".")
            getattr(importlib.import_module(f"PySide6.{module}"), attribute)


def main() -> int:
    if len(sys.argv) > 1:
        make_types(sys.argv[1])
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare window")
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1280, 800)
    window.show()
    install_if_requested(window)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
