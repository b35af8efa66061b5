"""The "Due" list (reviews and actions due soon, overdue first), and the controller that opens
it, the vault-wide search and children's chronologies from the main window.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QHeaderView, QTableView, QVBoxLayout, QWidget

from safeguard_desktop.chronology.timeline import DueRow
from safeguard_desktop.domain.ukdates import format_date, uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.chronology_window import ChronologyWindow
from safeguard_desktop.gui.search_window import NO_CHILD, SearchWindow, child_name
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, heading, named, plain_label, plain_tooltip

Index = QModelIndex | QPersistentModelIndex
DUE_WITHIN_DAYS = 14
HEADERS = ("Due", "When", "What", "Child")


def when_text(due: date, today: date) -> str:
    """Overdue, today, or in how many days: said in words, never by colour alone."""
    days = (due - today).days
    if days < 0:
        return f"Overdue by {-days} {'day' if days == -1 else 'days'}"
    if days == 0:
        return "Due today"
    return "Due tomorrow" if days == 1 else f"Due in {days} days"


class DueModel(QAbstractTableModel):
    """Due rows with the child's name, soonest (most overdue) first."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[tuple[DueRow, str]] = []
        self.today = uk_today()

    def set_rows(self, rows: list[tuple[DueRow, str]], today: date) -> None:
        """Show these rows, judged against `today`."""
        self.beginResetModel()
        self._rows, self.today = rows, today
        self.endResetModel()

    def row_at(self, row: int) -> DueRow:
        """The due item at a table row."""
        return self._rows[row][0]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        due, name = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            text = (format_date(due.due), when_text(due.due, self.today), due.what, name)[index.column()]
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.FontRole and due.due < self.today:
            font = QFont(QApplication.font())
            font.setBold(True)
            return font
        return None


class DueWindow(QDialog):
    """Everything due within a fortnight. Emits `child_chosen(child_id, record_id)` on Enter."""

    child_chosen = Signal(object, object)
    record_chosen = Signal(object, object)  # (record_id, kind): a referral to chase opens the referral itself

    def __init__(self, vault: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle("Due — safeguard-desktop")
        self.setModal(False)
        self.model = DueModel()
        self.table = named(QTableView(), "Reviews and actions due", "Enter opens the child's chronology")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in (0, 1, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.choose(index.row()))
        self.summary = plain_label(wrap=False)
        self.summary.setAccessibleName("How many are due")
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"Reviews and actions due within {DUE_WITHIN_DAYS} days", level=2))
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        fit_to_screen(self, 900, 520)
        self.refresh()
        self.table.setFocus()

    def refresh(self) -> None:
        """Read the due list again."""
        self.error.clear()
        today = uk_today()
        try:
            found = self.vault.timeline.due(today + timedelta(days=DUE_WITHIN_DAYS))
            names: dict[UUID, str] = {}
            rows = [(d, child_name(self.vault, d.child_id, names) if d.child_id else NO_CHILD) for d in found]
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.model.set_rows(rows, today)
        overdue = sum(1 for d, _ in rows if d.due < today)
        self.summary.setText(
            f"{len(rows)} due, {overdue} overdue." if rows else "Nothing is due in the next fortnight."
        )
        if rows:
            self.table.selectRow(0)

    def choose(self, row: int) -> None:
        """Open the chronology of the child an item is about."""
        if 0 <= row < self.model.rowCount():
            due = self.model.row_at(row)
            if due.kind == "referral":
                self.record_chosen.emit(due.record_id, due.kind)
                return
            if due.child_id is not None:
                self.child_chosen.emit(due.child_id, due.record_id)

    def put_away(self) -> None:
        """The vault is locking: forget every row and close."""
        self.vault = None
        self.model.set_rows([], uk_today())
        self.close()


class ChronologyActions(QObject):
    """The main window's chronology, search and due actions, and the windows they open."""

    def __init__(self, main: Any) -> None:
        super().__init__(main)
        self.main = main
        self.windows: dict[UUID, ChronologyWindow] = {}
        self.search_window: SearchWindow | None = None
        self.due_window: DueWindow | None = None
        self.chronology_action = self._action(
            "C&hronology…", "Ctrl+Shift+H", self.open_chronology, "Open this child's chronology"
        )
        self.search_action = self._action(
            "Search &all records…", "Ctrl+Shift+F", self.open_search, "Search the words of every record"
        )
        self.due_action = self._action("&Due…", "Ctrl+Shift+D", self.open_due, "Reviews and actions due soon")

    def _action(self, text: str, shortcut: str, slot: Any, tip: str) -> QAction:
        action = QAction(text, self.main)
        action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        action.triggered.connect(lambda: slot())
        self.main.addAction(action)
        action.setEnabled(False)
        return action

    def update_enabled(self) -> None:
        """Enable what the vault and the chosen child allow."""
        unlocked = self.main.vault is not None
        self.chronology_action.setEnabled(unlocked and self.main.current_child is not None)
        self.search_action.setEnabled(unlocked)
        self.due_action.setEnabled(unlocked)

    def open_chronology(self, child_id: UUID | None = None, record_id: UUID | None = None) -> ChronologyWindow | None:
        """Open (or bring forward) a child's chronology, the chosen child's by default."""
        vault = self.main.vault
        if vault is None:
            return None
        if child_id is None:
            if self.main.current_child is None:
                return None
            child_id = self.main.current_child.record_id
        window = self.windows.get(child_id)
        if window is None:
            try:
                name = vault.children.get(child_id).data.title()
            except SafeguardError as exc:
                self.main.error.show_error(exc.message)
                return None
            window = ChronologyWindow(vault, child_id, name, self.main)
            window.open_record_requested.connect(self.main.open_record)
            window.destroyed.connect(lambda _=None, cid=child_id: self.windows.pop(cid, None))
            self.windows[child_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        if record_id is not None:
            window.select_item(record_id)
        return window

    def reload_all(self) -> None:
        """Re-read every open chronology, after a record changed elsewhere."""
        for window in list(self.windows.values()):
            window.reload()

    def open_search(self) -> SearchWindow | None:
        """Ctrl+Shift+F: search every record in the vault."""
        if self.main.vault is None:
            return None
        if self.search_window is None:
            self.search_window = SearchWindow(self.main.vault, self.main)
            self.search_window.child_chosen.connect(self.open_chronology)
        self.search_window.show()
        self.search_window.raise_()
        self.search_window.query.setFocus()
        return self.search_window

    def open_due(self) -> DueWindow | None:
        """Ctrl+Shift+D: what is due in the next fortnight."""
        if self.main.vault is None:
            return None
        if self.due_window is None:
            self.due_window = DueWindow(self.main.vault, self.main)
            self.due_window.child_chosen.connect(self.open_chronology)
            self.due_window.record_chosen.connect(self.main.open_record)
        else:
            self.due_window.refresh()
        self.due_window.show()
        self.due_window.raise_()
        return self.due_window

    def put_away(self) -> None:
        """The vault is locking: keep unsaved entries as drafts, close every window."""
        for window in list(self.windows.values()):
            window.put_away()
        self.windows.clear()
        for other in (self.search_window, self.due_window):
            if other is not None:
                other.put_away()
                other.deleteLater()
        self.search_window = self.due_window = None
        self.update_enabled()
