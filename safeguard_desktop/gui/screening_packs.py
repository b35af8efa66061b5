"""Screening packs: which the app knows, which new screenings use, and importing one.

An organisation holding the NSPCC's GCP2 licence imports its own descriptor pack here, and
the county's newer tool comes in the same way with its own pack ID. Packs are not signed;
every import is recorded in the vault's audit chain. Screenings already made keep their pack.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHeaderView,
    QPushButton,
    QRadioButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.screening_grades import MIN_TARGET
from safeguard_desktop.gui.widgets import (
    ErrorLabel,
    fit_to_screen,
    heading,
    listing_table,
    named,
    plain_label,
    plain_tooltip,
)
from safeguard_desktop.screening.pack import PackRef
from safeguard_desktop.screening.packs import (
    MAX_PACK_BYTES,
    SHIPPED_PACK_ID,
    PackInfo,
    available_packs,
    import_pack,
    mismatch_note,
    pack_for,
    read_pack_file,
)
from safeguard_desktop.vault.session import Vault

HEADERS = ("Title", "Edition", "Pack ID", "Where it came from", "In use")
PACK_FILTER = "Screening packs (*.json);;All files (*)"


def tools(vault: Vault) -> list[PackInfo]:
    """The pack each tool's new screenings use (one per pack ID), the GCP2 one first."""
    current = [info for info in available_packs(vault) if info.current]
    return sorted(current, key=lambda info: info.ref.pack_id != SHIPPED_PACK_ID)


def in_use_text(info: PackInfo, several_tools: bool) -> str:
    """What the packs table says a current pack is used for, naming the tool when there is a choice."""
    if not info.current:
        return ""
    if not several_tools:
        return "Yes, for new screenings"
    if info.ref.pack_id == SHIPPED_PACK_ID:
        return "Yes, for new GCP2 screenings"
    return "Yes, when chosen for a new screening"


def use_note(ref: PackRef) -> str:
    """After an import: which new screenings use the pack (the GCP2 ones, or those with its own tool)."""
    if ref.pack_id == SHIPPED_PACK_ID:
        return "New GCP2 screenings use its prompts from now on"
    return (
        f"It is a tool of its own ({ref.pack_id}): New screening… now asks which tool to use, GCP2 first, "
        f"and new screenings with {ref.title} use this edition"
    )


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
                "New screenings use the newest edition of their tool: GCP2, unless another tool is chosen "
                "when the screening is started. Screenings already made keep the pack they used."
            )
        )
        self.table = listing_table("Screening packs", HEADERS)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_licence(row))
        layout.addWidget(self.table, 1)
        # Whose words a pack's are, and on what terms: for the pack chosen in the table.
        self.licence = plain_label(selectable=True)
        self.licence.setAccessibleName("Licence of the chosen pack")
        self.licence.setFrameShape(QFrame.Shape.StyledPanel)
        self.licence.setMargin(6)
        layout.addWidget(self.licence)
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
        self._known = known
        several = len({info.ref.pack_id for info in known if info.current}) > 1
        self.table.setRowCount(len(known))
        for row, info in enumerate(known):
            in_use = in_use_text(info, several)
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
        self.table.setCurrentCell(0, 0)
        self._show_licence(0)

    def _show_licence(self, row: int) -> None:
        if not 0 <= row < len(self._known):
            self.licence.setText("")
            return
        ref = self._known[row].ref
        pack = pack_for(self.vault, ref)
        terms = pack.licence if pack is not None else "This pack's content could not be read."
        text = f"Licence of {ref.citation()}" + (f", from {pack.publisher}" if pack else "") + f": {terms}"
        self.licence.setText(text)
        self.licence.setAccessibleDescription(text)

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
            f"Imported {ref.citation()}. {use_note(ref)}; screenings already made or started keep the pack they used."
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


class ToolChoiceDialog(QDialog):
    """Which tool a new screening uses, when more than one is held; GCP2 is chosen to start with.

    Emits `chosen(pack ID)` on Start.
    """

    chosen = Signal(str)

    def __init__(self, choices: list[PackInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New screening: which tool — safeguard-desktop")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Which tool is this screening with?", level=2))
        layout.addWidget(plain_label("This vault holds more than one screening tool. GCP2 is the usual one."))
        self.group = QButtonGroup(self)
        self.options: dict[str, QRadioButton] = {}
        for info in choices:
            ref = info.ref
            text = f"{ref.title}, edition {ref.edition}" + (" (GCP2)" if ref.pack_id == SHIPPED_PACK_ID else "")
            option = named(QRadioButton(text), text, f"Tool: {ref.tool}; pack ID {ref.pack_id}")
            option.setMinimumHeight(MIN_TARGET)
            self.group.addButton(option)
            self.options[ref.pack_id] = option
            layout.addWidget(option)
        default = self.options.get(SHIPPED_PACK_ID) or next(iter(self.options.values()))
        default.setChecked(True)
        buttons = QDialogButtonBox()
        self.start_button = named(buttons.addButton("&Start", QDialogButtonBox.ButtonRole.AcceptRole), "Start")
        cancel = named(buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        for button in (self.start_button, cancel):
            button.setMinimumHeight(MIN_TARGET)
        self.start_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        default.setFocus()

    def pack_id(self) -> str:
        """The pack ID of the tool chosen."""
        return next(pack_id for pack_id, option in self.options.items() if option.isChecked())

    def accept(self) -> None:
        super().accept()
        self.chosen.emit(self.pack_id())


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
