"""One child's chronology as a lazily paged table model.

Rows come from `vault.timeline.rows` a page at a time as the view scrolls (Qt's
`canFetchMore`/`fetchMore`), so a chronology of 5,000 events costs what one screen costs.
Sorting asks the core again with its own sort keys rather than sorting what happens to be
loaded, so the order is right for every row, loaded or not.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from safeguard_desktop.chronology.timeline import SORT_COLUMNS, TimelineFilter, TimelineRow
from safeguard_desktop.gui.widgets import plain_tooltip

Index = QModelIndex | QPersistentModelIndex

COL_DATE, COL_CATEGORY, COL_SUMMARY, COL_ROLE, COL_SIGNIFICANCE, COL_IMPACT, COL_SOURCE, COL_RECORDED_BY = range(8)
HEADERS = ("Date", "Category", "Summary", "Role", "Significance", "Impact", "Source", "Recorded by")
# The core's sort key for each column, in column order.
SORT_KEYS = ("date", "category", "summary", "role", "significance", "impact", "source", "recorded_by")
assert set(SORT_KEYS) <= set(SORT_COLUMNS)
PAGE_SIZE = 200  # bounded, so no single fetch keeps the window waiting
WITHDRAWN_PREFIX = "[withdrawn] "
# A person disputes the record (a statement of disagreement), or it is restricted while they do.
DISPUTED_PREFIX, RESTRICTED_PREFIX = "[disputed] ", "[restricted] "
ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def cell_text(row: TimelineRow, column: int) -> str:
    """What one cell shows, as plain text."""
    if column == COL_DATE:
        return row.date_text
    if column == COL_CATEGORY:
        return row.category_text
    if column == COL_SUMMARY:
        return (WITHDRAWN_PREFIX if row.withdrawn else "") + row.summary
    if column == COL_ROLE:
        return row.role
    if column == COL_SIGNIFICANCE:
        return row.significance.label()
    if column == COL_IMPACT:
        return row.impact.label()
    if column == COL_SOURCE:
        return row.source
    return row.recorded_by


def spoken_text(row: TimelineRow) -> str:
    """The whole row as one sentence, for tooltips and screen readers."""
    parts = [row.date_text, row.category_text, row.summary]
    if row.role:
        parts.append(f"Role: {row.role}")
    parts += [row.significance.label(), f"Impact: {row.impact.label().lower()}", f"Source: {row.source}"]
    if row.recorded_by:
        parts.append(f"Recorded by {row.recorded_by}")
    text = ". ".join(p for p in parts if p)
    return f"Withdrawn. {text}" if row.withdrawn else text


class ChronologyModel(QAbstractTableModel):
    """One child's chronology rows matching a filter, in the chosen order, a page at a time."""

    def __init__(self, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self._page_size = page_size
        self._timeline: Any = None  # vault.timeline; None while locked
        self._child_id: UUID | None = None
        self._filter = TimelineFilter()
        self._sort = "date"
        self._descending = False
        self._rows: list[TimelineRow] = []
        self._total = 0
        self._disputed: set[UUID] = set()
        self._restricted: set[UUID] = set()

    # -- what it shows ---------------------------------------------------------------------

    def set_child(self, timeline: Any, child_id: UUID | None) -> None:
        """Show one child's chronology from `vault.timeline`; None empties the model (on lock)."""
        self._timeline = timeline
        self._child_id = child_id
        self.refresh()

    def set_marks(self, disputed: set[UUID], restricted: set[UUID]) -> None:
        """Which records carry a statement of disagreement and which are restricted; their rows say so."""
        self._disputed, self._restricted = set(disputed), set(restricted)

    def marks(self, row: TimelineRow) -> str:
        """The prefix a row's summary gets: "[restricted] ", "[disputed] ", both or none."""
        restricted = RESTRICTED_PREFIX if row.record_id in self._restricted else ""
        return restricted + (DISPUTED_PREFIX if row.record_id in self._disputed else "")

    @property
    def child_id(self) -> UUID | None:
        """Whose chronology this is."""
        return self._child_id

    @property
    def filter(self) -> TimelineFilter:
        """The filter in force."""
        return self._filter

    def set_filter(self, flt: TimelineFilter) -> None:
        """Show only rows matching `flt`."""
        self._filter = flt
        self.refresh()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the core for the rows in a new order (every row, not just those loaded)."""
        if not 0 <= column < len(SORT_KEYS):
            return
        self._sort = SORT_KEYS[column]
        self._descending = order == Qt.SortOrder.DescendingOrder
        self.refresh()

    @property
    def sort_key(self) -> tuple[str, bool]:
        """The core sort key and whether it is descending."""
        return self._sort, self._descending

    def refresh(self) -> None:
        """Reload from the first page (after an add, a new filter or a new order)."""
        self.beginResetModel()
        self._rows = []
        self._total = 0
        if self._timeline is not None and self._child_id is not None:
            self._total = self._timeline.count(self._child_id, self._filter)
            self._rows = self._fetch(0)
        self.endResetModel()

    def clear(self) -> None:
        """Forget the vault and every row (on lock)."""
        self.set_child(None, None)

    def _fetch(self, offset: int) -> list[TimelineRow]:
        rows: list[TimelineRow] = self._timeline.rows(
            self._child_id,
            self._filter,
            sort=self._sort,
            descending=self._descending,
            offset=offset,
            limit=self._page_size,
        )
        return rows

    @property
    def total(self) -> int:
        """How many rows match the filter, loaded or not."""
        return self._total

    def row_at(self, row: int) -> TimelineRow:
        """The chronology row shown at a table row."""
        return self._rows[row]

    def row_of(self, record_id: UUID, item: int | None = None) -> int | None:
        """The table row showing a record's item (any item when None), loading pages until found."""
        start = 0
        while True:
            for number in range(start, len(self._rows)):
                found = self._rows[number]
                if found.record_id == record_id and (item is None or found.item == item):
                    return number
            if not self.canFetchMore(QModelIndex()):
                return None
            start = len(self._rows)
            self.fetchMore(QModelIndex())

    # -- Qt's side -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(HEADERS)

    def canFetchMore(self, parent: Index) -> bool:
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index) -> None:
        if parent.isValid() or self._timeline is None:
            return
        more = self._fetch(len(self._rows))
        if not more:  # the vault changed under us: stop asking
            self._total = len(self._rows)
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            # One line per row: the tooltip and the record itself hold the rest.
            marks = self.marks(row) if index.column() == COL_SUMMARY else ""
            return marks + " ".join(cell_text(row, index.column()).split())
        if role == Qt.ItemDataRole.ToolTipRole:
            # Summaries, sources and categories are typed by people: shown literally, never as markup.
            tip = spoken_text(row) if index.column() in (COL_SUMMARY, COL_DATE) else cell_text(row, index.column())
            return plain_tooltip(tip)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = cell_text(row, index.column())
            return f"{text} (withdrawn)" if row.withdrawn and index.column() != COL_SUMMARY else text
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and index.column() == COL_SUMMARY:
            return self.marks(row) + spoken_text(row)
        if role == Qt.ItemDataRole.FontRole and row.withdrawn:
            font = QFont(QApplication.font())
            font.setStrikeOut(True)
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and row.withdrawn:
            return QApplication.palette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == ROW_ROLE:
            return row
        return None
