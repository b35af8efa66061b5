"""Search the whole vault: every record whose words match, and the children it concerns.

A record about two children shows once per child, so choosing a row always leads to one
child's chronology. The search runs as you type, once typing pauses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDialog, QHeaderView, QTableView, QVBoxLayout, QWidget

from safeguard_desktop.chronology.timeline import SearchHit, SearchResults
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.chronology_model import WITHDRAWN_PREFIX
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, line_edit, named, plain_label, plain_tooltip

Index = QModelIndex | QPersistentModelIndex
SEARCH_DELAY_MS = 300
SEARCH_LIMIT = 200  # a screenful or two; more than this is a sign the words are too common
HEADERS = ("Kind", "Record", "Child")
KIND_LABELS = {
    "child": "Child",
    "adult": "Adult",
    "relationship": "Relationship",
    "professional": "Professional",
    "concern": "Concern",
    "chronology_entry": "Chronology entry",
    "attachment": "Attachment",
    "status_period": "Child's status",
    "meeting": "Meeting",
}
NO_CHILD = "Not linked to a child"


def kind_label(kind: str) -> str:
    """A record kind as practitioners say it."""
    return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())


def child_name(vault: Any, child_id: UUID, cache: dict[UUID, str]) -> str:
    """A child's name for a list, read once per search; a missing record says so."""
    if child_id not in cache:
        try:
            stored = vault.children.get(child_id)
            cache[child_id] = stored.data.title() + (" (withdrawn)" if stored.withdrawn else "")
        except SafeguardError:
            cache[child_id] = "Child's record not found"
    return cache[child_id]


@dataclass(frozen=True)
class HitRow:
    """One search hit for one child it concerns (or none)."""

    hit: SearchHit
    child_id: UUID | None
    child_name: str


class SearchModel(QAbstractTableModel):
    """Hits of the last search, one row per hit and child."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[HitRow] = []

    def set_rows(self, rows: list[HitRow]) -> None:
        """Show these rows instead of the previous ones."""
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def row_at(self, row: int) -> HitRow:
        """The hit shown at a table row."""
        return self._rows[row]

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
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            texts = (
                kind_label(row.hit.kind),
                (WITHDRAWN_PREFIX if row.hit.withdrawn else "") + row.hit.title,
                row.child_name,
            )
            text = texts[index.column()]
            return plain_tooltip(text) if role == Qt.ItemDataRole.ToolTipRole else text
        if role == Qt.ItemDataRole.FontRole and row.hit.withdrawn:
            font = QFont(QApplication.font())
            font.setStrikeOut(True)
            return font
        return None


class SearchWindow(QDialog):
    """Find records across the vault. Emits `child_chosen(child_id, record_id)` on Enter/double-click."""

    child_chosen = Signal(object, object)

    def __init__(self, vault: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.setWindowTitle("Search all records — safeguard-desktop")
        self.setModal(False)
        self.query = line_edit("Search all records", "Words in any record: names, accounts, notes…")
        self.query.setClearButtonEnabled(True)
        self.model = SearchModel()
        self.table = named(QTableView(), "Search results", "Enter opens the child's chronology")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda index: self.choose(index.row()))
        self.status = plain_label(wrap=False)
        self.status.setAccessibleName("Search result count")
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self._timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.run_search)
        self.query.textChanged.connect(lambda _: self._timer.start())
        self.query.returnPressed.connect(self._enter_in_query)
        fit_to_screen(self, 860, 560)
        self.query.setFocus()

    def run_search(self) -> None:
        """Search now for the words typed."""
        self._timer.stop()
        self.error.clear()
        text = self.query.text().strip()
        if self.vault is None:
            return
        try:
            hits = self.vault.timeline.search(text, limit=SEARCH_LIMIT) if text else SearchResults(())
            names: dict[UUID, str] = {}
            rows: list[HitRow] = []
            for hit in hits:
                if not hit.child_ids:
                    rows.append(HitRow(hit, None, NO_CHILD))
                rows += [HitRow(hit, cid, child_name(self.vault, cid, names)) for cid in hit.child_ids]
        except SafeguardError as exc:
            self.error.show_error(exc.message)
            return
        self.model.set_rows(rows)
        if not text:
            self.status.setText("")
        elif not hits:
            self.status.setText("No records match.")
        elif hits.more:
            # Never a count that looks complete when it is not: say the list stops here.
            self.status.setText(
                f"Showing the {len(hits)} most recent matches, best first. Add words to narrow the search."
            )
        else:
            self.status.setText(f"{len(hits)} {'record matches' if len(hits) == 1 else 'records match'}.")
        if rows:
            self.table.selectRow(0)

    def _enter_in_query(self) -> None:
        # Enter in the box searches at once; Enter again (results unchanged) opens the first.
        if self._timer.isActive():
            self.run_search()
        elif self.model.rowCount():
            self.table.setFocus()

    def choose(self, row: int) -> None:
        """Open the child's chronology for a hit (a hit with no child just says so)."""
        if not 0 <= row < self.model.rowCount():
            return
        found = self.model.row_at(row)
        if found.child_id is None:
            self.error.show_error("This record is not linked to a child, so it has no chronology.")
            return
        self.child_chosen.emit(found.child_id, found.hit.record_id)

    def put_away(self) -> None:
        """The vault is locking: forget every hit and close."""
        self.vault = None
        self._timer.stop()
        self.query.clear()
        self.model.set_rows([])
        self.close()
