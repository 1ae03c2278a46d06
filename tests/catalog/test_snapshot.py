from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import app
from app.catalog import loader, snapshot
from app.catalog.report import FatalDataError
from tests.catalog.test_loader import MALFORMED, expected_lines
from tests.conftest import REPO


@pytest.fixture
def data(good_dir, tmp_path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(good_dir, folder)
    return folder


def snapshot_files(cache: Path) -> list[Path]:
    return sorted(cache.glob("snapshot-*.pickle"))


def forbid_full_loads(monkeypatch) -> None:
    def full_load(*_args, **_kwargs):
        raise AssertionError("a full load ran although the snapshot was current")

    monkeypatch.setattr(loader, "load_catalog", full_load)


def test_a_second_start_is_served_from_the_snapshot_and_equals_a_full_load(
    data, tmp_path, monkeypatch
):
    cache = tmp_path / "cache"
    full = loader.load_catalog(data)
    first = snapshot.load_catalog(data, [], cache_dir=cache)
    assert len(snapshot_files(cache)) == 1
    forbid_full_loads(monkeypatch)
    second = snapshot.load_catalog(data, [], cache_dir=cache)
    assert first == full and second == full
    assert second.catalog.agents[0].model_copy() == full.catalog.agents[0]


def test_a_changed_byte_is_never_served_stale(data, tmp_path):
    cache = tmp_path / "cache"
    snapshot.load_catalog(data, [], cache_dir=cache)
    path = data / "agents" / "betamine.yaml"
    path.write_text(path.read_text().replace("name: Betamine", "name: Betamine v2"))
    result = snapshot.load_catalog(data, [], cache_dir=cache)
    assert "Betamine v2" in {a.name for a in result.catalog.agents}


def test_added_removed_and_renamed_files_are_never_served_stale(data, tmp_path):
    cache = tmp_path / "cache"
    before = snapshot.load_catalog(data, [], cache_dir=cache)
    betamine = data / "agents" / "betamine.yaml"
    betamine.rename(data / "agents" / ".betamine.yaml")  # hidden: the loader skips it
    fewer = snapshot.load_catalog(data, [], cache_dir=cache)
    assert len(fewer.catalog.agents) == len(before.catalog.agents) - 1
    (data / "agents" / ".betamine.yaml").rename(betamine)
    assert snapshot.load_catalog(data, [], cache_dir=cache) == before
    broken = data / "agents" / "broken.yaml"
    broken.write_text("id: broken\n")
    renamed = data / "agents" / "renamed.yaml"
    messages = [str(p) for p in snapshot.load_catalog(data, [], cache_dir=cache).problems]
    broken.rename(renamed)
    after = [str(p) for p in snapshot.load_catalog(data, [], cache_dir=cache).problems]
    assert messages and all("broken.yaml" in m for m in messages)
    assert after == [m.replace("broken.yaml", "renamed.yaml") for m in messages]


def test_problems_are_reported_on_every_start_not_only_the_first(good_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    first = snapshot.load_catalog(good_dir, [MALFORMED], cache_dir=cache)
    forbid_full_loads(monkeypatch)
    second = snapshot.load_catalog(good_dir, [MALFORMED], cache_dir=cache)
    assert sorted(str(p) for p in second.problems) == sorted(expected_lines(MALFORMED))
    assert second.skipped == first.skipped and second.skipped


def test_each_set_of_folders_keeps_its_own_snapshot(good_dir, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    alone = snapshot.load_catalog(good_dir, [], cache_dir=cache)
    layered = snapshot.load_catalog(good_dir, [MALFORMED], cache_dir=cache)
    assert len(snapshot_files(cache)) == 2
    forbid_full_loads(monkeypatch)
    assert snapshot.load_catalog(good_dir, [], cache_dir=cache) == alone
    assert snapshot.load_catalog(good_dir, [MALFORMED], cache_dir=cache) == layered


@pytest.mark.parametrize("damage", [b"", b"x" * 40, "truncate"])
def test_a_damaged_snapshot_means_a_full_load_and_is_rewritten(data, tmp_path, damage):
    cache = tmp_path / "cache"
    good = snapshot.load_catalog(data, [], cache_dir=cache)
    (file,) = snapshot_files(cache)
    written = file.read_bytes()
    file.write_bytes(written[: len(written) // 2] if damage == "truncate" else damage)
    assert snapshot.load_catalog(data, [], cache_dir=cache) == good
    assert file.read_bytes() == written


def test_a_cache_folder_that_cannot_be_written_only_costs_time(data, tmp_path):
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    assert snapshot.load_catalog(data, [], cache_dir=not_a_folder / "cache").ok


def test_a_fatal_load_is_raised_every_time_and_never_snapshotted(data, tmp_path):
    (data / "catalog.yaml").unlink()
    cache = tmp_path / "cache"
    for _ in range(2):
        with pytest.raises(FatalDataError, match=r"catalog\.yaml: missing or unreadable"):
            snapshot.load_catalog(data, [], cache_dir=cache)
    assert snapshot_files(cache) == []


def test_another_app_version_is_another_key(data, monkeypatch):
    key = snapshot.snapshot_key([data])
    monkeypatch.setattr(app, "__version__", app.__version__ + ".post1")
    assert snapshot.snapshot_key([data]) != key


def test_an_unreachable_local_folder_is_part_of_the_key(data, tmp_path):
    share = tmp_path / "share"
    key_missing = snapshot.snapshot_key([data, share])
    share.mkdir()
    assert snapshot.snapshot_key([data, share]) != key_missing


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(which=st.integers(min_value=0), where=st.integers(min_value=0), byte=st.integers(0, 255))
def test_any_changed_byte_in_any_data_file_changes_the_key(data, which, where, byte):
    files = sorted(p for p in data.rglob("*") if p.is_file())
    path = files[which % len(files)]
    original = path.read_bytes()
    changed = bytearray(original)
    changed[where % len(changed)] = byte
    key = snapshot.snapshot_key([data])
    path.write_bytes(bytes(changed))
    try:
        assert (snapshot.snapshot_key([data]) == key) == (bytes(changed) == original)
    finally:
        path.write_bytes(original)


WARM_START = """
import sys
from pathlib import Path
from app.catalog.snapshot import load_catalog
result = load_catalog(Path(sys.argv[1]), [], cache_dir=Path(sys.argv[2]))
heavy = sorted(m for m in ("pydantic", "pydantic_core", "yaml") if m in sys.modules)
print(len(result.catalog.agents), heavy)
"""


def test_a_warm_start_imports_neither_pydantic_nor_pyyaml(data, tmp_path):
    def start() -> str:
        run = subprocess.run(
            [sys.executable, "-c", WARM_START, str(data), str(tmp_path / "cache")],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert run.returncode == 0, run.stderr
        return run.stdout.strip()

    assert start() == "3 ['pydantic', 'pydantic_core', 'yaml']"  # the first start validates
    assert start() == "3 []"


def test_the_garbage_collector_runs_again_after_a_load_even_a_fatal_one(data, tmp_path):
    import gc

    assert gc.isenabled()
    snapshot.load_catalog(data, [], cache_dir=tmp_path / "cache")
    assert gc.isenabled()
    (data / "catalog.yaml").unlink()
    with pytest.raises(FatalDataError):
        snapshot.load_catalog(data, [], cache_dir=tmp_path / "cache")
    assert gc.isenabled()


def test_files_other_than_yaml_are_neither_read_nor_part_of_the_key(data):
    key = snapshot.snapshot_key([data])
    (data / "protocol.pdf").write_bytes(b"%PDF-1.7 a large scanned protocol")
    (data / "agents" / "notes.txt").write_text("to do")
    assert snapshot.snapshot_key([data]) == key
    (data / "agents" / "new.yml").write_text("id: new\n")
    assert snapshot.snapshot_key([data]) != key


# --- The snapshot a frozen build ships with the bundled data (build.spec) -----------------


@pytest.fixture
def shipped(data, tmp_path) -> Path:
    file = tmp_path / "bundle" / "bundled-snapshot.pickle"
    snapshot.ship(data, file)
    return file


def test_a_first_start_with_an_empty_cache_is_served_from_the_shipped_snapshot(
    data, shipped, tmp_path, monkeypatch
):
    full = loader.load_catalog(data)
    forbid_full_loads(monkeypatch)
    cache = tmp_path / "empty-cache"
    assert snapshot.load_catalog(data, [], cache_dir=cache, shipped=shipped) == full
    assert not cache.exists()  # nothing written: a wiped profile is as fast next time


def test_the_shipped_snapshot_survives_moving_the_install(data, shipped, tmp_path, monkeypatch):
    moved = tmp_path / "Program Files" / "data"
    shutil.copytree(data, moved)
    forbid_full_loads(monkeypatch)
    assert snapshot.load_catalog(moved, [], cache_dir=tmp_path / "cache", shipped=shipped)


def test_the_shipped_snapshot_is_never_served_for_edited_data(data, shipped, tmp_path):
    path = data / "agents" / "betamine.yaml"
    path.write_text(path.read_text().replace("name: Betamine", "name: Betamine v2"))
    result = snapshot.load_catalog(data, [], cache_dir=tmp_path / "cache", shipped=shipped)
    assert "Betamine v2" in {a.name for a in result.catalog.agents}


def test_the_shipped_snapshot_is_never_used_with_local_folders(
    data, shipped, good_dir, tmp_path
):
    result = snapshot.load_catalog(data, [MALFORMED], cache_dir=tmp_path / "c", shipped=shipped)
    assert result.problems  # the local folder was read and its problems reported
    assert result.folders


def test_a_shipped_snapshot_of_another_version_or_damaged_means_a_full_load(
    data, shipped, tmp_path, monkeypatch
):
    monkeypatch.setattr(app, "__version__", "0.0.0-other")
    result = snapshot.load_catalog(data, [], cache_dir=tmp_path / "c1", shipped=shipped)
    assert snapshot_files(tmp_path / "c1")  # a full load, snapshotted in the user's cache
    monkeypatch.undo()
    shipped.write_bytes(shipped.read_bytes()[:100])
    again = snapshot.load_catalog(data, [], cache_dir=tmp_path / "c2", shipped=shipped)
    assert again == result and snapshot_files(tmp_path / "c2")


def test_data_with_problems_is_never_shipped(data, tmp_path):
    (data / "agents" / "broken.yaml").write_text("id: broken\n")
    problems = r"^the bundled data has problems; fix them before a build:\n.*broken\.yaml:1:1: "
    with pytest.raises(ValueError, match=problems):
        snapshot.ship(data, tmp_path / "bundled-snapshot.pickle")
    assert not (tmp_path / "bundled-snapshot.pickle").exists()


FIRST_START_SHIPPED = """
import sys
from pathlib import Path
from app.catalog.snapshot import load_catalog
result = load_catalog(Path(sys.argv[1]), [], cache_dir=Path(sys.argv[2]), shipped=Path(sys.argv[3]))
heavy = sorted(m for m in ("pydantic", "pydantic_core", "yaml") if m in sys.modules)
print(len(result.catalog.agents), heavy)
"""


def test_a_first_start_from_the_shipped_snapshot_imports_neither_pydantic_nor_pyyaml(
    data, shipped, tmp_path
):
    run = subprocess.run(
        [sys.executable, "-c", FIRST_START_SHIPPED, str(data), str(tmp_path / "c"), str(shipped)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "3 []"


def test_without_a_shipped_snapshot_no_time_goes_on_its_key(data, tmp_path, monkeypatch):
    def shipped_key(_bundled):
        raise AssertionError("hashed the bundled data for a snapshot that is not there")

    monkeypatch.setattr(snapshot, "shipped_key", shipped_key)
    missing = tmp_path / "no-such-bundle" / "bundled-snapshot.pickle"
    assert snapshot.load_catalog(data, [], cache_dir=tmp_path / "c", shipped=missing).ok
