"""File ▸ Back up now…, Change passphrase…, Rotate vault key… and Edit ▸ Settings….

Each sensitive action first asks for the passphrase again (see confirm.protected). The
slow parts run on worker threads; record data never passes through here, only paths.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget

from safeguard_desktop.gui.confirm import ConfirmPassphraseDialog, protected
from safeguard_desktop.gui.key_dialogs import ChangePassphraseDialog, RotateKeyDialog
from safeguard_desktop.gui.settings import SettingsDialog
from safeguard_desktop.gui.worker import error_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from safeguard_desktop.gui.main_window import MainWindow
    from safeguard_desktop.vault.session import Vault


def _rotate_and_reopen(path: Path, passphrase: str, progress: Callable[[int, int], None]) -> Vault:
    from safeguard_desktop.vault.rotate import rotate_vault_key
    from safeguard_desktop.vault.session import Vault

    rotate_vault_key(path, passphrase, progress=progress)
    return Vault.open(path, passphrase)


class VaultActions(QObject):
    """The vault-care actions of one main window, and the dialogs they open."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.confirm_dialog: ConfirmPassphraseDialog | None = None
        self.folder_dialog: QFileDialog | None = None
        self.key_dialog: ChangePassphraseDialog | RotateKeyDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.message_box: QMessageBox | None = None
        self.backing_up = False
        add = window._action
        self.backup_action = add(
            "&Back up now…", "Ctrl+Shift+B", self.back_up, "Save an encrypted copy of the vault in a folder you choose"
        )
        self.change_passphrase_action = add(
            "C&hange passphrase…", "Ctrl+Shift+K", self.change_passphrase, "Choose a new passphrase for this vault"
        )
        self.rotate_action = add(
            "&Rotate vault key…", "", self.rotate_key, "Re-encrypt the vault with a new key (after a loss or a leaver)"
        )
        self.settings_action = add("&Settings…", "Ctrl+,", self.open_settings, "Idle lock and other preferences")
        self.vault_actions = (self.backup_action, self.change_passphrase_action, self.rotate_action)

    # -- helpers the `protected` decorator needs ------------------------------------------

    def parent_widget(self) -> QWidget:
        """The window dialogs belong to."""
        return self.window

    def vault_path(self) -> Path | None:
        """The open vault's file, or None while locked."""
        return self.window.vault.path if self.window.vault is not None else None

    def set_enabled(self, unlocked: bool) -> None:
        """Vault actions need an unlocked vault."""
        for action in self.vault_actions:
            action.setEnabled(unlocked)

    def _tell(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information) -> None:
        box = QMessageBox(icon, f"{title} — safeguard-desktop", text, QMessageBox.StandardButton.Ok, self.window)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setAccessibleName(title)
        box.finished.connect(lambda _: box.deleteLater())
        self.message_box = box
        box.open()

    def close_dialogs(self) -> None:
        """On lock: close our dialogs, except key changes under way (they finish and report)."""
        self.backing_up = False  # a backup still running finishes before the vault closes
        self.window.statusBar().clearMessage()
        for dialog in (self.confirm_dialog, self.folder_dialog, self.key_dialog, self.settings_dialog):
            with contextlib.suppress(RuntimeError):  # already deleted by Qt
                if dialog is None or not dialog.isVisible():
                    continue
                if isinstance(dialog, RotateKeyDialog) and self.window.key_work_running:
                    continue
                if isinstance(dialog, ChangePassphraseDialog) and dialog.busy:
                    continue
                if isinstance(dialog, ConfirmPassphraseDialog):
                    dialog.close_for_lock()
                else:
                    dialog.reject()

    # -- back up ---------------------------------------------------------------------------

    @protected("Backing up copies every record to a file; please confirm it is you.")
    def back_up(self, _passphrase: str) -> None:
        """Ask for a folder, then copy the vault there."""
        if self.window.vault is None:
            return  # locked while the passphrase was being checked: nothing to back up
        dialog = QFileDialog(self.window, "Choose a folder for the backup")
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setDirectory(str(Path.home()))
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.fileSelected.connect(lambda name: self.backup_to(Path(name)))
        dialog.finished.connect(lambda _: dialog.deleteLater())
        self.folder_dialog = dialog
        dialog.open()

    def backup_to(self, folder: Path) -> None:
        """Copy the open vault into `folder`, then say where it went."""
        vault = self.window.vault
        if vault is None or self.backing_up:
            return
        from safeguard_desktop.vault.backup import backup_vault

        self.backing_up = True
        self.window.statusBar().showMessage("Backing up…")
        # On the GUI thread on purpose: the vault has one connection, and a worker using it
        # while the window writes through it would interleave transactions and break the
        # audit chain. A backup takes about a second for a 50 MB vault; the cursor says so.
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()
        try:
            dest = backup_vault(vault, folder)
        except Exception as exc:  # every failure is reported in words, never a crash
            QApplication.restoreOverrideCursor()
            self._backup_failed(exc)
            return
        QApplication.restoreOverrideCursor()
        self._backed_up(dest)

    def _visiting(self) -> bool:
        visit = getattr(self.window, "visit", None)
        return bool(visit is not None and visit.active)

    def _backed_up(self, dest: object) -> None:
        self.backing_up = False
        self.window.statusBar().clearMessage()
        if self._visiting():
            # A family may be watching: the bar and the backup's path both name the vault and its folders.
            self._tell("Backup saved", "The backup was saved. Its name and folder are not shown during a visit.")
            return
        self.window.backup_bar.show_for_vault(self.window.vault)
        self._tell(
            "Backup saved",
            f"The backup was saved as:\n{dest}\n\nIt opens with the passphrase you use now. "
            "Keep it away from this computer, for example on your organisation's network drive.",
        )

    def _backup_failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        self.backing_up = False
        self.window.statusBar().clearMessage()
        self._tell("Backup not made", error_text(exc), QMessageBox.Icon.Warning)

    # -- change passphrase -----------------------------------------------------------------

    @protected("Please type your current passphrase before choosing a new one.")
    def change_passphrase(self, passphrase: str) -> None:
        """The new passphrase, twice; the confirmed one is the old."""
        vault = self.window.vault
        if vault is None:
            return
        who = vault.practitioner
        dialog = ChangePassphraseDialog(vault.path, passphrase, [who.name, who.organisation], self.window)
        dialog.changed.connect(
            lambda: self._tell("Passphrase changed", "Use your new passphrase from now on to unlock this vault.")
        )
        dialog.finished.connect(lambda _: dialog.deleteLater())
        self.key_dialog = dialog
        dialog.open()

    # -- rotate the vault key --------------------------------------------------------------

    @protected("Rotating the vault key locks the vault for a while; please confirm it is you.")
    def rotate_key(self, passphrase: str) -> None:
        """Explain and confirm; then lock, rotate with progress, and reopen."""
        path = self.vault_path()
        if path is None:
            return
        dialog = RotateKeyDialog(self.window)
        dialog.start_requested.connect(lambda: self._start_rotation(dialog, path, passphrase))
        dialog.finished_rotation.connect(self._rotated)
        dialog.finished.connect(lambda _: self._rotation_closed(dialog))
        self.key_dialog = dialog
        dialog.open()

    def _start_rotation(self, dialog: RotateKeyDialog, path: Path, passphrase: str) -> None:
        self.window.key_work_running = True
        self.window.lock(ask=False)
        dialog.run(lambda progress: _rotate_and_reopen(path, passphrase, progress))

    def _rotated(self, vault: object) -> None:
        self.window.key_work_running = False
        self.window.set_vault(vault)  # type: ignore[arg-type]

    def _rotation_closed(self, dialog: RotateKeyDialog) -> None:
        self.window.key_work_running = False
        if self.window.vault is None:
            self.window.show_unlock()  # it failed after locking: unlock as usual
        dialog.deleteLater()

    # -- settings --------------------------------------------------------------------------

    def open_settings(self) -> SettingsDialog:
        """Edit ▸ Settings…; the idle lock follows the new value at once."""
        dialog = SettingsDialog(self.window)
        dialog.accepted.connect(self.window.apply_settings)
        dialog.finished.connect(lambda _: dialog.deleteLater())
        self.settings_dialog = dialog
        dialog.open()
        return dialog
