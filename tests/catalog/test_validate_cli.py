from __future__ import annotations

import json

import pytest

from app.cli import main
from tests.catalog.test_loader import MALFORMED, expected_lines


def run(capsys, *argv):
    code = main(["validate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_folder_exits_zero_with_summary(capsys, good_dir):
    code, out, _ = run(capsys, "--only", str(good_dir))
    assert code == 0
    assert out == "OK: 3 agents, 91 side effects, 2 references (data test-1)\n"


def test_problems_print_located_and_exit_one(capsys, good_dir):
    code, out, _ = run(capsys, "--only", str(good_dir), str(MALFORMED))
    lines = out.splitlines()
    assert code == 1
    assert lines[:-1] == sorted(expected_lines(MALFORMED))
    assert lines[-1] == (
        "18 problems; 18 skipped; loaded 4 agents, 91 side effects, 3 references (data test-1)"
    )


def test_usage_errors_exit_two(capsys):
    with pytest.raises(SystemExit) as info:
        main(["validate", "--no-such-option"])
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        main(["validate", "--only"])
    assert info.value.code == 2
    assert "--only needs at least one DIR" in capsys.readouterr().err


def test_missing_base_folder_is_one_clear_error(capsys, tmp_path):
    code, _out, err = run(capsys, "--only", str(tmp_path / "gone"))
    assert code == 1
    assert err == f"error: {tmp_path / 'gone'}: data folder not found or not a folder\n"


def test_json_is_stable_and_complete(capsys, good_dir):
    code, out, err = run(capsys, "--only", str(good_dir), "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data) == sorted(data)
    assert data["manifest"]["data_version"] == "test-1"
    assert [a["id"] for a in data["agents"]] == ["alphamine", "betamine", "gammadol"]
    assert data["agents"][0]["interactions"][0]["with"] == "Theophylline"
    assert err.startswith("OK:")
    again = run(capsys, "--only", str(good_dir), "--json")[1]
    assert again == out


def test_only_folder_without_manifest_says_what_it_needs(capsys, tmp_path):
    (tmp_path / "agents").mkdir()
    code, _out, err = run(capsys, "--only", str(tmp_path))
    assert code == 1
    assert err == (
        f"error: {tmp_path / 'catalog.yaml'}: missing or unreadable; "
        "the first data folder must provide it\n"
    )


def test_the_console_command_takes_the_same_arguments(capsys, monkeypatch, good_dir):
    from app.cli import validate_main

    monkeypatch.setattr("sys.argv", ["nmda-ref-validate", "--only", str(good_dir)])
    assert validate_main() == 0
    assert capsys.readouterr().out == "OK: 3 agents, 91 side effects, 2 references (data test-1)\n"


@pytest.mark.parametrize(
    "program", ["/opt/nmda-ref/nmda-ref-validate", r"C:\nmda\NMDA-REF-VALIDATE.exe"]
)
def test_the_frozen_console_twin_runs_validate_by_its_name(
    capsys, monkeypatch, good_dir, program
):
    # build.spec puts the same program beside the app under this name (a console program).
    monkeypatch.setattr("sys.argv", [program, "--only", str(good_dir)])
    assert main() == 0
    assert capsys.readouterr().out.startswith("OK: 3 agents")

