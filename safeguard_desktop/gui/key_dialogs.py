"""Changing the passphrase and rotating the vault key: the two dialogs.

Both do their slow work (Argon2id, re-encrypting every page) on a worker thread; the
window stays responsive and shows progress. Neither ever shows a passphrase.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.passphrase import passphrase_problems
from safeguard_desktop.gui.widgets import ErrorLabel, heading, line_edit, named, plain_label
from safeguard_desktop.gui.worker import error_text, run_in_background

ROTATE_EXPLAINED = (
    "Rotating the vault key re-encrypts every record with a new key, so that old copies of "
    "the key file (in backups, or on a laptop that was lost or handed back) no longer open "
    "this vault. Use it after such a loss, or when someone who knew the passphrase leaves; "
    "for an ordinary change of passphrase, use Change passphrase instead."
)
ROTATE_WAIT = (
    "The vault is locked while this runs and opens again when it has finished. "
    "Please do not switch off the computer until then."
)


class ChangePassphraseDialog(QDialog):
    """The new passphrase typed twice, with live reasons; emits `changed` once written."""

    changed = Signal()

    def __init__(self, path: Path, old: str, context: Iterable[str] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self._old = old
        self._context = list(context)
        self._busy = False
        self.setWindowTitle("Change passphrase — safeguard-desktop")
        self.new = line_edit("New passphrase", "At least 12 characters; several words work well")
        self.new.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = line_edit("Type the new passphrase again")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.reasons = ErrorLabel()
        self.reasons.setAccessibleName("Passphrase problems")
        self.error = ErrorLabel()
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setAccessibleName("Changing the passphrase")
        self.progress.hide()
        self.buttons = QDialogButtonBox()
        self.ok_button = named(
            self.buttons.addButton("C&hange passphrase", QDialogButtonBox.ButtonRole.AcceptRole), "Change passphrase"
        )
        self.ok_button.setDefault(True)
        self.cancel_button = named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")

        form = QFormLayout()
        form.addRow("&New passphrase", self.new)
        form.addRow("&Again", self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Change your passphrase", level=2))
        layout.addWidget(
            plain_label(
                "Your records stay as they are; only the passphrase that opens them changes. "
                "Backups made before now still open with the old passphrase."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.reasons)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.new.textChanged.connect(self._update)
        self.again.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        self._update()
        self.setMinimumWidth(520)
        self.new.setFocus()

    def problems(self) -> list[str]:
        """Why the change is not yet possible, in the order a person would fix them."""
        new = self.new.text()
        if not new:
            return ["Choose a new passphrase."]
        found = passphrase_problems(new, context=self._context)
        if new == self._old:
            found.append("The new passphrase is the same as the current one.")
        if not self.again.text():
            found.append("Type the new passphrase again to confirm it.")
        elif self.again.text() != new:
            found.append("The two passphrases do not match.")
        return found

    def _update(self) -> None:
        problems = self.problems()
        shown = "\n".join(problems) if self.new.text() else ""
        if shown != self.reasons.text():
            self.reasons.show_error(shown)
            self.adjustSize()  # grow (or shrink) with the reasons, never cutting one off
        self.ok_button.setEnabled(not problems and not self._busy)

    def change(self) -> None:
        """Re-wrap the vault key under the new passphrase, on a worker thread."""
        if self._busy or self.problems():
            return
        from safeguard_desktop.vault.keyops import change_passphrase

        self.error.clear()
        path, old, new = self.path, self._old, self.new.text()
        self._set_busy(True)
        # Not cancellable: once the key file is being replaced, its outcome must be reported.
        run_in_background(lambda: change_passphrase(path, old, new), self._done, self._failed, self, cancellable=False)

    @property
    def busy(self) -> bool:
        """Whether the new passphrase is being written."""
        return self._busy

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.new.setEnabled(not busy)
        self.again.setEnabled(not busy)
        self._update()

    def _done(self, _: object) -> None:
        self._busy = False
        self._clear_secrets()
        self.changed.emit()
        self.accept()

    def _failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        self._set_busy(False)
        self.error.show_error(error_text(exc))

    def _clear_secrets(self) -> None:
        self.new.clear()
        self.again.clear()
        self._old = ""

    def reject(self) -> None:
        """Cancel (refused while the new header is being written)."""
        if self._busy:
            return
        self._clear_secrets()
        super().reject()


class _Progress(QObject):
    changed = Signal(int, int)


class RotateKeyDialog(QDialog):
    """Explain, confirm, then rotate with a progress bar.

    `start_requested` asks the window to lock; the window then calls `run(work)`, where
    `work(progress)` rotates and reopens the vault on a worker thread. `finished_rotation`
    carries the reopened vault.
    """

    start_requested = Signal()
    finished_rotation = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._busy = False
        self._progress = _Progress(self)
        self.setWindowTitle("Rotate vault key — safeguard-desktop")
        self.explanation = plain_label(ROTATE_EXPLAINED)
        self.explanation.setAccessibleName("When to rotate the vault key")
        self.wait_note = plain_label(ROTATE_WAIT)
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Rotating the vault key")
        self.progress.setFormat("%p% re-encrypted")
        self.progress.hide()
        self.status = plain_label()
        self.status.setAccessibleName("Rotation status")
        self.status.hide()
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox()
        self.start_button = named(
            self.buttons.addButton("&Rotate the key", QDialogButtonBox.ButtonRole.AcceptRole), "Rotate the key"
        )
        self.cancel_button = named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        # Enter alone does not start a long job that locks the vault.
        self.start_button.setAutoDefault(False)
        self.cancel_button.setDefault(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Rotate the vault key", level=2))
        layout.addWidget(self.explanation)
        layout.addWidget(self.wait_note)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._start)
        self.buttons.rejected.connect(self.reject)
        self._progress.changed.connect(self._show_progress)
        self.setMinimumWidth(560)

    @property
    def busy(self) -> bool:
        """Whether the rotation is running."""
        return self._busy

    def _start(self) -> None:
        if not self._busy:
            self.start_requested.emit()

    def run(self, work: Callable[[Callable[[int, int], None]], object]) -> None:
        """Run `work(progress)` on a worker thread, showing its progress."""
        self._busy = True
        self.error.clear()
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.status.setText("Re-encrypting the vault…")
        self.status.show()
        self.adjustSize()  # room for the progress bar without squeezing the explanation
        emit = self._progress.changed.emit
        run_in_background(lambda: work(emit), self._done, self._failed, self, cancellable=False)

    def _show_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            if done >= total:
                self.status.setText("Opening the vault again…")

    def _done(self, vault: object) -> None:
        self._busy = False
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText("Done: the vault has a new key and is open again.")
        self.finished_rotation.emit(vault)
        self.accept()

    def _failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        self._busy = False
        self.progress.hide()
        self.status.hide()
        self.error.show_error(error_text(exc))
        self.adjustSize()
        self.cancel_button.setText("Close")
        self.cancel_button.setEnabled(True)

    def reject(self) -> None:
        """Closing is refused while the key is being rotated."""
        if self._busy:
            return
        super().reject()
