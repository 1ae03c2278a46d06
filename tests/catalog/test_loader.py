from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.catalog.loader import BUNDLED, FatalDataError, load_catalog
from app.catalog.yamlsource import YamlProblem, parse_located
from tests.conftest import FIXTURES

MALFORMED = FIXTURES / "malformed"


def expected_lines(folder: Path) -> list[str]:
    text = (MALFORMED / "expected.txt").read_text(encoding="utf-8")
    return [line.replace("{dir}", str(folder)) for line in text.splitlines() if line]


def test_good_fixtures_load_cleanly(good_dir):
    result = load_catalog(good_dir)
    assert result.ok
    assert [a.id for a in result.catalog.agents] == ["alphamine", "betamine", "gammadol"]
    assert all(a.origin == BUNDLED and a.replaces is None for a in result.catalog.agents)


def test_each_malformed_file_gives_its_exact_located_message(good_dir):
    result = load_catalog(good_dir, [MALFORMED])
    assert sorted(str(p) for p in result.problems) == sorted(expected_lines(MALFORMED))


def test_a_bad_file_costs_only_itself(good_dir):
    result = load_catalog(good_dir, [MALFORMED])
    ids = {a.id for a in result.catalog.agents}
    assert ids == {"alphamine", "betamine", "gammadol", "twin"}
    assert str(MALFORMED / "agents" / "unknown_ref.yaml") in result.skipped
    assert {r.id for r in result.catalog.references} >= {"label-alpha", "trial-beta", "local-one"}


def test_file_over_one_mebibyte_is_refused(good_dir, tmp_path):
    agents = tmp_path / "agents"
    agents.mkdir()
    (agents / "huge.yaml").write_text("notes: |\n" + ("  x" * 80 + "\n") * 5000)
    result = load_catalog(good_dir, [tmp_path])
    size = (agents / "huge.yaml").stat().st_size
    assert [str(p) for p in result.problems] == [
        f"{agents / 'huge.yaml'}:1:1: file is larger than the 1 MiB limit ({size:,} bytes)"
    ]


def test_later_folder_replaces_agent_and_records_origin(good_dir, tmp_path):
    agents = tmp_path / "agents"
    agents.mkdir()
    text = (
        (good_dir / "agents" / "betamine.yaml")
        .read_text()
        .replace("name: Betamine", "name: Betamine (local)")
    )
    (agents / "betamine.yaml").write_text(text)
    result = load_catalog(good_dir, [tmp_path])
    assert result.ok
    local = next(a for a in result.catalog.agents if a.id == "betamine")
    assert local.name == "Betamine (local)"
    assert local.origin == str(tmp_path)
    assert local.replaces == BUNDLED


def test_missing_local_folder_is_a_problem_not_a_crash(good_dir, tmp_path):
    missing = tmp_path / "nope"
    result = load_catalog(good_dir, [missing])
    assert [str(p) for p in result.problems] == [
        f"{missing}:1:1: data folder not found or not a folder"
    ]
    assert len(result.catalog.agents) == 3


def test_missing_bundled_folder_is_fatal_with_the_path(tmp_path):
    with pytest.raises(FatalDataError, match="data folder not found"):
        load_catalog(tmp_path / "gone")


def test_bundled_folder_without_manifest_is_fatal(tmp_path):
    (tmp_path / "agents").mkdir()
    with pytest.raises(FatalDataError) as info:
        load_catalog(tmp_path)
    assert str(info.value) == (
        f"{tmp_path / 'catalog.yaml'}: missing or unreadable; the bundled data must provide it"
    )


def test_reference_in_overview_is_checked(good_dir, tmp_path):
    (tmp_path / "overview.yaml").write_text(
        "title: Local\nsummary:\n  text: X.\n  refs: [nowhere]\ntopics: []\n"
    )
    result = load_catalog(good_dir, [tmp_path])
    assert [str(p) for p in result.problems] == [
        f"{tmp_path / 'overview.yaml'}:4:10: unknown reference id 'nowhere'"
    ]
    assert result.catalog.overview is None


def test_every_unknown_reference_in_the_overview_is_reported_not_only_the_first(
    good_dir, tmp_path
):
    (tmp_path / "overview.yaml").write_text(
        "title: Local\nsummary:\n  text: X.\n  refs: [nowhere]\ntopics:\n"
        "  - id: t1\n    kind: safety\n    title: T\n    text: Y.\n    refs: [elsewhere]\n"
    )
    result = load_catalog(good_dir, [tmp_path])
    assert [str(p) for p in result.problems] == [
        f"{tmp_path / 'overview.yaml'}:4:10: unknown reference id 'nowhere'",
        f"{tmp_path / 'overview.yaml'}:10:12: unknown reference id 'elsewhere'",
    ]
    assert result.catalog.overview is None


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=400))
def test_parser_never_raises_anything_but_a_located_problem_on_bytes(raw):
    try:
        parse_located(raw)
    except YamlProblem as problem:
        assert problem.line >= 1 and problem.column >= 1 and problem.message


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(yaml_values)
def test_loader_reports_not_raises_on_arbitrary_yaml(tmp_path_factory, value):
    import yaml

    folder = tmp_path_factory.mktemp("arbitrary")
    (folder / "agents").mkdir()
    (folder / "agents" / "x.yaml").write_text(yaml.safe_dump(value), encoding="utf-8")
    (folder / "references").mkdir()
    (folder / "references" / "x.yaml").write_text(yaml.safe_dump(value), encoding="utf-8")
    result = load_catalog(FIXTURES / "good", [folder])
    assert len(result.catalog.agents) >= 3
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1


def test_a_replacement_with_a_bad_reference_leaves_the_entry_beneath_it(good_dir, tmp_path):
    agents = tmp_path / "agents"
    agents.mkdir()
    text = (good_dir / "agents" / "betamine.yaml").read_text()
    (agents / "betamine.yaml").write_text(
        text.replace("name: Betamine", "name: Betamine (local)").replace(
            "  refs: [trial-beta]\nstatus", "  refs: [nowhere]\nstatus"
        )
    )
    result = load_catalog(good_dir, [tmp_path])
    assert [str(p) for p in result.problems] == [
        f"{agents / 'betamine.yaml'}:8:10: unknown reference id 'nowhere'"
    ]
    kept = next(a for a in result.catalog.agents if a.id == "betamine")
    assert (kept.name, kept.origin, kept.replaces) == ("Betamine", BUNDLED, None)
    assert str(agents / "betamine.yaml") in result.skipped


def test_the_garbage_collector_is_paused_for_a_load_and_left_as_it_was(good_dir, tmp_path):
    import gc

    seen: list[bool] = []
    assert gc.isenabled()
    load_catalog(good_dir, progress=lambda done, total: seen.append(gc.isenabled()))
    assert seen == [False, False, False]
    assert gc.isenabled()
    with pytest.raises(FatalDataError):
        load_catalog(tmp_path)
    assert gc.isenabled()
    gc.disable()
    try:
        load_catalog(good_dir)
        assert not gc.isenabled()  # a caller that paused it keeps it paused
    finally:
        gc.enable()


def test_an_impossible_date_costs_only_its_file(good_dir, tmp_path):
    agents = tmp_path / "agents"
    agents.mkdir()
    text = (good_dir / "agents" / "betamine.yaml").read_text()
    (agents / "late.yaml").write_text("id: late\nname: Late\nlast_reviewed: 2025-02-30\n")
    (agents / "betamine.yaml").write_text(text.replace("name: Betamine", "name: Betamine (local)"))
    result = load_catalog(good_dir, [tmp_path])
    assert [str(p) for p in result.problems] == [
        f"{agents / 'late.yaml'}:3:16: '2025-02-30' is not a valid date "
        "(day is out of range for month)"
    ]
    assert str(agents / "late.yaml") in result.skipped
    assert "Betamine (local)" in {a.name for a in result.catalog.agents}


@pytest.mark.parametrize("with_malformed", [False, True])
def test_a_load_leaves_no_cyclic_garbage(good_dir, with_malformed):
    """The collector is paused during a load (above): anything cyclic would pile up unfreed,
    such as every bad file's data and nodes held by a validation error's traceback."""
    import gc

    local = [MALFORMED] if with_malformed else []
    load_catalog(good_dir, local)
    gc.collect()
    gc.disable()
    try:
        result = load_catalog(good_dir, local)
        assert gc.collect() == 0
    finally:
        gc.enable()
    assert bool(result.problems) == with_malformed
