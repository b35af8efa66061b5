"""Small building blocks shared by every form: plain-text labels, inline errors, UK inputs.

Anything a person typed reaches the screen through `plain_label` or an input widget, both
of which show text literally: a name such as ``<b>Test & Co</b>`` must never be rendered as
markup. Colours come from the system palette, never from here.
"""

from __future__ import annotations

import re
from datetime import date, time
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.domain.errors import DomainError, InvalidDate
from safeguard_desktop.domain.identifiers import normalise_postcode
from safeguard_desktop.domain.people import Address
from safeguard_desktop.domain.ukdates import parse_date

W = TypeVar("W", bound=QWidget)

DATE_HINT = "dd/mm/yyyy"


def plain_label(text: str = "", *, wrap: bool = True, selectable: bool = False) -> QLabel:
    """A label that shows its text literally (never rich text), for user data and prose."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    label.setWordWrap(wrap)
    if selectable:
        # Practitioners copy identifiers into other systems (SystmOne, the MASH portal).
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
    return label


def heading(text: str, *, level: int = 1) -> QLabel:
    """A bold, larger plain-text heading; sized from the system font, not fixed points."""
    label = plain_label(text)
    font = label.font()
    font.setBold(True)
    if level == 1:
        font.setPointSizeF(font.pointSizeF() * 1.3)
    label.setFont(font)
    label.setAccessibleName(text)
    return label


def named(widget: W, name: str, description: str = "") -> W:
    """Give a widget the accessible name a screen reader announces."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


class ErrorLabel(QWidget):
    """An inline message shown next to the field it is about; hidden when there is none.

    A warning icon from the current style and bold text mark it, so it reads as an error in
    light and dark palettes alike without a hard-coded red.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size, size))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self._text = plain_label()
        font = self._text.font()
        font.setBold(True)
        self._text.setFont(font)
        layout.addWidget(icon)
        layout.addWidget(self._text, 1)
        self.setAccessibleName("Problem")
        self.hide()

    def show_error(self, message: str) -> None:
        """Show `message`; an empty message hides the label."""
        self._text.setText(message)
        self.setAccessibleDescription(message)
        self.setVisible(bool(message))

    def clear(self) -> None:
        """Hide the message."""
        self.show_error("")

    def text(self) -> str:
        """The message shown, or an empty string."""
        return "" if self.isHidden() else self._text.text()


class Field(QWidget):
    """An input with its own inline error underneath, for a QFormLayout row."""

    def __init__(self, editor: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.error = ErrorLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error)
        # Never take spare height: it would open a gap between the input and its label.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.setFocusProxy(editor)


def line_edit(name: str, placeholder: str = "", *, max_length: int = 500) -> QLineEdit:
    """A single-line input with an accessible name."""
    edit = named(QLineEdit(), name)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(max_length)
    return edit


def text_edit(name: str, placeholder: str = "", *, rows: int = 4) -> QPlainTextEdit:
    """A multi-line plain-text input (never rich text: pasted formatting is dropped)."""
    edit = named(QPlainTextEdit(), name)
    edit.setPlaceholderText(placeholder)
    # Tab moves to the next field, as everywhere else in the form, rather than typing a tab.
    edit.setTabChangesFocus(True)
    # A fixed height of `rows` lines: left to itself a text box swallows the whole form;
    # longer text scrolls inside it.
    margins = edit.contentsMargins()
    frame = 2 * (edit.frameWidth() + int(edit.document().documentMargin()))
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * rows + frame + margins.top() + margins.bottom())
    return edit


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to the preferred size, but never beyond the screen (small laptops, tablets)."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        available = screen.availableGeometry()
        width = min(width, available.width() - 40)
        height = min(height, available.height() - 60)
    widget.resize(width, height)


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


class ScrollingFormDialog(QDialog):
    """A record form: sections in a scroll area, an error line, and Save / Cancel.

    The form scrolls rather than growing past a small laptop's screen, and spare height
    goes below the sections instead of stretching the fields.
    """

    def finish_layout(self, sections: list[QWidget], save_name: str, width: int, height: int) -> None:
        """Lay out `sections` and the buttons; Save calls `self.save()`."""
        body = QWidget()
        body_layout = QVBoxLayout(body)
        for section in sections:
            body_layout.addWidget(section)
        body_layout.addStretch(1)
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setWidget(body)

        self.error = ErrorLabel()
        save, cancel = QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(save | cancel)
        self.save_button = named(self.buttons.button(save), save_name)
        named(self.buttons.button(cancel), "Cancel")
        layout = QVBoxLayout(self)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        fit_to_screen(self, width, height)

    def save(self) -> None:  # pragma: no cover - every form defines its own
        raise NotImplementedError
