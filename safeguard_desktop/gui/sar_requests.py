"""Subject access requests: the log, its deadlines, and the way into each request's bundle.

Each row shows whom the request is about, who made it, when it arrived and when it is due,
so an information governance lead sees at a glance which response is closest to the legal
deadline. New, Extend and Close each ask in a small dialog; Prepare bundle opens the editor.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance import sar
from safeguard_desktop.governance.people_search import Person, find_people
from safeguard_desktop.gui.forms import date_edit, optional_date
from safeguard_desktop.gui.governance_widgets import reuse_window
from safeguard_desktop.gui.widgets import (
    ErrorLabel,
    fit_to_screen,
    heading,
    line_edit,
    listing_table,
    named,
    plain_label,
    plain_tooltip,
    text_edit,
)

__all__ = ["CloseRequestDialog", "ExtendDialog", "NewRequestDialog", "SarRequestsWindow", "open_sar_requests"]

HEADERS = ("Person", "Requested by", "Received", "Due", "Days left", "Status")
STRETCHED = (0, 1)  # the names take the spare width (and wrap); dates and status fit their text


def _buttons(dialog: QDialog, accept_text: str, accept_name: str) -> tuple[QDialogButtonBox, QPushButton]:
    buttons = QDialogButtonBox()
    ok = named(buttons.addButton(accept_text, QDialogButtonBox.ButtonRole.AcceptRole), accept_name)
    named(buttons.addButton(QDialogButtonBox.StandardButton.Cancel), "Cancel")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons, ok


class NewRequestDialog(QDialog):
    """Log a new request: find the person by name, say who asked and when it arrived."""

    def __init__(self, vault: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.logged: sar.SarRequest | None = None
        self.setWindowTitle("New subject access request — safeguard-desktop")
        self.search = line_edit("Find the person by name", "Type part of their name")
        self.people = named(QListWidget(), "People found")
        self.requester = line_edit("Requested by", "Who made the request, as they want to be named")
        self.received = date_edit("Date received")
        self.received.setText(format_date(uk_today()))
        self.error = ErrorLabel()
        self.buttons, self.log_button = _buttons(self, "&Log request", "Log request")
        form = QFormLayout()
        form.addRow("&Find the person", self.search)
        form.addRow("&People found", self.people)
        form.addRow("&Requested by", self.requester)
        form.addRow("Date &received", self.received)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("New subject access request", level=2))
        layout.addWidget(
            plain_label(
                "The response is due one calendar month after the request arrives. Find the child or adult "
                "the records are about; the requester may be them or someone acting for them."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.search.textChanged.connect(self._find)
        fit_to_screen(self, 560, 520)

    def _find(self, text: str) -> None:
        self.people.clear()
        try:
            found = find_people(self.vault, text)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        for person in found:
            item = QListWidgetItem(person.label())
            item.setData(Qt.ItemDataRole.UserRole, person)
            self.people.addItem(item)
        if len(found) == 1:
            self.people.setCurrentRow(0)

    def chosen(self) -> Person | None:
        """The person selected in the list."""
        item = self.people.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def accept(self) -> None:
        """Log the request; stay open with a message when something is missing."""
        person = self.chosen()
        if person is None:
            self.error.show_error("Find the person the records are about, and select them in the list.")
            return
        try:
            received = optional_date(self.received)
            if received is None:
                raise SafeguardError("Give the date the request was received (dd/mm/yyyy).")
            self.logged = sar.log_request(self.vault, person.id, person.kind, self.requester.text(), received)
        except (SafeguardError, ValueError) as exc:
            self.error.show_error(getattr(exc, "message", str(exc)))
            return
        super().accept()


class ExtendDialog(QDialog):
    """Extend a request's deadline by one or two months, with the reason."""

    def __init__(self, vault: Any, request: sar.SarRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.request = request
        self.setWindowTitle("Extend the deadline — safeguard-desktop")
        self.months = named(QComboBox(), "Extend by")
        self.months.addItem("1 month", 1)
        self.months.addItem("2 months", 2)
        self.reason = text_edit("Reason for the extension", "e.g. the request is complex: records in three systems")
        self.error = ErrorLabel()
        self.buttons, self.extend_button = _buttons(self, "&Extend", "Extend deadline")
        form = QFormLayout()
        form.addRow("Extend &by", self.months)
        form.addRow("&Reason", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Extend the deadline", level=2))
        layout.addWidget(
            plain_label(
                f"Due {format_date(request.due())}. The law allows up to two further months in all, for complex "
                "or numerous requests. Tell the requester within the first month, and why."
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        """Extend; stay open with the reason when refused."""
        try:
            sar.extend(self.vault, self.request.id, int(self.months.currentData()), self.reason.toPlainText())
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        super().accept()


class CloseRequestDialog(QDialog):
    """Close a request: responded to, or withdrawn by the requester, on a date."""

    def __init__(self, vault: Any, request: sar.SarRequest, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.request = request
        self.setWindowTitle("Close the request — safeguard-desktop")
        self.outcome = named(QComboBox(), "Outcome")
        self.outcome.addItem("Responded to", "responded")
        self.outcome.addItem("Withdrawn by the requester", "withdrawn")
        self.on = date_edit("Date")
        self.on.setText(format_date(uk_today()))
        self.error = ErrorLabel()
        self.buttons, self.close_button = _buttons(self, "C&lose request", "Close request")
        form = QFormLayout()
        form.addRow("&Outcome", self.outcome)
        form.addRow("&Date", self.on)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Close the request", level=2))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def accept(self) -> None:
        """Close the request; stay open with a message when refused."""
        try:
            on = optional_date(self.on)
            if on is None:
                raise SafeguardError("Give the date (dd/mm/yyyy).")
            sar.close(self.vault, self.request.id, self.outcome.currentData(), on)
        except (SafeguardError, ValueError) as exc:
            self.error.show_error(getattr(exc, "message", str(exc)))
            return
        super().accept()


class SarRequestsWindow(QDialog):
    """The request log, soonest due first, with the actions on the selected request."""

    def __init__(self, vault: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.dialog: QDialog | None = None
        self.bundle_window: QWidget | None = None
        self._requests: list[sar.SarRequest] = []
        self.setWindowTitle("Subject access requests — safeguard-desktop")
        self.table = listing_table("Subject access requests", HEADERS)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        for column in range(len(HEADERS)):
            stretched = column in STRETCHED
            header.setSectionResizeMode(
                column, QHeaderView.ResizeMode.Stretch if stretched else QHeaderView.ResizeMode.ResizeToContents
            )
        self.new_button = named(QPushButton("&New request…"), "New request")
        self.extend_button = named(QPushButton("&Extend…"), "Extend deadline")
        self.close_button = named(QPushButton("C&lose…"), "Close request")
        self.bundle_button = named(QPushButton("&Prepare bundle…"), "Prepare bundle")
        self.error = ErrorLabel()
        row = QHBoxLayout()
        for button in (self.new_button, self.extend_button, self.close_button, self.bundle_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Subject access requests"))
        layout.addWidget(
            plain_label("A response is due one calendar month after a request arrives, or later if extended.")
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addLayout(row)
        self.new_button.clicked.connect(self.ask_new)
        self.extend_button.clicked.connect(self.ask_extend)
        self.close_button.clicked.connect(self.ask_close)
        self.bundle_button.clicked.connect(self.prepare_bundle)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.doubleClicked.connect(lambda *_: self.prepare_bundle())
        fit_to_screen(self, 900, 480)
        self.reload()

    def reload(self, select: UUID | None = None) -> None:
        """Read the log again, keeping (or moving to) a selected request."""
        current = self.selected()
        select = select or (current.id if current else None)
        try:
            self._requests = sar.requests(self.vault)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.table.setRowCount(len(self._requests))
        self.table.clearSelection()
        for n, request in enumerate(self._requests):
            values = (
                request.person_name,
                request.requester,
                format_date(request.received),
                format_date(request.due()) + (" (extended)" if request.extended_to else ""),
                request.days_left_text(),
                request.status_label(),
            )
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)  # table items show text literally
                item.setToolTip(plain_tooltip(value))
                self.table.setItem(n, column, item)
            if request.id == select:
                self.table.selectRow(n)
        if self.selected() is None and self._requests:
            # The soonest due is the one to work on: Extend, Close and Prepare bundle are ready at once.
            self.table.selectRow(0)
        self.table.resizeRowsToContents()
        self._enable()

    def selected(self) -> sar.SarRequest | None:
        """The request in the selected row."""
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._requests):
            return None
        return self._requests[rows[0].row()]

    def _enable(self) -> None:
        request = self.selected()
        is_open = request is not None and request.status == "open"
        # Offering an extension only to refuse it misleads: the button says why it is off.
        refusal = sar.extension_refusal(self.vault, request) if request is not None and self.vault else ""
        self.extend_button.setEnabled(is_open and not refusal)
        self.extend_button.setToolTip(refusal if is_open else "")
        self.close_button.setEnabled(is_open)
        self.bundle_button.setEnabled(request is not None)

    def _show(self, dialog: QDialog, then: Any) -> QDialog:
        self.dialog = dialog
        dialog.accepted.connect(then)
        dialog.open()
        return dialog

    def ask_new(self) -> QDialog:
        """Ask for a new request."""
        dialog = NewRequestDialog(self.vault, self)
        return self._show(dialog, lambda: self.reload(dialog.logged.id if dialog.logged else None))

    def ask_extend(self) -> QDialog | None:
        """Ask how long to extend the selected request, and why."""
        request = self.selected()
        if request is None:
            return None
        return self._show(ExtendDialog(self.vault, request, self), self.reload)

    def ask_close(self) -> QDialog | None:
        """Ask how the selected request ended."""
        request = self.selected()
        if request is None:
            return None
        return self._show(CloseRequestDialog(self.vault, request, self), self.reload)

    def prepare_bundle(self) -> QWidget | None:
        """Open the bundle editor for the selected request."""
        request = self.selected()
        if request is None:
            return None
        from safeguard_desktop.gui.sar_bundle import SarBundleWindow

        try:
            window = SarBundleWindow(self.vault, request, self)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return None
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.bundle_window = window
        window.show()
        return window

    def _let_editor_go(self, *, ask: bool) -> bool:
        """Close the bundle editor with this window, never losing its unsaved redactions.

        Closed by the person, the editor asks Save / Discard / Cancel (Cancel keeps both open).
        Closed by a lock, nobody is there to ask, so the work is saved in the vault, as a form's draft is.
        """
        editor = self.bundle_window
        try:
            alive = editor is not None and editor.isVisible()
        except RuntimeError:  # deleted by Qt when it closed
            alive = False
        if alive and editor is not None:
            if ask:
                if not editor.close():
                    return False
            else:
                editor.put_away()  # type: ignore[attr-defined]
        self.bundle_window = None
        return True

    def reject(self) -> None:
        """Escape: close, asking the bundle editor about unsaved work first."""
        if self._let_editor_go(ask=True):
            super().reject()

    def closeEvent(self, event: Any) -> None:
        """The close button asks about unsaved bundle work; a lock's close keeps it without asking."""
        if not self._let_editor_go(ask=event.spontaneous()):
            event.ignore()
            return
        super().closeEvent(event)


def open_sar_requests(window: Any) -> QWidget:
    """Open (or raise) the subject access requests window over the main window, without blocking it."""
    return reuse_window(window, "_sar_requests_window", lambda: SarRequestsWindow(window.vault, window))
