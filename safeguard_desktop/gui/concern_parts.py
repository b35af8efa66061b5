"""The pieces of the concern form that are more than one input each.

Each piece has `value()`, which returns domain values or raises DomainError with a sentence
for the practitioner, and shows that sentence next to itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
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
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.categories import ChildRole, ConcernCategory
from safeguard_desktop.domain.concern import ConcernChild
from safeguard_desktop.domain.errors import DomainError, InvalidDate
from safeguard_desktop.domain.eventdate import DatePrecision, EventDate, check_not_future
from safeguard_desktop.domain.people import Child
from safeguard_desktop.domain.practitioner import Practitioner
from safeguard_desktop.domain.ukdates import format_date, format_time, parse_date, to_uk, uk_local_to_utc
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.gui.forms import DATE_HINT, date_edit, parse_time
from safeguard_desktop.gui.help import whats_this
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
        self.precision.setWhatsThis(whats_this("precision"))
        for precision, label, _ in PRECISIONS:
            self.precision.addItem(label, precision.value)
        self.date = date_edit("Date it happened")
        self.time = line_edit("Time it happened", "HH:MM (24-hour)", max_length=5)
        self.time.setMaximumWidth(self.time.fontMetrics().horizontalAdvance("HH:MM (24-hour)") + 24)
        self.approximate = named(QCheckBox("Approximate"), "Date is approximate")
        self.approximate.setWhatsThis(whats_this("approximate"))
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

    def set_value(self, event: EventDate) -> None:
        """Show a stored date, at its own precision (for a correction)."""
        self.precision.setCurrentIndex(self.precision.findData(event.precision.value))
        self.approximate.setChecked(event.approximate)
        self.time.clear()
        if event.time_utc is not None:
            local = to_uk(event.time_utc)
            self.date.setText(format_date(local.date()))
            self.time.setText(format_time(event.time_utc))
        elif event.day is not None and event.month is not None:
            self.date.setText(format_date(date(event.year, event.month, event.day)))
        elif event.month is not None:
            self.date.setText(f"{event.month:02d}/{event.year}")
        else:
            self.date.setText(str(event.year))

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
    # A child added, ticked or unticked, or a role changed (the body map asks whose body from these).
    changed = Signal()

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
            box.toggled.connect(self.changed)
            self._grid.addWidget(box, row, column, Qt.AlignmentFlag.AlignCenter)
            roles[role] = box
        tick.toggled.connect(self.changed)
        # Added after the form was built, so Qt put them last in the Tab order: back above the button.
        anchor = self.add_button.previousInFocusChain()
        while not anchor.focusPolicy().value & Qt.FocusPolicy.TabFocus.value and anchor is not self.add_button:
            anchor = anchor.previousInFocusChain()  # Qt ignores an order set after a label that takes no focus
        chain = [anchor, tick, *roles.values(), self.add_button]
        for at in range(len(chain) - 1):
            QWidget.setTabOrder(chain[at], chain[at + 1])
        self._rows.append((stored, tick, roles))
        self.changed.emit()

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


class PractitionerInput(QWidget):
    """Who recorded it: name, role and organisation, prefilled with the vault's practitioner.

    Editable because a DSL sometimes enters a concern on a colleague's behalf; the vault
    still logs who actually typed it (the version's author).
    """

    def __init__(self, practitioner: Practitioner, what: str = "Recorded by", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._contact = practitioner.contact
        self._default = practitioner
        self.name = line_edit(f"{what}: name", "Name", max_length=200)
        self.role = line_edit(f"{what}: role", "Role, e.g. Class teacher", max_length=200)
        self.organisation = line_edit(f"{what}: organisation", "Organisation", max_length=200)
        self.error = ErrorLabel()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.name, self.role, self.organisation):
            row.addWidget(widget, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.set_value(practitioner)
        self.setFocusProxy(self.name)

    def set_value(self, practitioner: Practitioner) -> None:
        """Show a practitioner (their contact is kept unless the name changes)."""
        self._contact = practitioner.contact
        self.name.setText(practitioner.name)
        self.role.setText(practitioner.role)
        self.organisation.setText(practitioner.organisation)

    def text(self) -> str:
        """The recorder as one line, as it will be shown."""
        return ", ".join(
            t for t in (self.name.text().strip(), self.role.text().strip(), self.organisation.text().strip()) if t
        )

    def value(self) -> Practitioner:
        """The recorder; name, role and organisation are each needed."""
        self.error.clear()
        name, role, organisation = (w.text().strip() for w in (self.name, self.role, self.organisation))
        missing = [what for what, text in (("name", name), ("role", role), ("organisation", organisation)) if not text]
        if missing:
            message = f"Give the {' and '.join(missing)} of the person who recorded this."
            self.error.show_error(message)
            raise DomainError(message)
        # Someone else's contact details are not ours to guess: keep them only for the same person.
        contact = self._contact if name.casefold() == self._default.name.casefold() else ""
        return Practitioner(name=name, role=role, organisation=organisation, contact=contact)


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
