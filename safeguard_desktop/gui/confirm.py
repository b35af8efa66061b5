"""Ask for the passphrase again before a sensitive action (backups, key changes, exports).

`ask_passphrase` opens a small window-modal dialog, checks the passphrase on a worker
thread (Argon2id takes about half a second) and then calls the action with it. The
`protected` decorator does the same for a method, as Electrum's `@protected` does: the
method receives the confirmed passphrase as its last argument.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QProgressBar, QVBoxLayout, QWidget

from safeguard_desktop.gui.widgets import ErrorLabel, heading, named, plain_label
from safeguard_desktop.gui.worker import error_text, run_in_background

F = TypeVar("F", bound=Callable[..., Any])


def _verify(path: Path, passphrase: str) -> None:
    from safeguard_desktop.vault.keyops import verify_passphrase

    verify_passphrase(path, passphrase)


class ConfirmPassphraseDialog(QDialog):
    """Emits `confirmed(passphrase)` once the passphrase has been checked, then accepts."""

    confirmed = Signal(str)

    def __init__(self, path: Path, reason: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._busy = False
        self.setWindowTitle("Confirm your passphrase — safeguard-desktop")
        self.reason = plain_label(reason)
        self.reason.setAccessibleName("Why the passphrase is asked for")
        self.passphrase = named(QLineEdit(), "Passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = ErrorLabel()
        self.message.setAccessibleName("Passphrase problem")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Checking the passphrase")
        self.progress.hide()
        self.buttons = QDialogButtonBox()
        self.ok_button = named(self.buttons.addButton("&Confirm", QDialogButtonBox.ButtonRole.AcceptRole), "Confirm")
        self.ok_button.setDefault(True)
        self.cancel_button = named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Confirm your passphrase", level=2))
        layout.addWidget(self.reason)
        form = QFormLayout()
        form.addRow("&Passphrase", self.passphrase)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.check)
        self.buttons.rejected.connect(self.reject)
        self.passphrase.textChanged.connect(self._update)
        self._update()
        self.setMinimumWidth(440)
        self.passphrase.setFocus()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.passphrase.text()) and not self._busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.passphrase.setEnabled(not busy)
        self._update()

    def check(self) -> None:
        """Check the passphrase on a worker thread."""
        if self._busy or not self.passphrase.text():
            return
        self.message.clear()
        path, passphrase = self.path, self.passphrase.text()
        self._set_busy(True)
        run_in_background(lambda: _verify(path, passphrase), lambda _: self._checked(passphrase), self._failed, self)

    def _checked(self, passphrase: str) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.accept()
        self.confirmed.emit(passphrase)

    def _failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        self._set_busy(False)
        self.message.show_error(error_text(exc))
        self.adjustSize()
        self.passphrase.selectAll()
        self.passphrase.setFocus(Qt.FocusReason.OtherFocusReason)

    def close_for_lock(self) -> None:
        """The vault is locking: close at once, even mid-check (the check is cancelled)."""
        self._busy = False
        self.passphrase.clear()
        self.done(QDialog.DialogCode.Rejected)

    def reject(self) -> None:
        """Cancel (ignored while checking); the passphrase never lingers in the field."""
        if self._busy:
            return
        self.passphrase.clear()
        super().reject()


def ask_passphrase(parent: QWidget, path: Path, reason: str, then: Callable[[str], None]) -> ConfirmPassphraseDialog:
    """Open the confirm dialog; call `then(passphrase)` once it is confirmed."""
    dialog = ConfirmPassphraseDialog(path, reason, parent)
    dialog.confirmed.connect(then)
    dialog.finished.connect(lambda _: dialog.deleteLater())
    dialog.open()
    return dialog


def protected(reason: str) -> Callable[[F], F]:
    """Decorate a method of an object with `parent_widget()` and `vault_path()`.

    Calling the method opens the confirm dialog and returns it; once confirmed, the method
    runs with the passphrase appended to its arguments. With no vault it does nothing.
    """

    def wrap(method: F) -> F:
        @functools.wraps(method)
        def ask(self: Any, *args: Any) -> ConfirmPassphraseDialog | None:
            path = self.vault_path()
            if path is None:
                return None
            dialog = ask_passphrase(self.parent_widget(), path, reason, lambda p: method(self, *args, p))
            self.confirm_dialog = dialog
            return dialog

        return ask  # type: ignore[return-value]

    return wrap
