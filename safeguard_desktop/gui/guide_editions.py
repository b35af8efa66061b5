"""The threshold guide's editions: which is in use, which came before, and installing a new one.

Installing checks the partnership's signature against the keys IT has deployed to this
machine; the practitioner can choose a pack file but never decide what to trust.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, listing_table, named, plain_label, plain_tooltip
from safeguard_desktop.thresholds.library import editions
from safeguard_desktop.thresholds.packs import MAX_PACK_BYTES, install_pack, trusted_keys
from safeguard_desktop.thresholds.trust import format_fingerprint
from safeguard_desktop.vault.session import Vault

HEADERS = ("Edition", "In use", "Where it came from", "Signed by (key fingerprint)")
PACK_FILTER = "Threshold guide packs (*.sgpack);;All files (*)"


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(plain_tooltip(text))  # holds a practitioner's typed name: never markup
    return item


class GuideEditionsDialog(QDialog):
    """Every edition this vault knows, newest first, with Install update…."""

    installed = Signal(object)  # the GuideEdition now in use

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle("Threshold guide editions")
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                "The newest edition is the one in use. Earlier editions are kept, so each level-of-need "
                "decision can show the edition that informed it. A new edition comes from the safeguarding "
                "partnership as a signed pack; it is installed only if its signature matches a key your "
                "organisation's IT has set up on this computer, and only if it is newer than the one in use."
            )
        )
        self.table = listing_table("Guide editions", HEADERS)
        layout.addWidget(self.table)
        self.outcome = plain_label()
        self.outcome.setObjectName("installOutcome")
        layout.addWidget(self.outcome)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.install_button = named(
            QPushButton("&Install update…"), "Install a guide update", "Choose a signed pack from the partnership"
        )
        buttons.addButton(self.install_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.install_button.clicked.connect(self.choose_pack)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()
        fit_to_screen(self, 980, 420)

    def reload(self) -> None:
        """Read the editions afresh."""
        known = editions(self.vault)
        self.table.setRowCount(len(known))
        for row, info in enumerate(known):
            full = format_fingerprint(info.signer_fingerprint) if info.signer_fingerprint else ""
            # The first groups tell keys apart at a glance; the whole print is in the tooltip
            # for comparing with the one the partnership publishes.
            signer = f"{' '.join(full.split()[:4])} …" if full else "—"
            cells = (info.edition.citation(), "Yes" if info.current else "", info.origin, signer)
            for column, text in enumerate(cells):
                self.table.setItem(row, column, _item(text))
            if full:
                self.table.item(row, 3).setToolTip(plain_tooltip(f"Signing key fingerprint: {full}"))
        header = self.table.horizontalHeader()
        for column in range(1, len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()

    def choose_pack(self) -> None:
        """Ask for a pack file, then install it."""
        name, _ = QFileDialog.getOpenFileName(self, "Install a threshold guide update", str(Path.home()), PACK_FILTER)
        if name:
            self.install_file(Path(name))

    def install_file(self, path: Path) -> bool:
        """Check and install one pack file; say what happened either way."""
        self.error.clear()
        self.outcome.setText("")
        try:
            if path.stat().st_size > MAX_PACK_BYTES:
                raise SafeguardError(f"{path.name} is too large to be a threshold guide pack.")
            data = path.read_bytes()
            edition = install_pack(self.vault, data, trusted_keys())
        except OSError as exc:
            self.error.show_error(f"{path.name} could not be read ({exc.strerror or exc}). Nothing was changed.")
            return False
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return False
        self.outcome.setText(f"Installed and now in use: {edition.citation()}.")
        try:
            self.reload()
        except SafeguardError as exc:
            self.error.show_error(exc.message)
        self.installed.emit(edition)
        return True


def open_editions(main: QWidget) -> GuideEditionsDialog | None:
    """Show the editions over the main window; an installed update replaces an open guide at once."""
    vault = getattr(main, "vault", None)
    if vault is None:
        return None
    from safeguard_desktop.gui.guide_window import close_guide, open_guide

    try:
        dialog = GuideEditionsDialog(vault, main)
    except SafeguardError as exc:  # a damaged edition in the vault: check names it
        main.error.show_error(exc.message)
        return None

    def show_new_edition(_edition: object) -> None:
        if getattr(main, "guide_window", None) is not None:
            close_guide(main)
            open_guide(main)

    dialog.installed.connect(show_new_edition)
    opener = getattr(main, "open_form", None)
    if callable(opener):
        opener(dialog)
    else:
        dialog.open()
    return dialog
