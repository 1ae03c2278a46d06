"""The harness's README writer: replaces only the Performance section, or inserts one."""

from __future__ import annotations

from tests.perf.harness import SECTION, Row, replace_section, table

NEW = f"{SECTION}\n\nnew table\n"


def test_replaces_only_the_performance_section():
    readme = f"# T\n\n## A\n\na\n\n{SECTION}\n\nold table\n\n## Licences and sources\n\nl\n"
    assert replace_section(readme, NEW) == (
        f"# T\n\n## A\n\na\n\n{SECTION}\n\nnew table\n\n## Licences and sources\n\nl\n"
    )


def test_replaces_a_last_section():
    readme = f"# T\n\n## A\n\na\n\n{SECTION}\n\nold table\n"
    assert replace_section(readme, NEW) == f"# T\n\n## A\n\na\n\n{SECTION}\n\nnew table\n"


def test_inserts_before_the_licences_when_missing():
    readme = "# T\n\n## A\n\na\n\n## Licences and sources\n\nl\n"
    assert replace_section(readme, NEW) == (
        f"# T\n\n## A\n\na\n\n{SECTION}\n\nnew table\n\n## Licences and sources\n\nl\n"
    )


def test_table_shows_ratio_beside_absolute_figures():
    rows = [Row("start", 150.0, "ms", 100.0, "<= 1.5x", True), Row("filter", 1.234, "ms")]
    assert table(rows).splitlines()[2:] == [
        "| start | 150 ms | 100 ms | **1.50x** | <= 1.5x | yes |",
        "| filter | 1.23 ms | — | — |  |  |",
    ]
