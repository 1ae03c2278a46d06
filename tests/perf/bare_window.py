"""The baseline for tests/perf/bench_frozen.py: a bare PySide6 QMainWindow with one label.

Frozen by tests/perf/bare_window.spec exactly as build.spec freezes the app (onedir, windowed,
no UPX, the same Qt trimming), and timed with the same first-paint probe.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

from app.ui.first_paint import install_if_requested


def main() -> int:
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
