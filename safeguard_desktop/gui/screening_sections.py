"""The screening form's sections: a touch-friendly list on the left (ticked when complete) and the pages.

Page Up / Page Down, Ctrl+Tab / Ctrl+Shift+Tab, the Previous / Next buttons, and choosing a
section in the list (a click or touch, Enter) move to that section and put the focus in its
first unfinished field (else its first), so typing goes straight into the page. Arrowing
through the list only shows each section; Tab from the list then enters the page shown.
`go_to` puts the focus back on a field by its key (resuming where the practitioner stopped).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from safeguard_desktop.gui.screening_parts import focus_target, scrolling
from safeguard_desktop.gui.widgets import named

KEYS = (
    ("PgDown", 1),
    ("Ctrl+PgDown", 1),
    ("Ctrl+Tab", 1),
    ("PgUp", -1),
    ("Ctrl+PgUp", -1),
    ("Ctrl+Shift+Tab", -1),
    ("Ctrl+Backtab", -1),
)


def _reveal(page: QScrollArea, field: QWidget) -> None:
    # A focused grade's meaning grows to say what that grade means; lay that out before measuring.
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest.value)
    page.ensureWidgetVisible(field, 50, 20)


class SectionNavigator(QWidget):
    """The list of sections beside a stack of scrolling pages, one per section."""

    def __init__(self, pages: list[tuple[str, QWidget]], fields: Mapping[str, QWidget], parent: QWidget) -> None:
        super().__init__(parent)
        self._fields = fields
        self.names = [name for name, _ in pages]
        self.last_stop: QWidget | None = None  # where a section with no fields puts the focus
        # Whether a field (by key) still needs something; the form says, from what is on screen.
        self.unfinished: Callable[[str], bool] = lambda _key: False
        self.list = named(QListWidget(), "Sections", "A tick shows a section is complete")
        self.list.setMinimumWidth(190)
        self.list.setMaximumWidth(230)
        # Each section is a finger-sized target.
        self.list.setStyleSheet("QListWidget::item { min-height: 44px; padding: 0 6px; }")
        self.stack = QStackedWidget()
        for name, page in pages:
            self.list.addItem(QListWidgetItem(name))
            self.stack.addWidget(scrolling(page, name))
        self.list.currentRowChanged.connect(self._chosen)
        # A click, a touch or Enter on a section is a choice: go into it. (Arrow keys only browse.)
        self.list.clicked.connect(lambda index: self.enter(index.row()))
        self.list.activated.connect(lambda index: self.enter(index.row()))
        self.list.installEventFilter(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.stack, 1)
        for key, step in KEYS:
            QShortcut(QKeySequence(key), parent, lambda s=step: self.move(s))

    def _chosen(self, row: int) -> None:
        if row >= 0:
            self.stack.setCurrentIndex(row)

    def page(self, row: int) -> QScrollArea:
        page = self.stack.widget(row)
        assert isinstance(page, QScrollArea)
        return page

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Tab from the list goes into the section shown, not to whatever widget Qt's chain has next.
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Tab
            and not event.modifiers()
        ):
            self.enter(self.list.currentRow())
            return True
        return super().eventFilter(watched, event)

    def move(self, step: int) -> None:
        """Go to the next (1) or previous (-1) section and into its first unfinished field."""
        self.enter(min(max(self.list.currentRow() + step, 0), self.list.count() - 1))

    def keys_on(self, row: int) -> list[str]:
        """The keys of the fields in a section, in order."""
        inner = self.page(row).widget()
        return [key for key, w in self._fields.items() if inner is not None and inner.isAncestorOf(w)]

    def enter(self, row: int) -> None:
        """Show section `row` and put the focus in its first unfinished field (else its first field)."""
        if row < 0:
            return
        self.list.setCurrentRow(row)
        page = self.page(row)
        keys = self.keys_on(row)
        key = next((k for k in keys if self.unfinished(k)), keys[0] if keys else None)
        if key is None:
            page.verticalScrollBar().setValue(0)
            if self.last_stop is not None:
                self.last_stop.setFocus(Qt.FocusReason.TabFocusReason)
            return
        field = self._fields[key]
        focus_target(field).setFocus(Qt.FocusReason.TabFocusReason)
        if key == keys[0]:
            page.verticalScrollBar().setValue(0)
        else:  # the whole field in sight once laid out: a grade's meaning too, not just its buttons
            QTimer.singleShot(0, lambda p=page, f=field: _reveal(p, f))

    def go_to(self, key: str) -> bool:
        """Show the section holding field `key` and focus it; False when there is no such field."""
        widget = self._fields.get(key)
        if widget is None:
            return False
        for row in range(self.stack.count()):
            page = self.page(row)
            if page.widget() is not None and page.widget().isAncestorOf(widget):
                self.list.setCurrentRow(row)
                target = focus_target(widget)
                target.setFocus(Qt.FocusReason.OtherFocusReason)
                # Once laid out, scroll the field into sight.
                QTimer.singleShot(0, lambda p=page, t=target: p.ensureWidgetVisible(t, 50, 80))
                return True
        return False

    def set_ticks(self, done: list[bool]) -> None:
        """Tick each section that is complete (in words too, for a screen reader)."""
        for row, complete in enumerate(done):
            item = self.list.item(row)
            name = self.names[row]
            item.setText(("✓ " if complete else "    ") + name)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{name}, {'complete' if complete else 'not complete'}")

    def ticked(self, row: int) -> bool:
        """Whether a section shows as complete."""
        return self.list.item(row).text().startswith("✓")
