"""Preferences: the local formulary folders this workstation layers on the bundled data.

The list lives in the window's QSettings under LOCAL_DIRS_KEY. Start-up reads it with
`preferred_local_dirs` (in settings.py, so that start-up need not import this dialog) and
layers those folders after any given with `--data-dir` or the NMDA_REF_DATA_DIRS
environment variable (which deployments use). "Check" validates each
folder on top of the bundled data, exactly as loading will, and shows every problem in the
`path:line:column: message` form the warning bar uses.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QStringListModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from app.catalog.report import FatalDataError
from app.ui.settings import LOCAL_DIRS_KEY, preferred_local_dirs, save_local_dirs

RESTART_NOTE = (
    "Folders are read when the app starts: restart it to use a change. Folders given with "
    "--data-dir or the NMDA_REF_DATA_DIRS environment variable are read as well, before these."
)


def check_folders(bundled: Path | None, folders: Sequence[Path]) -> list[str]:
    """Lines to show: each folder's problems when layered on `bundled`, or that it is clean."""
    from app.catalog.loader import load_catalog  # pydantic and PyYAML: only when checking

    lines: list[str] = []
    for folder in folders:
        try:
            result = load_catalog(bundled, [folder]) if bundled else load_catalog(folder)
        except FatalDataError as exc:
            lines.append(f"{folder}: cannot be used: {exc}")
            continue
        local = [a for a in result.catalog.agents if a.origin == str(folder)]
        if result.problems:
            lines.append(f"{folder}: {len(result.problems)} problem(s):")
            lines += [f"  {p}" for p in result.problems]
        else:
            replaced = sum(1 for a in local if a.replaces)
            lines.append(
                f"{folder}: no problems; {len(local)} agent(s), {replaced} replacing bundled ones."
            )
    return lines


class PreferencesDialog(QDialog):
    def __init__(
        self,
        settings: QSettings,
        bundled: Path | None,
        parent=None,
        *,
        read_at_start: Sequence[Path] = (),
    ):
        """`read_at_start`: every local folder this start layered, whichever way it was named."""
        super().__init__(parent)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences — local formulary folders")
        self._settings = settings
        self._bundled = bundled

        intro = QLabel(
            "Local formulary folders are layered on top of the bundled data, in this order: "
            "an agent with the same id replaces the bundled one (its monograph says so), new "
            "ids add agents.",
            self,
        )
        intro.setWordWrap(True)
        self.model = QStringListModel([str(p) for p in preferred_local_dirs(settings)], self)
        self.view = QListView(self)
        self.view.setObjectName("localFolders")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAccessibleName("Local formulary folders")
        self.view.setAccessibleDescription("Folders read on top of the bundled data, in order")

        self.add_button = QPushButton("&Add folder…", self)
        self.remove_button = QPushButton("&Remove", self)
        self.up_button = QPushButton("Move &up", self)
        self.down_button = QPushButton("Move &down", self)
        self.check_button = QPushButton("&Check folders", self)
        for button, what in (
            (self.add_button, "Choose a folder to add to the list"),
            (self.remove_button, "Remove the selected folder from the list"),
            (self.up_button, "Read the selected folder earlier: later folders win"),
            (self.down_button, "Read the selected folder later: later folders win"),
            (self.check_button, "Validate every listed folder now and show the problems"),
        ):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            button.setAccessibleDescription(what)
        self.report = QPlainTextEdit(self)
        self.report.setObjectName("folderReport")
        self.report.setReadOnly(True)
        self.report.setAccessibleName("Check results")
        self.report.setAccessibleDescription("Problems found in the local folders")
        self.report.setPlaceholderText("Press Check folders to validate them.")
        note = QLabel(RESTART_NOTE, self)
        note.setWordWrap(True)
        listed = {str(p) for p in preferred_local_dirs(settings)}
        elsewhere = [str(p) for p in read_at_start if str(p) not in listed]
        #: Folders this start read from --data-dir or NMDA_REF_DATA_DIRS (not editable here).
        self.given_elsewhere = QLabel(self)
        self.given_elsewhere.setObjectName("foldersGivenElsewhere")
        self.given_elsewhere.setWordWrap(True)
        self.given_elsewhere.setTextFormat(Qt.TextFormat.PlainText)
        self.given_elsewhere.setText(
            "Read at this start before the folders below, because they were given with "
            "--data-dir or the NMDA_REF_DATA_DIRS environment variable (change them where they "
            "are set):\n" + "\n".join(elsewhere)
        )
        self.given_elsewhere.setVisible(bool(elsewhere))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )

        row = QHBoxLayout()
        for button in (
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            self.check_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.given_elsewhere)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        layout.addWidget(self.report, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)

        self.add_button.clicked.connect(self._ask_folder)
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(+1))
        self.check_button.clicked.connect(self.check)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.resize(640, 480)

    def folders(self) -> list[Path]:
        return [Path(p) for p in self.model.stringList()]

    def add_folder(self, folder: Path) -> bool:
        if str(folder) in self.model.stringList():
            return False
        self.model.setStringList([*self.model.stringList(), str(folder)])
        return True

    def remove_selected(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self.model.removeRows(index.row(), 1)

    def move_selected(self, step: int) -> None:
        """Move the selected folder one place earlier (-1) or later (+1); it stays selected."""
        row = self.view.currentIndex().row()
        folders = self.model.stringList()
        target = row + step
        if row < 0 or not 0 <= target < len(folders):
            return
        folders[row], folders[target] = folders[target], folders[row]
        self.model.setStringList(folders)
        self.view.setCurrentIndex(self.model.index(target, 0))

    def _ask_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Add a local formulary folder")
        if chosen:
            self.add_folder(Path(chosen))

    def check(self) -> list[str]:
        lines = check_folders(self._bundled, self.folders()) or ["No local folders listed."]
        self.report.setPlainText("\n".join(lines))
        return lines

    def accept(self) -> None:
        save_local_dirs(self._settings, self.folders())
        super().accept()


__all__ = [
    "LOCAL_DIRS_KEY",
    "PreferencesDialog",
    "check_folders",
    "preferred_local_dirs",
    "save_local_dirs",
]
