"""One record in full: its current text and provenance, and every version with what changed.

Works for any record kind: the repository is found by kind, and fields are listed through
domain/versions.py. A concern gets a fuller layout (children by name with their roles,
who was informed, the review, status changes). Everything shown is plain text: table
cells and plain labels never interpret markup, so typed text shows exactly as typed.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.concern import Concern
from safeguard_desktop.domain.people import Adult, Child
from safeguard_desktop.domain.records import Record
from safeguard_desktop.domain.ukdates import format_datetime
from safeguard_desktop.domain.versions import NameLookup, diff_records, record_fields
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.concern_rows import concern_rows
from safeguard_desktop.gui.decision_rows import decision_rows
from safeguard_desktop.gui.rectify_banner import RESTRICTED_EXPLAINED, RectifyBanner
from safeguard_desktop.gui.rectify_dialogs import MoveDialog, RestrictDialog, StatementDialog, WithdrawDialog
from safeguard_desktop.gui.screening_rows import screening_rows
from safeguard_desktop.gui.widgets import ErrorLabel, heading, named, plain_label, plain_tooltip
from safeguard_desktop.screening.record import Screening
from safeguard_desktop.thresholds.decision import ThresholdDecision
from safeguard_desktop.vault.session import Vault
from safeguard_desktop.vault.store import Repository, Stored

ACTIONS = {"create": "Created", "amend": "Corrected", "withdraw": "Withdrawn"}
HISTORY_HEADERS = ("Version", "Action", "When", "Who", "Reason")
CHANGE_HEADERS = ("Field", "Before", "After")
BLANK = "(blank)"


def repository_for(vault: Vault, kind: str) -> Repository[Any]:
    """The vault's repository for a record kind ("concern", "chronology_entry", …)."""
    for repository in vault.repositories():
        if repository.kind == kind:
            return repository
    raise SafeguardError(f"This vault has no records of the kind {kind!r}.")


def name_lookup(vault: Vault) -> NameLookup:
    """Turn a record ID into the record's title (a child's name, say), cached per dialog."""
    cache: dict[UUID, str] = {}
    preferred = [vault.children, vault.adults, vault.professionals]
    others = [r for r in vault.repositories() if r not in preferred]

    def lookup(record_id: UUID) -> str:
        if record_id not in cache:
            cache[record_id] = ""
            for repository in (*preferred, *others):
                try:
                    cache[record_id] = repository.get(record_id).data.title()
                    break
                except SafeguardError:
                    continue
        return cache[record_id]

    return lookup


def _item(text: str) -> QTableWidgetItem:
    item = QTableWidgetItem(text)  # table items are plain text: markup shows as typed
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    return item


def _table(name: str, headers: tuple[str, ...]) -> QTableWidget:
    table = named(QTableWidget(0, len(headers)), name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setWordWrap(True)
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


class RecordDetailDialog(QDialog):
    """Tabs "Current" and "History" for one record, under any statements and restriction.

    Emits `changed()` after a withdrawal, a statement, a restriction or a move.
    """

    changed = Signal()

    def __init__(self, vault: Vault, record_id: UUID, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._vault = vault
        self._record_id = record_id
        self._repository = repository_for(vault, kind)
        self._names = name_lookup(vault)
        self._versions: list[Stored[Record]] = []
        self.withdraw_dialog: WithdrawDialog | None = None
        self.rectify_dialog: QDialog | None = None
        self.banner = RectifyBanner()
        self.setWindowTitle("Record and history — safeguard-desktop")
        self.title = heading("")
        self.tabs = named(QTabWidget(), "Record tabs")
        self.current = QScrollArea()
        self.current.setWidgetResizable(True)
        self.current.setAccessibleName("Current version")
        self.versions = _table("Versions", HISTORY_HEADERS)
        self.changes_heading = plain_label()
        self.changes_heading.setAccessibleName("What changed")
        self.changes = _table("Changes in this version", CHANGE_HEADERS)
        self.changes.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(plain_label("Every version, oldest first. Choose one to see what it changed."))
        history_layout.addWidget(self.versions, 2)
        history_layout.addWidget(self.changes_heading)
        history_layout.addWidget(self.changes, 3)
        self.tabs.addTab(self.current, "&Current")
        self.tabs.addTab(history, "&History")
        self.error = ErrorLabel()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        named(self.buttons.button(QDialogButtonBox.StandardButton.Close), "Close")
        self.withdraw_button: QPushButton = named(
            self.buttons.addButton("&Withdraw…", QDialogButtonBox.ButtonRole.ActionRole), "Withdraw this record"
        )
        self.statement_button = self._action("Add &statement…", "Add a statement of disagreement", self.ask_statement)
        self.restrict_button = self._action("&Restrict…", "Restrict or lift the restriction", self.ask_restrict)
        self.move_button: QPushButton | None = None
        if kind not in (Child.KIND, Adult.KIND):  # the kinds filed under a child
            self.move_button = self._action("&Move to another child…", "Move to another child", self.ask_move)
        self.correct_button: QPushButton | None = None
        if kind == ThresholdDecision.KIND:
            self.correct_button = named(
                self.buttons.addButton("C&orrect…", QDialogButtonBox.ButtonRole.ActionRole), "Correct this decision"
            )
            self.correct_button.clicked.connect(self.correct)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.rejected.connect(self.reject)
        self.withdraw_button.clicked.connect(self._ask_withdraw)
        self.versions.itemSelectionChanged.connect(self._version_chosen)
        self.resize(860, 680)
        self.reload()

    # -- reading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the record's versions again and rebuild both tabs."""
        self.error.clear()
        try:
            self._versions = self._repository.history(self._record_id)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        latest = self._versions[-1]
        self.title.setText(latest.data.title() + (" (withdrawn)" if latest.withdrawn else ""))
        self.banner.show_for(self._vault, self._record_id, self._names)
        restricted = self.banner.restriction is not None
        self.withdraw_button.setEnabled(not latest.withdrawn and not restricted)  # the core refuses it too
        self.restrict_button.setText("Lift &restriction…" if restricted else "&Restrict…")
        self.restrict_button.setEnabled(not latest.withdrawn)
        if self.move_button is not None:
            self.move_button.setEnabled(not latest.withdrawn and not restricted and bool(self._children(latest)))
        if self.correct_button is not None:
            self.correct_button.setEnabled(not latest.withdrawn and not restricted)
            # Said on the button itself, so a keyboard or screen-reader user learns why too.
            self.correct_button.setToolTip(RESTRICTED_EXPLAINED if restricted else "")
            self.correct_button.setAccessibleDescription(RESTRICTED_EXPLAINED if restricted else "")
        self.current.setWidget(self._current_page(latest))
        self._fill_versions()

    def _current_page(self, latest: Stored[Record]) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        first = self._versions[0]
        provenance = [
            ("Recorded at", f"{format_datetime(first.recorded_at)} by {first.author.one_line()}"),
            ("Version", f"Version {latest.seq} of {len(self._versions)}"),
        ]
        if latest.seq > 1:
            provenance.append(("Last changed", f"{format_datetime(latest.recorded_at)} by {latest.author.one_line()}"))
        if latest.withdrawn:
            withdrawal = next((v for v in reversed(self._versions) if v.action == "withdraw"), latest)
            provenance.append(("Withdrawn", f"Withdrawn in error: {withdrawal.reason or 'no reason recorded'}"))
        data = latest.data
        if isinstance(data, Concern):
            fields = concern_rows(data, self._names)
        elif isinstance(data, ThresholdDecision):
            fields = decision_rows(data)
        elif isinstance(data, Screening):
            fields = screening_rows(data)
        else:
            fields = record_fields(data, self._names)
        for label, text in [*provenance, ("", ""), *fields]:
            if not label:
                form.addRow(heading("Content", level=2))
                continue
            shown = plain_label(text, selectable=True)
            shown.setAccessibleName(label)
            form.addRow(label, shown)
        return page

    def _fill_versions(self) -> None:
        self.versions.setRowCount(len(self._versions))
        for row, version in enumerate(self._versions):
            cells = (
                str(version.seq),
                ACTIONS.get(version.action, version.action),
                format_datetime(version.recorded_at),
                version.author.one_line(),
                version.reason or "",
            )
            for column, text in enumerate(cells):
                self.versions.setItem(row, column, _item(text))
        self.versions.resizeColumnsToContents()
        # A long name or reason must not squeeze the other columns out of sight.
        for column in range(len(HISTORY_HEADERS) - 1):
            self.versions.setColumnWidth(column, min(self.versions.columnWidth(column), 260))
        self.versions.resizeRowsToContents()
        self.versions.horizontalHeader().setSectionResizeMode(len(HISTORY_HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.versions.selectRow(len(self._versions) - 1)
        self._version_chosen()

    def _version_chosen(self) -> None:
        rows = self.versions.selectionModel().selectedRows()
        if not rows or not self._versions:
            return
        self.show_changes(rows[0].row())

    def show_changes(self, index: int) -> None:
        """Show what version `index` (0 = first) changed from the one before."""
        version = self._versions[index]
        before = self._versions[index - 1].data if index > 0 else None
        changes = diff_records(before, version.data, self._names)
        when = format_datetime(version.recorded_at)
        if version.action == "withdraw":
            text = (
                f"Version {version.seq}, {when}: withdrawn. Reason: {version.reason or ''}. The content did not change."
            )
        elif before is None:
            text = f"Version {version.seq}, {when}: the first version, as recorded."
        else:
            count = len(changes)
            text = (
                f"Version {version.seq}, {when}, changed {count} field{'s' if count != 1 else ''} "
                f"from version {version.seq - 1}. Reason: {version.reason or ''}"
            )
        self.changes_heading.setText(text)
        self.changes.setRowCount(len(changes))
        for row, change in enumerate(changes):
            cells = (change.label, change.before or BLANK, change.after or BLANK)
            for column, cell in enumerate(cells):
                self.changes.setItem(row, column, _item(cell))
            # One readable line per change for a screen reader: "Field: before → after".
            self.changes.item(row, 0).setToolTip(plain_tooltip(f"{change.label}: {cells[1]} → {cells[2]}"))
        self.changes.resizeColumnToContents(0)
        self.changes.resizeRowsToContents()

    def change_rows(self) -> list[tuple[str, str, str]]:
        """The change table's text, row by row (for tests and for copying)."""
        return [
            tuple(self.changes.item(r, c).text() for c in range(3))  # type: ignore[misc]
            for r in range(self.changes.rowCount())
        ]

    def current_rows(self) -> list[tuple[str, str]]:
        """The Current tab's label and value texts."""
        page = self.current.widget()
        form = page.layout() if page is not None else None
        if not isinstance(form, QFormLayout):
            return []
        rows = []
        for row in range(form.rowCount()):
            label_item = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field_item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label_item is None or field_item is None:
                continue
            rows.append((label_item.widget().text(), field_item.widget().text()))
        return rows

    # -- correcting (level-of-need decisions) ----------------------------------------------

    def correct(self) -> QDialog | None:
        """Give way to the decision's correction form, opened where a lock keeps it as a draft."""
        # Imported here: the decision forms import this module's neighbours, and only decisions need them.
        from safeguard_desktop.gui.decision_correct import open_correction

        try:
            dialog = open_correction(self.parentWidget(), self._vault, self._record_id)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return None
        # This window would show the old version behind the form, and outlive a lock: it closes.
        self.accept()
        return dialog

    # -- withdrawing -----------------------------------------------------------------------

    def _ask_withdraw(self) -> None:
        what = "this record"
        if self._versions:
            what = f"“{self._versions[-1].data.title()}”"
        dialog = WithdrawDialog(what, self)
        dialog.accepted.connect(lambda: self.withdraw(dialog.reason.toPlainText()))
        self.withdraw_dialog = dialog
        dialog.open()

    def withdraw(self, reason: str) -> bool:
        """Withdraw the record with `reason`; say whether it was done."""
        try:
            self._repository.withdraw(self._record_id, reason)
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return False
        self.reload()
        self.changed.emit()
        return True

    # -- statements, restriction, moving ------------------------------------------------------

    def _action(self, text: str, name: str, slot: Any) -> QPushButton:
        button: QPushButton = named(self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole), name)
        button.clicked.connect(slot)
        return button

    def _what(self) -> str:
        return f"“{self._versions[-1].data.title()}”" if self._versions else "this record"

    def _children(self, latest: Stored[Record]) -> dict[UUID, str]:
        return {c: self._names(c) or "A child not found in this vault" for c in sorted(latest.data.linked_child_ids())}

    def _open(self, dialog: QDialog) -> QDialog:
        def done() -> None:
            self.reload()
            self.changed.emit()

        dialog.accepted.connect(done)
        self.rectify_dialog = dialog
        dialog.open()
        return dialog

    def ask_statement(self) -> QDialog:
        """Open the form for a person's statement of disagreement with this record."""
        return self._open(StatementDialog(self._vault, self._record_id, self._what(), self))

    def ask_restrict(self) -> QDialog:
        """Open the form to restrict this record, or to lift its restriction."""
        lift = self.banner.restriction is not None
        return self._open(RestrictDialog(self._vault, self._record_id, self._what(), lift=lift, parent=self))

    def ask_move(self) -> QDialog | None:
        """Open the form to move this record to the child it should have been filed under."""
        if not self._versions:
            return None
        children = self._children(self._versions[-1])
        return self._open(MoveDialog(self._vault, self._record_id, children, self))


def open_record(parent: QWidget | None, vault: Vault, record_id: UUID, kind: str) -> QDialog:
    """Open the record-and-history window for any record (window-modal, not blocking)."""
    dialog = RecordDetailDialog(vault, record_id, kind, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
