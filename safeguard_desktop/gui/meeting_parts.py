"""The parts of the meeting form that are more than one input each.

Each part has `value()`, which returns domain values or raises DomainError with a sentence
for the practitioner, shown next to the part itself (as in concern_parts.py).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.domain.meeting import Attendee, MeetingAction
from safeguard_desktop.domain.people import Adult, Child
from safeguard_desktop.gui.forms import date_edit, optional_date
from safeguard_desktop.gui.widgets import ErrorLabel, line_edit, named, plain_label
from safeguard_desktop.vault.store import Stored

ATTENDED, ABSENT, NOT_INVITED = "attended", "absent", "not_invited"
ATTENDANCE = ((None, "— choose —"), (ATTENDED, "Attended"), (ABSENT, "Did not attend"), (NOT_INVITED, "Not invited"))


def _fail(error: ErrorLabel, message: str) -> DomainError:
    error.show_error(message)
    return DomainError(message)


def _headed_grid(headers: tuple[str, ...]) -> QGridLayout:
    grid = QGridLayout()
    for column, text in enumerate(headers):
        header = plain_label(text, wrap=False)
        font = header.font()
        font.setBold(True)
        header.setFont(font)
        grid.addWidget(header, 0, column)
    return grid


class ChildTicks(QWidget):
    """The children the meeting was about: one tick each, and a button to add another."""

    changed = Signal()
    add_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ticks: dict[UUID, QCheckBox] = {}
        self._list = QVBoxLayout()
        self.add_button = named(QPushButton("Add another child…"), "Add another child")
        self.add_button.clicked.connect(self.add_requested)
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._list)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.error)

    def add_child(self, stored: Stored[Child], *, ticked: bool) -> None:
        """List a child (once); a sibling is offered unticked."""
        tick = self._ticks.get(stored.record_id)
        if tick is None:
            name = stored.data.title()
            tick = named(QCheckBox(name), f"The meeting was about {name}")
            tick.toggled.connect(lambda _: self.changed.emit())
            self._list.addWidget(tick)
            self._ticks[stored.record_id] = tick
            if len(self._ticks) == 1:
                self.setFocusProxy(tick)
        tick.setChecked(tick.isChecked() or ticked)
        self.changed.emit()

    def ids(self) -> set[UUID]:
        """Every child listed, ticked or not."""
        return set(self._ticks)

    def tick_box(self, record_id: UUID) -> QCheckBox:
        """One child's tick (for keyboard focus and tests)."""
        return self._ticks[record_id]

    def set_ticked(self, record_id: UUID, ticked: bool) -> None:
        """Tick or untick a listed child."""
        if record_id in self._ticks:
            self._ticks[record_id].setChecked(ticked)

    def ticked(self) -> list[UUID]:
        """The ticked children, in the order listed."""
        return [record_id for record_id, tick in self._ticks.items() if tick.isChecked()]

    def value(self) -> list[UUID]:
        """The ticked children; at least one is needed."""
        self.error.clear()
        chosen = self.ticked()
        if not chosen:
            raise _fail(self.error, "Tick at least one child the meeting was about.")
        return chosen


class _PersonRow:
    def __init__(self, adult: Stored[Adult], role: str, is_parent: bool) -> None:
        self.adult = adult
        self.role = role
        self.child_ids: set[UUID] = set()
        name = adult.data.title()
        self.name = plain_label(name)
        self.name.setAccessibleName(f"Name: {name}")
        self.relationship = plain_label(role)
        self.parent = named(QCheckBox("Parent or carer"), f"{name} is a parent or carer")
        self.parent.setChecked(is_parent)
        self.attendance = named(QComboBox(), f"{name}: attendance")
        for value, text in ATTENDANCE:
            self.attendance.addItem(text, value)
        # A parent must be answered for; anyone else counts only when invited.
        self.attendance.setCurrentIndex(0 if is_parent else len(ATTENDANCE) - 1)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.name, self.relationship, self.parent, self.attendance)

    def described(self) -> str:
        return f"{self.adult.data.title()} ({self.role})"


class PeopleAttendance(QWidget):
    """The children's recorded adults, each with a parent-or-carer tick and their attendance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[UUID, _PersonRow] = {}
        self._grid = _headed_grid(("Name", "Relationship", "Parent or carer", "Attendance"))
        self.empty = plain_label(
            "No adults are recorded for these children. Add each parent and carer, fathers and male "
            "carers included, with Child ▸ Add person, so their attendance can be recorded."
        )
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        layout.addWidget(self.empty)
        layout.addWidget(self.error)

    def add_person(self, adult: Stored[Adult], role: str, is_parent: bool, child_id: UUID) -> None:
        """Add an adult's row (once, however many of the children they are linked to)."""
        row = self.rows.get(adult.record_id)
        if row is None:
            row = _PersonRow(adult, role, is_parent)
            line = len(self.rows) + 1
            for column, widget in enumerate(row.widgets()):
                self._grid.addWidget(widget, line, column)
            self.rows[adult.record_id] = row
            if line == 1:
                self.setFocusProxy(row.parent)
        row.child_ids.add(child_id)

    def show_for(self, child_ids: list[UUID]) -> None:
        """Show only the adults of the ticked children."""
        ticked = set(child_ids)
        for row in self.rows.values():
            for widget in row.widgets():
                widget.setVisible(bool(row.child_ids & ticked))
        self.empty.setVisible(not self.visible_rows())

    def visible_rows(self) -> list[_PersonRow]:
        """The rows of the ticked children's adults."""
        return [row for row in self.rows.values() if not row.parent.isHidden()]

    def row_for(self, adult_id: UUID) -> _PersonRow:
        """One adult's row (for tests and drafts)."""
        return self.rows[adult_id]

    def states(self) -> dict[UUID, dict[str, Any]]:
        """Each row's ticks and answer, for a draft."""
        return {
            i: {"parent": r.parent.isChecked(), "attendance": r.attendance.currentData()} for i, r in self.rows.items()
        }

    def restore(self, adult_id: str, values: dict[str, Any]) -> None:
        """Put one row's draft back; an adult no longer listed is skipped."""
        try:
            row = self.rows.get(UUID(adult_id))
        except ValueError:
            return
        if row is not None and isinstance(values, dict):
            if isinstance(values.get("parent"), bool):
                row.parent.setChecked(values["parent"])
            index = row.attendance.findData(values.get("attendance"))
            if index >= 0:
                row.attendance.setCurrentIndex(index)

    def value(self) -> list[Attendee]:
        """Every parent and carer with their answer, and anyone else who was invited."""
        self.error.clear()
        missing = [
            row.described()
            for row in self.visible_rows()
            if row.parent.isChecked() and row.attendance.currentData() is None
        ]
        if missing:
            raise _fail(
                self.error,
                "Say whether each parent or carer attended, did not attend or was not invited: "
                + "; ".join(missing)
                + ".",
            )
        attendees = []
        for row in self.visible_rows():
            answer = row.attendance.currentData()
            if not row.parent.isChecked() and answer in (None, NOT_INVITED):
                continue
            attendees.append(
                Attendee(
                    name=row.adult.data.title(),
                    role=row.role,
                    is_parent=row.parent.isChecked(),
                    adult_id=row.adult.record_id,
                    attended=answer == ATTENDED,
                    invited=answer != NOT_INVITED,
                )
            )
        return attendees


class _FreeRow:
    def __init__(self, number: int, fields: tuple[tuple[str, QWidget], ...]) -> None:
        self.fields = dict(fields)
        self.remove = named(QPushButton("Remove"), f"Remove row {number}")

    def inputs(self) -> dict[str, QWidget]:
        return self.fields

    def text(self, name: str) -> str:
        widget = self.fields[name]
        assert isinstance(widget, QLineEdit)
        return widget.text().strip()

    def ticked(self, name: str) -> bool:
        widget = self.fields[name]
        assert isinstance(widget, QCheckBox)
        return widget.isChecked()


class _FreeRows(QWidget):
    """Rows typed freely, with an Add button and a Remove button on each."""

    HEADERS: tuple[str, ...] = ()
    ADD = ""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[_FreeRow] = []
        self._grid = _headed_grid(self.HEADERS)
        self.add_button = named(QPushButton(self.ADD), self.ADD.rstrip("…"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._grid)
        add_row = QHBoxLayout()
        add_row.addWidget(self.add_button)
        add_row.addStretch(1)
        layout.addLayout(add_row)
        layout.addWidget(self.error)
        self.setFocusProxy(self.add_button)

    def make_fields(self, number: int) -> tuple[tuple[str, QWidget], ...]:
        raise NotImplementedError

    def add_row(self) -> _FreeRow:
        """Add an empty row and put the cursor in it."""
        number = len(self.rows) + 1
        row = _FreeRow(number, self.make_fields(number))
        line = self._grid.rowCount()
        for column, widget in enumerate([*row.fields.values(), row.remove]):
            self._grid.addWidget(widget, line, column)
        self.rows.append(row)
        row.remove.clicked.connect(lambda: self._remove(row))
        next(iter(row.fields.values())).setFocus()
        return row

    def _remove(self, row: _FreeRow) -> None:
        self.rows.remove(row)
        for widget in [*row.fields.values(), row.remove]:
            widget.hide()
            widget.deleteLater()
        self.add_button.setFocus()


class ProfessionalRows(_FreeRows):
    """Professionals (and anyone not in the child's record) at the meeting."""

    HEADERS = ("Name", "Role and agency", "Attended", "")
    ADD = "Add professional"

    def make_fields(self, number: int) -> tuple[tuple[str, QWidget], ...]:
        attended = named(QCheckBox("Attended"), f"Professional {number}: attended")
        attended.setChecked(True)
        return (
            ("name", line_edit(f"Professional {number}: name")),
            ("role", line_edit(f"Professional {number}: role and agency", "e.g. Social worker, Children's Services")),
            ("attended", attended),
        )

    def value(self) -> list[Attendee]:
        """The rows with a name; a row with only a role is refused (blank rows are ignored)."""
        self.error.clear()
        found = []
        for number, row in enumerate(self.rows, start=1):
            name, role = row.text("name"), row.text("role")
            if not (name or role):
                continue
            if not name:
                raise _fail(self.error, f"Give the name of professional {number} ({role}).")
            found.append(Attendee(name=name, role=role, is_parent=False, attended=row.ticked("attended")))
        return found


class ActionRows(_FreeRows):
    """The actions agreed: what, who owns it, by when, and whether it is done."""

    HEADERS = ("Action", "Owner", "Due (dd/mm/yyyy)", "Done", "")
    ADD = "Add action"

    def make_fields(self, number: int) -> tuple[tuple[str, QWidget], ...]:
        return (
            ("action", line_edit(f"Action {number}: what is to be done")),
            ("owner", line_edit(f"Action {number}: owner", "Name or role")),
            ("due", date_edit(f"Action {number}: due date")),
            ("done", named(QCheckBox("Done"), f"Action {number}: done")),
        )

    def value(self) -> list[MeetingAction]:
        """The filled rows; each needs what and who, and a due date written dd/mm/yyyy if any."""
        self.error.clear()
        found = []
        for number, row in enumerate(self.rows, start=1):
            action, owner, due = row.text("action"), row.text("owner"), row.fields["due"]
            assert isinstance(due, QLineEdit)
            if not (action or owner or due.text().strip()):
                continue
            if not (action and owner):
                raise _fail(self.error, f"Action {number} needs both what is to be done and who owns it.")
            try:
                when = optional_date(due)
            except DomainError as exc:
                raise _fail(self.error, f"Action {number}: {exc.message}") from None
            found.append(MeetingAction(action=action, owner=owner, due=when, done=row.ticked("done")))
        return found
