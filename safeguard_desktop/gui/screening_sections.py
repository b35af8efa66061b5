"""The screening form's sections: a touch-friendly list on the left (ticked when complete) and the pages.

Page Up / Page Down, Ctrl+Tab / Ctrl+Shift+Tab and the Previous / Next buttons move between
sections and into the first field of the section reached; `go_to` puts the focus back on a
field by its key (resuming where the practitioner stopped).
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QListWidgetItem, QScrollArea, QStackedWidget, QWidget

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


class SectionNavigator(QWidget):
    """The list of sections beside a stack of scrolling pages, one per section."""

    def __init__(self, pages: list[tuple[str, QWidget]], fields: Mapping[str, QWidget], parent: QWidget) -> None:
        super().__init__(parent)
        self._fields = fields
        self.names = [name for name, _ in pages]
        self.last_stop: QWidget | None = None  # where a section with no fields puts the focus
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

    def move(self, step: int) -> None:
        """Go to the next (1) or previous (-1) section and into its first field."""
        row = min(max(self.list.currentRow() + step, 0), self.list.count() - 1)
        self.list.setCurrentRow(row)
        page = self.page(row)
        page.verticalScrollBar().setValue(0)
        inner = page.widget()
        first = next((w for w in self._fields.values() if inner is not None and inner.isAncestorOf(w)), None)
        target = focus_target(first) if first is not None else self.last_stop
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)

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
