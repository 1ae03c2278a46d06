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


def test_the_floor_and_x11_pairs_give_only_their_start_up_rows():
    from tests.perf.harness import FLOOR, MINIMAL, X11_SOURCE, startup_rows

    def timings(app: float, bare: float) -> dict[str, list[float]]:
        return {"app_s": [app], "bare_s": [bare], "app_cpu": [app], "bare_cpu": [bare],
                "app_rss": [60.0], "bare_rss": [50.0], "first_s": [0.3], "first_rss": [80.0],
                "first_cpu": []}

    rows = startup_rows({"from source": timings(0.2, 0.1), FLOOR: timings(0.15, 0.1),
                         MINIMAL: timings(0.14, 0.1), X11_SOURCE: timings(0.24, 0.12)}, runs=1)
    measures = [row.measure for row in rows]
    first_start = [m for m in measures if "first start" in m]
    assert len(first_start) == 2 and all("from source" in m for m in first_start)
    assert not any("X11" in m or "floor" in m for m in first_start)
    floor = [row for row in rows if row.measure.startswith("floor")]
    assert [(row.ratio, row.met) for row in floor] == [(1.5, None), (1.4, None)]
    x11 = [row.measure for row in rows if "X11" in row.measure]
    assert x11 == [f"start to first paint, {X11_SOURCE} (median of 1; middle half of the rounds "
                   "2.00-2.00x)",
                   f"CPU time (user+sys) of those runs, incl. exit, {X11_SOURCE}",
                   f"peak RSS, {X11_SOURCE}"]


def test_ab_exports_a_revision_and_uses_the_working_tree_as_it_is(tmp_path):
    from tests.perf.ab import export
    from tests.perf.harness import REPO

    assert export(".", tmp_path / "unused") == REPO
    tree = export("HEAD", tmp_path / "head")
    assert (tree / "app" / "__main__.py").read_bytes() == (REPO / "app/__main__.py").read_bytes()


def test_round_ratios_give_the_middle_half_of_each_round_s_ratio():
    from tests.perf.harness import round_ratios

    app = [0.20, 0.21, 0.22, 0.30, 0.19, 0.20, 0.20, 0.40]
    bare = [0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10]
    # sorted: 1.9 2.0 2.0 2.0 2.1 2.2 3.0 4.0 -> quartiles 2.0 and 2.2 + 0.75 * 0.8
    assert round_ratios(app, bare) == "2.00-2.80x"
    assert round_ratios([0.2, 0.3], [0.1, 0.1]) == "2.00-3.00x"
