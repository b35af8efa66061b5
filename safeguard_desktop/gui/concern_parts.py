"""The pieces of the concern form that are more than one input each.

Each piece has `value()`, which returns domain values or raises DomainError with a sentence
for the practitioner, and shows that sentence next to itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from uuid import UUID

import pydantic
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory, InformedParty
from safeguard_desktop.domain.concern import ConcernChild, InformedRecord
from safeguard_desktop.domain.errors import DomainError, InvalidDate
from safeguard_desktop.domain.eventdate import DatePrecision, EventDate, check_not_future
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.ukdates import format_datetime, parse_date, uk_local_to_utc, utc_now
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.forms import DATE_HINT, date_edit, parse_time
from safeguard_desktop.gui.widgets import ErrorLabel, line_edit, named, plain_label
from safeguard_desktop.vault.store import Repository, Stored

PRECISIONS = (
    (DatePrecision.TIME, "Exact date and time", DATE_HINT),
    (DatePrecision.DAY, "Day known", DATE_HINT),
    (DatePrecision.MONTH, "Month known", "mm/yyyy"),
    (DatePrecision.YEAR, "Year known", "yyyy"),
)
_MONTH = re.compile(r"(\d{1,2})\s*/\s*(\d{4})")
_YEAR = re.compile(r"\d{4}")


class EventDateInput(QWidget):
    """When it happened, to the precision it is known, with an 'approximate' tick."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.precision = named(QComboBox(), "How precisely the date is known")
        for precision, label, _ in PRECISIONS:
            self.precision.addItem(label, precision.value)
        self.date = date_edit("Date it happened")
        self.time = line_edit("Time it happened", "HH:MM (24-hour)", max_length=5)
        self.time.setMaximumWidth(self.time.fontMetrics().horizontalAdvance("HH:MM (24-hour)") + 24)
        self.approximate = named(QCheckBox("Approximate"), "Date is approximate")
        self.error = ErrorLabel()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.precision, self.date, self.time, self.approximate):
            row.addWidget(widget)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.precision.currentIndexChanged.connect(self._precision_changed)
        self.precision.setCurrentIndex(1)  # most concerns are known to the day
        self._precision_changed()
        self.setFocusProxy(self.precision)

    def _precision_changed(self) -> None:
        precision = DatePrecision(self.precision.currentData())
        hint = next(h for p, _, h in PRECISIONS if p is precision)
        self.date.setPlaceholderText(hint)
        self.time.setEnabled(precision is DatePrecision.TIME)

    def value(self) -> EventDate:
        """The event date typed; refuses future dates and vague dates dressed up as exact."""
        self.error.clear()
        try:
            event = self._read()
            check_not_future(event)
        except DomainError as exc:
            self.error.show_error(exc.message)
            raise
        return event

    def _read(self) -> EventDate:
        precision = DatePrecision(self.precision.currentData())
        text = self.date.text().strip()
        approximate = self.approximate.isChecked()
        if precision in (DatePrecision.TIME, DatePrecision.DAY):
            day = parse_date(text)
            if precision is DatePrecision.DAY:
                return _domain(lambda: EventDate.on_day(day, approximate=approximate))
            if not self.time.text().strip():
                raise InvalidDate("Please enter the time as 24-hour hours:minutes, or choose Day known.")
            moment = uk_local_to_utc(day, parse_time(self.time.text()))
            return _domain(lambda: EventDate.exact(moment, approximate=approximate))
        if precision is DatePrecision.MONTH:
            match = _MONTH.fullmatch(text)
            if match is None:
                raise InvalidDate("Please write the month as month/year, for example 03/2023.")
            month, year = int(match.group(1)), int(match.group(2))
            return _domain(lambda: EventDate.in_month(year, month, approximate=approximate))
        if _YEAR.fullmatch(text) is None:
            raise InvalidDate("Please write the year with four digits, for example 2023.")
        return _domain(lambda: EventDate.in_year(int(text), approximate=approximate))


def _domain(build: Callable[[], EventDate]) -> EventDate:
    """Run an EventDate constructor, turning its ValidationError into the domain's message."""
    try:
        return build()
    except pydantic.ValidationError as exc:
        errors = exc.errors()
        original = (errors[0].get("ctx") or {}).get("error") if errors else None
        raise InvalidDate(
            original.message if isinstance(original, DomainError) else "This date is not valid; please check it."
        ) from None


class ChildrenRoles(QWidget):
    """The children involved, one row each: an 'involved' tick and a tick per role."""

    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Stored[Child], QCheckBox, dict[ChildRole, QCheckBox]]] = []
        self._grid = QGridLayout()
        self._grid.addWidget(plain_label("Child"), 0, 0)
        for column, role in enumerate(ChildRole, start=1):
            self._grid.addWidget(plain_label(role.label()), 0, column)
        self.add_button = named(QPushButton("Add another child…"), "Add another child")
        self.add_button.clicked.connect(self.add_requested)
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        layout.addWidget(self.error)

    def ids(self) -> set[UUID]:
        """The children already listed (ticked or not)."""
        return {stored.record_id for stored, _, _ in self._rows}

    def add_child(self, stored: Stored[Child], *, involved: bool) -> None:
        """Add a row for a child; a child already listed is ticked instead of repeated."""
        for existing, tick, _ in self._rows:
            if existing.record_id == stored.record_id:
                tick.setChecked(tick.isChecked() or involved)
                return
        name = stored.data.title()
        # QCheckBox text is never rich text, so a name with markup shows as typed.
        tick = named(QCheckBox(name), f"{name} is involved")
        tick.setChecked(involved)
        roles: dict[ChildRole, QCheckBox] = {}
        row = len(self._rows) + 1
        self._grid.addWidget(tick, row, 0)
        for column, role in enumerate(ChildRole, start=1):
            box = named(QCheckBox(), f"{name}: {role.label()}")
            box.setEnabled(involved)
            tick.toggled.connect(box.setEnabled)
            self._grid.addWidget(box, row, column, Qt.AlignmentFlag.AlignCenter)
            roles[role] = box
        self._rows.append((stored, tick, roles))

    def rows(self) -> list[tuple[Stored[Child], QCheckBox, dict[ChildRole, QCheckBox]]]:
        """Each child listed, with their 'involved' tick and role ticks."""
        return list(self._rows)

    def role_box(self, record_id: UUID, role: ChildRole) -> QCheckBox:
        """The tick for one child's role (for keyboard focus and for tests)."""
        for stored, _, roles in self._rows:
            if stored.record_id == record_id:
                return roles[role]
        raise KeyError(record_id)

    def value(self) -> list[ConcernChild]:
        """The ticked children with their roles; each needs at least one role."""
        self.error.clear()
        chosen: list[ConcernChild] = []
        for stored, tick, roles in self._rows:
            if not tick.isChecked():
                continue
            picked = frozenset(role for role, box in roles.items() if box.isChecked())
            if not picked:
                message = f"Choose at least one role for {stored.data.title()}."
                self.error.show_error(message)
                raise DomainError(message)
            chosen.append(ConcernChild(child_id=stored.record_id, roles=picked))
        if not chosen:
            message = "Tick at least one child involved in the concern."
            self.error.show_error(message)
            raise DomainError(message)
        return chosen


class CategoryPicker(QWidget):
    """A searchable multi-select: a filter box over a list of ticks, and what is chosen so far."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = line_edit("Filter categories", "Type to filter the categories")
        self.list = named(QListWidget(), "Categories")
        for category in ConcernCategory:
            item = QListWidgetItem(category.label())
            item.setData(Qt.ItemDataRole.UserRole, category.value)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setMinimumHeight(self.list.sizeHintForRow(0) * 7)
        self.chosen = plain_label("Chosen: none")
        self.chosen.setAccessibleName("Chosen categories")
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(self.chosen)
        layout.addWidget(self.error)
        self.filter.textChanged.connect(self._filter)
        self.list.itemChanged.connect(self._update_chosen)
        self.setFocusProxy(self.filter)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for row in range(self.list.count()):
            item = self.list.item(row)
            label = item.text().casefold()
            item.setHidden(not all(word in label for word in words))

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def set_checked(self, category: ConcernCategory, checked: bool = True) -> None:
        """Tick or untick a category."""
        for item in self._items():
            if item.data(Qt.ItemDataRole.UserRole) == category.value:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def selected(self) -> list[ConcernCategory]:
        """The ticked categories, in the list's order."""
        return [
            ConcernCategory(item.data(Qt.ItemDataRole.UserRole))
            for item in self._items()
            if item.checkState() == Qt.CheckState.Checked
        ]

    def _update_chosen(self) -> None:
        chosen = [c.label() for c in self.selected()]
        self.chosen.setText("Chosen: " + (", ".join(chosen) if chosen else "none"))

    def value(self) -> frozenset[ConcernCategory]:
        """The ticked categories; at least one is needed."""
        self.error.clear()
        chosen = frozenset(self.selected())
        if not chosen:
            self.error.show_error("Choose at least one category.")
            raise DomainError("Choose at least one category.")
        return chosen


class InformedRows(QWidget):
    """Who was informed and when: rows of party, name, date and time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[QComboBox, QLineEdit, QLineEdit, QLineEdit, QPushButton]] = []
        self._grid = QGridLayout()
        for column, text in enumerate(("Who", "Name", "Date", "Time")):
            self._grid.addWidget(plain_label(text), 0, column)
        self.add_button = named(QPushButton("Add someone informed"), "Add someone informed")
        self.add_button.clicked.connect(self.add_row)
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        layout.addWidget(self.error)

    def add_row(self) -> None:
        """Add an empty row and put the cursor in it."""
        number = len(self.rows) + 1
        party = named(QComboBox(), f"Informed {number}: who")
        for kind in InformedParty:
            party.addItem(kind.label(), kind.value)
        name = line_edit(f"Informed {number}: name")
        when_date = date_edit(f"Informed {number}: date")
        when_time = line_edit(f"Informed {number}: time", "HH:MM", max_length=5)
        when_time.setMaximumWidth(when_time.fontMetrics().horizontalAdvance("HH:MM") + 30)
        remove = named(QPushButton("Remove"), f"Remove informed {number}")
        widgets = (party, name, when_date, when_time, remove)
        row = len(self.rows) + 1
        for column, widget in enumerate(widgets):
            self._grid.addWidget(widget, row, column)
        self.rows.append(widgets)
        remove.clicked.connect(lambda: self._remove(widgets))
        party.setFocus()

    def _remove(self, widgets: tuple[QComboBox, QLineEdit, QLineEdit, QLineEdit, QPushButton]) -> None:
        self.rows.remove(widgets)
        for widget in widgets:
            widget.hide()
            widget.deleteLater()

    def value(self) -> list[InformedRecord]:
        """The rows as records. Date and time go together: a date alone would have to be
        stored as a made-up time, which is the false exactness records must avoid."""
        self.error.clear()
        records: list[InformedRecord] = []
        try:
            for party, name, when_date, when_time, _ in self.rows:
                when: datetime | None = None
                date_text, time_text = when_date.text().strip(), when_time.text().strip()
                if bool(date_text) != bool(time_text):
                    raise InvalidDate(
                        "Give both the date and the 24-hour time they were "
                        "informed (for example 14/03/2023 and 14:05), or neither."
                    )
                if date_text:
                    when = uk_local_to_utc(parse_date(date_text), parse_time(time_text))
                    if when > utc_now():
                        raise InvalidDate(
                            f"{format_datetime(when)} is in the future; please check when they were informed."
                        )
                records.append(InformedRecord(party=InformedParty(party.currentData()), name=name.text(), when=when))
        except DomainError as exc:
            self.error.show_error(exc.message)
            raise
        return records


class ChildPicker(QDialog):
    """Choose another child (a sibling, a friend, an alleged perpetrator) to add to a concern."""

    def __init__(self, children: Repository[Child], exclude: set[UUID], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add another child")
        self._children = children
        self._exclude = exclude
        self.chosen: Stored[Child] | None = None
        self.search = line_edit("Find a child", "Type a name, NHS number or UPN")
        self.matches = named(QListWidget(), "Matching children")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.matches)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self._find)
        self.matches.itemActivated.connect(lambda _: self.accept())
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self._find("")

    def _find(self, text: str) -> None:
        self.matches.clear()
        try:
            found = self._children.list(text=text, limit=50)
        except SafeguardError:  # locked meanwhile: the lock closes this dialog anyway
            return
        for stored in found:
            if stored.record_id in self._exclude:
                continue
            item = QListWidgetItem(stored.data.title())
            item.setData(Qt.ItemDataRole.UserRole, stored)
            self.matches.addItem(item)

    def accept(self) -> None:
        """Keep the highlighted child, if any."""
        item = self.matches.currentItem()
        self.chosen = item.data(Qt.ItemDataRole.UserRole) if item else None
        super().accept()
