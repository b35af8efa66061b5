"""The referral wizard's last page: choose the route, see the certificates, make and keep the packet.

Threads: the packet is gathered and built (`assemble` + `build_packet`: the PDF, the CSV,
20 MB of attachments hashed and zipped) on a worker, with a progress bar, while the wizard
waits and touches nothing else; a lock cancels it and waits for it before closing the vault
(locking.stop_background_work). Everything that writes happens back on the GUI thread, in one
transaction: `referral.sending.record_sent` keeps the packet in the vault as an attachment of
the referral, marks it SENT with the packet's id and hash and logs the export, refusing when the
referral is no longer the draft version the packet was made from; then the file is saved
owner-only. If any of it fails or is refused, none of it stays and the file is removed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QComboBox, QFileDialog, QFormLayout, QLabel, QProgressBar, QPushButton

from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.chronology_export import save_error_text
from safeguard_desktop.gui.help import whats_this
from safeguard_desktop.gui.referral_pages_review import previous_referral_box
from safeguard_desktop.gui.referral_steps import StepPage
from safeguard_desktop.gui.widgets import heading, line_edit, named, plain_label
from safeguard_desktop.gui.worker import error_text, run_in_background
from safeguard_desktop.paths import write_private_file_atomically
from safeguard_desktop.referral import progress
from safeguard_desktop.referral.model import Referral
from safeguard_desktop.referral.packet import BuiltPacket
from safeguard_desktop.referral.sending import ReferralChanged, record_sent

if TYPE_CHECKING:
    from safeguard_desktop.gui.referral_wizard import ReferralWizard
    from safeguard_desktop.referral.identity import DestinationCertificate, SigningIdentity
    from safeguard_desktop.vault.store import Stored

ROUTES = ("MASH portal", "Secure email", "Secure upload")
NOT_ENCRYPTED = (
    "No certificate is on file for this team, so the packet will NOT be encrypted. It must travel only "
    "by a secure route: the MASH portal, secure email, or the team's secure upload. Never ordinary email."
)


def _build(vault: Any, stored: Stored[Referral], signing: SigningIdentity, recipient: Any) -> BuiltPacket:
    from safeguard_desktop.referral.assemble import assemble
    from safeguard_desktop.referral.packet import build_packet

    contents = assemble(vault, stored)
    return build_packet(
        contents, signer_key=signing.private_key, signer_cert=signing.certificate, recipient_cert=recipient
    )


class ExportPage(StepPage):
    """Route, certificate status, the signer's fingerprint, then "Make the packet"."""

    def __init__(self, host: ReferralWizard) -> None:
        super().__init__(host)
        from safeguard_desktop.referral.identity import destination_certificate, identity

        r = self.w.referral
        self.box.addWidget(heading("Make the packet"))
        previous = previous_referral_box(self.w)
        if previous is not None:
            self.box.addWidget(previous)
        form = QFormLayout()
        self.route = named(QComboBox(), "How it goes")
        self.route.addItems(ROUTES)
        self.reference = line_edit("Portal or email reference, if given")
        form.addRow("How it goes", self.route)
        form.addRow("Portal or email reference", self.reference)
        self.box.addLayout(form)
        self.signing: SigningIdentity | None = None
        self.recipient: DestinationCertificate | None = None
        try:
            self.recipient = destination_certificate(host.vault, r.destination)
            self.signing = identity(host.vault)
        except SafeguardError as exc:
            self.problem.show_error(error_text(exc))
        if self.recipient is not None:
            crypt = (
                f"The packet will be encrypted to the certificate on file for this team: {self.recipient.subject}, "
                f"fingerprint {self.recipient.fingerprint_grouped}. Only they can open it."
            )
        else:
            crypt = NOT_ENCRYPTED
        self.encryption = plain_label(crypt)
        self.encryption.setObjectName("encryptionStatus")
        self.encryption.setAccessibleName("Encryption")
        if self.recipient is None:  # a warning to act on, not small print
            font = self.encryption.font()
            font.setBold(True)
            self.encryption.setFont(font)
            self.encryption.setMargin(8)
            self.encryption.setStyleSheet("QLabel#encryptionStatus { border: 2px solid #8a5a00; }")
        self.box.addWidget(self.encryption)
        signer = (
            f"Signed with your certificate. Its fingerprint (SHA-256), for the receiver to confirm with you:\n"
            f"{self.signing.fingerprint_grouped}"
            if self.signing is not None
            else "Your signing certificate could not be read."
        )
        self.signer = plain_label(signer, selectable=True)
        self.signer.setAccessibleName("Your certificate's fingerprint")
        self.signer.setWhatsThis(whats_this("fingerprint"))
        self.box.addWidget(self.signer)
        self.make_button = named(QPushButton("&Make the packet"), "Make the packet")
        self.make_button.setEnabled(self.signing is not None)
        self.make_button.clicked.connect(self.make)
        self.make_button.setMinimumHeight(self.make_button.sizeHint().height() + 12)
        self.box.addWidget(self.make_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)  # busy: the steps are not counted
        self.bar.setAccessibleName("Making the packet")
        self.bar.setFormat("Making the packet…")
        self.bar.hide()
        self.progress_shown = False
        self.box.addWidget(self.bar)
        self.result: QLabel = plain_label(selectable=True)
        self.result.setAccessibleName("The packet")
        self.result.hide()
        self.box.addWidget(self.result)
        self.stored: Stored[Referral] | None = None
        self.finish()

    def make(self) -> None:
        """Save the referral as a record, then build the packet on a worker."""
        if self.signing is None or self.host.busy:
            return
        missing = self.w.missing()
        if missing:  # DONE is reached only when complete; a record changed meanwhile is caught here
            self.problem.show_error("Still missing: " + "; ".join(m.message for m in missing) + ".")
            return
        try:
            stored = self.host.save_record("Saved to make the packet")
        except SafeguardError as exc:
            self.problem.show_error(error_text(exc))
            return
        self.stored = stored
        self.problem.clear()
        self.host.set_busy(True)
        self.bar.show()
        self.progress_shown = True
        signing, recipient = self.signing, self.recipient.certificate if self.recipient else None
        vault = self.host.vault
        run_in_background(lambda: _build(vault, stored, signing, recipient), self._built, self._failed, self)

    def _failed(self, exc: BaseException) -> None:
        self.bar.hide()
        self.host.set_busy(False)
        self.problem.show_error(f"The packet could not be made: {error_text(exc)} Nothing was sent.")

    def _built(self, result: object) -> None:
        self.bar.hide()
        self.host.set_busy(False)
        if not isinstance(result, BuiltPacket) or self.stored is None or self.host.vault is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            "Save the packet",
            str(Path(folder) / result.file_name),
            "Referral packets (*.zip *.p7m)",
        )
        if not chosen:
            self.problem.show_error(
                "The packet was not saved, so nothing was recorded as sent. Make it again when ready."
            )
            return
        path = Path(chosen)
        suffix = Path(result.file_name).suffix
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self._record(result, path)

    def _record(self, built: BuiltPacket, path: Path) -> None:
        vault = self.host.vault
        assert self.stored is not None
        written = False
        try:
            # The core records it (kept packet, SENT, logged) and refuses a referral that is no
            # longer the draft the packet was made from; the file is written in the same
            # transaction, so a refusal or failure leaves neither a record nor a file.
            with vault.batch():
                stored = record_sent(
                    vault,
                    self.stored,
                    built,
                    route=self.route.currentText(),
                    portal_reference=self.reference.text(),
                    encrypted_to=self.recipient.fingerprint if self.recipient and built.encrypted else "",
                )
                write_private_file_atomically(path, built.data)
                written = True
        except ReferralChanged as exc:
            if written:
                path.unlink(missing_ok=True)
            self.problem.show_error(f"{error_text(exc)} Nothing was kept, and the file was not saved.")
            return
        except Exception as exc:  # disk full, no permission, vault locked: said in words, nothing kept
            if written:
                path.unlink(missing_ok=True)
            self.problem.show_error(save_error_text(exc))
            return
        self.result.setText(
            f"Sent: the packet is saved as {path}.\n"
            f"Packet {built.packet_id}\nSHA-256 {built.sha256}\n"
            + ("It is encrypted to the team's certificate." if built.encrypted else "It is NOT encrypted.")
            + "\nA copy is kept in the vault, and the export is in the chronology and the audit log."
        )
        self.result.show()
        self.make_button.setEnabled(False)
        self.route.setEnabled(False)
        self.reference.setEnabled(False)
        self.host.mark_sent(stored)


def discard_work(vault: Any, work: progress.InProgress) -> None:
    """The work in progress is done with once sent: the record holds it now."""
    try:
        progress.discard(vault, work)
    except SafeguardError:
        pass  # a leftover draft is offered again later, harmlessly (it amends a sent record: refused)
