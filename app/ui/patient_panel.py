"""Patient context: tick the patient's factors; the list and monograph show what the data flags.

Thin over the core (`app.catalog.patient` decides, `app.catalog.patient_render` words it):
- `PatientPanel`: one checkbox per PatientFactor (labels from the enum), renal bands first.
- `PatientContext`: the ticked set and the assessment of every agent; says when they change.
- `PatientBadgeProxy`: an identity proxy over the agent list model that adds a
  "Contraindicated" / "Caution" badge and the reasons to the row's tooltip and accessible text.

The ticks are deliberately not saved in settings: they describe one patient, and on a shared
workstation the next reader's patient is someone else. Every start begins with none ticked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QIdentityProxyModel, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.catalog.matrix import references_by_id
from app.catalog.model import Agent, Catalog, PatientFactor
from app.catalog.patient import RENAL_BANDS, Assessment, PatientIndex, Verdict, assess
from app.catalog.patient_render import render_patient_block, with_patient_block
from app.catalog.render import CAUTION_MARKER, CONTRAINDICATION_MARKER, RenderPalette
from app.ui.agent_list import BADGES_ROLE, ID_ROLE

BADGE_CONTRAINDICATED = f"{CONTRAINDICATION_MARKER} Contraindicated"
BADGE_CAUTION = f"{CAUTION_MARKER} Caution"
VERDICT_ROLE = Qt.ItemDataRole.UserRole + 60

RENAL_HELP = (
    "Tick the patient's band. A statement for a milder band (such as “reduce the dose when "
    "CrCl < 50”) also applies to a worse one."
)
PANEL_NOTE = (
    "Flags only statements this reference tags with a ticked factor. No flag never means "
    "safe: check the product label."
)


class PatientContext(QObject):
    """The ticked factors and what they mean for each agent. No widgets."""

    #: Emitted with the new ticked set after assessments are recomputed.
    changed = Signal(object)

    def __init__(self, catalog: Catalog, parent=None):
        super().__init__(parent)
        self.catalog = catalog
        self._references = references_by_id(catalog.references)
        self._ticked: frozenset[PatientFactor] = frozenset()
        # Verdicts for every agent come from bitmasks (cheap at any list size); the reasons
        # are worked out only for agents someone reads, and kept until the ticks change.
        self._index: PatientIndex | None = None  # built on the first tick, not at start-up
        self._by_id = {a.id: a for a in catalog.agents}
        self._verdicts: dict[str, Verdict] = {}
        self._assessments: dict[str, Assessment] = {}

    @property
    def ticked(self) -> frozenset[PatientFactor]:
        return self._ticked

    @property
    def active(self) -> bool:
        return bool(self._ticked)

    def set_ticked(self, factors: Iterable[PatientFactor]) -> None:
        ticked = frozenset(PatientFactor(f) for f in factors)
        if ticked == self._ticked:
            return
        self._ticked = ticked
        if ticked and self._index is None:
            self._index = PatientIndex(self.catalog.agents)
        self._verdicts = self._index.verdicts(ticked) if ticked and self._index else {}
        self._assessments = {}
        self.changed.emit(ticked)

    def verdict(self, agent_id: str) -> Verdict | None:
        """None when nothing is ticked (then nothing is said at all)."""
        return self._verdicts.get(agent_id)

    def assessment(self, agent_id: str) -> Assessment | None:
        """The verdict with its reasons; None when nothing is ticked."""
        if not self._ticked or agent_id not in self._by_id:
            return None
        found = self._assessments.get(agent_id)
        if found is None:
            found = self._assessments[agent_id] = assess(self._by_id[agent_id], self._ticked)
        return found

    def counts(self) -> dict[Verdict, int]:
        counts = dict.fromkeys(Verdict, 0)
        for verdict in self._verdicts.values():
            counts[verdict] += 1
        return counts

    def decorate(self, agent: Agent | None, html: str, palette: RenderPalette | None) -> str:
        """`html` (a monograph) with the patient block on top, when factors are ticked."""
        if agent is None or not self._ticked:
            return html
        assessment = self.assessment(agent.id)
        if assessment is None:
            return html
        block = render_patient_block(assessment, self._ticked, self._references, palette)
        return with_patient_block(html, block)


class PatientBadgeProxy(QIdentityProxyModel):
    """Adds the patient verdict to each agent row: a badge, and the reasons in words."""

    def __init__(self, context: PatientContext, parent=None):
        super().__init__(parent)
        self._context = context
        context.changed.connect(self._refresh)

    def _refresh(self, _ticked=None) -> None:
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(rows - 1, 0),
                [
                    BADGES_ROLE,
                    VERDICT_ROLE,
                    Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole,
                ],
            )

    def _agent_id(self, index) -> str | None:
        return super().data(index, ID_ROLE)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        value = super().data(index, role)
        if role not in (
            BADGES_ROLE,
            VERDICT_ROLE,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.AccessibleTextRole,
        ):
            return value
        agent_id = self._agent_id(index)
        verdict = self._context.verdict(agent_id) if agent_id else None
        if verdict is None:
            return value
        if role == VERDICT_ROLE:
            return verdict.value
        if role == BADGES_ROLE:
            if verdict is Verdict.NO_FLAG:
                return value
            badge = BADGE_CONTRAINDICATED if verdict is Verdict.CONTRAINDICATED else BADGE_CAUTION
            return [badge, *(value or [])]
        # Tooltip and screen-reader text: the verdict and reasons, or the no-flag wording.
        summary = self._context.assessment(agent_id).summary
        return f"{value}; patient context: {summary}" if value else summary


class _ToggleLabel(QLabel):
    """A checkbox's words on their own, so they can wrap in a narrow dock; a click on them
    toggles the box, as a checkbox's own text would."""

    def __init__(self, text: str, box: QCheckBox, parent=None):
        super().__init__(text, parent)
        self._box = box
        self.setWordWrap(True)
        self.setBuddy(box)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self._box.toggle()
        super().mouseReleaseEvent(event)


class PatientPanel(QWidget):
    """A checkbox per patient factor, the renal bands together, and a clear button."""

    factors_changed = Signal(object)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("patientPanel")
        self.boxes: dict[PatientFactor, QCheckBox] = {}
        self.labels: dict[PatientFactor, QLabel] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)

        renal = QGroupBox("Renal function", self)
        renal_layout = QVBoxLayout(renal)
        renal_layout.setSpacing(4)
        renal_help = QLabel(RENAL_HELP, renal)
        renal_help.setWordWrap(True)
        renal_layout.addWidget(renal_help)
        for factor in RENAL_BANDS:
            renal_layout.addLayout(self._box(factor, renal))
        layout.addWidget(renal)

        other = QGroupBox("Other factors", self)
        other_layout = QVBoxLayout(other)
        other_layout.setSpacing(4)
        for factor in PatientFactor:
            if factor not in RENAL_BANDS:
                other_layout.addLayout(self._box(factor, other))
        layout.addWidget(other)

        self.summary = QLabel(self)
        self.summary.setObjectName("patientSummary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        note = QLabel(PANEL_NOTE, self)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.clear_button = QPushButton("Clear patient factors", self)
        self.clear_button.setObjectName("patientClear")
        self.clear_button.setAccessibleName("Clear patient factors")
        self.clear_button.setAccessibleDescription("Untick every patient factor")
        self.clear_button.clicked.connect(self.clear)
        layout.addWidget(self.clear_button)
        layout.addStretch(1)
        self.set_summary({})

    def _box(self, factor: PatientFactor, parent: QWidget) -> QHBoxLayout:
        box = QCheckBox(parent)
        box.setObjectName(f"factor_{factor.value}")
        box.setAccessibleName(factor.label)
        description = (
            "Flag agents whose contraindications, cautions or interactions in this reference "
            f"concern: {factor.label}"
        )
        if factor in RENAL_BANDS:
            description += ". Statements for milder renal bands apply too"
        box.setAccessibleDescription(description)
        box.toggled.connect(lambda _checked: self.factors_changed.emit(self.ticked()))
        self.boxes[factor] = box
        self.labels[factor] = _ToggleLabel(factor.label, box, parent)
        row = QHBoxLayout()
        row.setSpacing(6)
        row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.labels[factor], 1)
        return row

    def ticked(self) -> frozenset[PatientFactor]:
        return frozenset(f for f, box in self.boxes.items() if box.isChecked())

    def set_ticked(self, factors: Iterable[PatientFactor]) -> None:
        wanted = frozenset(factors)
        for factor, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(factor in wanted)
            box.blockSignals(False)
        self.factors_changed.emit(self.ticked())

    def clear(self) -> None:
        self.set_ticked(())

    def set_summary(self, counts: Mapping[Verdict, int]) -> None:
        if not self.ticked():
            text = "No patient factors ticked."
        else:
            text = (
                f"All agents: {counts.get(Verdict.CONTRAINDICATED, 0)} contraindicated, "
                f"{counts.get(Verdict.CAUTION, 0)} caution, "
                f"{counts.get(Verdict.NO_FLAG, 0)} with no flagged contraindication."
            )
        self.summary.setText(text)
        self.summary.setAccessibleName(text)


def make_patient_dock(panel: PatientPanel, parent=None) -> QDockWidget:
    dock = QDockWidget("Patient context", parent)
    dock.setObjectName("patientContext")
    dock.setAccessibleName("Patient context")
    scroll = QScrollArea(dock)
    scroll.setWidgetResizable(True)
    # The labels wrap instead: a sideways scroll would hide the ends of factor names.
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setWidget(panel)
    dock.setWidget(scroll)
    return dock
