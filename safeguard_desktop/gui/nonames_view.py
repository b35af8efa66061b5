"""The no-names consultation summary for LCSS: editable, and copied or saved only when it identifies nobody.

The summary is made with every identifier the vault knows taken out. The practitioner may
reword it before a consultation; every change is checked again as they type, and while any
name, date of birth, address, postcode, NHS number, UPN or contact detail is found, Copy and
Save stay off and each thing found is listed in plain words so it can be removed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from uuid import UUID

from PySide6.QtCore import QMimeData, QPoint, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.chronology.export import ExportedFile, save_export
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.disclosure import Disclosure
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
# Copied or saved, the summary goes to the LCSS for the consultation: the disclosure log says so.
TO_LCSS = Disclosure("LCSS", "No-names consultation")
FILE_NAME = "lcss-no-names-consultation.txt"
BUTTON_HEIGHT = 40
CHECK_LINES_SHOWN = 7  # beyond this the list of findings scrolls


def in_words(hit: str) -> str:
    """One identifier found ("name: Posy") as a reader says it: "a name: Posy", "an NHS number: …"."""
    kind, _, what = hit.partition(":")
    kind = kind.strip()
    article = "an" if kind[:1].lower() in "aeio" or kind.startswith("NHS") else "a"
    return f"{article} {kind}: {what.strip()}" if what.strip() else f"{article} {kind}"


DEMO_NOTE = "DEMO: made up from the demo vault. It is not about any real child.\n\n"


class CheckedEditor(QPlainTextEdit):
    """A text box whose text leaves only through a check: Ctrl+C, Cut, the context menu, dragging
    and the X11 selection all ask `release(selected text)` first, which copies it through the app's
    clipboard (cleared after a while) or refuses. Nothing is copied past the identifier check.
    """

    def __init__(self, release: Callable[[str], bool], allowed: Callable[[str], bool]) -> None:
        super().__init__()
        self._release = release
        self._allowed = allowed

    def selected(self) -> str:
        """The selected text, with line breaks as typed (Qt gives paragraph separators)."""
        return self.textCursor().selectedText().replace("\u2029", "\n").replace("\u2028", "\n")

    def copy_checked(self) -> bool:
        """Copy the selection if the check allows it; say whether it was copied."""
        return bool(self.selected()) and self._release(self.selected())

    def cut_checked(self) -> bool:
        """Cut the selection: copied through the check, and taken out only if it was copied."""
        if self.isReadOnly() or not self.copy_checked():
            return False
        self.textCursor().removeSelectedText()
        return True

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_checked()
        elif event.matches(QKeySequence.StandardKey.Cut):
            self.cut_checked()
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def createMimeDataFromSelection(self) -> QMimeData:
        # Used for dragging text out and for the X11 primary selection (middle-click paste):
        # empty while the check would refuse, so text with identifiers never leaves that way.
        text = self.selected()
        return clipboard.secret_mime_data(text) if text and self._allowed(text) else QMimeData()

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = self.checked_menu(event.pos())
        menu.exec(event.globalPos())
        menu.deleteLater()

    def checked_menu(self, at: QPoint) -> QMenu:
        """The standard context menu, its Copy and Cut going through the check."""
        menu = self.createStandardContextMenu(at)
        for old in menu.actions():
            checked = {"edit-copy": self.copy_checked, "edit-cut": self.cut_checked}.get(old.objectName())
            if checked is None:
                continue
            # Qt's own Copy and Cut would put the text on the clipboard unchecked: replaced.
            new = QAction(old.text(), menu)
            new.setObjectName(old.objectName())
            new.setShortcut(old.shortcut())
            new.setEnabled(old.isEnabled())
            new.triggered.connect(lambda _=False, act=checked: act())
            menu.insertAction(old, new)
            menu.removeAction(old)
        return menu


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
            CheckedEditor(self.copy_selection, self.may_copy),
            "No-names summary",
            "Edit freely; it is checked for identifiers as you type",
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
        if not self._copy_logged(self.text.toPlainText()):
            return False
        seconds = clipboard.CLEAR_AFTER_MS // 1000
        self.status.setText(f"Copied the summary. The clipboard is cleared in {seconds} seconds.")
        return True

    def may_copy(self, part: str) -> bool:
        """Whether part of the summary may leave: the whole summary passes the check, and so does the part."""
        if self.document is None or not part.strip():
            return False
        return not identifiers_found(self.text.toPlainText(), self.document) and not identifiers_found(
            part, self.document
        )

    def copy_selection(self, part: str) -> bool:
        """Ctrl+C, Cut or the context menu on selected text: copied like the whole, checked first."""
        self.recheck()
        if not self.may_copy(part):
            self.status.setText(
                "Not copied: the summary still contains identifiers. Remove the ones listed, then copy."
                if self.found
                else "Not copied: the selected text contains an identifier."
            )
            return False
        if not self._copy_logged(part):
            return False
        seconds = clipboard.CLEAR_AFTER_MS // 1000
        self.status.setText(f"Copied the selected text. The clipboard is cleared in {seconds} seconds.")
        return True

    def _copy_logged(self, text: str) -> bool:
        """Put `text` on the clipboard, logged as a disclosure to the LCSS in the same step."""
        if self.document is None:
            return False
        try:
            with self.vault.recording_export(
                EXPORT_NAME, text.encode("utf-8"), self.document.children[0].child_id, TO_LCSS
            ):
                clipboard.copy_text(text)
        except SafeguardError as exc:  # the vault locked meanwhile: nothing copied
            self.error.show_error(f"The summary could not be copied: {error_text(exc)}")
            return False
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
            content=((DEMO_NOTE if self.vault.is_demo else "") + self.text.toPlainText()).encode("utf-8"),
            file_name=FILE_NAME,
        )
        try:
            save_export(self.vault, exported, path, TO_LCSS)
        except (OSError, SafeguardError) as exc:
            self.error.show_error(f"The summary could not be saved: {error_text(exc)}")
            return False
        self.status.setText(
            f"Saved to {path}. The saving is recorded in the vault's disclosure log, as sent to the LCSS."
        )
        return True

    def put_away(self) -> None:
        """The vault is locking: drop the text and close."""
        self.text.clear()
        self.document = None
        self.close()
