"""The very first window: what the app keeps, then create a vault or open the demo one.

The demo vault is made in the user's data folder the first time it is asked for (a few
seconds, on a worker thread) and opened with its published passphrase, which the window
shows so the person can unlock it again after locking.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from safeguard_desktop.gui.widgets import ErrorLabel, heading, named, plain_label
from safeguard_desktop.gui.worker import error_text, run_in_background
from safeguard_desktop.paths import data_dir, header_path

if TYPE_CHECKING:
    from safeguard_desktop.gui.create_vault import CreateVaultDialog
    from safeguard_desktop.vault.keys import KdfParams

# Kept here, not imported from safeguard_desktop.demo: the first window must open fast.
# test_first_run checks it is the demo module's passphrase.
DEMO_PASSPHRASE = "tangerine lighthouse drizzle"  # noqa: S105  # nosec B105 - published, made-up data only
DEMO_VAULT_NAME = "demo.vault"
WELCOME = (
    "safeguard-desktop keeps your records about children and their families, encrypted, in one "
    "file on this computer. Nothing leaves it unless you export it.\n\n"
    "Only your passphrase opens that file. If you forget it, it cannot be recovered without your "
    "organisation's recovery key."
)
DEMO_NOTE = (
    f"The demo vault holds made-up children and families to try the app with. Its passphrase is: {DEMO_PASSPHRASE}"
)


def default_demo_path() -> Path:
    """Where the demo vault lives: beside the real one, in the user's data folder."""
    return data_dir() / DEMO_VAULT_NAME


class _Progress(QObject):
    line = Signal(str)  # emitted on the worker thread, shown on the GUI thread


def _open_or_build_demo(path: Path, kdf: KdfParams | None, report: _Progress) -> object:
    from safeguard_desktop.demo import build_demo_vault
    from safeguard_desktop.vault.session import Vault

    if not (path.exists() or header_path(path).exists()):
        report.line.emit("Making the demo vault: about 4,000 made-up records. This takes a few seconds…")
        path.parent.mkdir(parents=True, exist_ok=True)
        build_demo_vault(path, DEMO_PASSPHRASE, kdf=kdf, progress=report.line.emit)
    report.line.emit("Opening the demo vault…")
    return Vault.open(path, DEMO_PASSPHRASE)


class FirstRunDialog(QDialog):
    """Welcome: two or three sentences, then Create a vault or Open the demo vault.

    Emits `vault_ready(Vault)` with the vault made or opened, then accepts.
    """

    vault_ready = Signal(object)

    def __init__(
        self,
        path: Path,
        parent: QWidget | None = None,
        *,
        demo_path: Path | None = None,
        demo_kdf: KdfParams | None = None,
    ) -> None:
        """`demo_kdf` is for tests: a cheap key derivation for the demo vault."""
        super().__init__(parent)
        self.path = Path(path)
        self.demo_path = Path(demo_path) if demo_path is not None else default_demo_path()
        self._demo_kdf = demo_kdf
        self._busy = False
        self.create_dialog: CreateVaultDialog | None = None
        self.setWindowTitle("Welcome — safeguard-desktop")

        self.welcome = plain_label(WELCOME)
        self.welcome.setAccessibleName("What this app keeps")
        self.create_button = named(QPushButton("&Create a vault…"), "Create a vault")
        self.create_button.setDefault(True)
        self.demo_button = named(QPushButton("Open the &demo vault"), "Open the demo vault")
        self.demo_note = plain_label(DEMO_NOTE, selectable=True)
        self.demo_note.setAccessibleName("About the demo vault")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # the demo build reports lines, not a percentage
        self.progress.setAccessibleName("Preparing the demo vault")
        self.progress.hide()
        self.status = plain_label()
        self.status.setAccessibleName("Demo vault progress")
        self.error = ErrorLabel()

        buttons = QHBoxLayout()
        buttons.addWidget(self.create_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Welcome to safeguard-desktop"))
        layout.addWidget(self.welcome)
        layout.addLayout(buttons)
        layout.addWidget(self.demo_note)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addStretch(1)

        self.create_button.clicked.connect(self.open_create)
        self.demo_button.clicked.connect(self.open_demo)
        self.create_button.setFocus()
        self.setMinimumWidth(520)

    def open_create(self) -> CreateVaultDialog:
        """The create-vault form; the vault made there is handed on."""
        from safeguard_desktop.gui.create_vault import CreateVaultDialog

        dialog = CreateVaultDialog(self.path, self)
        dialog.vault_ready.connect(self._ready)
        self.create_dialog = dialog
        dialog.open()
        return dialog

    def open_demo(self) -> None:
        """Make the demo vault if there is none yet, then open it (both on a worker thread)."""
        if self._busy:
            return
        self._set_busy(True)
        self.error.clear()
        report = _Progress(self)
        report.line.connect(self.status.setText)
        path, kdf = self.demo_path, self._demo_kdf
        run_in_background(
            lambda: _open_or_build_demo(path, kdf, report), self._demo_ready, self._failed, self, cancellable=False
        )  # an opened vault must reach someone who closes it

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.create_button.setEnabled(not busy)
        self.demo_button.setEnabled(not busy)

    def _demo_ready(self, vault: object) -> None:
        self._set_busy(False)
        self.status.setText(f"Demo vault open. To unlock it again, type: {DEMO_PASSPHRASE}")
        self._ready(vault)

    def _ready(self, vault: object) -> None:
        self.vault_ready.emit(vault)
        self.accept()

    def _failed(self, exc: object) -> None:
        assert isinstance(exc, BaseException)
        self._set_busy(False)
        self.status.clear()
        self.error.show_error(error_text(exc))

    def reject(self) -> None:
        """Closing is refused while the demo vault is being made or opened."""
        if not self._busy:
            super().reject()
