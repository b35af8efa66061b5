"""The end of the concern form: who was informed and when, and the concern's status.

"When" someone was informed is a date and a 24-hour time typed together: a date alone
would have to be stored as a made-up time, which is the false exactness records avoid.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.categories import ConcernStatus, InformedParty
from safeguard_desktop.domain.concern import InformedRecord, StatusChange, with_status_change
from safeguard_desktop.domain.errors import DomainError, InvalidDate
from safeguard_desktop.domain.ukdates import (
    format_date,
    format_datetime,
    format_time,
    parse_date,
    to_uk,
    uk_local_to_utc,
    uk_today,
    utc_now,
)
from safeguard_desktop.gui.forms import date_edit, parse_time
from safeguard_desktop.gui.widgets import ErrorLabel, line_edit, named, plain_label

# (who, name, date, time, Remove): the note sits beside each row, found with `note_of`.
InformedRow = tuple[QComboBox, QLineEdit, QLineEdit, QLineEdit, QPushButton]
TIME_HINT = "HH:MM (24h)"


class InformedRows(QWidget):
    """Who was informed and when: rows of party, name, date, 24-hour time and a note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[InformedRow] = []
        self._notes: dict[QPushButton, QLineEdit] = {}
        self._added = 0
        self._grid = QGridLayout()
        for column, text in enumerate(("Who", "Name", "Date", "Time (24-hour)", "Note")):
            self._grid.addWidget(plain_label(text, wrap=False), 0, column)
        self._grid.setColumnStretch(1, 1)
        self._grid.setColumnStretch(4, 1)
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
        self._added += 1
        number = self._added
        party = named(QComboBox(), f"Informed {number}: who")
        for kind in InformedParty:
            party.addItem(kind.label(), kind.value)
        name = line_edit(f"Informed {number}: name")
        when_date = date_edit(f"Informed {number}: date")
        when_time = line_edit(f"Informed {number}: time, 24-hour", TIME_HINT, max_length=5)
        when_time.setAccessibleDescription("24-hour hours and minutes, for example 14:05")
        when_time.setMaximumWidth(when_time.fontMetrics().horizontalAdvance(TIME_HINT) + 24)
        note = line_edit(f"Informed {number}: note", "e.g. by phone; advised to …")
        remove = named(QPushButton("Remove"), f"Remove informed {number}")
        widgets: InformedRow = (party, name, when_date, when_time, remove)
        # Rows removed earlier leave their grid row empty, so new rows go below the last used.
        row = self._grid.rowCount()
        for column, widget in enumerate((party, name, when_date, when_time, note, remove)):
            self._grid.addWidget(widget, row, column)
        self.rows.append(widgets)
        self._notes[remove] = note
        remove.clicked.connect(lambda: self._remove(widgets))
        party.setFocus()

    def note_of(self, index: int) -> QLineEdit:
        """The note field of row `index` (0 = first)."""
        return self._notes[self.rows[index][-1]]

    def _remove(self, widgets: InformedRow) -> None:
        self.rows.remove(widgets)
        note = self._notes.pop(widgets[-1])
        for widget in (*widgets, note):
            widget.hide()
            widget.deleteLater()

    def clear_rows(self) -> None:
        """Remove every row."""
        for widgets in list(self.rows):
            self._remove(widgets)

    def set_value(self, records: list[InformedRecord]) -> None:
        """Show stored records (for a correction), replacing any rows."""
        self.clear_rows()
        for record in records:
            self.add_row()
            party, name, when_date, when_time, _ = self.rows[-1]
            note = self.note_of(len(self.rows) - 1)
            party.setCurrentIndex(party.findData(record.party.value))
            name.setText(record.name)
            if record.when is not None:
                when_date.setText(format_date(to_uk(record.when).date()))
                when_time.setText(format_time(record.when))
            note.setText(record.note)

    def texts(self) -> list[list[str]]:
        """Each row as [party value, name, date, time, note], for drafts."""
        return [
            [party.currentData(), name.text(), when_date.text(), when_time.text(), self._notes[remove].text()]
            for party, name, when_date, when_time, remove in self.rows
        ]

    def restore_texts(self, rows: list[list[str]]) -> None:
        """Put `texts()` back; older drafts without a note are accepted."""
        self.clear_rows()
        for entry in rows:
            values = [str(v) for v in entry][:5] + [""] * (5 - len(entry))
            self.add_row()
            party, name, when_date, when_time, _ = self.rows[-1]
            note = self.note_of(len(self.rows) - 1)
            index = party.findData(values[0])
            if index >= 0:
                party.setCurrentIndex(index)
            name.setText(values[1])
            when_date.setText(values[2])
            when_time.setText(values[3])
            note.setText(values[4])

    def value(self) -> list[InformedRecord]:
        """The rows as records; a date needs its time and a time its date."""
        self.error.clear()
        records: list[InformedRecord] = []
        try:
            for number, (party, name, when_date, when_time, remove) in enumerate(self.rows, start=1):
                note = self._notes[remove]
                when: datetime | None = None
                date_text, time_text = when_date.text().strip(), when_time.text().strip()
                if bool(date_text) != bool(time_text):
                    raise InvalidDate(
                        f"Give both the date and the 24-hour time for informed row {number} "
                        "(for example 14/03/2023 and 14:05), or neither."
                    )
                if date_text:
                    when = uk_local_to_utc(parse_date(date_text), parse_time(time_text))
                    if when > utc_now():
                        raise InvalidDate(
                            f"{format_datetime(when)} is in the future; please check when they were informed."
                        )
                records.append(
                    InformedRecord(
                        party=InformedParty(party.currentData()), name=name.text(), when=when, note=note.text()
                    )
                )
        except DomainError as exc:
            self.error.show_error(exc.message)
            raise
        return records


class StatusInput(QWidget):
    """The status, and when a change of status took effect, with a note."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = named(QComboBox(), "Status")
        for status in ConcernStatus:
            self.status.addItem(status.label(), status.value)
        self.changed_on = date_edit("Status changed on")
        self.changed_on.setPlaceholderText("today")
        self.changed_on.setAccessibleDescription("The day the status changed, dd/mm/yyyy; blank means today")
        self.note = line_edit("Note about the status change", "Why the status changed (optional)")
        self.error = ErrorLabel()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.status)
        row.addWidget(plain_label("changed on", wrap=False))
        row.addWidget(self.changed_on)
        row.addWidget(self.note, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self._previous: ConcernStatus | None = None
        self.status.currentIndexChanged.connect(self._update)
        self._update()
        self.setFocusProxy(self.status)

    def set_previous(self, status: ConcernStatus | None) -> None:
        """The status before this edit (None for a new concern); it is selected."""
        self._previous = status
        self.status.setCurrentIndex(self.status.findData((status or ConcernStatus.OPEN).value))
        self._update()

    def current(self) -> ConcernStatus:
        """The status chosen."""
        return ConcernStatus(self.status.currentData())

    def _update(self) -> None:
        # The date and note only mean something when the status is being changed.
        changing = self.current() != (self._previous or ConcernStatus.OPEN)
        self.changed_on.setEnabled(changing)
        self.note.setEnabled(changing)

    def history(self, history: list[StatusChange]) -> list[StatusChange]:
        """`history` with this change appended when the status changed; DomainError if the date is wrong."""
        self.error.clear()
        try:
            text = self.changed_on.text().strip()
            on = parse_date(text) if text else uk_today()
            return with_status_change(history, self._previous, self.current(), on, self.note.text().strip())
        except DomainError as exc:
            self.error.show_error(exc.message)
            raise
