"""Screening packs: which the app knows, which new screenings use, and importing one.

An organisation holding the NSPCC's GCP2 licence imports its own descriptor pack here, and
the county's newer tool comes in the same way with its own pack ID. Packs are not signed;
every import is recorded in the vault's audit chain. Screenings already made keep their pack.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, named, plain_label, plain_tooltip
from safeguard_desktop.screening.packs import (
    MAX_PACK_BYTES,
    available_packs,
    import_pack,
    mismatch_note,
    read_pack_file,
)
from safeguard_desktop.vault.session import Vault

HEADERS = ("Title", "Edition", "Pack ID", "Where it came from", "In use")
PACK_FILTER = "Screening packs (*.json);;All files (*)"


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(plain_tooltip(text))  # pack titles and practitioners' names: never markup
    return item


class ScreeningPacksDialog(QDialog):
    """Every screening pack this vault knows, with Import pack…."""

    imported = Signal(object)  # the PackRef of the pack just imported

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle("Screening packs")
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "A screening pack gives the areas and sub-areas a screening grades and what to look at for "
                "each. The app ships its own prompts. An organisation holding the NSPCC's GCP2 licence can "
                "import its own descriptor pack, and the county's newer tool can be imported the same way. "
                "New screenings use the newest pack imported; screenings already made keep the pack they used."
            )
        )
        self.table = named(QTableWidget(0, len(HEADERS)), "Screening packs")
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        layout.addWidget(self.table)
        self.outcome = plain_label()
        self.outcome.setObjectName("importOutcome")
        layout.addWidget(self.outcome)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.import_button = named(
            QPushButton("&Import pack…"), "Import a screening pack", "Choose a screening pack file (JSON)"
        )
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button.clicked.connect(self.choose_pack)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()
        fit_to_screen(self, 980, 420)

    def reload(self) -> None:
        """Read the packs afresh."""
        known = available_packs(self.vault)
        self.table.setRowCount(len(known))
        for row, info in enumerate(known):
            in_use = "Yes, for new screenings" if info.current else ""
            if info.licensed:
                in_use = f"{in_use} (licensed descriptors)".strip()
            cells = (info.ref.title, info.ref.edition, info.ref.pack_id, info.origin, in_use)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, _item(text))
            if info.note:
                self.table.item(row, 2).setToolTip(plain_tooltip(info.note))
        header = self.table.horizontalHeader()
        for column in range(1, len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()

    def choose_pack(self) -> None:
        """Ask for a pack file, then import it."""
        name, _ = QFileDialog.getOpenFileName(self, "Import a screening pack", str(Path.home()), PACK_FILTER)
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> bool:
        """Check and import one pack file; say what happened either way."""
        self.error.clear()
        self.outcome.setText("")
        try:
            if path.stat().st_size > MAX_PACK_BYTES:
                raise SafeguardError(f"{path.name} is too large to be a screening pack (the most is 2 MB).")
            data = path.read_bytes()
            pack = read_pack_file(data)
            ref = import_pack(self.vault, data)
        except OSError as exc:
            self.error.show_error(f"{path.name} could not be read ({exc.strerror or exc}). Nothing was changed.")
            return False
        except SafeguardError as exc:
            self.error.show_error(f"{path.name} was not imported. {exc.message}")
            return False
        text = (
            f"Imported {ref.citation()}. New screenings use its prompts from now on; screenings already "
            "made or started keep the pack they used."
        )
        note = mismatch_note(pack)
        if note:
            text += f"\n{note}"
        self.outcome.setText(text)
        try:
            self.reload()
        except SafeguardError as exc:
            self.error.show_error(exc.message)
        self.imported.emit(ref)
        return True


def open_screening_packs(main: QWidget) -> ScreeningPacksDialog | None:
    """Show the screening packs over the main window."""
    vault = getattr(main, "vault", None)
    if vault is None:
        return None
    try:
        dialog = ScreeningPacksDialog(vault, main)
    except SafeguardError as exc:  # a damaged pack in the vault: check names it
        main.error.show_error(exc.message)
        return None
    opener = getattr(main, "open_form", None)
    if callable(opener):
        opener(dialog)
    else:
        dialog.open()
    return dialog
