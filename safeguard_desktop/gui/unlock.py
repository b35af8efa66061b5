"""Unlock a vault, or switch to another one (recent, chosen from disk, or new)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.gui.widgets import ErrorLabel, heading, named, plain_label, plain_tooltip
from safeguard_desktop.gui.worker import error_text, run_in_background
from safeguard_desktop.paths import recent_vaults

if TYPE_CHECKING:
    from safeguard_desktop.gui.create_vault import CreateVaultDialog
    from safeguard_desktop.vault.session import Vault


def _open_vault(path: Path, passphrase: str) -> Vault:
    # Imported here, on the worker thread: the unlock window appears before the record
    # models and the crypto libraries have loaded (app.py warms them meanwhile).
    from safeguard_desktop.vault.session import Vault

    return Vault.open(path, passphrase)


def location_text(path: Path) -> str:
    """The core's warning about where the vault is kept (a synced or shared folder), or ""."""
    # A small module of path checks: cheap enough for the first window.
    try:
        from safeguard_desktop.vault.location import location_warning
    except ImportError:  # pragma: no cover - an older core without location checks
        return ""
    try:
        return location_warning(path) or ""
    except OSError:
        return ""


class UnlockDialog(QDialog):
    """Ask for the passphrase of one vault; a wrong one gets a message in place, not a popup.

    Emits `vault_ready(Vault)` with the unlocked vault and then accepts.
    """

    vault_ready = Signal(object)

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.vault: Vault | None = None
        self._busy = False
        self._create_dialog: CreateVaultDialog | None = None
        self.setWindowTitle("Unlock — safeguard-desktop")

        self.file_label = plain_label(selectable=True)
        self.file_label.setAccessibleName("Vault file")
        self.folder_label = plain_label(selectable=True)
        self.folder_label.setAccessibleName("Vault folder")
        self.passphrase = named(QLineEdit(), "Passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.location_warning = ErrorLabel()
        self.location_warning.setAccessibleName("Where the vault is kept")
        self.message = ErrorLabel()
        self.message.setAccessibleName("Unlock problem")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Unlocking")
        self.progress.hide()

        form = QFormLayout()
        form.addRow("Vault", self.file_label)
        form.addRow("Folder", self.folder_label)
        form.addRow("&Passphrase", self.passphrase)

        self.switch_button = named(QPushButton("Switch vault"), "Switch vault")
        self.switch_menu = QMenu(self.switch_button)
        self.switch_menu.aboutToShow.connect(self._fill_switch_menu)
        self.switch_button.setMenu(self.switch_menu)

        self.buttons = QDialogButtonBox()
        self.unlock_button = named(self.buttons.addButton("&Unlock", QDialogButtonBox.ButtonRole.AcceptRole), "Unlock")
        self.unlock_button.setDefault(True)
        self.cancel_button = named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.buttons.addButton(self.switch_button, QDialogButtonBox.ButtonRole.ResetRole)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Unlock your vault"))
        layout.addLayout(form)
        layout.addWidget(self.location_warning)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)

        self.buttons.accepted.connect(self.unlock)
        self.buttons.rejected.connect(self.reject)
        self.passphrase.textChanged.connect(self._update)
        self._show_path()
        self._update()
        self.passphrase.setFocus()
        self.setMinimumWidth(480)

    # -- which vault -----------------------------------------------------------------------

    def set_path(self, path: Path) -> None:
        """Point the dialog at another vault file."""
        self.path = Path(path)
        self.message.clear()
        self.passphrase.clear()
        self._show_path()
        self.passphrase.setFocus()

    def _show_path(self) -> None:
        self.file_label.setText(self.path.name)
        self.folder_label.setText(str(self.path.parent))
        self.folder_label.setToolTip(plain_tooltip(str(self.path.parent)))  # a folder name may look like markup
        self.location_warning.show_error(location_text(self.path))

    def _fill_switch_menu(self) -> None:
        menu = self.switch_menu
        menu.clear()
        here = self.path.resolve()
        for recent in recent_vaults():
            if recent.resolve() == here:
                continue
            # A QAction's text is never rich text; '&' is escaped so it is not a mnemonic.
            action = menu.addAction(f"{recent.name} — {recent.parent}".replace("&", "&&"))
            action.triggered.connect(lambda _=False, p=recent: self.set_path(p))
        if not menu.isEmpty():
            menu.addSeparator()
        menu.addAction("Open another vault…", self._open_other)
        menu.addAction("Create a new vault…", self._create_new)

    def _open_other(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open a vault", str(self.path.parent), "Vaults (*.vault);;All files (*)"
        )
        if name:
            self.set_path(Path(name))

    def _create_new(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            "Where to save the new vault",
            str(self.path.parent / "records.vault"),
            "Vaults (*.vault)",
        )
        if name:
            chosen = Path(name)
            self.open_create_dialog(chosen if chosen.suffix else chosen.with_suffix(".vault"))

    def open_create_dialog(self, path: Path) -> CreateVaultDialog:
        """Show the create-vault dialog; a vault made there is handed on as if unlocked."""
        from safeguard_desktop.gui.create_vault import CreateVaultDialog

        dialog = CreateVaultDialog(path, self)
        dialog.vault_ready.connect(self._ready)
        self._create_dialog = dialog
        dialog.open()
        return dialog

    # -- unlocking -------------------------------------------------------------------------

    def _update(self) -> None:
        self.unlock_button.setEnabled(bool(self.passphrase.text()) and not self._busy)

    def unlock(self) -> None:
        """Derive the key on a worker thread; the result comes back to `_ready` or `_failed`."""
        if self._busy or not self.passphrase.text():
            return
        self.message.clear()
        path, passphrase = self.path, self.passphrase.text()
        self._set_busy(True)
        # Never cancelled by a lock: the result is a newly opened vault that must reach someone
        # who will close it, or its single-writer lock would be held until the app exits.
        run_in_background(lambda: _open_vault(path, passphrase), self._ready, self._failed, self, cancellable=False)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.passphrase.setEnabled(not busy)
        self.switch_button.setEnabled(not busy)
        self._update()

    def _ready(self, vault: object) -> None:
        from safeguard_desktop.vault.session import Vault

        assert isinstance(vault, Vault)
        self._set_busy(False)
        self.passphrase.clear()
        self.vault = vault
        self.vault_ready.emit(vault)
        self.accept()

    def _failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        self._set_busy(False)
        self.message.show_error(error_text(exc))
        # Ready for another try without reaching for the mouse.
        self.passphrase.selectAll()
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def reject(self) -> None:
        """Cancel is ignored while a key is being derived; the passphrase never lingers."""
        if self._busy:
            return
        self.passphrase.clear()
        super().reject()
