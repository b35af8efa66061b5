"""Plain Qt building blocks for every window: plain-text labels, inline errors, form scaffolding.

Anything a person typed reaches the screen through `plain_label` or an input widget, both
of which show text literally: a name such as ``<b>Test & Co</b>`` must never be rendered as
markup. Colours come from the system palette, never from here. Nothing here imports the
domain, so the first window can appear before the record models are loaded.
"""

from __future__ import annotations

import html
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

W = TypeVar("W", bound=QWidget)


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


def plain_tooltip(text: str) -> str:
    """A tooltip that shows `text` literally, line breaks and all.

    Qt guesses whether a tooltip is rich text, so a description such as ``<b>NOT</b>`` would be
    shown bold (or ``<img src=...>`` loaded). Escaped and wrapped in a paragraph, the text is
    always rich text whose only content is the characters typed. No text, no tooltip.
    """
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + html.escape(text) + "</p>"


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
        self.note = plain_label()
        self.note.setAccessibleName("Note about this form")
        self.note.setFrameShape(QFrame.Shape.StyledPanel)
        self.note.setMargin(6)
        self.note.hide()
        save, cancel = QDialogButtonBox.StandardButton.Save, QDialogButtonBox.StandardButton.Cancel
        self.buttons = QDialogButtonBox(save | cancel)
        self.save_button = named(self.buttons.button(save), save_name)
        named(self.buttons.button(cancel), "Cancel")
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self._scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        fit_to_screen(self, width, height)

    def show_note(self, text: str) -> None:
        """A line above the form (for example: this is a restored draft)."""
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def save(self) -> None:  # pragma: no cover - every form defines its own
        raise NotImplementedError


def listing_table(name: str, headers: tuple[str, ...]) -> QTableWidget:
    """A read-only table of whole rows whose heights follow their wrapped text at any width."""
    table = named(QTableWidget(0, len(headers)), name)
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(True)
    # Row heights follow the wrapped text at whatever width the window ends up.
    table.horizontalHeader().sectionResized.connect(lambda *_: table.resizeRowsToContents())
    return table


def grid_rows(host: QWidget | None) -> list[list[str]]:
    """The texts of a grid of labels under a header row, as rows (what a reader sees)."""
    grid = host.layout() if host is not None else None
    if not isinstance(grid, QGridLayout):
        return []
    return [
        [grid.itemAtPosition(r, c).widget().text() for c in range(grid.columnCount())]
        for r in range(1, grid.rowCount())
    ]
