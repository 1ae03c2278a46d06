"""Models without the window: qtmodeltester, and the proxy against the core, as tables."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.catalog.model import FrequencyBand, PainContext, Route
from app.catalog.query import CatalogIndex, FilterMode, Query
from app.ui.agent_list import (
    AGENT_ROLE,
    BADGES_ROLE,
    CLASS_ROLE,
    ID_ROLE,
    AgentFilterProxy,
    AgentListModel,
)
from app.ui.side_effect_filter import EffectSearchProxy, SideEffectFilterModel


@pytest.fixture
def index(load) -> CatalogIndex:
    return CatalogIndex(load.catalog)


@pytest.fixture
def proxy(index) -> AgentFilterProxy:
    proxy = AgentFilterProxy(index)
    proxy.setSourceModel(AgentListModel(index.catalog.agents, proxy))
    return proxy


def test_list_model_passes_modeltester(qtmodeltester, index):
    model = AgentListModel(index.catalog.agents)
    qtmodeltester.check(model)
    first = model.index(0, 0)
    assert first.data(ID_ROLE) == "alphamine"
    assert first.data(CLASS_ROLE) == "Arylcyclohexylamine anaesthetic"
    assert first.data(AGENT_ROLE).id == "alphamine"
    assert first.data(BADGES_ROLE) == ["Off-label"]


def test_badges_follow_the_status_flags(index):
    model = AgentListModel(index.catalog.agents)
    badges = {
        model.index(r, 0).data(ID_ROLE): model.index(r, 0).data(BADGES_ROLE)
        for r in range(model.rowCount())
    }
    assert badges == {
        "alphamine": ["Off-label"],
        "betamine": ["Off-label"],
        "gammadol": ["Investigational"],
    }


def test_proxy_passes_modeltester_while_filtering(qtmodeltester, proxy):
    qtmodeltester.check(proxy)
    proxy.set_text("amine")
    qtmodeltester.check(proxy)
    proxy.set_effects({"hallucinations"})
    proxy.set_mode(FilterMode.NONE)
    qtmodeltester.check(proxy)


QUERIES = [
    Query(),
    Query(text="gam"),
    Query(text="amine"),
    Query(text="betamin"),  # ranked: name prefix first
    Query(text="N01AX03"),
    Query(text="alphamnie"),  # typo
    Query(effects=frozenset({"hallucinations"})),
    Query(effects=frozenset({"hallucinations"}), mode=FilterMode.NONE),
    Query(effects=frozenset({"hallucinations", "dizziness"}), mode=FilterMode.ALL),
    Query(
        effects=frozenset({"qt_prolongation"}), mode=FilterMode.NONE, min_band=FrequencyBand.COMMON
    ),
    Query(effects=frozenset({"hallucinations"}), min_band=FrequencyBand.VERY_COMMON),
    Query(context=PainContext.ACUTE_POSTOPERATIVE),
    Query(route=Route.ORAL),
    Query(text="zzzz"),
]


@pytest.mark.parametrize("query", QUERIES, ids=repr)
def test_proxy_shows_exactly_what_the_core_returns_in_its_order(proxy, index, query):
    proxy.set_text(query.text)
    proxy.set_effects(query.effects)
    proxy.set_mode(query.mode)
    proxy.set_min_band(query.min_band)
    proxy.set_context(query.context)
    proxy.set_route(query.route)
    assert proxy.query == query
    assert proxy.shown_ids() == index.run(query).ids


def test_proxy_runs_the_core_once_per_change_and_announces_it(proxy, qtbot):
    calls = []
    original = proxy.catalog_index.run
    proxy.catalog_index.run = lambda q: calls.append(q) or original(q)
    with qtbot.waitSignal(proxy.result_changed) as signal:
        proxy.set_text("gam")
    assert len(calls) == 1
    assert signal.args[0].ids == ("gammadol",)
    proxy.set_text("gam")  # unchanged: no query at all
    assert len(calls) == 1


def test_effect_filter_model_passes_modeltester(qtmodeltester, index):
    model = SideEffectFilterModel(index.catalog.vocabulary)
    qtmodeltester.check(model)
    search = EffectSearchProxy(index)
    search.setSourceModel(model)
    qtmodeltester.check(search)
    search.set_search("long QT")
    qtmodeltester.check(search)


def test_effect_search_matches_synonyms_and_keeps_their_systems(index):
    model = SideEffectFilterModel(index.catalog.vocabulary)
    search = EffectSearchProxy(index)
    search.setSourceModel(model)
    search.set_search("long QT")
    systems = [search.index(r, 0) for r in range(search.rowCount())]
    shown = {
        search.index(c, 0, s).data(Qt.ItemDataRole.DisplayRole).split(" (")[0]
        for s in systems
        for c in range(search.rowCount(s))
    }
    assert shown == {"QT prolongation"}
    assert [s.data() for s in systems] == ["Cardiac disorders"]


def test_effect_filter_counts_and_ticks(index):
    model = SideEffectFilterModel(index.catalog.vocabulary)
    model.set_counts(index.run(Query()).counts)
    assert model.item_for("hallucinations").text() == "Hallucinations (2)"
    ticks = []
    model.checked_changed.connect(ticks.append)
    model.item_for("hallucinations").setCheckState(Qt.CheckState.Checked)
    assert ticks == [frozenset({"hallucinations"})]
    model.set_counts({"hallucinations": 1})  # a count update is not a tick
    assert ticks == [frozenset({"hallucinations"})]
    model.set_checked(frozenset())
    assert ticks[-1] == frozenset()


def test_proxy_keeps_matching_the_core_through_a_proxy_placed_beneath_it(proxy, index):
    from PySide6.QtCore import QIdentityProxyModel

    source = proxy.sourceModel()
    between = QIdentityProxyModel(proxy)
    between.setSourceModel(source)
    proxy.set_text("amine")
    proxy.setSourceModel(between)
    assert proxy.shown_ids() == index.run(Query(text="amine")).ids
    proxy.set_effects({"hallucinations"})
    assert proxy.shown_ids() == index.run(
        Query(text="amine", effects=frozenset({"hallucinations"}))
    ).ids


def test_proxy_moves_persistent_indexes_with_their_agents(proxy):
    from PySide6.QtCore import QPersistentModelIndex

    assert proxy.shown_ids() == ("alphamine", "betamine", "gammadol")
    beta = QPersistentModelIndex(proxy.index(1, 0))
    gamma = QPersistentModelIndex(proxy.index(2, 0))
    proxy.set_text("betamin")  # ranked: betamine first, then alphamine (typo match)
    assert proxy.shown_ids()[0] == "betamine"
    assert beta.isValid() and beta.row() == 0 and beta.data(ID_ROLE) == "betamine"
    assert not gamma.isValid()  # filtered out: gone, never pointing at another agent
    proxy.set_text("")
    assert beta.row() == 1 and beta.data(ID_ROLE) == "betamine"


def test_proxy_tells_the_view_nothing_when_the_rows_shown_stay_the_same(proxy, qtbot):
    proxy.set_effects({"hallucinations"})
    shown = proxy.shown_ids()
    assert shown == ("alphamine", "betamine")
    heard = []
    for signal in (
        proxy.layoutChanged,
        proxy.rowsInserted,
        proxy.rowsRemoved,
        proxy.modelReset,
        proxy.dataChanged,
    ):
        signal.connect(lambda *args, s=signal: heard.append(s))
    with qtbot.waitSignal(proxy.result_changed):
        proxy.set_min_band(FrequencyBand.UNCOMMON)  # both still list it at that band
    assert proxy.shown_ids() == shown
    assert heard == []
    proxy.set_min_band(FrequencyBand.COMMON)  # betamine's is uncommon: it goes
    assert proxy.shown_ids() == ("alphamine",)
    assert heard  # and the view hears of it


def test_the_views_per_row_index_pass_stays_in_cpp():
    # After each change the list view asks index() for every row: at 5,000 agents a Python
    # index() or rowCount() cost about 10 ms per keystroke (see AgentFilterProxy).
    from PySide6.QtGui import QStandardItemModel

    for name in ("index", "rowCount", "columnCount", "parent", "hasChildren"):
        assert getattr(AgentFilterProxy, name) is getattr(QStandardItemModel, name), name


def effect_tree(index) -> tuple[SideEffectFilterModel, EffectSearchProxy]:
    """The side-effect model and the search proxy over it, as the filter panel has them."""
    model = SideEffectFilterModel(index.catalog.vocabulary)
    search = EffectSearchProxy(index)
    search.setSourceModel(model)
    return model, search


def test_effect_counts_update_once_per_body_system_and_stay_right_through_ticks(index):
    model, search = effect_tree(index)
    heard = []
    model.dataChanged.connect(lambda top, bottom, roles: heard.append((top, bottom)))
    ticks = []
    model.checked_changed.connect(ticks.append)

    counts = index.run(Query()).counts
    model.set_counts(counts)
    systems = {model.item_for(eid).parent().text() for eid in counts}
    assert len(heard) == len(systems)  # one signal per body system, not two per effect
    assert all(top.parent() == bottom.parent() for top, bottom in heard)
    heard.clear()
    model.set_counts(counts)
    assert heard == []  # nothing changed, nothing said
    model.set_counts({**counts, "dizziness": counts["dizziness"] + 5})
    only = model.item_for("dizziness").index()
    assert heard == [(only, only)]  # one changed count: the tree repaints that row only
    heard.clear()
    model.set_counts(counts)

    for query in (
        Query(effects=frozenset({"hallucinations"})),
        Query(effects=frozenset({"hallucinations", "dizziness"}), mode=FilterMode.ALL),
        Query(effects=frozenset({"dizziness"}), mode=FilterMode.NONE),
    ):
        model.set_checked(query.effects)
        counts = index.run(query).counts
        model.set_counts(counts)
        assert model.checked() == query.effects
        for eid, n in counts.items():
            item = model.item_for(eid)
            assert item.text() == f"{model.label_of(eid)} ({n})"
            assert item.data(Qt.ItemDataRole.UserRole + 3) == n
    assert ticks == [
        frozenset({"hallucinations"}),
        frozenset({"hallucinations", "dizziness"}),
        frozenset({"dizziness"}),
    ]  # set_checked's own changes only: count updates are never ticks
    shown = search.index(0, 0)
    assert shown.isValid() and search.rowCount(shown) > 0  # the search proxy follows along


def test_ticks_set_while_the_model_is_silenced_are_still_known(index):
    # The window restores ticks with the model's signals blocked (MainWindow._quietly).
    model = SideEffectFilterModel(index.catalog.vocabulary)
    model.blockSignals(True)
    model.set_checked(frozenset({"dizziness", "hallucinations"}))
    model.blockSignals(False)
    assert model.checked() == frozenset({"dizziness", "hallucinations"})
    model.item_for("dizziness").setCheckState(Qt.CheckState.Unchecked)
    assert model.checked() == frozenset({"hallucinations"})


def test_proxy_answers_anew_after_the_source_announces_a_change(proxy, index):
    from PySide6.QtCore import QIdentityProxyModel

    class Marked(QIdentityProxyModel):
        """Adds a mark to the badges, as the patient badges proxy does."""

        mark = "A"

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):
            value = super().data(index, role)
            return [self.mark, *value] if role == BADGES_ROLE else value

    marked = Marked(proxy)
    marked.setSourceModel(proxy.sourceModel())
    proxy.setSourceModel(marked)
    assert proxy.index(0, 0).data(BADGES_ROLE) == ["A", "Off-label"]
    marked.mark = "B"
    assert proxy.index(0, 0).data(BADGES_ROLE) == ["A", "Off-label"]  # kept until told
    rows = marked.rowCount()
    marked.dataChanged.emit(marked.index(0, 0), marked.index(rows - 1, 0), [BADGES_ROLE])
    assert proxy.index(0, 0).data(BADGES_ROLE) == ["B", "Off-label"]


def test_a_count_update_repaints_the_effect_rows_only_and_ticks_are_still_heard(index):
    # The search proxy re-checks (and re-announces) the body-system rows above a change
    # of its filter role; counts are not what it filters on, so their rows alone change.
    model, search = effect_tree(index)
    told = []
    search.dataChanged.connect(lambda top, bottom, roles: told.append((top, bottom)))
    counts = index.run(Query()).counts
    model.set_counts(counts)
    assert told
    assert all(top.parent().isValid() and bottom.parent().isValid() for top, bottom in told)
    assert model.item_for("dizziness").text() == f"Dizziness ({counts['dizziness']})"
    ticks = []
    model.checked_changed.connect(ticks.append)
    model.set_counts({**counts, "dizziness": counts["dizziness"] + 1})
    model.item_for("dizziness").setCheckState(Qt.CheckState.Checked)
    assert ticks == [frozenset({"dizziness"})]  # the tick handler is back on the line
    model.set_counts(counts)
    model.item_for("dizziness").setCheckState(Qt.CheckState.Unchecked)
    assert ticks == [frozenset({"dizziness"}), frozenset()]
