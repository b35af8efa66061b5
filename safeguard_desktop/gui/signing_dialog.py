"""Signing and encryption: the practitioner's certificate, and the teams' certificates on file.

Every packet the app exports is signed with the practitioner's key. The certificate made with
the vault is self-signed: the receiver can tell the packet is unaltered, but not who signed
it until they confirm its fingerprint with the sender. An organisation-issued certificate
(PKCS#12) can replace it. A destination with an RSA certificate on file gets its packets
encrypted as well; one without must be sent only by a secure route.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.ukdates import format_date, to_uk
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui import clipboard
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, heading, named, plain_label, plain_tooltip
from safeguard_desktop.referral.identity import (
    DestinationCertificate,
    SigningIdentity,
    clear_destination_certificate,
    destination_certificate,
    identity,
    import_pkcs12,
    set_destination_certificate,
)
from safeguard_desktop.referral.model import Destination
from safeguard_desktop.vault.session import Vault

# Certificate files are small; anything bigger is not one (and is not read into memory).
MAX_CERT_BYTES = 1024 * 1024
PKCS12_FILTER = "Certificate with key (*.p12 *.pfx);;All files (*)"
CERT_FILTER = "Certificates (*.pem *.crt *.cer *.der);;All files (*)"

SELF_SIGNED_NOTE = (
    "This certificate was made by this app for you; no organisation has vouched for it. "
    "A packet signed with it proves that nothing in the packet has changed since you signed it. "
    "It does not prove who signed it: the receiver can be sure the packet is yours only by "
    "confirming this fingerprint with you (read it out over the phone, say), or once your "
    "organisation's certificate is imported here."
)
ORGANISATION_NOTE = (
    "This certificate was issued by your organisation. A packet signed with it proves that nothing "
    "in it has changed since you signed it, and the receiver can check who signed it against your "
    "organisation's certificates. The fingerprint lets them confirm it is this one."
)
NO_CERTIFICATE = "None: packets to this destination will not be encrypted and must travel only by a secure route."

# The teams that can have a certificate on file: a no-names consultation goes to LCSS too.
TEAMS: tuple[tuple[Destination, str], ...] = (
    (Destination.MASH, "MASH (Multi-Agency Safeguarding Hub)"),
    (Destination.LCSS_NAMED, "LCSS (Locality and Community Support Service)"),
)


def _dates(not_before: str, not_after: str) -> str:
    return f"Valid from {not_before} to {not_after}"


def _day(value: datetime) -> str:
    return format_date(to_uk(value).date())


def describe_destination(cert: DestinationCertificate | None) -> str:
    """What the dialog says about a destination's certificate, in plain words."""
    if cert is None:
        return NO_CERTIFICATE
    return (
        f"Packets are encrypted to: {cert.subject}\n"
        f"Valid until {_day(cert.not_after)}; added {_day(cert.added_at)} by {cert.added_by.name}\n"
        f"SHA-256 fingerprint: {cert.fingerprint}"
    )


class PasswordDialog(QDialog):
    """Ask for the password of a PKCS#12 file; emits `entered(password)` on Import."""

    entered = Signal(str)

    def __init__(self, filename: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Certificate password — safeguard-desktop")
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(f"Type the password for {filename}, as your organisation gave it to you."))
        self.password = named(QLineEdit(), "Certificate file password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.password)
        buttons = QDialogButtonBox()
        self.import_button = named(buttons.addButton("&Import", QDialogButtonBox.ButtonRole.AcceptRole), "Import")
        named(buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        password = self.password.text()
        self.password.clear()
        super().accept()
        self.entered.emit(password)


class DestinationRow(QWidget):
    """One team: the certificate on file (or none), with Import… and Remove."""

    def __init__(self, dialog: SigningDialog, destination: Destination, label: str) -> None:
        super().__init__(dialog)
        self.dialog = dialog
        self.destination = destination
        self.label = label
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.status = plain_label(selectable=True)
        self.status.setAccessibleName(f"Certificate on file for {label}")
        layout.addWidget(self.status)
        row = QHBoxLayout()
        short = label.split(" ", 1)[0]
        self.import_button = named(
            QPushButton(f"Import {short} certificate…"),
            f"Import a certificate for {label}",
            "Choose the team's RSA certificate file (PEM or DER)",
        )
        self.import_button.setToolTip(plain_tooltip(f"Packets to {short} will be encrypted to this certificate"))
        self.remove_button = named(QPushButton(f"Remove {short} certificate"), f"Remove the certificate for {label}")
        self.remove_button.setToolTip(plain_tooltip(f"Packets to {short} will no longer be encrypted"))
        self.import_button.clicked.connect(self.choose_file)
        self.remove_button.clicked.connect(self.confirm_remove)
        row.addWidget(self.import_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)

    def reload(self) -> None:
        """Show the certificate on file now."""
        cert = destination_certificate(self.dialog.vault, self.destination)
        text = describe_destination(cert)
        self.status.setText(text)
        self.status.setAccessibleDescription(text)
        self.remove_button.setEnabled(cert is not None)

    def choose_file(self) -> None:
        """Ask for the team's certificate file, then import it."""
        name, _ = QFileDialog.getOpenFileName(
            self, f"Import a certificate for {self.label}", str(Path.home()), CERT_FILTER
        )
        if name:
            self.dialog.import_destination_file(self.destination, Path(name))

    def confirm_remove(self) -> None:
        """Ask before removing: packets to the team will then travel unencrypted."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove certificate — safeguard-desktop",
            f"Remove the certificate for {self.label}? Packets to this destination will then not be encrypted, "
            "and must travel only by a secure route.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(lambda: self.dialog.remove_destination(self.destination))
        self.dialog.confirm_box = box
        box.open()


class SigningDialog(QDialog):
    """The practitioner's signing certificate and each team's encryption certificate."""

    changed = Signal()

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.confirm_box: QMessageBox | None = None
        self.password_dialog: PasswordDialog | None = None
        self.setWindowTitle("Signing and encryption — safeguard-desktop")
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Signing and encryption"))

        mine = QGroupBox("Your signing certificate")
        form = QFormLayout(mine)
        self.subject = plain_label(selectable=True)
        self.kind = plain_label()
        self.validity = plain_label()
        self.fingerprint = plain_label(selectable=True)
        self.grouped = plain_label(selectable=True)
        for text, widget in (
            ("Names", self.subject),
            ("Kind", self.kind),
            ("Validity", self.validity),
            ("SHA-256 fingerprint", self.fingerprint),
            ("To read aloud", self.grouped),
        ):
            widget.setAccessibleName(text)
            form.addRow(plain_label(text + ":", wrap=False), widget)
        self.note = plain_label()
        self.note.setAccessibleName("What this certificate proves")
        form.addRow(self.note)
        mine_buttons = QHBoxLayout()
        self.copy_button = named(QPushButton("&Copy fingerprint"), "Copy the fingerprint")
        self.copy_button.setToolTip(plain_tooltip("Copy the SHA-256 fingerprint, to send it to the receiver"))
        self.copy_button.clicked.connect(self.copy_fingerprint)
        self.import_button = named(
            QPushButton("&Import organisation certificate (PKCS#12)…"),
            "Import organisation certificate (PKCS#12)",
            "Replace the self-signed certificate with one your organisation issued",
        )
        self.import_button.setToolTip(
            plain_tooltip("A .p12 or .pfx file with your certificate and its key, from your organisation")
        )
        self.import_button.clicked.connect(self.choose_identity_file)
        mine_buttons.addWidget(self.copy_button)
        mine_buttons.addWidget(self.import_button)
        mine_buttons.addStretch(1)
        form.addRow(mine_buttons)
        layout.addWidget(mine)

        teams = QGroupBox("Encryption: the teams' certificates")
        teams_layout = QVBoxLayout(teams)
        teams_layout.addWidget(
            plain_label(
                "When a team has given you its certificate, packets to it are encrypted so that only that team "
                "can open them. Check the fingerprint with the team before relying on it."
            )
        )
        self.rows: dict[Destination, DestinationRow] = {}
        for destination, label in TEAMS:
            teams_layout.addWidget(heading(label, level=2))
            self.rows[destination] = DestinationRow(self, destination, label)
            teams_layout.addWidget(self.rows[destination])
        layout.addWidget(teams)

        self.outcome = plain_label()
        self.outcome.setObjectName("signingOutcome")
        self.outcome.setAccessibleName("Outcome")
        layout.addWidget(self.outcome)
        self.error = ErrorLabel()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(buttons.button(QDialogButtonBox.StandardButton.Close), "Close")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.reload()
        fit_to_screen(self, 760, 640)

    def reload(self) -> None:
        """Read the certificates afresh."""
        ident = identity(self.vault)
        self.current = ident
        self.subject.setText(ident.subject)
        self.kind.setText(
            "Self-signed (made with this vault)"
            if ident.is_self_signed
            else f"Issued by your organisation: {ident.issuer}"
        )
        self.validity.setText(_dates(_day(ident.not_before), _day(ident.not_after)))
        self.fingerprint.setText(ident.fingerprint)
        self.grouped.setText(ident.fingerprint_grouped)
        self.note.setText(SELF_SIGNED_NOTE if ident.is_self_signed else ORGANISATION_NOTE)
        for row in self.rows.values():
            row.reload()

    def copy_fingerprint(self) -> None:
        """Put the fingerprint on the clipboard."""
        clipboard.copy_text(self.current.fingerprint)
        self.outcome.setText("The fingerprint is copied.")

    def _read(self, path: Path) -> bytes | None:
        try:
            if path.stat().st_size > MAX_CERT_BYTES:
                self.error.show_error(f"{path.name} is too large to be a certificate file. Nothing was changed.")
                return None
            return path.read_bytes()
        except OSError as exc:
            self.error.show_error(f"{path.name} could not be read ({exc.strerror or exc}). Nothing was changed.")
            return None

    def choose_identity_file(self) -> None:
        """Ask for a PKCS#12 file, then its password, then import it."""
        name, _ = QFileDialog.getOpenFileName(
            self, "Import organisation certificate (PKCS#12)", str(Path.home()), PKCS12_FILTER
        )
        if not name:
            return
        path = Path(name)
        self.password_dialog = PasswordDialog(path.name, self)
        self.password_dialog.entered.connect(lambda password: self.import_identity_file(path, password))
        self.password_dialog.open()

    def import_identity_file(self, path: Path, password: str) -> SigningIdentity | None:
        """Import an organisation certificate; say what happened either way."""
        self.error.clear()
        self.outcome.setText("")
        data = self._read(path)
        if data is None:
            return None
        try:
            ident = import_pkcs12(self.vault, data, password)
        except SafeguardError as exc:
            self.error.show_error(f"{path.name} was not imported. {exc.message} Nothing was changed.")
            return None
        self.reload()
        self.outcome.setText(
            f"Imported your organisation's certificate. Packets are signed with it from now on "
            f"(fingerprint {ident.fingerprint_grouped})."
        )
        self.changed.emit()
        return ident

    def import_destination_file(self, destination: Destination, path: Path) -> DestinationCertificate | None:
        """Keep a team's certificate; say what happened either way."""
        self.error.clear()
        self.outcome.setText("")
        data = self._read(path)
        if data is None:
            return None
        try:
            cert = set_destination_certificate(self.vault, destination, data)
        except SafeguardError as exc:
            self.error.show_error(f"{path.name} was not imported. {exc.message} Nothing was changed.")
            return None
        self.reload()
        label = self.rows[cert.destination].label
        self.outcome.setText(f"Packets to {label} are encrypted to this certificate from now on.")
        self.changed.emit()
        return cert

    def remove_destination(self, destination: Destination) -> None:
        """Remove a team's certificate (after the person confirmed)."""
        self.error.clear()
        try:
            clear_destination_certificate(self.vault, destination)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.reload()
        label = self.rows[destination].label
        self.outcome.setText(f"Removed. Packets to {label} will not be encrypted; send them only by a secure route.")
        self.changed.emit()


def open_signing(main: QWidget) -> SigningDialog | None:
    """Show Signing and encryption over the main window."""
    vault = getattr(main, "vault", None)
    if vault is None:
        return None
    try:
        dialog = SigningDialog(vault, main)
    except SafeguardError as exc:  # a damaged key or certificate in the vault: check names it
        main.error.show_error(exc.message)  # type: ignore[attr-defined]
        return None
    opener = getattr(main, "open_form", None)
    if callable(opener):
        opener(dialog)
    else:
        dialog.open()
    return dialog
