"""Form inputs that know the domain: UK dates and times, lists, addresses."""

from __future__ import annotations

import re
from datetime import date, time

from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QWidget,
)

from safeguard_desktop.domain.errors import DomainError, InvalidDate
from safeguard_desktop.domain.identifiers import normalise_postcode
from safeguard_desktop.domain.people import Address
from safeguard_desktop.domain.ukdates import parse_date
from safeguard_desktop.gui.widgets import Field, line_edit, text_edit

DATE_HINT = "dd/mm/yyyy"


def date_edit(name: str) -> QLineEdit:
    """A date typed day/month/year. A line edit, not QDateEdit: dates here are often blank."""
    edit = line_edit(name, DATE_HINT, max_length=10)
    edit.setAccessibleDescription("Day, month and year, for example 14/03/2023")
    edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 24)
    return edit


def optional_date(edit: QLineEdit) -> date | None:
    """The date typed in `edit`, None when blank; InvalidDate explains anything else."""
    text = edit.text().strip()
    return parse_date(text) if text else None


_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")


def parse_time(text: str) -> time:
    """Read a 24-hour time written ``HH:MM`` (``14:05``); raise InvalidDate otherwise."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise InvalidDate("Please write the time as 24-hour hours:minutes, for example 14:05.")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise InvalidDate(f"{text.strip()} is not a time of day; please check it.")
    return time(hour, minute)


def split_list(text: str) -> list[str]:
    """Split a comma-separated list typed by a person (other names, aliases)."""
    return [part.strip() for part in text.split(",") if part.strip()]


class AddressInput(QWidget):
    """Address lines, town and postcode; the postcode is checked with the domain's message."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lines = text_edit(f"{name}: street lines", "House and street, one per line", rows=2)
        self.town = line_edit(f"{name}: town")
        self.postcode = line_edit(f"{name}: postcode", "e.g. OX1 1AA", max_length=10)
        self.postcode_field = Field(self.postcode)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Lines", self.lines)
        form.addRow("Town", self.town)
        form.addRow("Postcode", self.postcode_field)
        self.setFocusProxy(self.lines)

    def value(self) -> Address | None:
        """The address typed, or None when every part is blank.

        A bad postcode is shown next to the postcode and raised as DomainError, so the form
        can stop saving without losing anything typed.
        """
        self.postcode_field.error.clear()
        lines = [line for line in self.lines.toPlainText().splitlines() if line.strip()]
        town = self.town.text().strip()
        postcode = self.postcode.text().strip() or None
        if not (lines or town or postcode):
            return None
        if postcode:
            try:
                postcode = normalise_postcode(postcode)
            except DomainError as exc:
                self.postcode_field.error.show_error(exc.message)
                raise
        return Address(lines=lines, town=town, postcode=postcode)

    def clear(self) -> None:
        """Empty every part."""
        self.lines.clear()
        self.town.clear()
        self.postcode.clear()
        self.postcode_field.error.clear()
