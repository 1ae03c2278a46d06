"""The start-up benchmark probe: silent unless asked, one marker line after the first paint."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.ui.first_paint import ENV_VAR, MARKER, install_if_requested


def test_not_installed_without_the_variable(qtbot, monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    label = QLabel("x")
    qtbot.addWidget(label)
    assert install_if_requested(label) is False


def test_reports_once_after_the_first_paint(qtbot, monkeypatch, capsys):
    monkeypatch.setenv(ENV_VAR, "1")
    label = QLabel("x")
    qtbot.addWidget(label)
    assert install_if_requested(label) is True
    out = capsys.readouterr().out
    assert MARKER not in out  # nothing before the window is painted
    label.show()
    captured = []

    def marker_seen() -> bool:
        captured.append(capsys.readouterr().out)
        return MARKER in "".join(captured)

    qtbot.waitUntil(marker_seen, timeout=5000)
    label.repaint()
    qtbot.wait(50)
    captured.append(capsys.readouterr().out)
    lines = [line for line in "".join(captured).splitlines() if line.startswith(MARKER)]
    assert len(lines) == 1
    assert float(lines[0].split()[1]) > 1.7e9  # an epoch timestamp, comparable across processes
