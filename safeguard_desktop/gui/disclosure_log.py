"""Governance ▸ Disclosure log…: every export, print and packet, to whom, why, by whom and when.

Read-only: the log is written only by the exports themselves (governance.disclosure). The
information governance lead can narrow it to a date range and a word, and export what is shown
as CSV for the data protection officer; that export is itself a disclosure, so it asks to whom
and why and appears in the log like any other.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.chronology.export import ExportedFile, save_export
from safeguard_desktop.domain.ukdates import format_date, parse_date, uk_today
from safeguard_desktop.errors import SafeguardError
from safeguard_desktop.governance.disclosure import DisclosureEntry, disclosure_log, disclosure_log_csv
from safeguard_desktop.gui.chronology_export import save_error_text
from safeguard_desktop.gui.disclosure_dialog import ask_disclosure, still_there
from safeguard_desktop.gui.governance_widgets import ask_csv_path, reuse_window
from safeguard_desktop.gui.widgets import (
    ErrorLabel,
    fit_to_screen,
    heading,
    line_edit,
    listing_table,
    named,
    plain_label,
)
from safeguard_desktop.gui.worker import error_text

__all__ = ["COLUMNS", "DisclosureLogWindow", "open_disclosure_log"]

COLUMNS = ("Date and time", "What", "About", "To whom", "Why", "By whom")
EXPORT_WARNING = (
    "The file will NOT be encrypted. The disclosure log names the children and records each export was "
    "about.\n\nSave it only where your organisation allows, share it securely, and delete it when it is no "
    "longer needed. This export will itself appear in the disclosure log."
)
# The log is read up to the day after the "to" date: the calendar's very last day has no day after it.
LATEST_DATE = date.max - timedelta(days=1)


def _cells(entry: DisclosureEntry) -> tuple[str, ...]:
    by = entry.disclosed_by.name + (f" ({entry.disclosed_by.role})" if entry.disclosed_by.role else "")
    return (entry.when(), entry.what_text, entry.about, entry.recipient, entry.purpose, by)


class DisclosureLogWindow(QDialog):
    """The disclosure log in a read-only table, with date and text filters and Export CSV…."""

    def __init__(self, vault: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Any = vault
        self.entries: list[DisclosureEntry] = []
        self.shown: list[DisclosureEntry] = []
        self.setModal(False)
        self.setWindowTitle("Disclosure log — safeguard-desktop")
        self.setAccessibleName("Disclosure log")

        self.since = line_edit("From date", "dd/mm/yyyy", max_length=10)
        self.until = line_edit("To date", "dd/mm/yyyy", max_length=10)
        self.text = line_edit("Find text", "A recipient, a purpose, a name…", max_length=200)
        self.apply_button = named(QPushButton("&Show"), "Show the entries in this date range")
        self.problem = ErrorLabel()
        self.problem.setAccessibleName("Problem with the filter")
        self.count = plain_label()
        self.count.setAccessibleName("How many entries are shown")
        self.table = listing_table("Disclosure log entries", COLUMNS)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((125, 190, 180, 140, 220)):
            self.table.setColumnWidth(column, width)
        self.export_button = named(QPushButton("&Export CSV…"), "Export the entries shown as CSV")
        self.close_button = named(QPushButton("&Close"), "Close the disclosure log")

        self.apply_button.clicked.connect(self.refresh)
        self.since.returnPressed.connect(self.refresh)
        self.until.returnPressed.connect(self.refresh)
        self.text.textChanged.connect(lambda _: self._show())
        self.export_button.clicked.connect(self.export_csv)
        self.close_button.clicked.connect(self.close)

        filters = QFormLayout()
        dates = QHBoxLayout()
        dates.addWidget(self.since)
        dates.addWidget(plain_label("to", wrap=False))
        dates.addWidget(self.until)
        dates.addWidget(self.apply_button)
        dates.addStretch(1)
        since_label = plain_label("&From", wrap=False)
        since_label.setTextFormat(Qt.TextFormat.AutoText)  # our own fixed words: the & marks the shortcut key
        since_label.setBuddy(self.since)
        filters.addRow(since_label, dates)
        filters.addRow("F&ind", self.text)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Disclosure log", level=1))
        layout.addWidget(
            plain_label(
                "Everything that left the vault: what it was, who it was about, to whom, why, by whom and when."
            )
        )
        layout.addLayout(filters)
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 1100, 600)
        self.refresh()

    def _range(self) -> tuple[date | None, date | None] | None:
        """The dates typed, or None after showing what is wrong with them."""
        try:
            since = parse_date(self.since.text()) if self.since.text().strip() else None
            until = parse_date(self.until.text()) if self.until.text().strip() else None
        except SafeguardError as exc:
            self.problem.show_error(exc.message)
            return None
        for day in (since, until):
            if day is not None and day > LATEST_DATE:
                self.problem.show_error(f"Choose a date no later than {format_date(LATEST_DATE)}.")
                return None
        if since and until and since > until:
            self.problem.show_error(f"The from date {format_date(since)} is after the to date {format_date(until)}.")
            return None
        return since, until

    def refresh(self) -> None:
        """Read the log again for the dates typed, then show what matches the text."""
        bounds = self._range()
        if bounds is None or self.vault is None:
            return
        self.problem.clear()
        try:
            self.entries = disclosure_log(self.vault, since=bounds[0], until=bounds[1])
        except Exception as exc:  # the vault locked meanwhile: said in words
            self.problem.show_error(error_text(exc))
            self.entries = []
        self._show()

    def _show(self) -> None:
        words = self.text.text().casefold().split()
        rows = [(e, _cells(e)) for e in self.entries]
        if words:
            rows = [(e, c) for e, c in rows if all(any(w in cell.casefold() for cell in c) for w in words)]
        self.shown = [e for e, _ in rows]
        self.table.setRowCount(len(rows))
        for r, (_, cells) in enumerate(rows):
            for c, value in enumerate(cells):
                # QTableWidgetItem shows text literally: a recipient typed as markup stays as typed.
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        total = len(self.entries)
        self.count.setText(
            f"{len(rows)} of {total} entr{'y' if total == 1 else 'ies'} shown" if words else f"{total} entries"
        )
        self.export_button.setEnabled(bool(rows))

    def rows(self) -> list[list[str]]:
        """The table's text as a reader sees it (for tests and screen readers alike)."""
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]

    def export_csv(self) -> Path | None:
        """Warn, ask to whom and why, ask where, then write the entries shown as CSV, logged."""
        if self.vault is None or not self.shown:
            return None
        answer = QMessageBox.warning(
            self,
            "Export the disclosure log",
            EXPORT_WARNING,
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Save:
            return None
        disclosure = ask_disclosure(self, "disclosure_log.csv", vault=self.vault)
        if disclosure is None or not still_there(self, self.vault):  # cancelled, or locked meanwhile
            return None
        name = f"disclosure-log-{uk_today().isoformat()}.csv"
        exported = ExportedFile(None, "disclosure_log.csv", disclosure_log_csv(self.shown), name)
        path = ask_csv_path(self, "Save the disclosure log as CSV", name)
        if path is None:
            return None
        try:
            save_export(self.vault, exported, path, disclosure)
        except Exception as exc:  # disk full, no permission, vault locked: said in words
            self.problem.show_error(save_error_text(exc))
            return None
        self.refresh()
        self.problem.clear()
        self.count.setText(f"{self.count.text()}. Saved as {path}; the export is in the log.")
        return path

    def closeEvent(self, event: Any) -> None:
        # Nothing of the log stays in memory once the window is closed (it names children).
        self.table.setRowCount(0)
        self.entries, self.shown = [], []
        super().closeEvent(event)


def open_disclosure_log(window: Any) -> DisclosureLogWindow:
    """Open the disclosure log over the main window, or raise the one already open."""
    return reuse_window(window, "_disclosure_log_window", lambda: DisclosureLogWindow(window.vault, window))
