"""What can be done with one signed-off screening: its PDF, the health-record text and the family's summary.

Shared by the screening window and visit mode's profile page, so both send out exactly the same
thing the same way. Save PDF… and Print… go through screening_compare's `save_pdf` and
`print_exported` (warned, written owner-only, logged in the vault's audit trail in the same step);
copies go through the app's clipboard, which marks the text private and clears it later, and each
is logged in the disclosure log in the same step: a copy that cannot be logged is not made.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from PySide6.QtCore import QMimeData, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from safeguard_desktop.chronology.export import ExportedFile, initials
from safeguard_desktop.domain.people import Child
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.disclosure import OWN_RECORDS, Disclosure
from safeguard_desktop.gui import clipboard
from safeguard_desktop.gui.screening_compare import AFTER_VISIT, hold_saving_for_visit, print_exported, save_pdf
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, heading, named, plain_label
from safeguard_desktop.gui.worker import error_text
from safeguard_desktop.screening import packs
from safeguard_desktop.screening.pack import ScreeningPack
from safeguard_desktop.screening.record import Screening
from safeguard_desktop.screening.summary import family_summary, record_summary
from safeguard_desktop.vault.store import Stored

TOUCH_HEIGHT = 44  # a comfortable target for a finger on a tablet
# Copies are disclosures too: the log says what went where, and why.
HEALTH_RECORD_COPY = "screening.health_record_copy"
FAMILY_COPY = "family_summary.copy"
TO_HEALTH_RECORD = Disclosure(OWN_RECORDS, "Copied into the child's health record")
TO_FAMILY = Disclosure("The family's own copy", "Screening summary shared with the family")
NOT_LOGGED = "{what} was not copied, because the disclosure log could not be written: {why}"
COPIED = "Copied {what}. It will be cleared from the clipboard in {seconds} seconds."
NO_PACK_FAMILY = (
    "The family summary explains each grade in words from the pack the screening used, which this app "
    "does not hold, so it cannot be made here."
)
FAMILY_WARNING = (
    "The file will NOT be encrypted. Anyone who can open the folder you choose can read this summary "
    "about the child and their family.\n\nSave it only where your organisation allows, and delete it once "
    "it has been printed or shared. The export will be logged in the vault's audit trail."
)


def touch_button(text: str, name: str, description: str, slot: Any) -> QPushButton:
    """A button large enough for a finger, with an accessible name and description."""
    button = named(QPushButton(text), name, description)
    button.setMinimumHeight(TOUCH_HEIGHT)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def copied_text(what: str) -> str:
    """The sentence saying something was copied and when the clipboard lets go of it."""
    return COPIED.format(what=what, seconds=clipboard.CLEAR_AFTER_MS // 1000)


def copy_logged(vault: Any, what: str, text: str, record_id: UUID, disclosure: Disclosure) -> None:
    """Put `text` on the clipboard and log it as a disclosure in the same step.

    Raises (SafeguardError when the vault has locked) if the log cannot be written; the
    clipboard is then left as it was, so nothing leaves the vault unlogged.
    """
    if vault is None:
        raise SafeguardError("The vault is locked. Unlock it and try again.")
    with vault.recording_export(what, text.encode("utf-8"), record_id, disclosure):
        clipboard.copy_text(text)


class ScreeningActions(QObject):
    """One signed-off screening, read from the vault, and the ways it can leave the app.

    `owner` is the window the messages and dialogs belong to; `status` (a label) is told
    when something was copied; errors go to `error`. `visiting`: in visit mode nothing opens a
    save dialog, which would show the practitioner's folders (see AFTER_VISIT); printing stays.
    """

    def __init__(
        self,
        owner: QWidget,
        vault: Any,
        record_id: UUID | None,
        error: ErrorLabel,
        status: Any,
        *,
        visiting: bool = False,
    ) -> None:
        super().__init__(owner)
        self.owner = owner
        self.visiting = visiting
        self.vault: Any = vault
        self.error = error
        self.status = status
        self.family_dialog: FamilySummaryDialog | None = None
        self.record_id: UUID | None = None
        self._buttons: list[QPushButton] = []
        if record_id is not None:
            self.set_record(record_id)

    def set_record(self, record_id: UUID | None) -> None:
        """Act on this screening from now on (None: on none, the buttons off); SafeguardError if unreadable."""
        self.close_dialogs()
        self.status.setText("")
        self.record_id = None
        if record_id is not None:
            self.record_id = record_id
            self.load()
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        for button in self._buttons:
            button.setEnabled(self.record_id is not None and not (self.visiting and button is self.save_button))

    def load(self) -> None:
        """Read the screening's versions, its child and its pack again (SafeguardError if it cannot be read)."""
        if self.record_id is None:
            return
        self.versions: list[Stored[Screening]] = self.vault.screenings.history(self.record_id)
        self.stored: Stored[Screening] = self.versions[-1]
        self.screening: Screening = self.stored.data
        self.child: Child = self.vault.children.get(self.screening.child_id).data
        self.child_name = self.child.title()
        self.pack: ScreeningPack | None = packs.pack_for(self.vault, self.screening.pack)

    # -- the screening's PDF -------------------------------------------------------------

    def correction_reason(self) -> str:
        """The reason given for the version shown, when it is a correction."""
        return (self.stored.reason or "") if self.stored.action == "amend" else ""

    def exported(self) -> ExportedFile:
        """The screening as an A4 PDF, with a file name that carries the child's initials only."""
        from safeguard_desktop.pdf.screening import screening_pdf

        s = self.screening
        content = screening_pdf(
            s,
            self.pack,
            self.child_name,
            self.child.date_of_birth,
            demo=self.vault.is_demo,
            version=self.stored.seq,
            correction_reason=self.correction_reason(),
            printed_by=self.vault.practitioner.name,
        )
        name = f"screening-{initials(self.child)}-{s.observed_to.isoformat()}.pdf"
        return ExportedFile(child_id=s.child_id, what="screening.pdf", content=content, file_name=name)

    def _made(self, make: Any) -> ExportedFile | None:
        self.error.clear()
        if self.vault is None or self.record_id is None:
            return None
        try:
            return make()  # type: ignore[no-any-return]
        except Exception as exc:  # the PDF module missing, the vault locked: said in words
            self.error.show_error(error_text(exc))
            return None

    def save_pdf(self) -> Path | None:
        """Save PDF…: warned, written owner-only, logged (not in visit mode)."""
        if self.visiting:
            self.error.show_error(AFTER_VISIT)
            return None
        exported = self._made(self.exported)
        return None if exported is None else save_pdf(self.owner, self.vault, exported, "Save the screening as PDF")

    def print_(self) -> int:
        """Print…: the same PDF through the system's print dialog, logged; return the pages sent."""
        exported = self._made(self.exported)
        return 0 if exported is None else print_exported(self.owner, self.vault, exported, "Neglect screening")

    # -- the health record ---------------------------------------------------------------

    def record_text(self) -> str:
        """The short plain-text summary for the health record system."""
        return record_summary(self.screening, self.pack)

    def copy_for_record(self) -> bool:
        """Copy the health-record summary; the app clears it from the clipboard after a while."""
        self.error.clear()
        if self.vault is None or self.record_id is None:
            return False
        try:
            text = self.record_text()
        except Exception as exc:  # a summary that cannot be made is said in words
            self.error.show_error(error_text(exc))
            return False
        try:
            copy_logged(self.vault, HEALTH_RECORD_COPY, text, self.record_id, TO_HEALTH_RECORD)
        except Exception as exc:  # the vault locked, the log not written: nothing copied
            self.status.setText("")
            self.error.show_error(NOT_LOGGED.format(what="The summary for the health record", why=error_text(exc)))
            return False
        self.status.setText(copied_text("the summary for the health record"))
        return True

    # -- the family's summary ------------------------------------------------------------

    def family_text(self) -> str:
        """The plain-language summary for the family (SafeguardError when the pack is not held)."""
        if self.pack is None:
            raise SafeguardError(NO_PACK_FAMILY)
        return family_summary(self.screening, self.pack, child_name=self.child.given_names)

    def family_exported(self, text: str) -> ExportedFile:
        """The family's summary as an A4 PDF to print for them."""
        from safeguard_desktop.pdf.screening import family_summary_pdf

        content = family_summary_pdf(text, self.child_name, demo=self.vault.is_demo)
        name = f"family-summary-{initials(self.child)}-{self.screening.observed_to.isoformat()}.pdf"
        return ExportedFile(
            child_id=self.screening.child_id, what="family_summary.pdf", content=content, file_name=name
        )

    def open_family_summary(self) -> FamilySummaryDialog | None:
        """Show the family's summary, read-only, to copy, save or print."""
        self.error.clear()
        if self.vault is None or self.record_id is None:
            return None
        try:
            text = self.family_text()
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return None
        self.close_dialogs()
        dialog = FamilySummaryDialog(self, text, self.owner)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _=None: self._forget(dialog))
        self.family_dialog = dialog
        dialog.open()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if self.family_dialog is dialog:
            self.family_dialog = None

    def close_dialogs(self) -> None:
        """Close the family summary, if open (a lock, or the screen it came from closing)."""
        dialog, self.family_dialog = self.family_dialog, None
        if dialog is not None:
            try:
                dialog.done(QDialog.DialogCode.Rejected)
                dialog.deleteLater()
            except RuntimeError:  # already deleted by Qt
                pass

    def buttons(self) -> list[QPushButton]:
        """Save PDF…, Print…, Copy for the health record and Family summary…, wired to this screening."""
        self.save_button = touch_button(
            "&Save PDF…", "Save PDF", "Save the screening as a PDF (the export is logged)", self.save_pdf
        )
        self.print_button = touch_button("&Print…", "Print", "Print the screening (the print is logged)", self.print_)
        self.copy_button = touch_button(
            "Cop&y for the health record",
            "Copy for the health record",
            "Copy a short text summary to paste into the health record; it is cleared from the clipboard soon after",
            self.copy_for_record,
        )
        self.family_button = touch_button(
            "&Family summary…",
            "Family summary",
            "A summary in plain words to share with the family",
            self.open_family_summary,
        )
        self._buttons = [self.save_button, self.print_button, self.copy_button, self.family_button]
        self._enable_buttons()
        if self.visiting:
            hold_saving_for_visit(self.save_button)
        return list(self._buttons)

    def put_away(self) -> None:
        """The vault is locking: forget it and close the family summary."""
        self.close_dialogs()
        self.vault = None


class SummaryText(QPlainTextEdit):
    """Read-only text whose selection never reaches the clipboard on its own.

    Ctrl+C, a drag or the context menu would copy straight past the disclosure log; the
    copy key copies the whole summary through the logged Copy instead.
    """

    def __init__(self, copy: Any) -> None:
        super().__init__()
        self._copy = copy
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self._copy()
            event.accept()
            return
        super().keyPressEvent(event)

    def createMimeDataFromSelection(self) -> QMimeData:
        return QMimeData()  # nothing for a drag or any other path around the logged Copy


class FamilySummaryDialog(QDialog):
    """The family's summary as read-only text, with Copy, Save PDF… and Print…."""

    def __init__(self, actions: ScreeningActions, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actions = actions
        self.setWindowTitle("Summary for the family — safeguard-desktop")
        self.setAccessibleName("Summary for the family")
        self.text = named(SummaryText(self.copy), "Summary for the family", "Plain words to share with the family")
        self.summary = text
        self.text.setPlainText(text)
        self.text.setReadOnly(True)
        # The summary comes wrapped at 100 characters for pasting; wrapping it again made ragged lines.
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setTabChangesFocus(True)
        self.error = ErrorLabel()
        self.status = plain_label()
        self.status.setAccessibleName("Copied")
        self.copy_button = touch_button("&Copy", "Copy the summary", "Cleared from the clipboard soon after", self.copy)
        self.save_button = touch_button(
            "&Save PDF…", "Save the summary as a PDF", "To print for the family (the export is logged)", self.save_pdf
        )
        self.print_button = touch_button(
            "&Print…", "Print the summary", "For the family to keep (the print is logged)", self.print_
        )
        self.close_button = touch_button("Close", "Close", "Close the summary", self.reject)
        if actions.visiting:
            hold_saving_for_visit(self.save_button)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save_pdf)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_)
        note = plain_label("Read it through together. It is made from the signed-off screening and cannot be edited.")
        buttons = QHBoxLayout()
        for button in (self.copy_button, self.save_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Summary for the family: {actions.child_name}"))
        layout.addWidget(note)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        fit_to_screen(self, 820, 680)

    def copy(self) -> bool:
        """Copy the summary as shown, logged as shared with the family; cleared from the clipboard later."""
        self.error.clear()
        screening_id = self.actions.record_id
        try:
            if screening_id is None:
                raise SafeguardError("The screening is no longer open. Open it again to copy the summary.")
            copy_logged(self.actions.vault, FAMILY_COPY, self.summary, screening_id, TO_FAMILY)
        except Exception as exc:  # the vault locked, the log not written: nothing copied
            self.status.setText("")
            self.error.show_error(NOT_LOGGED.format(what="The summary for the family", why=error_text(exc)))
            return False
        self.status.setText(copied_text("the summary for the family"))
        return True

    def _exported(self) -> ExportedFile | None:
        self.error.clear()
        if self.actions.vault is None:
            return None
        try:
            return self.actions.family_exported(self.summary)
        except Exception as exc:  # said in words, never a traceback
            self.error.show_error(error_text(exc))
            return None

    def save_pdf(self) -> Path | None:
        """Save PDF…: warned, written owner-only, logged (not in visit mode)."""
        if self.actions.visiting:
            self.error.show_error(AFTER_VISIT)
            return None
        exported = self._exported()
        if exported is None:
            return None
        return save_pdf(self, self.actions.vault, exported, "Save the family summary as PDF", FAMILY_WARNING)

    def print_(self) -> int:
        """Print…: for the family to keep; logged."""
        exported = self._exported()
        return 0 if exported is None else print_exported(self, self.actions.vault, exported, "Family summary")
