"""The tools beyond the lookup, attached to the main window through its public seams.

- Patient context: a dock (tabbed with the side-effect filter), badges in the agent list,
  and the reasons at the top of the monograph.
- Class comparison matrix (View, Ctrl+M): its own window, following the list's filters;
  clicking a cell opens that agent at that side effect.
- Print (Ctrl+P) and Export PDF (Ctrl+Shift+E) of the page shown (monograph or overview).
- Help: About (versions, data, disclaimer, attribution, licences) and a keyboard reference.
- Recent agents (View, Ctrl+1..9) and favourites (Ctrl+D), kept in the window's settings.
- Tools > Preferences (Ctrl+,): the local formulary folders, checked on demand.

The window needs to give only: `menus`, `add_dock`, `list_model`, `proxy`, `detail`,
`catalog`, `current_agent()`, `open_agent()`, `refresh_page()`, `render_palette`,
`agent_shown` and `page_decorators` (functions (agent or None, html) -> html run on every
page before it is shown).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QTextDocument
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.catalog.model import Agent, PatientFactor
from app.catalog.patient import Verdict
from app.catalog.patient_render import with_patient_block
from app.catalog.query import Query, QueryResult
from app.catalog.render import RenderPalette, render_monograph, render_overview
from app.paths import DATA_DIR
from app.ui.history import History, HistoryMenus
from app.ui.patient_panel import (
    BADGE_CAUTION,
    BADGE_CONTRAINDICATED,
    PatientBadgeProxy,
    PatientContext,
    PatientPanel,
    make_patient_dock,
)

# The matrix, printing, About and Preferences are imported where first used: the first paint
# needs none of them (about 10 ms of start-up CPU; see tests/perf/harness.py --phases).
if TYPE_CHECKING:
    from app.ui.matrix_view import MatrixView
    from app.ui.preferences import PreferencesDialog
    from app.ui.printing import PrintJob

ADVERSE_EFFECTS_ANCHOR = "sec-adverse-effects"
MATRIX_DELAY_MS = 150


def describe_filters(query: Query, result: QueryResult, labels: dict[str, str]) -> str:
    """One sentence saying what limits the list (printed on the matrix)."""
    parts = []
    if query.text.strip():
        parts.append(f"search “{query.text.strip()}”")
    if result.effect_ids:
        names = ", ".join(sorted(labels.get(e, e) for e in result.effect_ids))
        band = f" at {query.min_band.label} or more often" if query.min_band else ""
        parts.append(f"side effects: {query.mode.label.lower()} {names}{band}")
    if query.context is not None:
        parts.append(f"pain context: {query.context.label}")
    if query.route is not None:
        parts.append(f"route: {query.route.label}")
    return ("Filters — " + "; ".join(parts) + ".") if parts else "No filters: every agent."


#: Put above a monograph the reader has starred (in words, never the star alone).
FAVOURITE_MARK = '<p class="favourite-mark">★ In your favourites (Ctrl+D removes it)</p>'


class ReferenceTools(QObject):
    def __init__(self, window, settings: QSettings | None = None):
        super().__init__(window)
        self.window = window
        self.catalog = window.catalog
        self._labels = {e.id: e.label for e in self.catalog.vocabulary.side_effects}
        self.matrix_view: MatrixView | None = None
        self._build_patient()
        self._build_actions()
        self._build_history(settings)
        self._build_preferences(settings)

    # -- patient context --------------------------------------------------------------------

    def _build_patient(self) -> None:
        window = self.window
        self.patient = PatientContext(self.catalog, self)
        self.patient_panel = PatientPanel()
        self.patient_dock = make_patient_dock(self.patient_panel, window)
        # The window restores its saved layout before this dock exists (the tools arrive after
        # the first paint); restoreDockWidget puts the dock back where the reader left it.
        restored = window.restoreDockWidget(self.patient_dock)
        window.add_dock(self.patient_dock, Qt.DockWidgetArea.LeftDockWidgetArea, placed=restored)
        filter_dock = getattr(window, "filter_dock", None)
        if filter_dock is not None and not restored:
            window.tabifyDockWidget(filter_dock, self.patient_dock)
            filter_dock.raise_()
        # The badge proxy sits between the list model and the query proxy: rows are the same,
        # so everything the window does by row keeps working.
        self.badges = PatientBadgeProxy(self.patient, self)
        self.badges.setSourceModel(window.list_model)
        window.proxy.setSourceModel(self.badges)
        window.page_decorators.append(self._decorate)
        self.patient_panel.factors_changed.connect(self.patient.set_ticked)
        self.patient.changed.connect(self._on_patient_changed)

    def _decorate(self, agent: Agent | None, html: str) -> str:
        return self.patient.decorate(agent, html, self.window.render_palette)

    def _on_patient_changed(self, _ticked) -> None:
        self.patient_panel.set_summary(self.patient.counts())
        if self.matrix_view is not None and self.matrix_view.isVisible():
            self._update_matrix()  # the verdicts over its columns and the caption
        self.window.agent_list.viewport().update()
        if self.window.current_agent() is not None:
            self.window.refresh_page()  # the monograph with (or without) the block

    def show_patient_panel(self) -> None:
        self.patient_dock.show()
        self.patient_dock.raise_()
        first = next(iter(self.patient_panel.boxes.values()))
        first.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- menus --------------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut: str | None, name: str) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        menus = self.window.menus
        file_menu, view, help_menu = menus["file"], menus["view"], menus["help"]
        quit_action = self.window.findChild(QAction, "actionQuit")
        self.print_action = self._action("&Print…", self.print_page, "Ctrl+P", "actionPrint")
        self.export_action = self._action(
            "Export P&DF…", self.ask_export_pdf, "Ctrl+Shift+E", "actionExportPdf"
        )
        before = quit_action if quit_action in file_menu.actions() else None
        for action in (self.print_action, self.export_action):
            file_menu.insertAction(before, action)
        if before is not None:
            file_menu.insertSeparator(before)

        view.addSeparator()
        self.matrix_action = self._action(
            "Class &comparison matrix", self.show_matrix, "Ctrl+M", "actionMatrix"
        )
        self.patient_action = self._action(
            "&Patient context", self.show_patient_panel, "Ctrl+Shift+P", "actionPatientContext"
        )
        view.addAction(self.matrix_action)
        view.addAction(self.patient_action)

        # About replaces the window's plain message box with the full dialog.
        about = self.window.findChild(QAction, "actionAbout")
        if about is not None:
            about.triggered.disconnect()
            about.triggered.connect(self.show_about)
        else:
            help_menu.addAction(self._action("&About", self.show_about, None, "actionAbout"))
        self.shortcuts_action = self._action(
            "&Keyboard reference", self.show_shortcuts, "F1", "actionShortcuts"
        )
        help_menu.insertAction(
            about if about in help_menu.actions() else None, self.shortcuts_action
        )

    # -- recent agents and favourites -----------------------------------------------------------

    def _build_history(self, settings: QSettings | None) -> None:
        window = self.window
        self.history = History(settings, (a.id for a in self.catalog.agents), self)
        self.history_menus = HistoryMenus(
            self.history,
            {a.id: a.name for a in self.catalog.agents},
            window.open_agent,
            self._current_id,
            window,
        )
        # On the window too, so Ctrl+1..9 and Ctrl+D work whatever the menus hold.
        window.addActions([*self.history_menus.recent_actions, self.history_menus.toggle_action])
        view = window.menus["view"]
        view.addSeparator()
        view.addMenu(self.history_menus.recent_menu)
        view.addMenu(self.history_menus.favourites_menu)
        window.agent_shown.connect(self._on_agent_shown)
        #: Whether the monograph on screen was drawn as a favourite (None: not drawn yet).
        self._drawn_as_favourite: bool | None = None
        window.page_decorators.append(self._mark_favourite)
        self.history.changed.connect(self._on_history_changed)
        current = window.current_agent()
        if current is not None:
            self.history.visit(current.id)
            if self.history.is_favourite(current.id):
                window.refresh_page()  # drawn before the tools came, without its mark

    def _mark_favourite(self, agent: Agent | None, html: str) -> str:
        if agent is None:
            return html
        self._drawn_as_favourite = self.history.is_favourite(agent.id)
        if not self._drawn_as_favourite:
            return html
        return with_patient_block(html, FAVOURITE_MARK)

    def _on_history_changed(self) -> None:
        # Visits change the history too; only a change of the shown agent's star redraws.
        agent_id = self._current_id()
        if agent_id is not None and self.history.is_favourite(agent_id) != self._drawn_as_favourite:
            self.window.refresh_page()

    def _current_id(self) -> str | None:
        agent = self.window.current_agent()
        return agent.id if agent is not None else None

    def _on_agent_shown(self, agent: Agent | None) -> None:
        if agent is not None:
            self.history.visit(agent.id)
        self.history_menus.update_toggle()

    # -- preferences ----------------------------------------------------------------------------

    def _build_preferences(self, settings: QSettings | None) -> None:
        self.settings = settings
        #: The folder local folders are checked against (tests point it at fixtures).
        self.bundled_dir: Path | None = DATA_DIR
        self.preferences_action = self._action(
            "&Preferences…", self.show_preferences, "Ctrl+,", "actionPreferences"
        )
        self.preferences_action.setEnabled(settings is not None)
        tools = self.window.menus["tools"]
        tools.addSeparator()
        tools.addAction(self.preferences_action)

    def preferences_dialog(self) -> PreferencesDialog:
        from app.ui.preferences import PreferencesDialog

        return PreferencesDialog(
            self.settings,
            self.bundled_dir,
            self.window,
            read_at_start=[Path(f) for f in self.window.load_result.folders],
        )

    def show_preferences(self) -> None:
        if self.settings is not None:
            self.preferences_dialog().exec()

    # -- the matrix ---------------------------------------------------------------------------

    def show_matrix(self) -> MatrixView:
        if self.matrix_view is None:
            from app.ui.matrix_view import MatrixView

            view = MatrixView(self.catalog, self.window)
            view.setWindowFlag(Qt.WindowType.Window, True)
            view.setWindowTitle("Class comparison — NMDA Pain Reference")
            view.resize(1100, 720)
            view.cell_activated.connect(self.open_at_effect)
            self.window.proxy.result_changed.connect(self._schedule_matrix)
            self._matrix_timer = QTimer(self)
            self._matrix_timer.setSingleShot(True)
            self._matrix_timer.setInterval(MATRIX_DELAY_MS)
            self._matrix_timer.timeout.connect(self._update_matrix)
            self.matrix_view = view
        self._update_matrix()
        self.matrix_view.show()
        self.matrix_view.raise_()
        self.matrix_view.activateWindow()
        return self.matrix_view

    def _schedule_matrix(self, _result=None) -> None:
        # Typing changes the list on every key; rebuild once the typing pauses, and only
        # while the matrix is open (show_matrix brings a hidden one up to date).
        if self.matrix_view is not None and self.matrix_view.isVisible():
            self._matrix_timer.start()

    def _update_matrix(self) -> None:
        if self.matrix_view is None:
            return
        self._matrix_timer.stop()
        result, query = self.window.proxy.result, self.window.proxy.query
        description = describe_filters(query, result, self._labels)
        if self.patient.ticked:
            factors = ", ".join(f.label for f in PatientFactor if f in self.patient.ticked)
            description += f" Patient factors ticked: {factors}."
        self.matrix_view.set_agents(result.agents, result.effect_ids, description)
        self._mark_matrix_columns()

    def _mark_matrix_columns(self) -> None:
        """The patient verdict above each agent's name: the class compared for this patient."""
        if self.matrix_view is None:
            return
        marks = {}
        for agent in self.window.proxy.result.agents:
            verdict = self.patient.verdict(agent.id)
            if verdict is Verdict.CONTRAINDICATED:
                marks[agent.id] = BADGE_CONTRAINDICATED
            elif verdict is Verdict.CAUTION:
                marks[agent.id] = BADGE_CAUTION
        self.matrix_view.set_column_marks(marks)

    def open_at_effect(self, agent_id: str, effect_id: str) -> bool:
        """Show `agent_id`'s monograph with `effect_id` selected in its adverse effects."""
        window = self.window
        if not window.open_agent(agent_id):
            return False
        window.raise_()
        window.activateWindow()
        detail = window.detail
        document = detail.document()
        start = _anchor_position(document, ADVERSE_EFFECTS_ANCHOR)
        if start < 0:
            return True
        detail.scrollToAnchor(ADVERSE_EFFECTS_ANCHOR)
        found = document.find(self._labels.get(effect_id, effect_id), start)
        if not found.isNull():
            detail.setTextCursor(found)
            detail.ensureCursorVisible()
        return True

    # -- print and PDF ------------------------------------------------------------------------

    def page_job(self) -> PrintJob:
        """The page shown, re-rendered in the light palette for paper."""
        from app.ui.printing import PrintJob, footer_lines

        window = self.window
        agent = window.current_agent()
        paper = RenderPalette.light()
        if agent is None:
            html = render_overview(self.catalog, palette=paper)
            title = self.catalog.overview.title if self.catalog.overview else "Class overview"
            return PrintJob(title, html, footer_lines(self.catalog, subject="Class overview"))
        result, query = window.proxy.result, window.proxy.query
        html = render_monograph(
            agent, self.catalog, highlight=result.effect_ids, band=query.min_band, palette=paper
        )
        html = self.patient.decorate(agent, html, paper)
        footer = footer_lines(self.catalog, subject=agent.name, last_reviewed=agent.last_reviewed)
        return PrintJob(agent.name, html, footer)

    def print_page(self) -> bool:
        from app.ui.printing import print_job

        return print_job(self.page_job(), self.window)

    def export_page_pdf(self, path: Path) -> int:
        from app.ui.printing import export_pdf

        return export_pdf(self.page_job(), Path(path))

    def ask_export_pdf(self) -> None:
        job = self.page_job()
        suggested = "".join(c if c.isalnum() else "-" for c in job.title.lower()).strip("-")
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Export PDF", f"{suggested or 'page'}.pdf", "PDF (*.pdf)"
        )
        if not name:
            return
        from app.ui.printing import export_pdf

        try:
            export_pdf(job, Path(name))
        except OSError as exc:
            QMessageBox.warning(self.window, "Export failed", f"Could not write {name}:\n{exc}")

    # -- help ---------------------------------------------------------------------------------

    def show_about(self) -> None:
        from app.ui.about import about_dialog

        about_dialog(self.catalog, self.window).exec()

    def show_shortcuts(self) -> None:
        from app.ui.about import shortcuts_dialog

        shortcuts_dialog(list(self.window.menus.values()), self.window).exec()


def _anchor_position(document: QTextDocument, name: str) -> int:
    block = document.begin()
    while block.isValid():
        iterator = block.begin()
        while not iterator.atEnd():
            fragment = iterator.fragment()
            if name in fragment.charFormat().anchorNames():
                return fragment.position()
            iterator += 1
        block = block.next()
    return -1


def install_reference_tools(window, settings: QSettings | None = None) -> ReferenceTools:
    return ReferenceTools(window, settings)
