"""Governance ▸ Destruction log…: what was disposed of, under which rule, by whom, and where it lingers.

Read-only: only a disposal writes the log. Each row names the kinds and IDs removed, never a
name, and the backups made before the disposal that still hold the file until they age out
(or are deleted), so the IG lead knows when the data is gone everywhere. Export CSV… is still
an export, so it asks to whom and why and appears in the disclosure log.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.chronology.export import ExportedFile, save_export
from safeguard_desktop.domain.ukdates import format_datetime, uk_today
from safeguard_desktop.governance.destruction import (
    DestructionEntry,
    backups_text,
    counts_text,
    destruction_log,
    destruction_log_csv,
    kind_label,
)
from safeguard_desktop.gui.chronology_export import save_error_text
from safeguard_desktop.gui.disclosure_dialog import ask_disclosure, still_there
from safeguard_desktop.gui.governance_widgets import ask_csv_path, reuse_window
from safeguard_desktop.gui.widgets import (
    ErrorLabel,
    fit_to_screen,
    heading,
    listing_table,
    named,
    plain_label,
    plain_tooltip,
)
from safeguard_desktop.gui.worker import error_text

__all__ = ["COLUMNS", "EXPORT_NAME", "DestructionLogWindow", "open_destruction_log"]

COLUMNS = ("Date and time", "Kind", "ID", "Rule", "Decided by", "Removed", "Backups still holding it")
EXPORT_NAME = "destruction_log.csv"


def cells(entry: DestructionEntry) -> tuple[str, ...]:
    """One entry as the table shows it."""
    by = entry.decided_by.name + (f" ({entry.decided_by.role})" if entry.decided_by.role else "")
    removed = (
        f"{entry.records_removed} records: {counts_text(entry.counts_by_kind())}; "
        f"{entry.versions_removed} versions; {entry.attachments_removed} attachments"
    )
    return (
        format_datetime(entry.disposed_at),
        kind_label(entry.record_kind),
        str(entry.record_id),
        f"{entry.rule_id}\n{entry.rule_source}",
        by,
        removed,
        backups_text(entry.backups),
    )


class DestructionLogWindow(QDialog):
    """The destruction log in a read-only table, newest first, with Export CSV…."""

    def __init__(self, vault: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Any = vault
        self.entries: list[DestructionEntry] = []
        self.setModal(False)
        self.setWindowTitle("Destruction log — safeguard-desktop")
        self.setAccessibleName("Destruction log")
        self.table = listing_table("Destruction log entries", COLUMNS)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((120, 60, 150, 260, 160, 240)):
            self.table.setColumnWidth(column, width)
        self.problem = ErrorLabel()
        self.problem.setAccessibleName("Problem with the destruction log")
        self.count = plain_label()
        self.count.setAccessibleName("How many disposals are listed")
        self.export_button = named(QPushButton("&Export CSV…"), "Export the destruction log as CSV")
        self.close_button = named(QPushButton("&Close"), "Close the destruction log")
        self.export_button.clicked.connect(self.export_csv)
        self.close_button.clicked.connect(self.close)

        buttons = QHBoxLayout()
        buttons.addWidget(self.count, 1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Destruction log", level=1))
        layout.addWidget(
            plain_label(
                "Every file disposed of: when, the kinds and IDs removed, the retention rule and its source, who "
                "decided, and the backups made before it that still hold the file until they age out."
            )
        )
        layout.addWidget(self.problem)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        fit_to_screen(self, 1200, 560)
        self.refresh()

    def refresh(self) -> None:
        """Read the log again and show it."""
        self.problem.clear()
        try:
            self.entries = destruction_log(self.vault)
        except Exception as exc:  # the vault locked meanwhile: said in words
            self.problem.show_error(error_text(exc))
            self.entries = []
        self.table.setRowCount(len(self.entries))
        for r, entry in enumerate(self.entries):
            for c, value in enumerate(cells(entry)):
                item = QTableWidgetItem(value)  # shown literally, never as markup
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                if c == 3:
                    item.setToolTip(plain_tooltip(entry.rule_source))  # may hold a typed reason
                self.table.setItem(r, c, item)
        self.table.resizeRowsToContents()
        n = len(self.entries)
        self.count.setText("No file has been disposed of." if n == 0 else f"{n} disposal{'s' if n != 1 else ''}")
        self.export_button.setEnabled(n > 0)

    def rows(self) -> list[list[str]]:
        """The table's text as a reader sees it."""
        return [
            [self.table.item(r, c).text() for c in range(self.table.columnCount())]
            for r in range(self.table.rowCount())
        ]

    def export_csv(self) -> Path | None:
        """Ask to whom and why, ask where, then write the log as CSV, logged as a disclosure."""
        if self.vault is None or not self.entries:
            return None
        disclosure = ask_disclosure(self, EXPORT_NAME, vault=self.vault)
        if disclosure is None or not still_there(self, self.vault):  # cancelled, or locked meanwhile
            return None
        name = f"destruction-log-{uk_today().isoformat()}.csv"
        path = ask_csv_path(self, "Save the destruction log as CSV", name)
        if path is None:
            return None
        exported = ExportedFile(None, EXPORT_NAME, destruction_log_csv(self.entries), name)
        try:
            save_export(self.vault, exported, path, disclosure)  # logged and written together
        except Exception as exc:  # disk full, no permission, vault locked: said in words
            self.problem.show_error(save_error_text(exc))
            return None
        self.count.setText(f"{self.count.text()}. Saved as {path}; the export is in the disclosure log.")
        return path

    def closeEvent(self, event: Any) -> None:
        self.table.setRowCount(0)
        self.entries = []
        super().closeEvent(event)


def open_destruction_log(window: Any) -> DestructionLogWindow:
    """Open the destruction log over the main window, or raise the one already open."""
    return reuse_window(window, "_destruction_log_window", lambda: DestructionLogWindow(window.vault, window))
