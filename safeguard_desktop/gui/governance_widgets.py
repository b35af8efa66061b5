"""Pieces every Governance window shares: one window of each kind, read-only tables, buttons.

The governance windows are non-modal and one of each kind is open at a time; their tables
show names and dates that must read as typed, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from safeguard_desktop.gui.widgets import heading, named, plain_label, plain_tooltip

D = TypeVar("D", bound=QDialog)


def reuse_window(window: Any, attribute: str, make: Callable[[], D]) -> D:
    """Raise the governance window kept on `window` as `attribute`, or make and show a new one."""
    existing = getattr(window, attribute, None)
    try:
        if existing is not None and existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return existing  # type: ignore[no-any-return]
    except RuntimeError:  # deleted by Qt when it closed
        pass
    made = make()
    made.setModal(False)
    made.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    setattr(window, attribute, made)
    made.show()
    return made


def cell(text: str) -> QTableWidgetItem:
    """A read-only table cell; table items show text literally, so markup shows as typed."""
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    item.setToolTip(plain_tooltip(text))
    return item


def stretch(table: QTableWidget, column: int) -> QTableWidget:
    """Columns fit their contents, except `column`, which takes the spare width and wraps."""
    header = table.horizontalHeader()
    for c in range(table.columnCount()):
        mode = QHeaderView.ResizeMode.Stretch if c == column else QHeaderView.ResizeMode.ResizeToContents
        header.setSectionResizeMode(c, mode)
    return table


def fill(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    """Replace a table's rows."""
    table.setRowCount(0)
    for values in rows:
        row = table.rowCount()
        table.insertRow(row)
        for column, text in enumerate(values):
            table.setItem(row, column, cell(text))
    table.resizeRowsToContents()


def action_button(text: str, name: str, slot: Callable[[], None]) -> QPushButton:
    """A push button with an accessible name that calls `slot` (without Qt's `checked` argument)."""
    button = named(QPushButton(text), name)
    button.clicked.connect(lambda _=False: slot())
    return button


def form_dialog(dialog: Any, title: str, intro: str, rows: list[tuple[str, QWidget]]) -> None:
    """Lay out a governance form: heading, a sentence of why, the labelled fields, its error and buttons.

    `dialog` has `error` (an ErrorLabel) and `buttons` (a QDialogButtonBox), whose accepted and
    rejected signals are connected to the dialog's accept and reject.
    """
    layout = QVBoxLayout(dialog)
    layout.addWidget(heading(title, level=2))
    if intro:
        layout.addWidget(plain_label(intro))
    form = QFormLayout()
    for label, field in rows:
        form.addRow(label, field)
    layout.addLayout(form)
    layout.addWidget(dialog.error)
    layout.addWidget(dialog.buttons)
    dialog.buttons.accepted.connect(dialog.accept)
    dialog.buttons.rejected.connect(dialog.reject)


def ask_csv_path(parent: QWidget, title: str, name: str) -> Path | None:
    """Ask where to save a CSV (suggesting `name` in Documents); None when cancelled. Adds .csv if left off."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / name), "CSV files (*.csv)")
    if not chosen:
        return None
    return Path(chosen) if chosen.lower().endswith(".csv") else Path(f"{chosen}.csv")


__all__ = ["action_button", "ask_csv_path", "cell", "fill", "form_dialog", "reuse_window", "stretch"]
