"""First run: create a vault for this practitioner."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.passphrase import passphrase_problems
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.unlock import location_text
from safeguard_desktop.gui.widgets import ErrorLabel, heading, line_edit, named, plain_label
from safeguard_desktop.gui.worker import error_text, run_in_background
from safeguard_desktop.vault.keys import RecoveryCertificate
from safeguard_desktop.vault.session import Vault

INTRO = (
    "safeguard-desktop keeps your safeguarding records (children, the adults around them, "
    "concerns and chronologies) in one encrypted file on this computer. Nothing is sent "
    "anywhere unless you choose to send it.\n\n"
    "Only your passphrase opens the file. If you forget it, the records can be recovered "
    "only with your organisation's recovery key, so add your organisation's recovery "
    "certificate below if it has given you one."
)
NO_RECOVERY = (
    "No recovery certificate is set. If you forget your passphrase, nobody (not you, not "
    "your organisation, not us) will be able to open these records."
)


class CreateVaultDialog(QDialog):
    """Practitioner details, a strong passphrase typed twice, an optional recovery certificate.

    Emits `vault_ready(Vault)` with the new, unlocked vault and then accepts.
    """

    vault_ready = Signal(object)

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path = Path(path)
        self.vault: Vault | None = None
        self._recovery: RecoveryCertificate | None = None
        self._busy = False
        self.setWindowTitle("Create your vault — safeguard-desktop")

        self.name = line_edit("Your name")
        self.role = line_edit("Your role", "e.g. Designated Safeguarding Lead")
        self.organisation = line_edit("Your organisation", "School or NHS trust")
        self.contact = line_edit("How to contact you", "Work phone or email (optional)")
        self.passphrase = line_edit("Passphrase", "At least 12 characters; several words work well")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm = line_edit("Type the passphrase again")
        self.confirm.setEchoMode(QLineEdit.EchoMode.Password)
        self.reasons = ErrorLabel()
        self.reasons.setAccessibleName("Passphrase problems")

        who = QGroupBox("You")
        who_form = QFormLayout(who)
        who_form.addRow("&Name", self.name)
        who_form.addRow("&Role", self.role)
        who_form.addRow("&Organisation", self.organisation)
        who_form.addRow("&Contact", self.contact)

        secret = QGroupBox("Passphrase")
        secret_form = QFormLayout(secret)
        secret_form.addRow("&Passphrase", self.passphrase)
        secret_form.addRow("&Again", self.confirm)
        secret_form.addRow(self.reasons)

        recovery = QGroupBox("Organisation recovery certificate")
        self.recovery_note = plain_label(NO_RECOVERY)
        self.recovery_note.setAccessibleName("Recovery certificate")
        self.choose_recovery = named(QPushButton("Choose certificate…"), "Choose recovery certificate")
        self.clear_recovery = named(QPushButton("Remove"), "Remove recovery certificate")
        self.clear_recovery.setEnabled(False)
        self.recovery_error = ErrorLabel()
        buttons_row = QHBoxLayout()
        buttons_row.addWidget(self.choose_recovery)
        buttons_row.addWidget(self.clear_recovery)
        buttons_row.addStretch(1)
        recovery_box = QVBoxLayout(recovery)
        recovery_box.addWidget(self.recovery_note)
        recovery_box.addLayout(buttons_row)
        recovery_box.addWidget(self.recovery_error)

        self.location = plain_label(selectable=True)
        self.location.setAccessibleName("Where the vault will be saved")
        self.change_location = named(QPushButton("Change…"), "Change where the vault is saved")
        location_row = QHBoxLayout()
        location_row.addWidget(self.location, 1)
        location_row.addWidget(self.change_location)
        self.location_warning = ErrorLabel()
        self.location_warning.setAccessibleName("Where the vault will be kept")

        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy: creation has no meaningful percentage
        self.progress.setAccessibleName("Creating the vault")
        self.progress.hide()
        self.error = ErrorLabel()

        self.buttons = QDialogButtonBox()
        self.create_button = named(
            self.buttons.addButton("Create vault", QDialogButtonBox.ButtonRole.AcceptRole),
            "Create vault",
        )
        self.cancel_button = named(self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.create_button.setDefault(True)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Create your vault"))
        layout.addWidget(plain_label(INTRO))
        layout.addLayout(location_row)
        layout.addWidget(self.location_warning)
        layout.addWidget(who)
        layout.addWidget(secret)
        layout.addWidget(recovery)
        layout.addWidget(self.progress)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        for edit in (self.name, self.organisation, self.role, self.passphrase, self.confirm):
            edit.textChanged.connect(self._update)
        self.choose_recovery.clicked.connect(self._choose_recovery)
        self.clear_recovery.clicked.connect(self._clear_recovery)
        self.change_location.clicked.connect(self._change_location)
        self.buttons.accepted.connect(self._create)
        self.buttons.rejected.connect(self.reject)
        self._show_location()
        self._update()
        self.name.setFocus()
        self.setMinimumWidth(560)

    # -- live checks -----------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Why Create is disabled, in the order a person would fix them."""
        found: list[str] = []
        if not (self.name.text().strip() and self.role.text().strip() and self.organisation.text().strip()):
            found.append("Enter your name, role and organisation.")
        passphrase = self.passphrase.text()
        if passphrase:
            context = [self.name.text(), self.organisation.text()]
            found += passphrase_problems(passphrase, context=context)
            if self.confirm.text() and self.confirm.text() != passphrase:
                found.append("The two passphrases do not match.")
            elif not self.confirm.text():
                found.append("Type the passphrase again to confirm it.")
        else:
            found.append("Choose a passphrase.")
        return found

    def _update(self) -> None:
        problems = self.problems()
        # Reasons show once a passphrase is typed: before that they would only nag.
        self.reasons.show_error("\n".join(problems) if self.passphrase.text() else "")
        self.create_button.setEnabled(not problems and not self._busy)

    # -- recovery certificate and location ----------------------------------------------------

    def _choose_recovery(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            "Choose your organisation's recovery certificate",
            str(Path.home()),
            "Certificates (*.pem *.crt *.cer);;All files (*)",
        )
        if name:
            self.set_recovery_certificate(Path(name))

    def set_recovery_certificate(self, path: Path) -> None:
        """Load a PEM certificate; show its fingerprint, or why it cannot be used."""
        self.recovery_error.clear()
        try:
            cert = RecoveryCertificate.load(path)
        except SafeguardError as exc:
            self.recovery_error.show_error(exc.message)
            return
        self._recovery = cert
        self.recovery_note.setText(
            f"Recovery certificate: {path.name}\nFingerprint: {cert.fingerprint()}\n"
            "Your organisation can open these records with its recovery key if you forget "
            "your passphrase."
        )
        self.clear_recovery.setEnabled(True)

    def _clear_recovery(self) -> None:
        self._recovery = None
        self.recovery_note.setText(NO_RECOVERY)
        self.clear_recovery.setEnabled(False)

    def _change_location(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Where to save the new vault", str(self.path), "Vaults (*.vault)")
        if name:
            chosen = Path(name)
            self.path = chosen if chosen.suffix else chosen.with_suffix(".vault")
            self._show_location()

    def _show_location(self) -> None:
        self.location.setText(f"The vault will be saved as {self.path}")
        self.location_warning.show_error(location_text(self.path))

    # -- creating --------------------------------------------------------------------------

    def _create(self) -> None:
        if self.problems() or self._busy:
            return
        self.error.clear()
        try:
            practitioner = Practitioner(
                name=self.name.text(),
                role=self.role.text(),
                organisation=self.organisation.text(),
                contact=self.contact.text(),
            )
        except ValueError as exc:
            self.error.show_error(error_text(exc))
            return
        path, passphrase, recovery = self.path, self.passphrase.text(), self._recovery
        self._set_busy(True)
        # Argon2id calibration and derivation take about a second: never on the GUI thread.
        run_in_background(
            lambda: Vault.create(path, passphrase, practitioner, recovery=recovery),
            self._created,
            self._failed,
            self,
            cancellable=False,  # as for unlocking: a made vault must reach the window
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        for widget in (
            self.name,
            self.role,
            self.organisation,
            self.contact,
            self.passphrase,
            self.confirm,
            self.choose_recovery,
            self.change_location,
        ):
            widget.setEnabled(not busy)
        self.clear_recovery.setEnabled(not busy and self._recovery is not None)
        self._update()

    def _created(self, vault: object) -> None:
        assert isinstance(vault, Vault)
        if not self.isVisible():  # cancelled while working: do not leave it open
            vault.close()
            return
        self.passphrase.clear()
        self.confirm.clear()
        self.vault = vault
        self._busy = False
        self.vault_ready.emit(vault)
        self.accept()

    def _failed(self, exc: object) -> None:
        self._set_busy(False)
        assert isinstance(exc, BaseException)
        self.error.show_error(error_text(exc))

    def reject(self) -> None:
        """Cancel is refused while the vault is being written, so no half-made file stays."""
        if self._busy:
            return
        self.passphrase.clear()
        self.confirm.clear()
        super().reject()
