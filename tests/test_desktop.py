"""`nmda-ref --install-desktop-entry`: the entry and icons land under XDG_DATA_HOME only."""

from __future__ import annotations

import os
import struct
import subprocess
import sys

import pytest

from app import cli
from app.desktop import ICON_SIZES, data_home, install_desktop_entry, quote_exec_arg
from tests.conftest import REPO


def test_entry_and_icons_are_written_under_the_target(tmp_path):
    command = ["/opt/NMDA Ref/nmda-ref"]
    written = install_desktop_entry(tmp_path, command)
    entry = tmp_path / "applications" / "nmda-ref.desktop"
    assert written[0] == entry
    text = entry.read_text(encoding="utf-8")
    assert '\nExec="/opt/NMDA Ref/nmda-ref"\n' in text
    assert '\nTryExec="/opt/NMDA Ref/nmda-ref"\n' in text
    assert "\nIcon=nmda-ref\n" in text
    assert text.startswith("[Desktop Entry]\nType=Application\n")
    for size in ICON_SIZES:
        png = tmp_path / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "nmda-ref.png"
        width, height = struct.unpack(">II", png.read_bytes()[16:24])  # PNG IHDR
        assert (width, height) == (size, size)
    assert (tmp_path / "icons/hicolor/scalable/apps/nmda-ref.svg").is_file()
    assert all(path.is_relative_to(tmp_path) for path in written)


def test_exec_arguments_are_quoted_per_the_spec():
    assert quote_exec_arg("/usr/bin/nmda-ref") == "/usr/bin/nmda-ref"
    assert quote_exec_arg('/a b/"x"$`\\') == '"/a b/\\"x\\"\\$\\`\\\\"'
    assert quote_exec_arg("/100%/x") == "/100%%/x"


def test_data_home_follows_xdg_and_ignores_relative_values(tmp_path):
    assert data_home({"XDG_DATA_HOME": str(tmp_path), "HOME": "/h"}) == tmp_path
    assert data_home({"XDG_DATA_HOME": "rel/dir", "HOME": "/h"}).as_posix() == "/h/.local/share"
    assert data_home({"HOME": "/h"}).as_posix() == "/h/.local/share"


def test_cli_flag_installs_into_xdg_data_home(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert cli.main(["--install-desktop-entry"]) == 0
    entry = tmp_path / "applications" / "nmda-ref.desktop"
    assert capsys.readouterr().out.startswith(f"Installed the launcher entry {entry}\n")
    assert entry.is_file()
    assert os.listdir(tmp_path / "icons" / "hicolor")


@pytest.mark.slow
def test_cli_flag_never_imports_qt(tmp_path):
    probe = (
        "import sys; from app import cli; code = cli.main(['--install-desktop-entry']); "
        "qt = sorted(m for m in sys.modules if m.startswith('PySide6')); "
        "print('qt modules:', qt); sys.exit(code)"
    )
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    proc = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "qt modules: []" in proc.stdout
