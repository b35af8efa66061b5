"""The portal view: the referral field by field in the MASH portal's order, each with a large Copy button.

The practitioner works down the list with the portal open beside it: Copy (or Tab to the
button and Ctrl+C), paste into the portal, and the field is marked "Copied" so they can see
where they are. Copies go through the app's clipboard (marked private, cleared after a while);
"Clear clipboard now" empties it at once. Each copy is a disclosure to the referral's destination,
so it is logged in the disclosure log in the same step; a copy that cannot be logged is not made.
"""

from __future__ import annotations

from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.disclosure import Disclosure
from safeguard_desktop.gui import clipboard
from safeguard_desktop.gui.portal_fields import ORDER_NOTE, PortalField, portal_fields, referral_document
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, heading, named, plain_label
from safeguard_desktop.gui.worker import error_text
from safeguard_desktop.referral.sending import referral_disclosure
from safeguard_desktop.vault.session import Vault

COPY_HEIGHT = 40  # large enough to hit quickly, and for a finger on a tablet
NOT_RECORDED = "Not recorded"
COPIED_MARK = "✓ Copied"
EXPORT_NAME = "referral.portal_copy"


def portal_disclosure(destination: Disclosure) -> Disclosure:
    """A portal copy goes to the referral's destination, named as the referral's own disclosure names it."""
    return Disclosure(destination.recipient, f"Copied into the {destination.recipient} portal")


class _Row:
    """One field on screen: its value label, Copy button and "Copied" mark."""

    def __init__(self, number: int, field: PortalField, value: QLabel, button: QPushButton, mark: QLabel) -> None:
        self.number = number
        self.field = field
        self.value = value
        self.button = button
        self.mark = mark
        self.copied = False


class PortalView(QDialog):
    """One referral laid out for the MASH portal. Not modal: the portal is used alongside it."""

    def __init__(self, vault: Vault, referral_id: UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModal(False)
        self.rows: list[_Row] = []
        self.vault = vault
        self.referral_id = referral_id
        stored = vault.referrals.get(referral_id)
        self.disclosure = portal_disclosure(referral_disclosure(stored.data))
        self.setWindowTitle(f"Portal view: {stored.data.title()} — safeguard-desktop")
        self.error = ErrorLabel()
        self.status = plain_label()
        self.status.setAccessibleName("What was copied")
        self.progress = plain_label(wrap=False)
        self.progress.setAccessibleName("How many fields are copied")
        note = plain_label(ORDER_NOTE)
        note.setAccessibleName("About the order of the fields")
        note.setFrameShape(QFrame.Shape.StyledPanel)
        note.setMargin(6)
        self.source = plain_label()
        self.source.setAccessibleName("Where the values come from")
        self.body = QScrollArea()
        self.body.setWidgetResizable(True)
        self.body.setAccessibleName("Portal fields")
        self.clear_button = named(
            QPushButton("C&lear clipboard now"), "Clear clipboard now", "Empty the clipboard of anything copied here"
        )
        self.clear_button.setMinimumHeight(COPY_HEIGHT)
        self.clear_button.clicked.connect(self.clear_clipboard)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(close.button(QDialogButtonBox.StandardButton.Close), "Close").setMinimumHeight(COPY_HEIGHT)
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(heading(stored.data.title()), 1)
        top.addWidget(self.progress)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(note)
        layout.addWidget(self.source)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.status)
        bottom = QHBoxLayout()
        bottom.addWidget(self.clear_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        copy = QShortcut(QKeySequence(QKeySequence.StandardKey.Copy), self)
        copy.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        copy.activated.connect(self.copy_focused)
        fit_to_screen(self, 1000, 700)
        try:
            document, source = referral_document(vault, stored)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.source.setText(source)
        self._lay_out(portal_fields(document))

    def _lay_out(self, fields: list[PortalField]) -> None:
        page = QWidget()
        layout = QVBoxLayout(page)
        grid: QGridLayout | None = None
        section = None
        for number, field in enumerate(fields):
            if field.section != section or grid is None:
                section = field.section
                box = QGroupBox(section.replace("&", "&&"))  # a name's "&" is not a keyboard shortcut
                box.setAccessibleName(section)
                grid = QGridLayout(box)
                grid.setColumnStretch(1, 1)
                grid.setHorizontalSpacing(12)
                layout.addWidget(box)
            at = grid.rowCount()
            label = plain_label(field.label)
            label.setMinimumWidth(160)
            label.setMaximumWidth(260)
            # Not selectable: text selected with the mouse would be copied (or middle-click pasted)
            # straight past the app's clipboard, never cleared. Copy goes through the button or Ctrl+C.
            value = plain_label(field.value or NOT_RECORDED)
            value.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
            value.setAccessibleName(field.label)
            value.setObjectName(f"portal value {number}")
            if not field.value:
                value.setEnabled(False)  # shown greyed: nothing to paste
            button = named(
                QPushButton("Copy"),
                f"Copy {field.label}",
                f"{field.section}: copy this value for the portal; it is cleared from the clipboard soon after",
            )
            button.setObjectName(f"portal copy {number}")
            button.setMinimumSize(96, COPY_HEIGHT)
            button.setEnabled(bool(field.value))
            mark = plain_label("", wrap=False)
            mark.setAccessibleName(f"{field.label}: copied")
            mark.setMinimumWidth(mark.fontMetrics().horizontalAdvance(COPIED_MARK) + 8)
            row = _Row(number, field, value, button, mark)
            button.clicked.connect(lambda _=False, r=row: self.copy_row(r))
            grid.addWidget(label, at, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, at, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(button, at, 2, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(mark, at, 3, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignVCenter)
            self.rows.append(row)
        layout.addStretch(1)
        self.body.setWidget(page)
        self._update_progress()
        first = next((r.button for r in self.rows if r.button.isEnabled()), None)
        if first is not None:
            first.setFocus()

    # -- copying ---------------------------------------------------------------------------

    def fields(self) -> list[PortalField]:
        """The fields shown, in order."""
        return [row.field for row in self.rows]

    def copy_row(self, row: _Row) -> bool:
        """Copy one field's value, logged as a disclosure in the same step, and mark it copied; say whether it was."""
        if not row.field.value:
            return False
        self.error.clear()
        try:
            with self.vault.recording_export(
                EXPORT_NAME, row.field.value.encode("utf-8"), self.referral_id, self.disclosure
            ):
                clipboard.copy_text(row.field.value)
        except Exception as exc:  # the vault locked, the log not written: nothing copied, said in words
            self.status.setText("")
            self.error.show_error(
                f"{row.field.label} was not copied, because the disclosure log could not be written: {error_text(exc)}"
            )
            return False
        row.copied = True
        row.mark.setText(COPIED_MARK)
        row.button.setText("Copy again")
        seconds = clipboard.CLEAR_AFTER_MS // 1000
        self.status.setText(
            f"Copied {row.field.label} ({row.field.section}). Paste it into the portal; "
            f"the clipboard is cleared in {seconds} seconds."
        )
        self._update_progress()
        return True

    def copy_focused(self) -> bool:
        """Ctrl+C: copy the field whose Copy button (or value) has the keyboard focus; say whether one did."""
        focus = QApplication.focusWidget()
        row = next((r for r in self.rows if focus in (r.button, r.value)), None)
        if row is None:
            return False
        return self.copy_row(row)

    def clear_clipboard(self) -> None:
        """Empty the clipboard now, if it holds something the app put there."""
        cleared = clipboard.clear_if_ours()
        self.status.setText("Clipboard cleared." if cleared else "The clipboard holds nothing copied from the app.")

    def copied(self) -> list[PortalField]:
        """The fields marked copied."""
        return [row.field for row in self.rows if row.copied]

    def _update_progress(self) -> None:
        total = sum(1 for row in self.rows if row.field.value)
        done = sum(1 for row in self.rows if row.copied)
        self.progress.setText(f"{done} of {total} fields copied")

    def put_away(self) -> None:
        """The vault is locking: drop every value and close."""
        old = self.body.takeWidget()
        if old is not None:
            old.deleteLater()
        self.rows = []
        self.close()


def open_portal_view(parent: QWidget, vault: Vault, referral_id: UUID) -> PortalView:
    """Open the portal view beside whatever asked (deleted when closed)."""
    view = PortalView(vault, referral_id, parent)
    view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    view.show()
    return view
