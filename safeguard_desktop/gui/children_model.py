"""The children list as a lazily paged table model.

Rows are fetched from the repository a page at a time as the view scrolls (Qt's
`canFetchMore`/`fetchMore`), so a vault with 10,000 children costs what one screen costs.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.identifiers import format_nhs_number
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import format_date
from safeguard_desktop.vault.store import Repository, Stored

Index = QModelIndex | QPersistentModelIndex

COL_NAME, COL_DOB, COL_NHS = range(3)
HEADERS = ("Name", "Date of birth", "NHS number")
PAGE_SIZE = 100


def dob_text(child: Child) -> str:
    """Date of birth as dd/mm/yyyy; unborn children show their expected date instead."""
    if child.date_of_birth is not None:
        return format_date(child.date_of_birth)
    if child.expected_delivery is not None:
        return f"Due {format_date(child.expected_delivery)}"
    if child.age_status != "known":
        return f"Age {child.age_status}"
    return ""


def nhs_text(number: str | None) -> str:
    """An NHS number grouped 3-3-4, or blank."""
    if not number:
        return ""
    try:
        return format_nhs_number(number)
    except DomainError:  # stored numbers are valid; be robust rather than crash a list
        return number


class ChildrenModel(QAbstractTableModel):
    """Children matching the filter, in name order, loaded one page at a time."""

    def __init__(self, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._page_size = page_size
        self._repo: Repository[Child] | None = None
        self._text = ""
        self._rows: list[Stored[Child]] = []
        self._total = 0

    # -- what it shows ---------------------------------------------------------------------

    def set_repository(self, repo: Repository[Child] | None) -> None:
        """Show the children of an unlocked vault; None empties the model (on lock)."""
        self._repo = repo
        if repo is None:
            self._text = ""
        self.refresh()

    def set_filter(self, text: str) -> None:
        """Show only children matching the words typed (names, NHS number, UPN, school)."""
        self._text = text.strip()
        self.refresh()

    def refresh(self) -> None:
        """Reload from the first page (after an add, or a new filter)."""
        self.beginResetModel()
        self._rows = []
        self._total = 0
        if self._repo is not None:
            self._total = self._repo.count(text=self._text)
            self._rows = self._repo.list(text=self._text, offset=0, limit=self._page_size)
        self.endResetModel()

    @property
    def total(self) -> int:
        """How many children match, loaded or not."""
        return self._total

    def child_at(self, row: int) -> Stored[Child] | None:
        """The stored child on `row`, if loaded."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, record_id: UUID) -> int | None:
        """The row of a loaded child, for re-selecting it after a refresh."""
        for row, stored in enumerate(self._rows):
            if stored.record_id == record_id:
                return row
        return None

    # -- Qt's lazy loading -----------------------------------------------------------------

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._repo is None:
            return
        page = self._repo.list(text=self._text, offset=len(self._rows), limit=self._page_size)
        if not page:
            self._total = len(self._rows)  # the vault changed under us; stop asking
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(page) - 1)
        self._rows.extend(page)
        self.endInsertRows()

    # -- the table -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        stored = self.child_at(index.row()) if index.isValid() else None
        if stored is None:
            return None
        child = stored.data
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            # Item views draw DisplayRole as plain text, so names with markup show literally.
            if index.column() == COL_NAME:
                return child.title()
            if index.column() == COL_DOB:
                return dob_text(child)
            if index.column() == COL_NHS:
                return nhs_text(child.nhs_number)
        return None
