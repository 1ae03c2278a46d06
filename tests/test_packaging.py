"""The wheel carries the clinical data and the resources, so `pip install .` works anywhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from tests.conftest import REPO


def _shipped_files(folder: str) -> set[str]:
    root = REPO / folder
    return {
        path.relative_to(REPO).as_posix()
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(REPO)],
        check=True,
        timeout=600,
    )
    (built,) = out.glob("nmda_pain_reference-*.whl")
    with zipfile.ZipFile(built) as archive:
        yield archive


@pytest.mark.slow
@pytest.mark.parametrize("folder", ["data", "resources"])
def test_wheel_carries_every_file_of(wheel, folder):
    names = set(wheel.namelist())
    expected = {f"app/{name}" for name in _shipped_files(folder)}
    assert expected, f"nothing found under {folder}/"
    assert expected - names == set()


@pytest.mark.slow
def test_wheel_carries_the_files_the_app_opens(wheel):
    names = set(wheel.namelist())
    for name in (
        "app/data/side_effects.yaml",
        "app/resources/nmda-ref.desktop",
        "app/resources/icons/nmda-ref.svg",
        "app/resources/icons/nmda-ref-256.png",
        "app/paths.py",
        "app/cli.py",
    ):
        assert name in names


@pytest.mark.slow
def test_wheel_declares_the_gui_entry_point(wheel):
    (entry_points,) = [n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt")]
    text = wheel.read(entry_points).decode()
    assert "[gui_scripts]\nnmda-ref = app.cli:main" in text
    assert "[console_scripts]\nnmda-ref-validate = app.cli:validate_main" in text


@pytest.mark.slow
def test_wheel_ships_a_snapshot_of_its_own_bundled_data(wheel, tmp_path):
    """The installed app's first start reads it (tools/hatch_snapshot.py): it must match the
    data files the wheel carries, byte for byte, and hold what a full load of them gives."""
    from app.catalog.loader import load_catalog
    from app.catalog.snapshot import _read, shipped_key
    from app.paths import SHIPPED_SNAPSHOT_NAME

    wheel.extractall(tmp_path)
    data = tmp_path / "app" / "data"
    shipped = _read(tmp_path / "app" / SHIPPED_SNAPSHOT_NAME, shipped_key(data))
    assert shipped is not None
    assert shipped.catalog == load_catalog(data).catalog
    assert not shipped.problems

