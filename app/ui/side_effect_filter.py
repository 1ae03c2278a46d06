"""The side-effect filter: a checkable tree of effects grouped by body system, with counts.

The panel only collects what the reader ticks and chooses (effects, mode, minimum band) and
emits it; the counts it shows come from the core's QueryResult.counts. Its search box asks
the core which effects match (labels and synonyms), so "long QT" finds QT prolongation.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.catalog.model import MEASURED_BANDS, FrequencyBand, Vocabulary
from app.catalog.query import CatalogIndex, FilterMode
from app.ui.clear_button import clear_button_once_typed

EFFECT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
SYSTEM_ID_ROLE = Qt.ItemDataRole.UserRole + 2
COUNT_ROLE = Qt.ItemDataRole.UserRole + 3
LABEL_ROLE = Qt.ItemDataRole.UserRole + 4

ANY_FREQUENCY_TEXT = "At any frequency"

_CHECK_STATE = int(Qt.ItemDataRole.CheckStateRole.value)


def band_choice_text(band: FrequencyBand) -> str:
    """Short enough for a narrow combo: "Common or more (≥1/100)"."""
    lower_bound = band.label.split("(", 1)[1].split(" to ")[0].rstrip(")")
    if band is FrequencyBand.VERY_COMMON:
        return band.label
    if band is FrequencyBand.VERY_RARE:
        return "Very rare or more (any band)"
    name = band.label.split(" (", 1)[0]
    return f"{name} or more ({lower_bound})"


def effect_text(label: str, count: int | None) -> str:
    return label if count is None else f"{label} ({count})"


class SideEffectFilterModel(QStandardItemModel):
    """Body systems at the top level, their checkable effects beneath."""

    #: Emitted with the ticked effect ids whenever a tick changes.
    checked_changed = Signal(frozenset)

    def __init__(self, vocabulary: Vocabulary, parent=None):
        super().__init__(parent)
        self._items: dict[str, QStandardItem] = {}
        #: effect id -> (its item, its label, its place): what a count update needs, in
        #: tree order. The place numbers neighbours in one body system consecutively.
        self._entries: dict[str, tuple[QStandardItem, str, int]] = {}
        self._counts: dict[str, int | None] = {}
        self._checked: set[str] = set()  # kept in step with the ticks, read per keystroke
        self._quiet = False
        self.setHorizontalHeaderLabels(["Side effect (agents shown that list it)"])
        by_system: dict[str, list] = {}
        for effect in vocabulary.side_effects:
            by_system.setdefault(effect.system, []).append(effect)
        for system in vocabulary.body_systems:
            effects = by_system.get(system.id, [])
            if not effects:
                continue
            system_item = QStandardItem(system.label)
            system_item.setData(system.id, SYSTEM_ID_ROLE)
            system_item.setData(system.label, LABEL_ROLE)
            system_item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for effect in effects:
                item = QStandardItem(effect.label)
                item.setData(effect.id, EFFECT_ID_ROLE)
                item.setData(effect.label, LABEL_ROLE)
                item.setFlags(
                    Qt.ItemFlag.ItemIsEnabled
                    | Qt.ItemFlag.ItemIsUserCheckable
                    | Qt.ItemFlag.ItemNeverHasChildren
                )
                item.setCheckState(Qt.CheckState.Unchecked)
                tip = effect.label
                if effect.synonyms:
                    tip += " — also: " + ", ".join(effect.synonyms)
                if effect.serious:
                    tip += " (serious)"
                item.setToolTip(tip)
                system_item.appendRow(item)
                self._items[effect.id] = item
                place = (self.rowCount() << 16) + system_item.rowCount() - 1
                self._entries[effect.id] = (item, effect.label, place)
            self.appendRow(system_item)
        # dataChanged, not itemChanged: Qt emits itemChanged once per item of a changed
        # range, and a count update changes whole ranges; this runs once per change.
        self.dataChanged.connect(self._on_data_changed)

    def _on_data_changed(self, top_left, bottom_right, roles=()) -> None:
        if roles and _CHECK_STATE not in {int(r) for r in roles}:
            return  # counts and texts, not ticks
        parent = top_left.parent()
        before = set(self._checked)
        for row in range(top_left.row(), bottom_right.row() + 1):
            item = self.itemFromIndex(self.index(row, 0, parent))
            eid = item.data(EFFECT_ID_ROLE) if item is not None else None
            if eid is None:
                continue
            if item.checkState() == Qt.CheckState.Checked:
                self._checked.add(eid)
            else:
                self._checked.discard(eid)
        if not self._quiet and self._checked != before:
            self.checked_changed.emit(self.checked())

    def checked(self) -> frozenset[str]:
        return frozenset(self._checked)

    def set_checked(self, ids: frozenset[str]) -> None:
        """Tick exactly `ids` (unknown ids are ignored) and emit one change."""
        if ids == self.checked():
            return
        self._quiet = True
        try:
            for eid, item in self._items.items():
                state = Qt.CheckState.Checked if eid in ids else Qt.CheckState.Unchecked
                if item.checkState() != state:
                    item.setCheckState(state)
        finally:
            self._quiet = False
        # Also right when the caller blocked this model's signals (the window sets several
        # filters quietly), which would hide the ticks from _on_data_changed.
        self._checked = {eid for eid in self._items if eid in ids}
        self.checked_changed.emit(self.checked())

    def set_counts(self, counts: dict[str, int]) -> None:
        """Show `counts` beside the effects: one dataChanged per run of changed effects.

        Each item's own change signals (two per item, each reaching the tick handler and the
        search proxy) are blocked: at 5,000 agents every one of the ~90 counts changes on a
        tick, and that cost about 1 ms. One signal per run of neighbouring changed rows
        instead: the tree repaints the rows a signal spans, and with few agents only some
        counts change per tick.
        """
        runs: list[list] = []  # [first item, last item, last place]
        known = self._counts
        blocked = self.blockSignals(True)
        try:
            for eid, (item, label, place) in self._entries.items():
                count = counts.get(eid, 0)
                if known.get(eid) == count:
                    continue
                known[eid] = count
                item.setData(count, COUNT_ROLE)
                item.setText(effect_text(label, count))
                if runs and runs[-1][2] == place - 1:
                    runs[-1][1:] = item, place
                else:
                    runs.append([item, item, place])
        finally:
            self.blockSignals(blocked)
        if blocked or not runs:
            return
        roles = [Qt.ItemDataRole.DisplayRole, COUNT_ROLE]
        # The tick handler has nothing to learn from counts; off the line while they are
        # announced, it is not called (and handed three converted arguments) per signal.
        self.dataChanged.disconnect(self._on_data_changed)
        try:
            for first, last, _place in runs:
                self.dataChanged.emit(first.index(), last.index(), roles)
        finally:
            self.dataChanged.connect(self._on_data_changed)

    def item_for(self, effect_id: str) -> QStandardItem | None:
        return self._items.get(effect_id)

    def label_of(self, effect_id: str) -> str:
        # A dict, not the item's data: the window sorts the chips by label on every change.
        entry = self._entries.get(effect_id)
        return entry[1] if entry is not None else effect_id


class EffectSearchProxy(QSortFilterProxyModel):
    """Shows the effects the core says match the search, and the systems that hold them."""

    def __init__(self, index: CatalogIndex, parent=None):
        super().__init__(parent)
        self._index = index
        self._matching: frozenset[str] | None = None  # None: no search, show everything
        self.setRecursiveFilteringEnabled(True)
        # filterAcceptsRow reads the effect id; the role named here only decides which
        # changes make a recursive filter re-check the parents. Left at DisplayRole, every
        # count update would also repaint its body-system row.
        self.setFilterRole(EFFECT_ID_ROLE)
        # Only set_search changes what is shown; a count update must not re-run
        # filterAcceptsRow (Python) for every effect whose count changed.
        self.setDynamicSortFilter(False)

    def set_search(self, text: str) -> None:
        self._matching = frozenset(self._index.effects_matching(text)) if text.strip() else None
        self.invalidate()

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:
        if self._matching is None:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return index.data(EFFECT_ID_ROLE) in self._matching


class _WrappingDelegate(QStyledItemDelegate):
    """Row heights for names wrapped at the width the tree gives each row.

    A tree asks its delegate for a row's height without saying how wide the row is, so Qt
    sizes a wrapped name as one line; this tells it the width. Measuring a wrapped name costs
    about 50 us and the tree asks for every row on each layout, so only a name that may not
    fit on one line is measured (and kept until the width changes); the others get the
    one-line height of their level, measured once.
    """

    #: More than a row loses to its check box and the style's margins.
    ROOM_BESIDE_TEXT = 48

    def __init__(self, tree: QTreeView):
        super().__init__(tree)
        self._tree = tree
        self._one_line: dict[int, QSize] = {}  # depth -> size
        self._wrapped: dict[str, tuple[int, QSize]] = {}  # text -> (width, size)

    def forget_sizes(self) -> None:
        self._one_line.clear()
        self._wrapped.clear()

    def sizeHint(self, option, index) -> QSize:
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        one_line = self._one_line.get(depth)
        if one_line is None:
            unwrapped = QStyleOptionViewItem(option)
            unwrapped.rect = QRect()  # no width: the style measures one line
            one_line = self._one_line[depth] = super().sizeHint(unwrapped, index)
        tree = self._tree
        if not tree.isVisible():
            return one_line  # no final width yet; the tree lays out again once shown
        indent = tree.indentation() * (depth + (1 if tree.rootIsDecorated() else 0))
        # The viewport's width less the scroll bar's, shown or not (rows laid out before it
        # appears must still fit after), worked out from the tree's own: the first use of
        # viewport() from Python costs ~8 ms, before the first paint.
        width = (
            tree.width() - 2 * tree.frameWidth() - tree.verticalScrollBar().sizeHint().width()
        ) - indent
        text = index.data()
        if tree.fontMetrics().horizontalAdvance(text) + self.ROOM_BESIDE_TEXT <= width:
            return one_line
        known = self._wrapped.get(text)
        if known is not None and known[0] == width:
            return known[1]
        sized = QStyleOptionViewItem(option)
        sized.rect = QRect(0, 0, max(1, width), max(1, one_line.height()))
        size = super().sizeHint(sized, index)
        self._wrapped[text] = (width, size)
        return size


class EffectTree(QTreeView):
    """The effect tree. A name too long for the dock wraps onto a second line: a reader must
    see "Raised intracranial pressure" whole, never "Raised intracr…l pressure"."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)  # a wrapped name is taller
        self._delegate = _WrappingDelegate(self)
        self.setItemDelegate(self._delegate)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()  # the rows' heights follow the new width

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.scheduleDelayedItemsLayout()  # rows laid out while hidden were given one line

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._delegate.forget_sizes()
            self.scheduleDelayedItemsLayout()
        super().changeEvent(event)


def combo_width_for_longest_choice(combo: QComboBox) -> int:
    """The width `combo` needs to show its longest choice whole, as Qt itself works it out."""
    policy = combo.sizeAdjustPolicy()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    width = combo.sizeHint().width()
    combo.setSizeAdjustPolicy(policy)
    return width


class SideEffectFilterPanel(QWidget):
    """Search, mode, minimum band, the tree, and a clear button."""

    effects_changed = Signal(frozenset)
    mode_changed = Signal(object)  # FilterMode
    band_changed = Signal(object)  # FrequencyBand | None

    def __init__(self, index: CatalogIndex, parent=None):
        super().__init__(parent)
        self.setObjectName("sideEffectFilterPanel")
        self.model = SideEffectFilterModel(index.catalog.vocabulary, self)
        self.search_proxy = EffectSearchProxy(index, self)
        self.search_proxy.setSourceModel(self.model)

        self.search = QLineEdit(self)
        self.search.setObjectName("effectSearch")
        self.search.setPlaceholderText("Find a side effect (e.g. long QT, nausea)")
        clear_button_once_typed(self.search)
        self.search.setAccessibleName("Find a side effect")
        self.search.setAccessibleDescription(
            "Narrows the side-effect list below; also matches synonyms"
        )

        self.mode = QComboBox(self)
        self.mode.setObjectName("filterModeSelector")
        for mode in FilterMode:
            self.mode.addItem(mode.label, mode)
        self.mode.setAccessibleName("Filter mode")
        self.mode.setAccessibleDescription(
            "Whether agents must list any, all or none of the ticked side effects"
        )

        self.band = QComboBox(self)
        self.band.setObjectName("frequencySelector")
        self.band.addItem(ANY_FREQUENCY_TEXT, None)
        for band in MEASURED_BANDS:
            self.band.addItem(band_choice_text(band), band)
            self.band.setItemData(
                self.band.count() - 1,
                f"Counts effects listed as {band.label} or more often, and 'not known'",
                Qt.ItemDataRole.ToolTipRole,
            )
        self.band.setAccessibleName("Minimum frequency")
        self.band.setAccessibleDescription(
            "Count a side effect only when listed at this frequency band or more often; "
            "'not known' frequency counts at every band"
        )
        self.band.setToolTip(
            "An effect listed with frequency 'not known' counts at every band, so it never "
            "makes an agent look free of that effect."
        )

        for combo in (self.mode, self.band):
            # Size by a short text, not the longest item, so the dock can stay narrow; the
            # open list still shows items in full.
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)

        self.tree = EffectTree(self)
        self.tree.setObjectName("effectTree")
        self.tree.setModel(self.search_proxy)
        self.tree.setHeaderHidden(True)
        self.tree.setIndentation(14)  # room for long effect names and their counts
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setAccessibleName("Side effects by body system")
        self.tree.setAccessibleDescription(
            "Tick side effects to filter the agent list; the number is how many shown agents "
            "list the effect. Space ticks the current effect."
        )
        self.tree.expandAll()

        self.clear_button = QPushButton("Clear side-effect filter", self)
        self.clear_button.setObjectName("clearEffectsButton")
        self.clear_button.setAccessibleName("Clear side-effect filter")
        self.clear_button.setAccessibleDescription("Untick every side effect")

        form = QFormLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(QLabel("Each agent", self), self.mode)
        form.addRow(QLabel("Frequency:", self), self.band)
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget()
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
            label.setBuddy(field)
        self._form = form
        #: The width the form needs to keep each label beside a combo showing its longest
        #: choice whole (None: not measured for the current font and style yet).
        self._side_by_side_width: int | None = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.search)
        layout.addLayout(form)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        layout.addLayout(buttons)

        self.search.textChanged.connect(self._on_search)
        self.model.checked_changed.connect(self.effects_changed)
        self.mode.currentIndexChanged.connect(lambda _: self.mode_changed.emit(self.current_mode()))
        self.band.currentIndexChanged.connect(lambda _: self.band_changed.emit(self.current_band()))
        self.clear_button.clicked.connect(self.clear_effects)

        self._keep_check_boxes_visible()
        QWidget.setTabOrder(self.search, self.mode)
        QWidget.setTabOrder(self.mode, self.band)
        QWidget.setTabOrder(self.band, self.tree)
        QWidget.setTabOrder(self.tree, self.clear_button)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._keep_check_boxes_visible()
        elif event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._side_by_side_width = None
            self._fit_form()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_form()

    def _fit_form(self) -> None:
        """Labels above the combos when the dock is too narrow to show them side by side: a
        clipped "Common or more (≥1/100)" would read "≥1/10", another band."""
        if self._side_by_side_width is None:
            form = self._form
            labels = max(
                form.itemAt(row, QFormLayout.ItemRole.LabelRole).widget().sizeHint().width()
                for row in range(form.rowCount())
            )
            fields = max(combo_width_for_longest_choice(c) for c in (self.mode, self.band))
            self._side_by_side_width = labels + max(0, form.horizontalSpacing()) + fields
        margins = self.layout().contentsMargins()
        room = self.width() - margins.left() - margins.right()
        policy = (
            QFormLayout.RowWrapPolicy.WrapAllRows
            if room < self._side_by_side_width
            else QFormLayout.RowWrapPolicy.DontWrapRows
        )
        if self._form.rowWrapPolicy() != policy:
            self._form.setRowWrapPolicy(policy)

    def _keep_check_boxes_visible(self) -> None:
        """Fusion outlines item check boxes in a darker shade of Window, which vanishes on a
        dark Base. The tree paints no Window area of its own, so give it a Window colour
        whose darker shade reads on the Base."""
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        if base.lightness() >= 128:
            self.tree.setPalette(palette)
            return
        tree_palette = QPalette(palette)
        text = palette.color(QPalette.ColorRole.Text)
        tree_palette.setColor(QPalette.ColorRole.Window, text)
        self.tree.setPalette(tree_palette)

    def _on_search(self, text: str) -> None:
        self.search_proxy.set_search(text)
        self.tree.expandAll()

    # -- state, set from outside without loops -------------------------------------------

    def clear_effects(self) -> None:
        self.model.set_checked(frozenset())

    def set_mode(self, mode: FilterMode) -> None:
        self.mode.setCurrentIndex(max(0, self.mode.findData(FilterMode(mode))))

    def set_band(self, band: FrequencyBand | None) -> None:
        self.band.setCurrentIndex(0 if band is None else max(0, self.band.findData(band)))

    # Combo data comes back as plain str (Qt stores the enum's value), hence the conversions.
    def current_mode(self) -> FilterMode:
        return FilterMode(self.mode.currentData())

    def current_band(self) -> FrequencyBand | None:
        data = self.band.currentData()
        return FrequencyBand(data) if data else None
