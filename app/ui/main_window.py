"""The main window: composes the pieces, wires their signals, and owns the settings.

Data flows one way: LoadResult -> CatalogIndex -> AgentFilterProxy (the query) -> list view
-> detail pane. Widgets forward what the reader does to the proxy's typed setters; the proxy
announces each new QueryResult, and the window hands its parts to the counts, the chips, the
status line and the monograph.

Seams for other parts of the window (comparison matrix, patient panel): `menus` holds the
File/View/Tools/Help menus, `add_dock()` docks a widget and lists it under View, and
`agent_shown` / `proxy.result_changed` say what the reader is looking at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.catalog.model import Agent, PainContext, Route
from app.catalog.query import CatalogIndex, Query, QueryResult
from app.catalog.render import render_monograph, render_overview
from app.catalog.report import LoadResult
from app.ui.agent_delegate import AgentDelegate
from app.ui.agent_list import ID_ROLE, AgentFilterProxy, AgentListModel
from app.ui.detail_pane import DetailPane
from app.ui.filter_widgets import ChipsBar, EmptyState, SearchBox
from app.ui.palette import render_palette_for
from app.ui.pane_widths import LIST_WIDTH, pane_widths
from app.ui.settings import FilterState, WindowState, read_state, write_state
from app.ui.side_effect_filter import SideEffectFilterPanel
from app.ui.warning_bar import WarningBar

if TYPE_CHECKING:
    from app.ui.reference_tools import ReferenceTools

APP_TITLE = "NMDA Pain Reference"
DEFAULT_SIZE = (1280, 800)


class _AfterFirstPaint(QObject):
    """Calls `callback` once, in the event-loop pass after `widget` is first painted."""

    def __init__(self, widget: QWidget, callback: Callable[[], object]):
        super().__init__(widget)
        self._callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


class MainWindow(QMainWindow):
    #: The agent whose monograph is shown (None: the class overview).
    agent_shown = Signal(object)
    #: The work deferred past the first paint is done (`started` is then True).
    start_up_finished = Signal()

    def __init__(self, load: LoadResult, settings: QSettings, parent=None):
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle(APP_TITLE)
        self.load_result = load
        self.catalog = load.catalog
        self.index = CatalogIndex(self.catalog)
        self._settings = settings
        self._render_palette = render_palette_for(self.palette())
        self._current: Agent | None = None
        self._shown_highlight: tuple = ()
        self.menus: dict[str, QMenu] = {}
        #: (agent, html) -> html, run on each page before it is shown (agent None: the class
        #: overview). The patient context puts its flags on top this way; see
        #: app/ui/reference_tools.py. Call refresh_page() when a decorator's input changes.
        self.page_decorators: list[Callable[[Agent | None, str], str]] = []
        self._laid_out = False
        self._restored_layout = False
        self._highlight_timer = QTimer(self)
        self._highlight_timer.setSingleShot(True)
        self._highlight_timer.setInterval(0)
        self._highlight_timer.timeout.connect(self._refresh_highlight)
        self._counts_timer = QTimer(self)
        self._counts_timer.setSingleShot(True)
        self._counts_timer.setInterval(0)
        self._counts_timer.timeout.connect(self._show_counts)

        self._tools: ReferenceTools | None = None
        #: True once the work deferred past the first paint is done (see _finish_start_up).
        self.started = False

        self._build_widgets()
        self._build_layout()
        self._build_menus()
        self._wire()
        self._restore(read_state(settings))
        self._on_result(self.proxy.result)
        self._show_counts()  # the first paint has them
        if self._current is None:
            self._show_agent(None)
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        _AfterFirstPaint(self, self._finish_start_up)
        # Should a shown window not be painted soon (a display that never exposes it), the
        # menus must still get their tools: started once shown, stopped by the first paint.
        self._start_up_fallback = QTimer(self)
        self._start_up_fallback.setSingleShot(True)
        self._start_up_fallback.setInterval(2000)
        self._start_up_fallback.timeout.connect(self._finish_start_up)

    def _finish_start_up(self) -> None:
        """What the first paint does not need, done in the event-loop pass right after it.

        The tools beyond the lookup (patient context, matrix, print and export, history,
        preferences, About) and the core's typo index (built on the first long search word:
        46 ms at 5,000 agents) would otherwise delay the first paint or the first search.
        """
        self._start_up_fallback.stop()
        if self.started:
            return
        _ = self.tools
        self.index.run(Query(text="warmup"))
        self.started = True
        self.start_up_finished.emit()

    @property
    def tools(self) -> ReferenceTools:
        """Matrix, patient context, print/PDF, history, preferences and About: attached through
        the seams below right after the first paint, or at once if asked for before it."""
        if self._tools is None:
            from app.ui.reference_tools import install_reference_tools

            current = self._current
            self._tools = install_reference_tools(self, self._settings)
            self._apply_tab_order()
            if current is not None:
                self.open_agent(current.id)  # the list's selection, reset by the badge proxy
        return self._tools

    # -- construction -------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.warning_bar = WarningBar(self)
        self.warning_bar.show_problems(self.load_result.problems, self.load_result.skipped)
        self._colour_warning_bar()

        self.search = SearchBox(self)

        self.context_filter = QComboBox(self)
        self.context_filter.setObjectName("contextFilter")
        self.context_filter.addItem("Any pain context", None)
        used_contexts = {u.context for a in self.catalog.agents for u in a.pain_uses}
        for context in PainContext:
            if context in used_contexts:
                self.context_filter.addItem(context.label, context)
        self.context_filter.setAccessibleName("Pain context")
        self.context_filter.setAccessibleDescription(
            "Show only agents with a documented use in this pain context"
        )

        self.route_filter = QComboBox(self)
        self.route_filter.setObjectName("routeFilter")
        self.route_filter.addItem("Any route", None)
        used_routes = {r for a in self.catalog.agents for r in a.routes}
        for route in Route:
            if route in used_routes:
                self.route_filter.addItem(route.label, route)
        self.route_filter.setAccessibleName("Route")
        self.route_filter.setAccessibleDescription("Show only agents given by this route")

        for combo in (self.context_filter, self.route_filter):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)

        self.chips = ChipsBar(self)

        self.list_model = AgentListModel(self.catalog.agents, self)
        self.proxy = AgentFilterProxy(self.index, self)
        self.proxy.setSourceModel(self.list_model)
        self.agent_list = QListView(self)
        self.agent_list.setObjectName("agentList")
        self.agent_list.setModel(self.proxy)
        self.delegate = AgentDelegate(self.agent_list, self._render_palette)
        self.agent_list.setItemDelegate(self.delegate)
        # One row height for all rows: the view never measures 5,000 rows to lay them out.
        self.agent_list.setUniformItemSizes(True)
        self.agent_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.agent_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agent_list.setAccessibleName("Agents")
        self.agent_list.setAccessibleDescription(
            "Agents matching the search and filters; select one to read its monograph"
        )

        self.empty_state = EmptyState(self)
        self.list_stack = QStackedWidget(self)
        self.list_stack.setObjectName("listStack")
        self.list_stack.addWidget(self.agent_list)
        self.list_stack.addWidget(self.empty_state)

        self.detail = DetailPane(self)

        self.filter_panel = SideEffectFilterPanel(self.index, self)
        self.filter_dock = QDockWidget("Side-effect filter", self)
        self.filter_dock.setObjectName("sideEffectFilter")
        self.filter_dock.setWidget(self.filter_panel)
        self.filter_dock.setAccessibleName("Side-effect filter")
        self.filter_dock.setFeatures(
            QDockWidget.DockWidgetFeature.DockWidgetMovable
            | QDockWidget.DockWidgetFeature.DockWidgetClosable
            | QDockWidget.DockWidgetFeature.DockWidgetFloatable
        )

        self.result_count = QLabel(self)
        self.result_count.setObjectName("resultCount")
        self.result_count.setAccessibleName("Result count")
        manifest = self.catalog.manifest
        self.data_label = QLabel(
            f"Data {manifest.data_version} ({manifest.data_date.isoformat()})", self
        )
        self.data_label.setObjectName("dataVersion")
        self.data_label.setToolTip(manifest.disclaimer)

    def _build_layout(self) -> None:
        left = QWidget(self)
        left.setObjectName("agentPanel")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 6, 6)
        left_layout.setSpacing(6)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.context_filter)
        left_layout.addWidget(self.route_filter)
        left_layout.addWidget(self.chips)
        left_layout.addWidget(self.list_stack, 1)
        left.setMinimumWidth(260)

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.detail)
        # A window narrowed later (snapped to half a screen) takes a quarter of the loss from
        # the list, not all of it from the monograph.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setSizes([LIST_WIDTH, 1000])

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.warning_bar)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.filter_dock)

        self.statusBar().addWidget(self.result_count)
        self.statusBar().addPermanentWidget(self.data_label)

        self._apply_tab_order()

    def _apply_tab_order(self) -> None:
        """Reading order: the side-effect filter (left; the patient context is tabbed with it),
        then search and list, then the monograph. Applied again when the tools arrive."""
        patient: list[QWidget] = []
        if self._tools is not None:
            patient = list(self._tools.patient_panel.boxes.values())
        order = [
            self.filter_panel.search,
            self.filter_panel.mode,
            self.filter_panel.band,
            self.filter_panel.tree,
            self.filter_panel.clear_button,
            *patient,
            self.search,
            self.context_filter,
            self.route_filter,
            self.agent_list,
            self.empty_state.button,
            self.detail,
        ]
        for first, second in pairwise(order):
            QWidget.setTabOrder(first, second)

    def _action(self, menu: QMenu, text: str, slot, shortcut=None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        for key, title in (
            ("file", "&File"),
            ("view", "&View"),
            ("tools", "&Tools"),
            ("help", "&Help"),
        ):
            self.menus[key] = bar.addMenu(title)
        file_menu, view, tools, help_menu = (
            self.menus[k] for k in ("file", "view", "tools", "help")
        )
        self._action(file_menu, "&Quit", self.close, "Ctrl+Q", "actionQuit")

        self._action(view, "&Find agent", self.focus_search, "Ctrl+F", "actionFind")
        self._action(
            view,
            "Side-effect &filter",
            self.focus_effect_filter,
            "Ctrl+Shift+F",
            "actionEffectFilter",
        )
        self._action(view, "Class &overview", self.show_overview, None, "actionOverview")
        view.addSeparator()
        zoom_in = self._action(view, "Zoom &in", lambda: self.zoom_by(1), "Ctrl+=", "actionZoomIn")
        zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self._action(view, "Zoom &out", lambda: self.zoom_by(-1), "Ctrl+-", "actionZoomOut")
        self._action(view, "&Reset zoom", lambda: self.set_zoom(0), "Ctrl+0", "actionZoomReset")
        view.addSeparator()
        view.addAction(self.filter_dock.toggleViewAction())

        self._action(
            tools, "&Clear all filters", self.clear_all_filters, None, "actionClearFilters"
        )
        self._action(help_menu, "&About NMDA Pain Reference", self.show_about, None, "actionAbout")

    def _wire(self) -> None:
        self.search.textChanged.connect(self.proxy.set_text)
        self.search.move_requested.connect(self._move_selection)
        self.search.open_requested.connect(self._open_current)
        self.context_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set_context(self.current_context())
        )
        self.route_filter.currentIndexChanged.connect(
            lambda _: self.proxy.set_route(self.current_route())
        )
        self.filter_panel.effects_changed.connect(self.proxy.set_effects)
        self.filter_panel.mode_changed.connect(self.proxy.set_mode)
        self.filter_panel.band_changed.connect(self.proxy.set_min_band)
        self.chips.remove_requested.connect(self.remove_effect)
        self.empty_state.clear_requested.connect(self.clear_all_filters)
        self.proxy.result_changed.connect(self._on_result)
        self.agent_list.selectionModel().currentChanged.connect(self._on_current_changed)
        self.agent_list.activated.connect(lambda _: self.detail.setFocus())

    # -- public seams -------------------------------------------------------------------

    def add_dock(
        self,
        dock: QDockWidget,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
        *,
        placed: bool = False,
    ) -> None:
        """Dock another panel and list it under View so it can be shown and hidden.

        `placed`: the dock is already in the window (restoreDockWidget gave it its saved
        place), so only list it.
        """
        if not dock.objectName():
            raise ValueError("give the dock an objectName so its place is remembered")
        if not placed:
            self.addDockWidget(area, dock)
        self.menus["view"].addAction(dock.toggleViewAction())

    # Combo data comes back as plain str (Qt stores the enum's value), hence the conversions.
    def current_context(self) -> PainContext | None:
        data = self.context_filter.currentData()
        return PainContext(data) if data else None

    def current_route(self) -> Route | None:
        data = self.route_filter.currentData()
        return Route(data) if data else None

    @property
    def render_palette(self):
        return self._render_palette

    def current_agent(self) -> Agent | None:
        return self._current

    # -- reacting to the query ------------------------------------------------------------

    def _on_result(self, result: QueryResult) -> None:
        # The side-effect counts follow in the next event-loop pass, after the list has
        # repainted: a tick that changes the agents shown changes most counts, and repainting
        # those tree rows costs more than the list (~25 us a row, 30-40 rows).
        self._counts_timer.start()
        shown = len(result.agents)
        noun = "agent" if result.total == 1 else "agents"
        self.result_count.setText(f"{shown} of {result.total} {noun}")
        self.result_count.setAccessibleDescription(self.result_count.text())
        query = self.proxy.query
        labels = {
            eid: self.filter_panel.model.label_of(eid)
            for eid in sorted(result.effect_ids, key=self.filter_panel.model.label_of)
        }
        self.chips.show_selection(labels, query.mode, query.min_band)
        page = self.agent_list if shown else self.empty_state
        if not shown:
            self.empty_state.set_detail(self._describe_filters())
        if self.list_stack.currentWidget() is not page:
            self.list_stack.setCurrentWidget(page)
        if self._current is not None:
            row = self.proxy.row_of(self._current.id)
            if row < 0:
                # Never leave a monograph on screen beside a list that excludes it: the
                # reader would take it for a match.
                self._current = None
                self.agent_shown.emit(None)
            elif self.agent_list.currentIndex().row() != row:
                self._select_row(row)
        shown_now = self._current.id if self._current else None
        if shown_now != self.detail.shown_agent:
            self._render()  # another page: at once, never a stale monograph beside the list
        elif self._highlight_is_stale():
            # The same monograph with another highlight: laying out a long page takes 20-35
            # ms, so it follows in the next event-loop pass, after the list has repainted;
            # ticks in quick succession then cost one re-render.
            self._highlight_timer.start()

    def _show_counts(self) -> None:
        self._counts_timer.stop()
        self.filter_panel.model.set_counts(self.proxy.result.counts)

    def _highlight_is_stale(self) -> bool:
        # Only a monograph shows the highlight; the overview does not change with it.
        key = (self.proxy.result.effect_ids, self.proxy.query.min_band)
        return self._current is not None and key != self._shown_highlight

    def _refresh_highlight(self) -> None:
        self._highlight_timer.stop()
        if self._highlight_is_stale():
            self._render()

    def finish_pending_updates(self) -> None:
        """Do now what a change left for the next event-loop pass (the side-effect counts, a
        monograph's highlight), for a caller that drives the window without an event loop,
        such as the self-test."""
        if self._counts_timer.isActive():
            self._show_counts()
        if self._highlight_timer.isActive():
            self._refresh_highlight()

    def _describe_filters(self) -> str:
        query = self.proxy.query
        parts = []
        if query.text.strip():
            parts.append(f"Search: “{query.text.strip()}”")
        if self.proxy.result.effect_ids:
            names = ", ".join(
                sorted(self.filter_panel.model.label_of(e) for e in self.proxy.result.effect_ids)
            )
            parts.append(f"Side effects: {query.mode.label} {names}")
        if query.context is not None:
            parts.append(f"Pain context: {query.context.label}")
        if query.route is not None:
            parts.append(f"Route: {query.route.label}")
        return "\n".join(parts)

    # -- selection and the monograph ------------------------------------------------------

    def _select_row(self, row: int) -> None:
        index = self.proxy.index(row, 0)
        self.agent_list.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        )
        self.agent_list.scrollTo(index)

    def _move_selection(self, delta: int) -> None:
        count = self.proxy.rowCount()
        if not count:
            return
        current = self.agent_list.currentIndex()
        row = 0 if not current.isValid() and delta > 0 else current.row() + delta
        if not current.isValid() and delta < 0:
            row = count - 1
        self._select_row(min(count - 1, max(0, row)))

    def _open_current(self) -> None:
        if not self.proxy.rowCount():
            return
        if not self.agent_list.currentIndex().isValid():
            self._select_row(0)
        self._show_agent(self.proxy.agent_at(self.agent_list.currentIndex().row()))
        self.detail.setFocus()

    def _on_current_changed(self, current, _previous) -> None:
        if current.isValid():
            agent = self.proxy.agent_at(current.row())
            if agent is not None and agent is not self._current:
                self._show_agent(agent)

    def open_agent(self, agent_id: str) -> bool:
        """Select and show `agent_id` if the list shows it."""
        row = self.proxy.row_of(agent_id)
        if row < 0:
            return False
        agent = self.proxy.agent_at(row)
        before = self._current
        self._select_row(row)  # shows it through currentChanged when the selection moves
        if before is agent or self._current is not agent:
            self._show_agent(agent)  # already current: render again (callers rely on it)
        return True

    def show_overview(self) -> None:
        self.agent_list.selectionModel().clear()
        self._show_agent(None)

    def _show_agent(self, agent: Agent | None) -> None:
        self._current = agent
        self._render()
        self.agent_shown.emit(agent)

    def refresh_page(self) -> None:
        """Render the shown page again (after a page decorator's input changed)."""
        self._render()

    def _render(self) -> None:
        result, query = self.proxy.result, self.proxy.query
        self._shown_highlight = (result.effect_ids, query.min_band)
        if self._current is None:
            html = render_overview(self.catalog, palette=self._render_palette)
        else:
            html = render_monograph(
                self._current,
                self.catalog,
                highlight=result.effect_ids,
                band=query.min_band,
                palette=self._render_palette,
            )
        for decorate in self.page_decorators:
            html = decorate(self._current, html)
        self.detail.show_html(html, self._current.id if self._current else None)

    # -- commands -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def focus_effect_filter(self) -> None:
        self.filter_dock.show()
        self.filter_dock.raise_()
        self.filter_panel.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_panel.search.selectAll()

    def zoom_by(self, steps: int) -> None:
        self.set_zoom(self.detail.zoom + steps)

    def set_zoom(self, level: int) -> None:
        self.detail.set_zoom(level)

    def remove_effect(self, effect_id: str) -> None:
        ticked = self.filter_panel.model.checked()
        self.filter_panel.model.set_checked(ticked - {effect_id})

    @contextmanager
    def _quietly(self) -> Iterator[None]:
        """Set several filter widgets without running a query for each."""
        widgets = [
            self.search,
            self.context_filter,
            self.route_filter,
            self.filter_panel.model,
            self.filter_panel.mode,
            self.filter_panel.band,
        ]
        previous = [w.blockSignals(True) for w in widgets]
        try:
            yield
        finally:
            for widget, was in zip(widgets, previous, strict=True):
                widget.blockSignals(was)

    def apply_filters(self, text: str, filters: FilterState) -> None:
        """Set every filter widget and run the query once."""
        with self._quietly():
            self.search.setText(text)
            self.context_filter.setCurrentIndex(
                0
                if filters.context is None
                else max(0, self.context_filter.findData(filters.context))
            )
            self.route_filter.setCurrentIndex(
                0 if filters.route is None else max(0, self.route_filter.findData(filters.route))
            )
            self.filter_panel.model.set_checked(
                frozenset(filters.effects) & set(self.index.effects)
            )
            self.filter_panel.set_mode(filters.mode)
            self.filter_panel.set_band(filters.min_band)
        self.proxy.set_query(
            Query(
                text=text,
                effects=self.filter_panel.model.checked(),
                mode=self.filter_panel.current_mode(),
                min_band=self.filter_panel.current_band(),
                context=self.current_context(),
                route=self.current_route(),
            )
        )

    def clear_all_filters(self) -> None:
        """Clear the search, side effects, context and route (mode and band stay as chosen)."""
        self.apply_filters(
            "",
            FilterState(
                mode=self.filter_panel.current_mode(), min_band=self.filter_panel.current_band()
            ),
        )
        self.search.setFocus()

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        manifest = self.catalog.manifest
        QMessageBox.about(
            self,
            f"About {APP_TITLE}",
            f"<p><b>{APP_TITLE}</b> {__version__}</p>"
            f"<p>Data version {manifest.data_version} ({manifest.data_date.isoformat()}).</p>"
            "<p>A reference for trained clinicians. It does not replace the current product "
            "label/SmPC, local protocols or clinical judgement.</p>",
        )

    # -- palette ----------------------------------------------------------------------------

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._render_palette = render_palette_for(self.palette())
            self.delegate.set_palette(self._render_palette)
            self._colour_warning_bar()
            self.agent_list.viewport().update()
            if self.centralWidget() is not None:
                self._render()
        super().changeEvent(event)

    # -- settings ---------------------------------------------------------------------------

    def _restore(self, state: WindowState) -> None:
        restored = state.geometry is not None and self.restoreGeometry(state.geometry)
        if not restored:
            self._default_geometry()
        if state.state is not None:
            self._restored_layout = self.restoreState(state.state)
        if state.splitter is not None:
            self.splitter.restoreState(state.splitter)
        self.set_zoom(state.zoom)
        self.apply_filters("", state.filters)
        if state.last_agent:
            self.open_agent(state.last_agent)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.started and not self._start_up_fallback.isActive():
            self._start_up_fallback.start()
        if not self._laid_out:
            self._laid_out = True
            if not self._restored_layout:
                # Docks take their width from their contents until told otherwise; only a
                # shown window can be told.
                width = self.width()
                dock, listing = pane_widths(
                    width,
                    self.filter_dock.minimumSizeHint().width(),
                    self.splitter.widget(0).minimumWidth(),
                )
                self.resizeDocks([self.filter_dock], [dock], Qt.Orientation.Horizontal)
                self.splitter.setSizes([listing, max(1, width - dock - listing)])

    def _colour_warning_bar(self) -> None:
        p = self._render_palette
        self.warning_bar.set_colours(p.caution_background, p.caution_border, p.text)

    def _default_geometry(self) -> None:
        width, height = DEFAULT_SIZE
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, available.width())
            height = min(height, available.height())
        self.resize(width, height)

    def current_state(self) -> WindowState:
        query = self.proxy.query
        return WindowState(
            geometry=self.saveGeometry(),
            state=self.saveState(),
            splitter=self.splitter.saveState(),
            zoom=self.detail.zoom,
            last_agent=self._current.id if self._current else None,
            filters=FilterState(
                effects=self.filter_panel.model.checked(),
                mode=query.mode,
                min_band=query.min_band,
                context=query.context,
                route=query.route,
            ),
        )

    def save_settings(self) -> None:
        write_state(self._settings, self.current_state())

    def closeEvent(self, event) -> None:
        self.save_settings()
        super().closeEvent(event)

    def shown_ids(self) -> tuple[str, ...]:
        return tuple(self.proxy.index(r, 0).data(ID_ROLE) for r in range(self.proxy.rowCount()))
