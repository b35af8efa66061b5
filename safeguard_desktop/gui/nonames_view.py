"""The no-names consultation summary for LCSS: editable, and copied or saved only when it identifies nobody.

The summary is made with every identifier the vault knows taken out. The practitioner may
reword it before a consultation; every change is checked again as they type, and while any
name, date of birth, address, postcode, NHS number, UPN or contact detail is found, Copy and
Save stay off and each thing found is listed in plain words so it can be removed.
"""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.chronology.export import ExportedFile, save_export
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui import clipboard
from safeguard_desktop.gui.portal_fields import referral_document
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, heading, named, plain_label
from safeguard_desktop.gui.worker import error_text
from safeguard_desktop.referral.nonames import identifiers_found, no_names_summary
from safeguard_desktop.referral.snapshot import ReferralDocument
from safeguard_desktop.vault.session import Vault

INTRO = (
    "This summary leaves out names, dates of birth, addresses, postcodes, NHS numbers, UPNs and contact "
    "details. Read it before the consultation and reword it if you need to. It can be copied or saved only "
    "while nothing identifying is found in it; it is checked again as you type."
)
ALL_CLEAR = "No identifiers found: the summary can be copied or saved."
EXPORT_NAME = "referral.no_names_summary"
FILE_NAME = "lcss-no-names-consultation.txt"
BUTTON_HEIGHT = 40
CHECK_LINES_SHOWN = 7  # beyond this the list of findings scrolls


def in_words(hit: str) -> str:
    """One identifier found ("name: Posy") as a reader says it: "a name: Posy", "an NHS number: …"."""
    kind, _, what = hit.partition(":")
    kind = kind.strip()
    article = "an" if kind[:1].lower() in "aeio" or kind.startswith("NHS") else "a"
    return f"{article} {kind}: {what.strip()}" if what.strip() else f"{article} {kind}"


class NoNamesView(QDialog):
    """The checked summary of one no-names consultation, with Copy and Save… (each gated by the check)."""

    def __init__(self, vault: Vault, referral_id: UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.vault = vault
        self.document: ReferralDocument | None = None
        self.found: list[str] = []
        self.setWindowTitle("LCSS no-names consultation — safeguard-desktop")
        self.error = ErrorLabel()
        intro = plain_label(INTRO)
        intro.setAccessibleName("About this summary")
        self.text = named(
            QPlainTextEdit(), "No-names summary", "Edit freely; it is checked for identifiers as you type"
        )
        self.text.setTabChangesFocus(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.check = plain_label()
        self.check.setAccessibleName("Identifier check")
        self.check.setFrameShape(QFrame.Shape.StyledPanel)
        self.check.setMargin(6)
        self.check.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.status = plain_label()
        self.status.setAccessibleName("What was done")
        self.copy_button = named(QPushButton("&Copy"), "Copy the summary", "Copied only if no identifier is found")
        self.save_button = named(QPushButton("&Save…"), "Save the summary to a file", "Saved only if no identifier")
        self.clear_button = named(QPushButton("C&lear clipboard now"), "Clear clipboard now")
        for button in (self.copy_button, self.save_button, self.clear_button):
            button.setMinimumHeight(BUTTON_HEIGHT)
        self.copy_button.clicked.connect(self.copy)
        self.save_button.clicked.connect(self.ask_save)
        self.clear_button.clicked.connect(self.clear_clipboard)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(close.button(QDialogButtonBox.StandardButton.Close), "Close").setMinimumHeight(BUTTON_HEIGHT)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("LCSS no-names consultation"))
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        # A long list of findings scrolls in its own box rather than squeezing the summary away.
        self.checks = QScrollArea()
        self.checks.setWidgetResizable(True)
        self.checks.setFrameShape(QFrame.Shape.NoFrame)
        self.checks.setWidget(self.check)
        layout.addWidget(self.checks)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.clear_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        fit_to_screen(self, 900, 680)
        self.text.textChanged.connect(self.recheck)
        try:
            self.document, _ = referral_document(vault, vault.referrals.get(referral_id))
            summary = no_names_summary(self.document)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            summary = ""
        self.text.setPlainText(summary)
        self.recheck()
        self.text.setFocus()

    def recheck(self) -> list[str]:
        """Check the text as it stands; enable Copy and Save only when nothing identifying is in it."""
        text = self.text.toPlainText()
        self.found = identifiers_found(text, self.document) if self.document is not None else []
        allowed = self.document is not None and bool(text.strip()) and not self.found
        self.copy_button.setEnabled(allowed)
        self.save_button.setEnabled(allowed)
        font = self.check.font()
        font.setBold(bool(self.found))
        self.check.setFont(font)
        if self.document is None:
            self.check.setText("The summary could not be made, so it cannot be checked.")
        elif not text.strip():
            self.check.setText("The summary is empty.")
        elif self.found:
            self.check.setText(
                "Remove these before it can be copied or saved:\n" + "\n".join(f"• {in_words(h)}" for h in self.found)
            )
        else:
            self.check.setText(ALL_CLEAR)
        lines = min(self.check.text().count("\n") + 1, CHECK_LINES_SHOWN)
        self.checks.setFixedHeight(self.check.fontMetrics().lineSpacing() * lines + 2 * self.check.margin() + 6)
        return self.found

    def copy(self) -> bool:
        """Copy the summary (checked again first); say whether it was copied."""
        if self.recheck() or not self.copy_button.isEnabled():
            return False
        clipboard.copy_text(self.text.toPlainText())
        seconds = clipboard.CLEAR_AFTER_MS // 1000
        self.status.setText(f"Copied the summary. The clipboard is cleared in {seconds} seconds.")
        return True

    def clear_clipboard(self) -> None:
        """Empty the clipboard now, if it holds something the app put there."""
        cleared = clipboard.clear_if_ours()
        self.status.setText("Clipboard cleared." if cleared else "The clipboard holds nothing copied from the app.")

    def ask_save(self) -> None:
        """Choose where to save the summary, then save it."""
        if self.recheck() or not self.save_button.isEnabled():
            return
        chosen, _ = QFileDialog.getSaveFileName(
            self, "Save the no-names summary", str(Path.home() / FILE_NAME), "Text files (*.txt)"
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> bool:
        """Write the summary (checked again first), logged in the vault's audit trail; say whether it was."""
        if self.document is None or self.recheck() or not self.text.toPlainText().strip():
            return False
        exported = ExportedFile(
            child_id=self.document.children[0].child_id,
            what=EXPORT_NAME,
            content=self.text.toPlainText().encode("utf-8"),
            file_name=FILE_NAME,
        )
        try:
            save_export(self.vault, exported, path)
        except (OSError, SafeguardError) as exc:
            self.error.show_error(f"The summary could not be saved: {error_text(exc)}")
            return False
        self.status.setText(f"Saved to {path}. The saving is recorded in the vault's audit trail.")
        return True

    def put_away(self) -> None:
        """The vault is locking: drop the text and close."""
        self.text.clear()
        self.document = None
        self.close()
