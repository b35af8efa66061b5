"""One child's chronology: filters, the visual timeline, and the table of every event.

The table is the accessible path (keyboard and screen reader); the timeline above it is a
picture of the same rows. Double-click or Enter on a row asks for its full record through
`open_record_requested`, which the main window connects to the record dialog.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.chronology.timeline import TimelineFilter
from safeguard_desktop.domain.categories import Significance
from safeguard_desktop.domain.errors import DomainError
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.restriction import restricted_ids
from safeguard_desktop.governance.statements import statements_by_record
from safeguard_desktop.gui.chronology_entry import ChronologyEntryDialog
from safeguard_desktop.gui.chronology_export import ChronologyExporter
from safeguard_desktop.gui.chronology_model import COL_DATE, COL_SUMMARY, HEADERS, ChronologyModel
from safeguard_desktop.gui.drafts import forget_draft, offer_draft
from safeguard_desktop.gui.forms import date_edit, optional_date
from safeguard_desktop.gui.help import whats_this
from safeguard_desktop.gui.locking import put_away_form
from safeguard_desktop.gui.timeline_widget import TimelineWidget
from safeguard_desktop.gui.widgets import ErrorLabel, fit_to_screen, heading, line_edit, named, plain_label

SEARCH_DELAY_MS = 300  # the text filter runs once typing pauses, not on every key
COLUMN_WIDTHS = (160, 200, 420, 130, 100, 80, 150, 150)


class ChronologyWindow(QMainWindow):
    """The chronology of one child, in its own window."""

    open_record_requested = Signal(object, str)  # record_id (UUID), kind

    def __init__(self, vault: Any, child_id: UUID, child_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.child_id = child_id
        self.child_name = child_name
        self.entry_dialog: ChronologyEntryDialog | None = None
        self.setWindowTitle(f"Chronology — {child_name} — safeguard-desktop")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.model = ChronologyModel()
        self._build_toolbar()
        self._build_exports()
        self._build_filters()
        self._build_body()
        self.reload()
        fit_to_screen(self, 1280, 860)
        self.table.setFocus()

    # -- building --------------------------------------------------------------------------

    def _action(self, text: str, shortcut: QKeySequence | str, slot: Any, tip: str) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setToolTip(f"{tip} ({action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})")
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_toolbar(self) -> None:
        self.add_entry_action = self._action(
            "&Add entry…", QKeySequence.StandardKey.New, self.add_entry, "Add a significant event to this chronology"
        )
        self.open_action = self._action("&Open record", "Ctrl+O", self.open_current, "Open the chosen row's record")
        self.find_action = self._action("&Search", QKeySequence.StandardKey.Find, self._focus_search, "Search words")
        self.close_action = self._action("&Close", QKeySequence.StandardKey.Close, self.close, "Close this window")
        self.toolbar = QToolBar("Chronology")
        self.toolbar.setObjectName("chronologyToolbar")
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.toolbar.addAction(self.add_entry_action)
        self.toolbar.addAction(self.open_action)
        self.toolbar.addSeparator()
        self.addToolBar(self.toolbar)

    def _build_exports(self) -> None:
        # Every export and print goes through the exporter: it warns, writes privately and logs.
        self.exporter = ChronologyExporter(self, self.vault, self.child_id, self.current_filter)
        file_menu = self.menuBar().addMenu("&File")
        for action in self.exporter.actions:
            file_menu.addAction(action)
            self.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        self.toolbar.addAction(self.exporter.export_pdf_action)
        self.toolbar.addAction(self.exporter.export_csv_action)
        self.toolbar.addAction(self.exporter.print_action)

    def add_toolbar_action(self, action: QAction) -> None:
        """Add a button (Export, Print…) to the toolbar; its shortcut works in this window."""
        self.toolbar.addAction(action)
        self.addAction(action)

    def _build_filters(self) -> None:
        self.category_menu = QMenu(self)
        self.category_button = named(QToolButton(), "Categories", "Choose which categories to show")
        self.category_button.setText("Categories: all")
        self.category_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.category_button.setMenu(self.category_menu)
        self.significance = named(QComboBox(), "Significance")
        self.significance.setWhatsThis(whats_this("significance"))
        self.significance.addItem("Any significance", None)
        for significance in Significance:
            self.significance.addItem(significance.label(), significance.value)
        self.significant_only = named(QCheckBox("Si&gnificant only"), "Significant events only")
        self.from_date = date_edit("From date")
        self.to_date = date_edit("To date")
        self.search = line_edit("Search this chronology", "Words in the records (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.clear_button = named(QPushButton("Clear filters"), "Clear filters")
        self.filter_error = ErrorLabel()
        self.count_label = plain_label(wrap=False)
        self.count_label.setAccessibleName("How many entries are shown")

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _: self._search_timer.start())
        self.significance.currentIndexChanged.connect(lambda _: self.apply_filters())
        self.significant_only.toggled.connect(self._significant_only_toggled)
        for edit in (self.from_date, self.to_date):
            edit.editingFinished.connect(self.apply_filters)
        self.clear_button.clicked.connect(self.clear_filters)

    def _build_body(self) -> None:
        self.timeline = TimelineWidget()
        self.timeline.point_clicked.connect(self.select_item)
        self.table = named(QTableView(), "Chronology", "One row per event; Enter opens the full record")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSortIndicator(COL_DATE, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # header clicks call model.sort, which asks the core
        for column, width in enumerate(COLUMN_WIDTHS[: len(HEADERS)]):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        filters = QHBoxLayout()
        for label, widget in (
            (None, self.category_button),
            (None, self.significance),
            (None, self.significant_only),
            ("&From", self.from_date),
            ("&To", self.to_date),
        ):
            if label:
                shown = plain_label(label.replace("&", ""), wrap=False)
                shown.setBuddy(widget)
                filters.addWidget(shown)
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.clear_button)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        title = heading(f"Chronology: {self.child_name}")
        top_layout.addWidget(title)
        top_layout.addLayout(filters)
        top_layout.addWidget(self.filter_error)
        top_layout.addWidget(self.count_label)

        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.timeline)
        self.splitter.addWidget(self.table)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([220, 560])
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 0, 6, 6)
        layout.addWidget(top)
        layout.addWidget(self.splitter, 1)
        self.setCentralWidget(central)

    # -- filters ---------------------------------------------------------------------------

    def _rebuild_categories(self) -> None:
        chosen = self.chosen_categories()
        self.category_menu.clear()
        everything = self.category_menu.addAction("All categories")
        everything.triggered.connect(self._all_categories)
        self.category_menu.addSeparator()
        for name in self.vault.timeline.categories(self.child_id):
            action = self.category_menu.addAction(name)  # menu text is plain, never markup
            action.setCheckable(True)
            action.setChecked(name in chosen)
            action.toggled.connect(lambda _checked: self.apply_filters())

    def chosen_categories(self) -> frozenset[str]:
        """The categories ticked in the menu (none ticked: all shown)."""
        return frozenset(a.text() for a in self.category_menu.actions() if a.isCheckable() and a.isChecked())

    def set_categories(self, names: set[str]) -> None:
        """Tick exactly these categories and filter by them."""
        for action in self.category_menu.actions():
            if action.isCheckable():
                action.blockSignals(True)
                action.setChecked(action.text() in names)
                action.blockSignals(False)
        self.apply_filters()

    def _all_categories(self) -> None:
        self.set_categories(set())

    def _significant_only_toggled(self, checked: bool) -> None:
        self.significance.blockSignals(True)
        self.significance.setCurrentIndex(self.significance.findData(Significance.SIGNIFICANT.value) if checked else 0)
        self.significance.setEnabled(not checked)
        self.significance.blockSignals(False)
        self.apply_filters()

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def current_filter(self) -> TimelineFilter | None:
        """The filter the controls describe, or None after showing what is wrong with a date."""
        self.filter_error.clear()
        try:
            start, end = optional_date(self.from_date), optional_date(self.to_date)
        except DomainError as exc:
            self.filter_error.show_error(exc.message)
            return None
        if start is not None and end is not None and end < start:
            self.filter_error.show_error("The 'to' date is before the 'from' date; please check both.")
            return None
        value = self.significance.currentData()
        return TimelineFilter(
            categories=self.chosen_categories(),
            significance=Significance(value) if value else None,
            start=start,
            end=end,
            text=self.search.text().strip(),
        )

    def apply_filters(self) -> None:
        """Show the rows the controls ask for, in the table and the timeline alike."""
        self._search_timer.stop()
        flt = self.current_filter()
        if flt is None:
            return
        chosen = self.chosen_categories()
        self.category_button.setText(f"Categories: {len(chosen)} chosen" if chosen else "Categories: all")
        self._guard(lambda: self._show(flt))

    def clear_filters(self) -> None:
        """Show every row again."""
        for widget in (self.significance, self.significant_only, self.search, self.from_date, self.to_date):
            widget.blockSignals(True)
        self.significant_only.setChecked(False)
        self.significance.setEnabled(True)
        self.significance.setCurrentIndex(0)
        for edit in (self.search, self.from_date, self.to_date):
            edit.clear()
        for widget in (self.significance, self.significant_only, self.search, self.from_date, self.to_date):
            widget.blockSignals(False)
        self.set_categories(set())

    def _show(self, flt: TimelineFilter) -> None:
        self.model.set_filter(flt)
        self.timeline.set_points(self.vault.timeline.points(self.child_id, flt))
        everything = self.vault.timeline.count(self.child_id)
        self.count_label.setText(f"{self.model.total} of {everything} {'entry' if everything == 1 else 'entries'}")
        self.timeline.set_selected(None)

    def reload(self) -> None:
        """Read everything again from the vault (after an add, or on opening)."""

        def work() -> None:
            self.model.set_marks(set(statements_by_record(self.vault)), restricted_ids(self.vault))
            self.model.set_child(self.vault.timeline, self.child_id)
            self._rebuild_categories()

        self._guard(work)
        self.apply_filters()

    def _guard(self, work: Any) -> None:
        try:
            work()
        except SafeguardError as exc:
            self.filter_error.show_error(exc.message)

    # -- rows ------------------------------------------------------------------------------

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = {index.row() for index in selected.indexes()}
        if rows:
            row = self.model.row_at(min(rows))
            self.timeline.set_selected(row.record_id, row.item)

    def select_item(self, record_id: UUID, item: int | None = None) -> bool:
        """Select (and scroll to) a record's row (any of its rows when `item` is None), loading
        pages as needed; say whether it is shown."""
        row = self.model.row_of(record_id, item)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        return True

    def selected_row(self) -> int | None:
        """The row chosen in the table, if any."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def open_current(self) -> None:
        """Open the chosen row's record."""
        row = self.selected_row()
        if row is not None:
            self.open_row(row)

    def open_row(self, row: int) -> None:
        """Ask for a row's full record."""
        if 0 <= row < self.model.rowCount():
            found = self.model.row_at(row)
            self.open_record_requested.emit(found.record_id, found.kind)

    # -- adding ----------------------------------------------------------------------------

    def add_entry(self) -> ChronologyEntryDialog:
        """Open the manual entry form (a draft kept by a lock is offered back)."""
        if self.entry_dialog is not None and self.entry_dialog.isVisible():
            self.entry_dialog.raise_()
            return self.entry_dialog
        categories = self.vault.timeline.categories(self.child_id)
        dialog = ChronologyEntryDialog(self.vault, self.child_id, self.child_name, categories, self)
        dialog.saved.connect(self._entry_saved)
        dialog.finished.connect(lambda _: self._entry_finished(dialog))
        offer_draft(self.vault, dialog)
        self.entry_dialog = dialog
        dialog.open()
        return dialog

    def _entry_finished(self, dialog: QDialog) -> None:
        if self.entry_dialog is dialog:  # saved or cancelled by the person, not put away by a lock
            self.entry_dialog = None
            forget_draft(self.vault, dialog)
        dialog.deleteLater()

    def _entry_saved(self, stored: Any) -> None:
        self.reload()
        if not self.select_item(stored.record_id, 0):
            self.statusBar().showMessage("Saved. The new entry is hidden by the filters; clear them to see it.")
        else:
            self.statusBar().showMessage("Entry saved.", 5000)

    # -- locking ---------------------------------------------------------------------------

    def put_away(self) -> None:
        """The vault is locking: keep an open entry form as a draft, drop every row, close."""
        self.exporter.put_away()
        dialog, self.entry_dialog = self.entry_dialog, None
        if dialog is not None:
            put_away_form(self.vault, dialog)
        self.model.clear()
        self.timeline.clear()
        self.vault = None
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.entry_dialog is not None:
            self.entry_dialog.reject()
        self.model.clear()
        self.timeline.clear()
        super().closeEvent(event)
